"""The models of ``trajects``: registrations (``registrations.py``) and the registration page.

The page lives in ``trajects.pages`` and is imported here so that Django finds it. Modules that
``trajects.pages`` imports (forms, services) import ``trajects.models.registrations``, not this
package: the package imports the page, so that would run in a circle.
"""

from trajects.models.registrations import (
    START_PROMISE_DAYS,
    ChildrenInvolved,
    HeardOfUs,
    OrganisationType,
    ReferenceSequence,
    RegistrantType,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
    WishedStart,
    format_reference,
)
from trajects.pages import RegistrationPage
from trajects.traject.models import (
    Phase,
    Step,
    StepKind,
    StopReason,
    Traject,
    TrajectQuerySet,
)

__all__ = [
    "START_PROMISE_DAYS",
    "ChildrenInvolved",
    "HeardOfUs",
    "OrganisationType",
    "Phase",
    "ReferenceSequence",
    "RegistrantType",
    "Registration",
    "RegistrationPage",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "Step",
    "StepKind",
    "StopReason",
    "Traject",
    "TrajectQuerySet",
    "WishedStart",
    "format_reference",
]
