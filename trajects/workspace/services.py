"""Writes of the coordinator's workspace. Only the traject's coordinator writes here, and only
while the traject is theirs to work on: after the plan is distributed the workspace is
read-only except the follow-up. Each write locks the traject's row; the phase moves through
``trajects.traject.services.traject_advance`` so the route and the timeline stay one.

Refusals raise ``ValidationError``; where a field is to blame, keyed by that field, so the page
shows the message next to it with what was typed kept.
"""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.models import User
from trajects.traject.models import ENDED, Phase, Traject
from trajects.traject.services import traject_advance
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
    private_storage,
)

logger = logging.getLogger(__name__)

# Phases in which the coordinator prepares and records (before the plan is distributed).
WORKING = frozenset({Phase.PREPARATION, Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE})
FOLLOW_UP_AFTER = relativedelta(months=1)
CHECK_FIELDS = frozenset({"safe", "safe_note", "legal", "legal_note", "workable", "workable_note"})


def FOLLOW_UP_TOO_EARLY() -> str:
    return _("The follow-up comes a month after the plan is distributed: distribute it first.")


def _locked(traject: Traject, by: User, *, phases=WORKING, too_early: str = "") -> Traject:
    """The traject's row, locked, after checking that ``by`` may write in this phase."""
    locked = Traject.objects.select_for_update().select_related("registration").get(pk=traject.pk)
    if locked.coordinator_id != by.pk:
        raise ValidationError(_("Only the traject's coordinator can change its workspace."))
    if locked.phase in ENDED:
        raise ValidationError(_("This traject has ended: its workspace can be read only."))
    if locked.phase not in phases:
        if locked.phase in (Phase.PLAN_DISTRIBUTED, Phase.FOLLOW_UP_DONE):
            raise ValidationError(
                _("The plan has been distributed: only the follow-up can be recorded now.")
            )
        raise ValidationError(too_early or _("This cannot be done in the traject's current phase."))
    return locked


def checklist_set(*, traject: Traject, by: User, item: str, done: bool) -> None:
    if item not in ChecklistItem.values:
        raise ValidationError(_("Choose an item of the checklist."))
    with transaction.atomic():
        locked = _locked(traject, by)
        if done:
            ChecklistTick.objects.get_or_create(traject=locked, item=item)
        else:
            ChecklistTick.objects.filter(traject=locked, item=item).delete()


def question_save(*, traject: Traject, by: User, agreed_question: str) -> Preparation:
    with transaction.atomic():
        locked = _locked(traject, by)
        preparation, _created = Preparation.objects.get_or_create(traject=locked)
        preparation.agreed_question = agreed_question.strip()
        preparation.save(update_fields=["agreed_question", "updated_at"])
    return preparation


def participant_add(
    *,
    traject: Traject,
    by: User,
    name: str,
    relation: str,
    organisation: str = "",
    reach: str = "",
) -> Participant:
    with transaction.atomic():
        locked = _locked(traject, by)
        return Participant.objects.create(
            traject=locked,
            name=name.strip(),
            relation=relation,
            organisation=organisation.strip(),
            reach=reach.strip(),
        )


# The states a participant may move to from each state (declining is possible until the end).
NEXT_STATES: dict[str, set[str]] = {
    ParticipantState.TO_INVITE: {ParticipantState.CONTACTED, ParticipantState.DECLINED},
    ParticipantState.CONTACTED: {ParticipantState.CONFIRMED, ParticipantState.DECLINED},
    ParticipantState.CONFIRMED: {ParticipantState.ATTENDED, ParticipantState.DECLINED},
    ParticipantState.DECLINED: {ParticipantState.CONTACTED},
    ParticipantState.ATTENDED: set(),
}


def participant_set_state(*, participant: Participant, by: User, state: str) -> Participant:
    """Moves a participant on: to invite → contacted beforehand → confirmed → attended, or
    declined. Attended only once the conference was held."""
    with transaction.atomic():
        locked_traject = _locked(participant.traject, by)
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if state not in NEXT_STATES.get(locked.state, set()):
            raise ValidationError(
                {"state": _("A participant moves on one step at a time: choose the next state.")}
            )
        if state == ParticipantState.ATTENDED:
            conference = Conference.objects.filter(traject=locked_traject).first()
            if conference is None or conference.held_at is None:
                raise ValidationError(
                    {"state": _("Mark the conference as held before recording who attended.")}
                )
        locked.state = state
        if state == ParticipantState.CONTACTED and locked.contacted_at is None:
            locked.contacted_at = timezone.now()
        locked.save(update_fields=["state", "contacted_at"])
    return locked


def conference_plan(
    *,
    traject: Traject,
    by: User,
    starts_at: datetime.datetime,
    place: str,
    language: str = "",
    interpreter: bool = False,
    practical: str = "",
) -> Conference:
    """Plans (or moves) the conference; the first time, the traject moves to "conference
    planned"."""
    with transaction.atomic():
        locked = _locked(traject, by, phases={Phase.PREPARATION, Phase.CONFERENCE_PLANNED})
        if starts_at <= locked.registration.created_at:
            raise ValidationError(
                {"starts_at": _("The conference cannot be before the registration.")}
            )
        conference = Conference.objects.filter(traject=locked).first()
        if conference is not None and conference.held_at is not None:
            raise ValidationError(_("The conference has been held: it cannot be moved."))
        conference, created = Conference.objects.update_or_create(
            traject=locked,
            defaults={
                "starts_at": starts_at,
                "place": place.strip(),
                "language": language.strip(),
                "interpreter": interpreter,
                "practical": practical.strip(),
            },
        )
        if locked.phase == Phase.PREPARATION:
            traject_advance(traject=locked, to=Phase.CONFERENCE_PLANNED, by=by)
    return conference


def conference_held(
    *,
    traject: Traject,
    by: User,
    private_time_start: datetime.time | None = None,
    private_time_end: datetime.time | None = None,
) -> Conference:
    """Records that the conference took place, with the private time's start and end only.
    Refused while a confirmed participant was never contacted beforehand."""
    with transaction.atomic():
        locked = _locked(traject, by, phases={Phase.CONFERENCE_PLANNED})
        conference = Conference.objects.select_for_update().filter(traject=locked).first()
        if conference is None:
            raise ValidationError(_("Plan the conference first."))
        if conference.starts_at > timezone.now():
            raise ValidationError(_("The conference is still to come."))
        if (
            private_time_start is not None
            and private_time_end is not None
            and private_time_end <= private_time_start
        ):
            raise ValidationError({"private_time_end": _("The private time ends after it begins.")})
        never_contacted = Participant.objects.filter(
            traject=locked, state=ParticipantState.CONFIRMED, contacted_at__isnull=True
        )
        if never_contacted.exists():
            count = never_contacted.count()
            raise ValidationError(
                ngettext(
                    "Every participant must be contacted beforehand: %(count)d confirmed "
                    "participant was never contacted. Record the contact first.",
                    "Every participant must be contacted beforehand: %(count)d confirmed "
                    "participants were never contacted. Record the contact first.",
                    count,
                )
                % {"count": count}
            )
        conference.held_at = timezone.now()
        conference.private_time_start = private_time_start
        conference.private_time_end = private_time_end
        conference.save(update_fields=["held_at", "private_time_start", "private_time_end"])
    return conference


def plan_save(
    *,
    traject: Traject,
    by: User,
    document: UploadedFile | None = None,
    document_type: str = "",
    actions: list[dict] | None = None,
    checks: dict[str, str] | None = None,
    reconvener: str | None = None,
) -> Plan:
    """Records the plan the network presented: a document (already checked by the form) and/or
    actions, its three checks with notes, who reconvenes. The first plan with a document or an
    action moves the traject to "plan made". A refused save leaves no file behind; a replaced
    document is deleted once the new one is stored."""
    checks = checks or {}
    if set(checks) - CHECK_FIELDS or any(
        checks.get(answer, "") not in ("", *Check.values)
        for answer in ("safe", "legal", "workable")
    ):
        raise ValidationError(_("Answer each check with one of the choices offered."))
    written, storage = "", private_storage()
    try:
        with transaction.atomic():
            locked = _locked(traject, by, phases={Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE})
            conference = Conference.objects.filter(traject=locked).first()
            if conference is None or conference.held_at is None:
                raise ValidationError(_("The plan is recorded after the conference was held."))
            if locked.phase == Phase.CONFERENCE_PLANNED:
                refusal = locked.refusal_to_move(Phase.PLAN_MADE)
                if refusal:
                    raise ValidationError(refusal)
            plan, _created = Plan.objects.select_for_update().get_or_create(traject=locked)
            if document is not None:
                if plan.document:
                    old_name = plan.document.name
                    transaction.on_commit(lambda: storage.delete(old_name))
                plan.document.save(document.name or "plan", document, save=False)
                written = plan.document.name or ""
                plan.document_type = document_type
            for field, value in checks.items():
                setattr(plan, field, value.strip())
            if reconvener is not None:
                plan.reconvener = reconvener.strip()
            plan.save()
            if actions is not None:
                PlanAction.objects.filter(plan=plan).delete()
                PlanAction.objects.bulk_create(
                    PlanAction(
                        plan=plan,
                        what=action["what"].strip(),
                        who=action["who"].strip(),
                        by_when=action.get("by_when"),
                    )
                    for action in actions
                    if action.get("what", "").strip()
                )
            if not plan.document and not PlanAction.objects.filter(plan=plan).exists():
                raise ValidationError(
                    {"document": _("Upload the plan or write at least one of its actions.")}
                )
            if locked.phase == Phase.CONFERENCE_PLANNED:
                traject_advance(traject=locked, to=Phase.PLAN_MADE, by=by)
    except BaseException:
        if written:
            storage.delete(written)
        raise
    return plan


def plan_distribute(*, traject: Traject, by: User, distributed_to: str) -> Plan:
    """The plan goes to the network; the coordinator's task ends, the follow-up is due a month
    later. Refused until the three checks are answered and someone reconvenes."""
    if not distributed_to.strip():
        raise ValidationError({"distributed_to": _("Say to whom the plan was distributed.")})
    with transaction.atomic():
        locked = _locked(traject, by, phases={Phase.PLAN_MADE})
        plan = Plan.objects.select_for_update().get(traject=locked)
        if not plan.checks_answered:
            raise ValidationError(
                _("Answer the three checks (safe, legal, workable), each with a note, first.")
            )
        if not plan.reconvener.strip():
            raise ValidationError(
                _("Record who reconvenes the network if the plan needs adjusting, first.")
            )
        now = timezone.now()
        plan.distributed_to, plan.distributed_at = distributed_to.strip(), now
        plan.save(update_fields=["distributed_to", "distributed_at"])
        traject_advance(traject=locked, to=Phase.PLAN_DISTRIBUTED, by=by)
        FollowUp.objects.update_or_create(
            traject=locked, defaults={"due_on": timezone.localdate(now) + FOLLOW_UP_AFTER}
        )
    return plan


def follow_up_record(*, traject: Traject, by: User, outcome: str, note: str = "") -> FollowUp:
    """How the plan went, a month on; the traject then closes."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose how the plan was carried out.")})
    with transaction.atomic():
        locked = _locked(
            traject, by, phases={Phase.PLAN_DISTRIBUTED}, too_early=FOLLOW_UP_TOO_EARLY()
        )
        follow_up = FollowUp.objects.select_for_update().get(traject=locked)
        if timezone.localdate() < follow_up.due_on - datetime.timedelta(days=7):
            raise ValidationError(
                _("The follow-up is a month after the distribution: it is due on %(date)s.")
                % {"date": date_format(follow_up.due_on, "DATE_FORMAT")}
            )
        follow_up.outcome, follow_up.note, follow_up.done_at = outcome, note.strip(), timezone.now()
        follow_up.save(update_fields=["outcome", "note", "done_at"])
        traject_advance(traject=locked, to=Phase.FOLLOW_UP_DONE, by=by)
        traject_advance(traject=locked, to=Phase.CLOSED, by=by)
    return follow_up


def traject_close_without_follow_up(*, traject: Traject, by: User, reason: str) -> FollowUp:
    """Closes a distributed traject whose follow-up could not happen, with the reason why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why there was no follow-up.")})
    with transaction.atomic():
        locked = _locked(
            traject, by, phases={Phase.PLAN_DISTRIBUTED}, too_early=FOLLOW_UP_TOO_EARLY()
        )
        follow_up = FollowUp.objects.select_for_update().get(traject=locked)
        follow_up.not_done_reason = reason.strip()
        follow_up.save(update_fields=["not_done_reason"])
        traject_advance(traject=locked, to=Phase.CLOSED, by=by, note=reason)
    return follow_up
