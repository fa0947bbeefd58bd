"""Writing applications and sending the e-mails they cause (through the outbox: the handlers at
the end deliver them), the steps of the pipeline, and turning an applicant into a volunteer."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from people.links import absolute_url
from people.models import Postcode, User
from people.outbox import outbox_add, outbox_handler
from people.regions import contact_for, staff_recipient
from people.roles import Role
from people.services import user_create, user_invite
from training.learning.models import TrackEnrolment
from training.learning.selectors import default_track
from training.recruitment.models import (
    NOTE_MAX_LENGTH,
    PIPELINE_ORDER,
    Application,
    ApplicationStatus,
    ApplicationStep,
    StopReason,
)

logger = logging.getLogger(__name__)

# Outbox topics: one per e-mail, so that one failing and tried again does not send the other
# again.
TOPIC_CONFIRMATION = "training.application_confirmation"
TOPIC_STAFF_NOTICE = "training.application_staff_notice"

# The applicant's own "delete my application" link (in the confirmation e-mail and on the
# thank-you page): the application's id, signed with a timestamp; it works for this long.
DELETE_SALT = "training.application_delete"
DELETE_TOKEN_MAX_AGE = 366 * 24 * 60 * 60


def application_delete_token(application: Application) -> str:
    """A signed token naming ``application`` (its id only), for its deletion page."""
    return signing.dumps(application.pk, salt=DELETE_SALT, compress=False)


def application_delete_url(application: Application) -> str:
    """The path of the applicant's deletion page, in the active language."""
    return reverse(
        "training:application_delete", kwargs={"token": application_delete_token(application)}
    )


def application_for_delete_token(token: str) -> Application | None:
    """The application a deletion token names; None for a bad, forged or expired token or an
    application that no longer exists."""
    try:
        pk = signing.loads(token, salt=DELETE_SALT, max_age=DELETE_TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(pk, int):
        return None
    return Application.objects.filter(pk=pk).first()


@transaction.atomic
def application_submit(
    *, data: Mapping[str, Any], submission_token: uuid.UUID, language: str
) -> tuple[Application, bool]:
    """Stores an application from the form's cleaned ``data`` (``form.submitted_data()``: the
    applicant's name, e-mail, phone, ``Postcode``, languages, motivation, availability, how
    they heard of us and their consent) and, in the same transaction, the e-mails it causes
    (outbox). The shape of every public form's submit service (see ``cms.form_flow``).

    Returns ``(application, created)``. A second post of the same form (same token) returns the
    application the first one stored and stores nothing, not even when both arrive at once.
    Raises ``ValidationError`` for data the form should have refused (e.g. no consent).
    """
    existing = Application.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    postcode: Postcode = data["postcode"]
    application = Application(
        submission_token=submission_token,
        language=language,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=data["phone"],
        postcode=postcode,
        region_id=postcode.region_id,
        languages=list(data["languages"]),
        motivation=data["motivation"],
        availability=list(data["availability"]),
        availability_remarks=data.get("availability_remarks", ""),
        heard_of_us=data["heard_of_us"],
        heard_of_us_other=data.get("heard_of_us_other", ""),
        consent=data["consent"],
    )
    application.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same form posted twice at the same moment: the other request stored it first.
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    outbox_add(topic=TOPIC_CONFIRMATION, object_id=application.pk)
    outbox_add(topic=TOPIC_STAFF_NOTICE, object_id=application.pk)
    return application, True


def application_confirmation_send(*, application_id: int) -> bool:
    """Tells the applicant, in the language they applied in, that the application arrived and
    what happens next.

    The mail repeats nothing that was typed into the form (a stranger's address typed into the
    form must not turn it into a way to send them text of the stranger's choosing): only the
    reference, the region and the next steps. False when the application no longer exists.
    """
    application = Application.objects.select_related("region").filter(pk=application_id).first()
    if application is None:
        return False
    with translation.override(application.language):
        context = {
            "reference": application.reference,
            "region": application.region,
            "created_at": application.created_at,
            "delete_url": absolute_url(application_delete_url(application)),
            **contact_for(application.region),
        }
        subject = render_to_string(
            "training/email/application_confirmation_subject.txt", context
        ).strip()
        body = render_to_string("training/email/application_confirmation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    return True


def application_staff_notify(*, application_id: int) -> bool:
    """Tells the region's staff contact (else the region's address) that an application
    arrived: the date, the reference and a link to it in the staff area; no name, no motivation.

    False when there is nobody to tell (the application waits in the staff list) or the
    application no longer exists.
    """
    application = (
        Application.objects.select_related("region", "region__contact")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    region = application.region
    recipient = staff_recipient(region)
    if recipient is None:
        logger.warning(
            "training: region %s has no contact address; application %s waits in the staff list",
            region.code,
            application.pk,
        )
        return False
    with translation.override(recipient.language):
        context = {
            "reference": application.reference,
            "region": region,
            "created_at": application.created_at,
            "link": absolute_url(reverse("training:application_detail", args=[application.pk])),
            "list_link": absolute_url(reverse("training:application_list")),
        }
        subject = render_to_string("training/email/staff_notice_subject.txt", context).strip()
        body = render_to_string("training/email/staff_notice_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True


# --- The recruitment pipeline -----------------------------------------------------------------


def next_statuses(status: str) -> list[str]:
    """The statuses an application in ``status`` may move to, in pipeline order: any later
    step, "stopped" before "certified", and back to the intake conversation once stopped."""
    if status == ApplicationStatus.STOPPED:
        return [ApplicationStatus.INTAKE]
    if status not in PIPELINE_ORDER:
        return []
    position = PIPELINE_ORDER.index(status)
    later = [str(step) for step in PIPELINE_ORDER[position + 1 :]]
    if status != ApplicationStatus.CERTIFIED:
        later.append(ApplicationStatus.STOPPED)
    return later


def _transition_errors(
    *,
    application: Application,
    status: str,
    occurred_on: datetime.date,
    note: str,
    stop_reason: str,
) -> dict[str, str]:
    current = application.status
    errors: dict[str, str] = {}
    if status not in ApplicationStatus.values:
        errors["status"] = gettext("Choose a status from the list.")
    elif status == current:
        errors["status"] = gettext("The application already has this status.")
    elif current == ApplicationStatus.STOPPED:
        if status != ApplicationStatus.INTAKE:
            errors["status"] = gettext(
                "A stopped application can only be reopened with a new intake conversation."
            )
        elif not note.strip():
            errors["note"] = gettext("Say why the application is reopened.")
    elif status == ApplicationStatus.STOPPED:
        if current == ApplicationStatus.CERTIFIED:
            errors["status"] = gettext("The application of a certified volunteer cannot stop.")
        elif stop_reason not in StopReason.values:
            errors["stop_reason"] = gettext("Choose why the application stops.")
    elif PIPELINE_ORDER.index(status) < PIPELINE_ORDER.index(current):
        errors["status"] = gettext("An application cannot go back to an earlier step.")
    today = timezone.localdate()
    if occurred_on > today:
        errors["occurred_on"] = gettext("The date cannot be in the future.")
    elif occurred_on < timezone.localdate(application.created_at):
        errors["occurred_on"] = gettext("The date cannot be before the application arrived.")
    else:
        last = application.steps.order_by("-occurred_on").values_list("occurred_on", flat=True)
        latest = last.first()
        if latest is not None and occurred_on < latest:
            errors["occurred_on"] = gettext(
                "The date cannot be before the previous step (%(date)s)."
            ) % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = gettext("The note can be at most %(max)d characters.") % {
            "max": NOTE_MAX_LENGTH
        }
    return errors


def _caller_sees(application: Application, locked: Application) -> None:
    """The caller's object says what is now true (the service changed its locked copy)."""
    application.status = locked.status
    application.stop_reason = locked.stop_reason
    application.status_changed_at = locked.status_changed_at


@transaction.atomic
def application_step_record(
    *,
    application: Application,
    status: str,
    occurred_on: datetime.date,
    note: str = "",
    stop_reason: str = "",
    recorded_by: User | None,
) -> ApplicationStep:
    """Records one step of an application through the pipeline and gives the application
    that status.

    Allowed: forward along ``PIPELINE_ORDER`` by one or more steps; "stopped" from any status
    before "certified" (with a reason); a stopped application back to the intake conversation
    (with a note saying why). The date is not in the future, nor before the application
    arrived or its previous step. Anything else raises ``ValidationError`` with the message
    under the field it is about (``status``, ``occurred_on``, ``note``, ``stop_reason``).
    The application's row is locked, so two steps recorded at once are checked one after the
    other.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    note = (note or "").strip()
    stop_reason = stop_reason or ""
    errors = _transition_errors(
        application=locked,
        status=status,
        occurred_on=occurred_on,
        note=note,
        stop_reason=stop_reason,
    )
    if errors:
        raise ValidationError(errors)
    if status != ApplicationStatus.STOPPED:
        stop_reason = ""
    step = ApplicationStep.objects.create(
        application=locked,
        status=status,
        occurred_on=occurred_on,
        note=note,
        stop_reason=stop_reason,
        recorded_by=recorded_by,
    )
    locked.status = status
    locked.stop_reason = stop_reason
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "stop_reason", "status_changed_at"])
    _caller_sees(application, locked)
    return step


# From these statuses an applicant can be given a volunteer account: after the intake
# conversation, and not while the application is stopped.
ACCOUNT_STATUSES = frozenset(
    {
        ApplicationStatus.INTAKE,
        ApplicationStatus.INVITED,
        ApplicationStatus.IN_TRAINING,
        ApplicationStatus.CERTIFIED,
    }
)


def account_conflict(application: Application) -> User | None:
    """The account that already uses the application's e-mail address, if any."""
    return User.objects.filter(email__iexact=application.email.strip()).first()


def _check_can_become_volunteer(application: Application) -> None:
    if application.user_id is not None:
        raise ValidationError(
            gettext("This applicant already has a volunteer account."), code="has_account"
        )
    if application.status == ApplicationStatus.STOPPED:
        raise ValidationError(
            gettext("This application has stopped: reopen it before making an account."),
            code="stopped",
        )
    if application.status not in ACCOUNT_STATUSES:
        raise ValidationError(
            gettext("Record the intake conversation before making an account."),
            code="too_early",
        )


def _volunteer_started(
    *, application: Application, user: User, recorded_by: User | None, note: str
) -> None:
    """What follows once the applicant has an account: the application points at it, moves to
    "invited" if it was not that far yet, and the volunteer follows the default track."""
    application.user = user
    application.save(update_fields=["user"])
    if PIPELINE_ORDER.index(application.status) < PIPELINE_ORDER.index(ApplicationStatus.INVITED):
        application_step_record(
            application=application,
            status=ApplicationStatus.INVITED,
            occurred_on=timezone.localdate(),
            note=note,
            recorded_by=recorded_by,
        )
    track = default_track()
    if track is not None:
        TrackEnrolment.objects.get_or_create(user=user, track=track)


@transaction.atomic
def application_make_volunteer(*, application: Application, invited_by: User | None) -> User:
    """Turns an applicant into a volunteer: a coordinator account in the application's region
    with the name, e-mail address, phone, postcode, languages and language carried over, and
    an e-mail (after commit, ids only through the broker) inviting them to choose a password.

    The application then points at the account, moves to "invited" if it was not that far
    yet, and the volunteer is enrolled in ``default_track()`` (if any).

    Refused with ``ValidationError`` when the application already has an account (a second
    post of the same form: the row is locked, so two at once make one account), is stopped or
    has had no intake yet, or when an account with the same e-mail address exists (code
    ``email_exists``: see ``application_link_account``).
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=application.pk)
    )
    _check_can_become_volunteer(locked)
    if account_conflict(locked) is not None:
        raise ValidationError(
            {
                "email": ValidationError(
                    gettext("An account with this e-mail address already exists."),
                    code="email_exists",
                )
            }
        )
    try:
        with transaction.atomic():
            user = user_create(
                email=locked.email,
                first_name=locked.first_name,
                last_name=locked.last_name,
                roles=[Role.COORDINATOR],
                regions=[locked.region],
                phone=locked.phone,
                postcode=locked.postcode,
                languages=list(locked.languages),
                preferred_language=locked.language,
            )
    except IntegrityError:
        # Another request made an account with this address at the same moment.
        raise ValidationError(
            {
                "email": ValidationError(
                    gettext("An account with this e-mail address already exists."),
                    code="email_exists",
                )
            }
        ) from None
    _volunteer_started(
        application=locked,
        user=user,
        recorded_by=invited_by,
        note=gettext("Volunteer account made; invitation to choose a password sent."),
    )
    user_invite(user=user)
    application.user = user
    _caller_sees(application, locked)
    return user


@transaction.atomic
def application_link_account(*, application: Application, linked_by: User | None) -> User:
    """Links the application to the existing account with its e-mail address instead of making
    a new one: that account gets the coordinator role and the application's region (added to
    what it has), and the application moves on as in ``application_make_volunteer``. No
    invitation: the person can already log in (or reset their password).

    Refused when no such account exists, when it is inactive, or when it already belongs to
    another application.
    """
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=application.pk)
    )
    _check_can_become_volunteer(locked)
    user = account_conflict(locked)
    if user is None:
        raise ValidationError(gettext("There is no account with this e-mail address."))
    if not user.is_active:
        raise ValidationError(gettext("The account with this e-mail address is deactivated."))
    if Application.objects.filter(user=user).exists():
        raise ValidationError(
            gettext("The account with this e-mail address belongs to another application.")
        )
    user.groups.add(*Group.objects.filter(name=Role.COORDINATOR))
    user.regions.add(locked.region)
    _volunteer_started(
        application=locked,
        user=user,
        recorded_by=linked_by,
        note=gettext("Linked to the existing account with the same e-mail address."),
    )
    application.user = user
    _caller_sees(application, locked)
    return user


# --- The outbox handlers: each delivers one e-mail for one application id ---------------------


@outbox_handler(TOPIC_CONFIRMATION)
def application_confirmation(application_id: int) -> None:
    application_confirmation_send(application_id=application_id)


@outbox_handler(TOPIC_STAFF_NOTICE)
def application_staff_notice(application_id: int) -> None:
    application_staff_notify(application_id=application_id)
