"""trajects' entries in the register of personal data (``people.privacy.registry``).

Two subjects: the **registration** (a family's request and everything of its traject; erasing it
needs a colleague's confirmation) and one **participant** of a traject. Erasing anonymises in
place: the registration, its traject, steps, participants and plan stay as rows with their
region, status, phases and dates, so the figures (``trajects.figures``) keep counting them;
names, contact details, notes, texts and the plan's document go, the status link is revoked,
unsent e-mails about it are dropped and stored mails that mention its people are forgotten.

Retention: declined, withdrawn and duplicate registrations after
``KRING_RETENTION_DECLINED_REGISTRATION_DAYS``; the registrations of closed or stopped trajects
``KRING_RETENTION_TRAJECT_YEARS`` after they ended.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.privacy.registry import (
    Basis,
    Holding,
    NoPersonalData,
    RetentionRule,
    Subject,
    Whose,
    register,
)
from people.privacy.services import mail_files_forget, outbox_forget
from training.privacy import matching, record, years_before
from trajects.matching.models import Proposal
from trajects.models.registrations import Registration, RegistrationStatus
from trajects.services import TOPIC_CONFIRMATION, TOPIC_STAFF_NOTIFICATION
from trajects.status.models import StatusLink
from trajects.traject.models import ENDED, Step, StepKind, Traject
from trajects.workspace.models import (
    Conference,
    FollowUp,
    Participant,
    Plan,
    PlanAction,
    Preparation,
)

# What stays in a field that may not be empty (the database's checks want a name and a way to
# reach the registrant); says nothing about anyone.
ANONYMISED = "-"
ANONYMISED_EMAIL = "anonymised@invalid"

REGISTRATION_FIELDS = (
    "organisation_name",
    "registrant_name",
    "registrant_email",
    "registrant_phone",
    "core_name",
    "postcode",
    "municipality",
    "core_phone",
    "core_email",
    "languages",
    "question",
    "wished_start_date",
    "heard_of_us_other",
)
PARTICIPANT_FIELDS = ("name", "organisation", "reach")
# Registrations that ended without a traject.
ENDED_WITHOUT_TRAJECT = {
    RegistrationStatus.NOT_ACCEPTED: StepKind.DECLINED,
    RegistrationStatus.WITHDRAWN: StepKind.WITHDRAWN,
    RegistrationStatus.DUPLICATE: StepKind.DUPLICATE,
}


# --- The registration -----------------------------------------------------------------------------


def registrations_visible_to(user) -> models.QuerySet[Registration]:
    return Registration.objects.visible_to(user).select_related("region")


def registration_search(user, query: str) -> models.QuerySet[Registration]:
    return matching(
        registrations_visible_to(user),
        query,
        text=("registrant_name", "core_name", "organisation_name"),
        exact=("reference", "registrant_email", "core_email"),
        phones=("registrant_phone", "core_phone"),
    ).order_by("-created_at", "-pk")


def registration_describe(registration: Registration) -> str:
    return f"{registration.reference} · {registration.created_at:%Y-%m-%d}"


def registration_collect(registration: Registration) -> dict[str, list[dict[str, Any]]]:
    row = record(
        registration,
        (
            "reference",
            "created_at",
            "status",
            "channel",
            "language",
            "registrant_type",
            "organisation_type",
            *REGISTRATION_FIELDS,
            "conference_language",
            "children_involved",
            "wished_start",
            "heard_of_us",
        ),
    )
    sections: dict[str, list[dict[str, Any]]] = {gettext("Registration"): [row]}
    sections[gettext("Timeline")] = [
        record(step, ("at", "kind", "phase", "note")) for step in registration.steps.all()
    ]
    link = StatusLink.objects.filter(registration=registration).first()
    if link is not None:
        sections[gettext("Status link")] = [record(link, ("created_at", "revoked_at"))]
    traject = Traject.objects.filter(registration=registration).first()
    if traject is None:
        return sections
    sections[gettext("Traject")] = [
        record(traject, ("created_at", "phase", "phase_since", "started_at", "stop_reason"))
    ]
    sections[gettext("Proposals to coordinators")] = [
        record(proposal, ("proposed_at", "state", "answered_at", "decline_reason", "note"))
        for proposal in Proposal.objects.filter(traject=traject)
    ]
    sections[gettext("Preparation")] = [
        record(preparation, ("agreed_question", "updated_at"))
        for preparation in Preparation.objects.filter(traject=traject)
    ]
    sections[gettext("Participants")] = [
        record(participant, ("relation", *PARTICIPANT_FIELDS, "state", "contacted_at"))
        for participant in Participant.objects.filter(traject=traject)
    ]
    sections[gettext("Conference")] = [
        record(conference, ("starts_at", "place", "language", "interpreter", "practical"))
        for conference in Conference.objects.filter(traject=traject)
    ]
    plan = Plan.objects.filter(traject=traject).first()
    if plan is not None:
        sections[gettext("Plan")] = [
            record(
                plan,
                (
                    "document",
                    "safe",
                    "safe_note",
                    "legal",
                    "legal_note",
                    "workable",
                    "workable_note",
                    "reconvener",
                    "distributed_to",
                    "distributed_at",
                ),
            )
        ]
        sections[gettext("Actions of the plan")] = [
            record(action, ("what", "who", "by_when")) for action in plan.actions.all()
        ]
    sections[gettext("Follow-up")] = [
        record(follow_up, ("due_on", "outcome", "note", "done_at", "not_done_reason"))
        for follow_up in FollowUp.objects.filter(traject=traject)
    ]
    return sections


def _participant_blank(participants: models.QuerySet[Participant], now: datetime.datetime) -> None:
    participants.filter(anonymised_at__isnull=True).update(
        name=ANONYMISED, organisation="", reach="", anonymised_at=now
    )


def _traject_erase(traject: Traject, now: datetime.datetime) -> list[str]:
    """Blanks what the traject's workspace holds; returns the names it held (for the mails)."""
    needles = list(
        Participant.objects.filter(traject=traject, anonymised_at__isnull=True).values_list(
            "name", flat=True
        )
    )
    _participant_blank(Participant.objects.filter(traject=traject), now)
    Proposal.objects.filter(traject=traject).update(note="")
    Preparation.objects.filter(traject=traject).update(agreed_question="")
    Conference.objects.filter(traject=traject).update(place="", language="", practical="")
    plan = Plan.objects.filter(traject=traject).first()
    if plan is not None:
        if plan.document.name:
            # The file goes at once: a rollback after this leaves a name without a file, which
            # is what erasing wanted anyway.
            plan.document.storage.delete(plan.document.name)
        Plan.objects.filter(pk=plan.pk).update(
            document="",
            document_type="",
            safe_note="",
            legal_note="",
            workable_note="",
            reconvener="",
            distributed_to="",
        )
        PlanAction.objects.filter(plan=plan).update(what="", who="")
    # A reason why there was no follow-up is counted by the figures: it stays, as a dash.
    FollowUp.objects.filter(traject=traject).update(note="")
    FollowUp.objects.filter(traject=traject).exclude(not_done_reason="").update(
        not_done_reason=ANONYMISED
    )
    return needles


@transaction.atomic
def registration_erase(registration: Registration, now: datetime.datetime) -> None:
    """Anonymises the registration and everything of its traject (see the module's docstring).
    Idempotent: an erased registration is left as it is."""
    locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if locked is None or locked.anonymised_at is not None:
        return
    needles = [
        locked.registrant_name,
        locked.registrant_email,
        locked.registrant_phone,
        locked.core_name,
        locked.core_email,
        locked.core_phone,
    ]
    professional = bool(locked.organisation_name)
    Registration.objects.filter(pk=locked.pk).update(
        organisation_name=ANONYMISED if professional else "",
        registrant_name=ANONYMISED,
        registrant_email=ANONYMISED_EMAIL,
        registrant_phone="",
        core_name=ANONYMISED,
        municipality="",
        core_phone="",
        core_email=ANONYMISED_EMAIL,
        languages=[],
        question="",
        wished_start_date=None,
        heard_of_us_other="",
        anonymised_at=now,
    )
    Step.objects.filter(registration=locked).update(note="")
    StatusLink.objects.filter(registration=locked, revoked_at__isnull=True).update(revoked_at=now)
    traject = Traject.objects.filter(registration=locked).first()
    if traject is not None:
        needles += _traject_erase(traject, now)
    outbox_forget(topics=(TOPIC_CONFIRMATION, TOPIC_STAFF_NOTIFICATION), object_id=locked.pk)
    mail_files_forget(needles=[needle for needle in needles if needle and needle != ANONYMISED])
    registration.anonymised_at = now


def declined_registrations_due(now: datetime.datetime) -> models.QuerySet[Registration]:
    """Registrations that ended without a traject (declined, withdrawn, a duplicate) longer than
    the retention period ago, counted from the step that ended them."""
    cutoff = now - timedelta(days=settings.KRING_RETENTION_DECLINED_REGISTRATION_DAYS)
    recent_end = Step.objects.filter(
        registration=OuterRef("pk"), kind__in=list(ENDED_WITHOUT_TRAJECT.values()), at__gte=cutoff
    )
    return (
        Registration.objects.filter(
            status__in=list(ENDED_WITHOUT_TRAJECT),
            anonymised_at__isnull=True,
            created_at__lt=cutoff,
        )
        .exclude(Exists(recent_end))
        .order_by("pk")
    )


def ended_traject_registrations_due(now: datetime.datetime) -> models.QuerySet[Registration]:
    """The registrations of trajects that closed or stopped longer than the retention period
    ago (``phase_since``: when they reached that phase)."""
    cutoff = years_before(now, settings.KRING_RETENTION_TRAJECT_YEARS)
    return Registration.objects.filter(
        anonymised_at__isnull=True,
        traject__phase__in=sorted(ENDED),
        traject__phase_since__lt=cutoff,
    ).order_by("pk")


# --- One participant ------------------------------------------------------------------------------


def participants_visible_to(user) -> models.QuerySet[Participant]:
    return Participant.objects.filter(
        traject__in=Traject.objects.visible_to(user).values("pk")
    ).select_related("traject__registration")


def participant_search(user, query: str) -> models.QuerySet[Participant]:
    return matching(
        participants_visible_to(user),
        query,
        text=("name", "organisation"),
        exact=("traject__registration__reference",),
        phones=("reach",),
    ).order_by("-created_at", "-pk")


def participant_describe(participant: Participant) -> str:
    return f"{participant.traject.registration.reference} · {participant.get_relation_display()}"


def participant_collect(participant: Participant) -> dict[str, list[dict[str, Any]]]:
    row = record(participant, ("relation", *PARTICIPANT_FIELDS, "state", "contacted_at"))
    return {gettext("Participant"): [row]}


@transaction.atomic
def participant_erase(participant: Participant, now: datetime.datetime) -> None:
    """Anonymises this participant only: the row stays, so the counts of participants keep it."""
    locked = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if locked is None or locked.anonymised_at is not None:
        return
    _participant_blank(Participant.objects.filter(pk=locked.pk), now)
    mail_files_forget(needles=[needle for needle in (locked.name, locked.reach) if needle])
    participant.anonymised_at = now


# --- The register ----------------------------------------------------------------------------------

REGISTRATION_RETENTION = _(
    "Six months after a registration was declined or withdrawn; five years (configurable) after "
    "its traject closed or stopped."
)
FAMILY = (Whose.REGISTRANT, Whose.CORE_PERSON)

register(
    Holding(
        model="trajects.Registration",
        fields=REGISTRATION_FIELDS,
        whose=FAMILY,
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
        not_personal_fields=("reference",),
    ),
    Holding(
        model="trajects.Step",
        fields=("note",),
        whose=FAMILY,
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Traject",
        fields=("coordinator",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Proposal",
        fields=("coordinator", "note"),
        whose=(Whose.VOLUNTEER, Whose.CORE_PERSON),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Exclusion",
        fields=("coordinator",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Preparation",
        fields=("agreed_question",),
        whose=(Whose.CORE_PERSON,),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Participant",
        fields=PARTICIPANT_FIELDS,
        whose=(Whose.PARTICIPANT,),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Conference",
        fields=("place", "language", "practical"),
        whose=FAMILY,
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.Plan",
        fields=(
            "document",
            "safe_note",
            "legal_note",
            "workable_note",
            "reconvener",
            "distributed_to",
        ),
        whose=(Whose.CORE_PERSON, Whose.PARTICIPANT),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
        not_personal_fields=("document_type",),
    ),
    Holding(
        model="trajects.PlanAction",
        fields=("what", "who"),
        whose=(Whose.CORE_PERSON, Whose.PARTICIPANT),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.FollowUp",
        fields=("note", "not_done_reason"),
        whose=(Whose.CORE_PERSON,),
        basis=Basis.PUBLIC_INTEREST,
        retention=REGISTRATION_RETENTION,
    ),
    Holding(
        model="trajects.StatusLink",
        fields=("registration",),
        whose=(Whose.REGISTRANT,),
        basis=Basis.PUBLIC_INTEREST,
        retention=_("Revoked when the registration is erased."),
        not_personal_fields=("token",),
    ),
    NoPersonalData("trajects.ReferenceSequence", why="the last reference number of a year"),
    NoPersonalData("trajects.Alert", why="a due date and a kind of alert about a traject"),
    NoPersonalData("trajects.ChecklistTick", why="which checklist item was done, and when"),
    NoPersonalData("trajects.RegistrationPage", why="page content"),
    Subject(
        kind="registration",
        label=_("Registration (and its traject)"),
        model="trajects.Registration",
        search=registration_search,
        visible_to=registrations_visible_to,
        describe=registration_describe,
        collect=registration_collect,
        erase=registration_erase,
        is_erased=lambda registration: registration.anonymised_at is not None,
        second_confirmation=True,
    ),
    Subject(
        kind="participant",
        label=_("Participant of a traject"),
        model="trajects.Participant",
        search=participant_search,
        visible_to=participants_visible_to,
        describe=participant_describe,
        collect=participant_collect,
        erase=participant_erase,
        is_erased=lambda participant: participant.anonymised_at is not None,
    ),
    RetentionRule(
        name="trajects.declined_registration",
        label=_("Registrations declined, withdrawn or duplicate, after their retention period"),
        due=declined_registrations_due,
        apply=registration_erase,
    ),
    RetentionRule(
        name="trajects.ended_traject",
        label=_("Registrations of closed or stopped trajects, after the retention years"),
        due=ended_traject_registrations_due,
        apply=registration_erase,
    ),
)
