"""The models of ``trajects``: registrations (``registrations.py``) and the registration page.

The page lives in ``trajects.pages`` and is imported here so that Django finds it. Modules that
``trajects.pages`` imports (forms, services) import ``trajects.models.registrations``, not this
package: the package imports the page, so that would run in a circle.
"""

from trajects.alerts.models import Alert, AlertKind
from trajects.matching.models import (
    DeclineReason,
    Exclusion,
    Proposal,
    ProposalQuerySet,
    ProposalState,
)
from trajects.models.registrations import (
    START_PROMISE_DAYS,
    Channel,
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
from trajects.status.models import StatusLink, StatusLinkQuerySet
from trajects.traject.models import (
    Phase,
    Step,
    StepKind,
    StopReason,
    Traject,
    TrajectQuerySet,
)
from trajects.workspace.models import (
    Check,
    ChecklistItem,
    ChecklistTick,
    Conference,
    FollowUp,
    Outcome,
    Participant,
    ParticipantState,
    Plan,
    PlanAction,
    Preparation,
    Relation,
)

__all__ = [
    "Check",
    "ChecklistItem",
    "ChecklistTick",
    "Conference",
    "FollowUp",
    "Outcome",
    "Participant",
    "ParticipantState",
    "Plan",
    "PlanAction",
    "Preparation",
    "Relation",
    "Alert",
    "AlertKind",
    "START_PROMISE_DAYS",
    "Channel",
    "ChildrenInvolved",
    "DeclineReason",
    "Exclusion",
    "HeardOfUs",
    "OrganisationType",
    "Phase",
    "Proposal",
    "ProposalQuerySet",
    "ProposalState",
    "ReferenceSequence",
    "RegistrantType",
    "Registration",
    "RegistrationPage",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "StatusLink",
    "StatusLinkQuerySet",
    "Step",
    "StepKind",
    "StopReason",
    "Traject",
    "TrajectQuerySet",
    "WishedStart",
    "format_reference",
]
