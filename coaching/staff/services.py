"""Writes of the staff's coaching pages: assigning a coordinator a coach (or another coach) and a
coach's capacity, with the e-mails that tell the coordinator and both coaches.

The e-mails go through the outbox (``people.outbox``): written in the assignment's
transaction, delivered after it commits, each in its recipient's language, with links
and dates only, never a family's details.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coaching.models import CoachingProfile
from coaching.selectors import profile_for
from people import services as people_services
from people.access import access_for
from people.links import absolute_url
from people.models import CoachAssignment, User
from people.outbox import outbox_add
from people.roles import Role

logger = logging.getLogger(__name__)

TOPIC_ASSIGNED_COORDINATOR = "coaching.assignment_coordinator"
TOPIC_ASSIGNED_NEW_COACH = "coaching.assignment_new_coach"
TOPIC_ASSIGNED_OLD_COACH = "coaching.assignment_old_coach"

MIN_CAPACITY = 1
MAX_CAPACITY = 50

# The code of the refusal a "assign anyway" tick overrides: the view then shows the checkbox.
OVER_CAPACITY = "over_capacity"


def _region_ids(user: User) -> set[int] | None:
    """The regions ``user`` assigns in; None for administrators (every region)."""
    access = access_for(user)
    if access.is_administrator:
        return None
    if not access.has(Role.REGIONAL_STAFF):
        return set()
    return set(access.region_ids)


def _in_scope(person: User, scope: set[int] | None) -> bool:
    if scope is None:
        return True
    return person.regions.filter(pk__in=scope).exists()


def coach_load(coach: User) -> int:
    """How many coordinators ``coach`` supports today (active assignments, every region)."""
    return CoachAssignment.objects.active().filter(coach=coach).count()


def coach_assign(
    *,
    coordinator: User,
    coach: User,
    starts_on: datetime.date,
    handover_note: str = "",
    assigned_by: User,
    confirm_over_capacity: bool = False,
) -> CoachAssignment:
    """Gives ``coordinator`` the coach ``coach`` from ``starts_on``; a current coach's
    assignment ends that same day. Told by e-mail: the coordinator, the new coach (with the
    hand-over note) and, on a reassignment, the coach who hands over.

    Refused (``ValidationError``) for a coordinator or a coach outside ``assigned_by``'s
    regions, someone who is not a coach, the coach the coordinator has already, a start before
    the current coach's, a hand-over note without a reassignment, and a coach at or above
    capacity unless ``confirm_over_capacity`` (then recorded on the assignment).
    """
    handover_note = handover_note.strip()
    scope = _region_ids(assigned_by)
    with transaction.atomic():
        # Both rows locked, in one order: two staff members assigning the same coordinator (or
        # filling the same coach) at once wait for each other.
        locked = {
            user.pk: user
            for user in User.objects.select_for_update()
            .filter(pk__in=[coordinator.pk, coach.pk])
            .order_by("pk")
        }
        if (
            coordinator.pk not in locked
            or not access_for(locked[coordinator.pk]).has(Role.COORDINATOR)
            or not _in_scope(coordinator, scope)
        ):
            raise ValidationError(
                {"coordinator": _("This coordinator is not in one of your regions.")}
            )
        if coach.pk == coordinator.pk:
            raise ValidationError({"coach": _("A coordinator cannot coach themselves.")})
        if coach.pk not in locked or not access_for(locked[coach.pk]).has(Role.COACH):
            raise ValidationError({"coach": _("%(name)s is not a coach.") % {"name": coach}})
        if not _in_scope(coach, scope):
            raise ValidationError(
                {"coach": _("%(name)s does not coach in one of your regions.") % {"name": coach}}
            )
        current = (
            CoachAssignment.objects.active()
            .filter(coordinator=coordinator)
            .select_related("coach")
            .first()
        )
        if current is not None and current.coach_id == coach.pk:
            raise ValidationError(
                {"coach": _("%(name)s already coaches this coordinator.") % {"name": coach}}
            )
        if current is not None and starts_on < current.starts_on:
            raise ValidationError(
                {
                    "starts_on": _(
                        "The new coach cannot start before the current coach did (%(date)s)."
                    )
                    % {"date": date_format(current.starts_on, "SHORT_DATE_FORMAT")}
                }
            )
        if current is None and handover_note:
            raise ValidationError(
                {"handover_note": _("A hand-over note goes with a reassignment only.")}
            )
        load = coach_load(coach)
        capacity = profile_for(coach).capacity
        over_capacity = load >= capacity
        if over_capacity and not confirm_over_capacity:
            raise ValidationError(
                {
                    "coach": ValidationError(
                        _(
                            "Coach %(name)s already supports %(load)s coordinators, their "
                            "capacity is %(capacity)s. Tick 'assign anyway' to confirm."
                        ),
                        code=OVER_CAPACITY,
                        params={"name": coach, "load": load, "capacity": capacity},
                    )
                }
            )
        assignment = people_services.coach_assign(
            coordinator=coordinator,
            coach=coach,
            starts_on=starts_on,
            handover_note=handover_note,
            assigned_by=assigned_by,
            over_capacity=over_capacity,
        )
        outbox_add(topic=TOPIC_ASSIGNED_COORDINATOR, object_id=assignment.pk)
        outbox_add(topic=TOPIC_ASSIGNED_NEW_COACH, object_id=assignment.pk)
        if current is not None:
            outbox_add(topic=TOPIC_ASSIGNED_OLD_COACH, object_id=current.pk)
    logger.info(
        "coach assignment %s made by user %s (replaces %s, above capacity: %s)",
        assignment.pk,
        assigned_by.pk,
        current.pk if current is not None else None,
        over_capacity,
    )
    return assignment


def coach_capacity_set(*, coach: User, capacity: int, set_by: User) -> CoachingProfile:
    """Sets how many coordinators ``coach`` supports at most (1 to 50), making their coaching
    profile if they have none. Refused for a coach outside ``set_by``'s regions."""
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            {
                "capacity": _("A capacity is between %(min)s and %(max)s.")
                % {"min": MIN_CAPACITY, "max": MAX_CAPACITY}
            }
        )
    if not access_for(coach).has(Role.COACH) or not _in_scope(coach, _region_ids(set_by)):
        raise ValidationError(
            {"coach": _("%(name)s does not coach in one of your regions.") % {"name": coach}}
        )
    with transaction.atomic():
        profile, _created = CoachingProfile.objects.select_for_update().get_or_create(
            user=coach, defaults={"capacity": capacity}
        )
        if profile.capacity != capacity:
            profile.capacity = capacity
            profile.save(update_fields=["capacity"])
    logger.info("coach %s: capacity set to %s by user %s", coach.pk, capacity, set_by.pk)
    return profile


# --- The e-mails (outbox handlers, coaching/staff/handlers.py) ----------------------------------


def _send(*, recipient: User, template: str, context: dict) -> bool:
    if not recipient.is_active or not recipient.email:
        return False
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            key: (absolute_url(reverse(*value)) if isinstance(value, tuple) else value)
            for key, value in context.items()
        }
        context["recipient"] = recipient
        subject = render_to_string(f"coaching/email/{template}_subject.txt", context)
        body = render_to_string(f"coaching/email/{template}_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True


def _assignment(assignment_id: int) -> CoachAssignment | None:
    return (
        CoachAssignment.objects.select_related("coordinator", "coach")
        .filter(pk=assignment_id)
        .first()
    )


def assignment_coordinator_send(*, assignment_id: int) -> bool:
    """Tells the coordinator who their coach is from when, with a link to their portal."""
    assignment = _assignment(assignment_id)
    if assignment is None:
        return False
    return _send(
        recipient=assignment.coordinator,
        template="assignment_coordinator",
        context={
            "coach_name": str(assignment.coach),
            "starts_on": assignment.starts_on,
            "link": ("training:portal",),
        },
    )


def assignment_new_coach_send(*, assignment_id: int) -> bool:
    """Tells the new coach whom they coach from when, with the hand-over note (theirs alone)
    and a link to the coordinator's page."""
    assignment = _assignment(assignment_id)
    if assignment is None:
        return False
    return _send(
        recipient=assignment.coach,
        template="assignment_new_coach",
        context={
            "coordinator_name": str(assignment.coordinator),
            "starts_on": assignment.starts_on,
            "handover_note": assignment.handover_note,
            "link": ("training:volunteer_detail", None, [assignment.coordinator_id]),
        },
    )


def assignment_old_coach_send(*, assignment_id: int) -> bool:
    """Tells the coach who hands over (``assignment_id``: their ended assignment) from which
    day another coach takes the coordinator."""
    assignment = _assignment(assignment_id)
    if assignment is None or assignment.ends_on is None:
        return False
    return _send(
        recipient=assignment.coach,
        template="assignment_old_coach",
        context={
            "coordinator_name": str(assignment.coordinator),
            "ends_on": assignment.ends_on,
            "link": ("training:coach_volunteers",),
        },
    )
