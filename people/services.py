"""Writes that touch several rows or send mail: coach assignments and invitations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.access import access_for
from people.links import absolute_url
from people.models import CoachAssignment, OutboxMessage, Region, User
from people.outbox import outbox_add
from people.roles import Role

TOPIC_INVITATION = "people.invitation"


@transaction.atomic
def coach_assign(
    *,
    coordinator: User,
    coach: User,
    starts_on: date | None = None,
    handover_note: str = "",
    assigned_by: User | None = None,
    over_capacity: bool = False,
) -> CoachAssignment:
    """Gives ``coordinator`` a new coach from ``starts_on``, ending the current assignment.

    The coordinator's row is locked so that two staff members assigning at once cannot leave
    two active coaches; the database constraint is the last line of defence. The staff's page
    (``coaching.staff.services.coach_assign``) checks regions and capacity first and records
    who assigned, the hand-over note and a confirmed assignment above capacity.
    """
    starts_on = starts_on or timezone.localdate()
    if coordinator.pk == coach.pk:
        raise ValidationError(_("A coordinator cannot coach themselves."))
    if not access_for(coordinator).has(Role.COORDINATOR):
        raise ValidationError(_("Only a coordinator can be given a coach."))
    if not access_for(coach).has(Role.COACH):
        raise ValidationError(_("This person is not a coach."))
    User.objects.select_for_update().filter(pk=coordinator.pk).first()
    current = CoachAssignment.objects.active().filter(coordinator=coordinator).first()
    if current is not None:
        if current.coach_id == coach.pk:
            return current
        if starts_on < current.starts_on:
            raise ValidationError(_("The new coach cannot start before the current coach did."))
        # ``ends_on`` is the first day without this coach, as ``CoachAssignment.objects.on()``
        # reads it: the day the new coach starts. No day without a coach, none with two.
        current.ends_on = starts_on
        current.save(update_fields=["ends_on"])
    return CoachAssignment.objects.create(
        coordinator=coordinator,
        coach=coach,
        starts_on=starts_on,
        handover_note=handover_note if current is not None else "",
        assigned_by=assigned_by,
        over_capacity=over_capacity,
    )


@transaction.atomic
def coach_assignment_end(
    *, assignment: CoachAssignment, ends_on: date | None = None
) -> CoachAssignment:
    ends_on = ends_on or timezone.localdate()
    if ends_on < assignment.starts_on:
        raise ValidationError(_("The end date cannot be before the start date."))
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    return assignment


@transaction.atomic
def user_create(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[Role | str] = (),
    regions: Iterable[Region] = (),
    password: str | None = None,
    **fields: object,
) -> User:
    """Creates an account with its roles and regions; its e-mail address counts as verified
    because staff typed it in for a person they know."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, **fields
    )
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    user.regions.set(regions)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def user_invite(*, user: User) -> None:
    """Sends ``user`` an invitation to choose a password, after the current transaction commits.

    Through the outbox (``people.outbox``): with the broker down the account is still saved and
    the invitation leaves once it is back. The message carries only the user's id. Inviting
    again after an invitation went out sends a new one.
    """
    OutboxMessage.objects.filter(
        topic=TOPIC_INVITATION, object_id=user.pk, sent_at__isnull=False
    ).delete()
    outbox_add(topic=TOPIC_INVITATION, object_id=user.pk)


def invitation_send(*, user_id: int) -> bool:
    """Renders and sends the invitation: a link to choose a password (allauth's reset link).

    The mail names no family and no other person's data: only the link and what happens next.
    Returns False when the account no longer exists or is inactive.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    key = default_token_generator.make_token(user)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
        context = {
            "user": user,
            "link": absolute_url(path),
            "login_link": absolute_url(reverse("account_login")),
        }
        subject = render_to_string("people/email/invitation_subject.txt", context).strip()
        body = render_to_string("people/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
