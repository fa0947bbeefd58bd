"""Writes from the coach's dashboard: a contact logged with a coordinator, and the coach's choice
of the weekly digest. The digest itself is ``coaching.dashboard.digest``."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coaching.models import CoachingProfile, Contact, ContactKind
from people.models import CoachAssignment, User

logger = logging.getLogger(__name__)

# A contact can be logged up to a year back.
CONTACT_MAX_AGE = datetime.timedelta(days=365)
# The same form posted twice within this time (a double click, a reload) logs one contact.
DUPLICATE_WINDOW = datetime.timedelta(minutes=1)
NOTE_MAX_LENGTH = Contact._meta.get_field("note").max_length or 500


def contact_log(
    *,
    coach: User,
    coordinator: User,
    occurred_on: datetime.date,
    kind: str,
    note: str = "",
) -> Contact:
    """Records a contact ``coach`` had with ``coordinator``. Refused (``ValidationError`` on the
    field) when the coach does not coach them today, the date is in the future or more than a
    year back, or the kind is unknown. The same contact posted again within a minute returns
    the one already logged."""
    note = note.strip()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if occurred_on > today:
        errors["occurred_on"] = _("The date cannot be in the future.")
    elif occurred_on < today - CONTACT_MAX_AGE:
        errors["occurred_on"] = _("The date cannot be more than a year ago.")
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose call, visit or message.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Keep the note short: at most %(max)s characters.") % {
            "max": NOTE_MAX_LENGTH
        }
    with transaction.atomic():
        # Locks the assignment: two posts of the same form at once are taken one after the
        # other, so the second finds the first's contact.
        assignment = (
            CoachAssignment.objects.select_for_update()
            .filter(
                coach=coach,
                coordinator=coordinator,
                ends_on__isnull=True,
                coordinator__is_active=True,
            )
            .first()
        )
        if assignment is None:
            errors["coordinator"] = _("You can only log a contact with a coordinator you coach.")
        if errors:
            raise ValidationError(errors)
        existing = (
            Contact.objects.filter(
                coach=coach,
                coordinator=coordinator,
                occurred_on=occurred_on,
                kind=kind,
                note=note,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
        contact = Contact.objects.create(
            coach=coach, coordinator=coordinator, occurred_on=occurred_on, kind=kind, note=note
        )
    logger.info("coaching: contact %s logged", contact.pk)
    return contact


def coaching_profile_digest_set(*, coach: User, weekly_digest: bool) -> CoachingProfile:
    """Switches the coach's weekly digest on or off (creating their profile if needed)."""
    with transaction.atomic():
        profile, _created = CoachingProfile.objects.update_or_create(
            user=coach, defaults={"weekly_digest": weekly_digest}
        )
    return profile
