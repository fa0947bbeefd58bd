"""The training app's models and Wagtail pages, one module per area, gathered here so that Django
finds them and ``from training.models import X`` works for other apps (and the tests).

Modules inside ``training`` import the area's own module (``training.learning.models``), never
this one.
"""

from training.certificates.models import (
    Certificate,
    CertificateQuerySet,
    RenewalActivity,
    RenewalActivityKind,
)
from training.days.models import (
    Reminder,
    ReminderKind,
    SeatStatus,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingDayKind,
)
from training.learning.models import (
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    Track,
    TrackEnrolment,
    TrackModule,
)
from training.learning.pages import LessonPage, ModulePage, TrainingIndexPage
from training.recruitment.models import (
    MOTIVATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OTHER_MAX_LENGTH,
    PIPELINE_ORDER,
    REMARKS_MAX_LENGTH,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    ApplicationStep,
    Availability,
    HeardOfUs,
    StopReason,
)
from training.recruitment.pages import RecruitmentCall, RecruitmentPage

__all__ = [
    "MOTIVATION_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "OTHER_MAX_LENGTH",
    "PIPELINE_ORDER",
    "REMARKS_MAX_LENGTH",
    "Application",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "ApplicationStep",
    "Availability",
    "Certificate",
    "CertificateQuerySet",
    "HeardOfUs",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
    "QuizAttempt",
    "RecruitmentCall",
    "RecruitmentPage",
    "ReflectionAnswer",
    "Reminder",
    "ReminderKind",
    "RenewalActivity",
    "RenewalActivityKind",
    "SeatStatus",
    "StopReason",
    "Track",
    "TrackEnrolment",
    "TrackModule",
    "TrainingDay",
    "TrainingDayEnrolment",
    "TrainingDayKind",
    "TrainingIndexPage",
]
