"""Writes for matching: propose a coordinator, the coordinator's answer, withdrawing a proposal,
proposals that ran out, and the e-mails they cause.

Who may be proposed is checked again inside the transaction, with the traject's and the
coordinator's rows locked, so two staff members at once cannot propose one coordinator for two
trajects or two coordinators for one traject; the database's partial unique constraints (one
pending proposal per traject and per coordinator, one active traject per coordinator) are the
last line of defence, turned into a clear message here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.links import absolute_url
from people.models import User
from people.outbox import outbox_add
from people.regions import staff_recipient
from training.certificates.selectors import coordinators_with_valid_certificate
from trajects.matching.models import DeclineReason, Exclusion, Proposal, ProposalState
from trajects.matching.selectors import candidate
from trajects.traject.models import Phase, StepKind, Traject
from trajects.traject.services import TOPIC_LEARNING_STARTED, step_record

logger = logging.getLogger(__name__)

TOPIC_PROPOSED = "trajects.proposal_made"
TOPIC_ANSWERED = "trajects.proposal_answered"
BATCH_SIZE = 100


def _locked_traject(traject: Traject) -> Traject:
    return Traject.objects.select_for_update().select_related("registration").get(pk=traject.pk)


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def proposal_make(*, traject: Traject, coordinator: User, by: User, note: str = "") -> Proposal:
    """Staff propose ``coordinator`` for ``traject``; the coordinator gets an e-mail and has
    48 hours to answer in the portal."""
    try:
        with transaction.atomic():
            locked = _locked_traject(traject)
            # The coordinator's row too: their proposals and trajects are decided one at a time.
            User.objects.select_for_update().filter(pk=coordinator.pk).exists()
            if locked.phase != Phase.MATCHING:
                raise ValidationError(_("This traject has a coordinator or has ended."))
            if locked.is_paused:
                raise ValidationError(_("This traject is paused: resume it first."))
            if Proposal.objects.pending().filter(traject=locked).exists():
                raise ValidationError(
                    _(
                        "A coordinator has been asked already: wait for the answer or withdraw the proposal."
                    )
                )
            refusal = candidate(traject=locked, coordinator=coordinator).refusal
            if refusal:
                raise ValidationError(
                    _("This coordinator cannot be proposed now: %(reason)s.")
                    % {"reason": refusal[0].lower() + refusal[1:]}
                )
            proposal = Proposal.objects.create(
                traject=locked, coordinator=coordinator, proposed_by=by, note=note.strip()
            )
            step_record(
                registration_id=locked.registration_id,
                kind=StepKind.PROPOSED,
                phase=locked.phase,
                by=by,
                note=note,
                coordinator=coordinator,
            )
            outbox_add(topic=TOPIC_PROPOSED, object_id=proposal.pk)
    except IntegrityError as error:
        # A proposal that another staff member made in the same moment.
        raise ValidationError(
            _(
                "Someone else has just made a proposal to this coordinator or for this "
                "traject: reload the list."
            )
        ) from error
    logger.info("traject %s: proposal %s made", traject.pk, proposal.pk)
    return proposal


def _answer_refusal(proposal: Proposal, by: User, now: datetime) -> ValidationError | None:
    if proposal.coordinator_id != by.pk:
        return ValidationError(_("This proposal was made to someone else."))
    if proposal.state != ProposalState.PENDING or proposal.answer_due_at <= now:
        return ValidationError(
            _("This proposal is no longer open: staff will contact you if they need you.")
        )
    return None


def proposal_accept(*, proposal: Proposal, by: User) -> Traject:
    """The coordinator takes the traject: it starts (preparation) with them."""
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = _locked_proposal(proposal)
            traject = _locked_traject(locked.traject)
            refusal = _answer_refusal(locked, by, now)
            if refusal:
                raise refusal
            if traject.phase != Phase.MATCHING or traject.is_paused:
                raise ValidationError(_("This traject no longer waits for a coordinator."))
            locked.state, locked.answered_at = ProposalState.ACCEPTED, now
            locked.save(update_fields=["state", "answered_at"])
            traject.coordinator = by
            traject.phase, traject.phase_since, traject.started_at = Phase.PREPARATION, now, now
            # Without a valid certificate the proposal was for a first, learning traject.
            traject.is_learning = (
                not coordinators_with_valid_certificate(timezone.localdate(now))
                .filter(pk=by.pk)
                .exists()
            )
            traject.save(
                update_fields=["coordinator", "phase", "phase_since", "started_at", "is_learning"]
            )
            step_record(
                registration_id=traject.registration_id,
                kind=StepKind.PROPOSAL_ACCEPTED,
                phase=Phase.PREPARATION,
                by=by,
                coordinator=by,
            )
            outbox_add(topic=TOPIC_ANSWERED, object_id=locked.pk)
            if traject.is_learning:
                outbox_add(topic=TOPIC_LEARNING_STARTED, object_id=traject.pk)
    except IntegrityError as error:
        raise ValidationError(
            _("You already have an active traject: a coordinator takes one at a time.")
        ) from error
    logger.info("traject %s: proposal %s accepted", traject.pk, proposal.pk)
    return traject


def proposal_decline(*, proposal: Proposal, by: User, reason: str, note: str = "") -> Proposal:
    """The coordinator says no; a conflict of interest keeps them off this family's list."""
    if reason not in DeclineReason.values:
        raise ValidationError(_("Choose why you decline."))
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_proposal(proposal)
        refusal = _answer_refusal(locked, by, now)
        if refusal:
            raise refusal
        locked.state, locked.answered_at = ProposalState.DECLINED, now
        locked.decline_reason, locked.note = reason, note.strip()
        locked.save(update_fields=["state", "answered_at", "decline_reason", "note"])
        traject = locked.traject
        if reason == DeclineReason.CONFLICT_OF_INTEREST:
            Exclusion.objects.get_or_create(
                registration_id=traject.registration_id,
                coordinator=by,
                defaults={"recorded_by": by},
            )
        step_record(
            registration_id=traject.registration_id,
            kind=StepKind.PROPOSAL_DECLINED,
            phase=traject.phase,
            by=by,
            note=note,
            coordinator=by,
        )
        outbox_add(topic=TOPIC_ANSWERED, object_id=locked.pk)
    return locked


def proposal_withdraw(*, traject: Traject, by: User, note: str = "") -> Proposal:
    """Staff take back the pending proposal (a mistake, or the family's situation changed)."""
    with transaction.atomic():
        locked_traject = _locked_traject(traject)
        proposal = (
            Proposal.objects.select_for_update().pending().filter(traject=locked_traject).first()
        )
        if proposal is None:
            raise ValidationError(_("No coordinator is waiting to answer for this traject."))
        proposal.state, proposal.answered_at = ProposalState.WITHDRAWN, timezone.now()
        proposal.save(update_fields=["state", "answered_at"])
        step_record(
            registration_id=locked_traject.registration_id,
            kind=StepKind.PROPOSAL_WITHDRAWN,
            phase=locked_traject.phase,
            by=by,
            note=note,
            coordinator=proposal.coordinator,
        )
    return proposal


def exclusion_record(*, traject: Traject, coordinator: User, by: User) -> Exclusion:
    """Staff keep ``coordinator`` off this family's shortlist (a conflict of interest)."""
    exclusion, _created = Exclusion.objects.get_or_create(
        registration_id=traject.registration_id,
        coordinator=coordinator,
        defaults={"recorded_by": by},
    )
    return exclusion


def availability_set(*, coordinator: User, available_from: date | None) -> None:
    """From when the coordinator may be proposed again (None: now)."""
    coordinator.available_from = available_from
    coordinator.save(update_fields=["available_from"])


def proposals_expire(*, now: datetime | None = None) -> int:
    """Proposals not answered within 48 hours go back to staff. Safe to run twice or at once:
    each proposal is expired (and its staff told) once. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    while True:
        with transaction.atomic():
            batch = list(
                Proposal.objects.select_for_update(skip_locked=True, of=("self",))
                .pending()
                .filter(answer_due_at__lte=now)
                .select_related("traject", "coordinator")
                .order_by("answer_due_at", "pk")[:BATCH_SIZE]
            )
            for proposal in batch:
                proposal.state, proposal.answered_at = ProposalState.EXPIRED, now
                step_record(
                    registration_id=proposal.traject.registration_id,
                    kind=StepKind.PROPOSAL_EXPIRED,
                    phase=proposal.traject.phase,
                    by=None,
                    coordinator=proposal.coordinator,
                )
                outbox_add(topic=TOPIC_ANSWERED, object_id=proposal.pk)
            Proposal.objects.bulk_update(batch, ["state", "answered_at"])
            expired += len(batch)
        if len(batch) < BATCH_SIZE:
            break
    if expired:
        logger.info("trajects: %s proposal(s) expired", expired)
    return expired


def _send(*, template: str, context: Callable[[], dict], language: str, to: str) -> None:
    """Renders and sends in ``language``; ``context`` is built inside it, so links carry the
    recipient's language prefix too."""
    with translation.override(language):
        values = context()
        subject = render_to_string(f"trajects/email/{template}_subject.txt", values)
        body = render_to_string(f"trajects/email/{template}_message.txt", values)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


def proposal_made_send(*, proposal_id: int) -> bool:
    """Tells the coordinator a traject is proposed to them: no family details, only where to
    answer and by when. False (nothing sent) when the proposal is no longer pending."""
    proposal = (
        Proposal.objects.pending().select_related("coordinator").filter(pk=proposal_id).first()
    )
    if proposal is None:
        return False
    coordinator = proposal.coordinator
    _send(
        template="proposal",
        context=lambda: {
            "answer_due_at": proposal.answer_due_at,
            "link": absolute_url(reverse("trajects:proposal_answer", args=[proposal.pk])),
        },
        language=coordinator.preferred_language or settings.LANGUAGE_CODE,
        to=coordinator.email,
    )
    return True


def proposal_answered_send(*, proposal_id: int) -> bool:
    """Tells staff what became of their proposal (accepted, declined, no answer): the one who
    proposed when still active, else the region's contact. Only the reference and a link."""
    proposal = (
        Proposal.objects.select_related(
            "proposed_by", "traject__registration", "traject__region__contact"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or proposal.state == ProposalState.PENDING:
        return False
    traject = proposal.traject
    staff = proposal.proposed_by
    if staff is not None and staff.is_active:
        email, language = staff.email, staff.preferred_language or settings.LANGUAGE_CODE
    else:
        recipient = staff_recipient(traject.region)
        if recipient is None:
            logger.warning("proposal %s: region %s has no contact", proposal.pk, traject.region_id)
            return False
        email, language = recipient.email, recipient.language
    _send(
        template="proposal_answered",
        context=lambda: {
            "reference": traject.reference,
            "state": proposal.state,
            "link": absolute_url(
                reverse("trajects:traject_detail", kwargs={"reference": traject.reference})
            ),
        },
        language=language,
        to=email,
    )
    return True
