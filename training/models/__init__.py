"""The training app's models, a module per area: recruitment (applications and their steps),
learning (progress, quizzes, reflections), tracks (tracks, training days, reminders) and
certificates. The Wagtail pages live in ``training.pages`` and are imported here so that Django
registers them."""

from training.models.certificates import (
    Certificate,
    CertificateQuerySet,
    RenewalActivity,
    RenewalActivityKind,
)
from training.models.learning import LessonProgress, QuizAttempt, ReflectionAnswer
from training.models.recruitment import (
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
from training.models.tracks import (
    Reminder,
    ReminderKind,
    SeatStatus,
    Track,
    TrackEnrolment,
    TrackModule,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingDayKind,
)
from training.pages import (
    LessonPage,
    ModulePage,
    RecruitmentCall,
    RecruitmentPage,
    TrainingIndexPage,
)

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
