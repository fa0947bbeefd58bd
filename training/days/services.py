"""Training days' writes: enrolment with a waiting list, cancelling a place, attendance, saving a
day, and the e-mail to someone who moved up from the waiting list.

Every write locks the day's row first (``select_for_update``), so two volunteers taking the last
place at once are served one after the other: one gets the place, the other the waiting list.
A place that frees up goes to the first on the waiting list in the same transaction, with their
reminder and an e-mail (outbox) telling them they have a place.
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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.links import absolute_url
from people.models import User
from people.outbox import outbox_add, outbox_handler
from training.days.models import (
    Reminder,
    ReminderKind,
    SeatStatus,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingDayKind,
)
from training.learning.signals import progress_changed_send

logger = logging.getLogger(__name__)


# The e-mail to someone who moved up from the waiting list (object id: the seat).
TOPIC_PLACE_OFFERED = "training.training_day_place"


# The reminder is due this long before the day starts.
REMINDER_BEFORE = datetime.timedelta(days=2)


def _lock_day(day: TrainingDay) -> TrainingDay:
    return TrainingDay.objects.select_for_update().get(pk=day.pk)


def _plan_reminder(seat: TrainingDayEnrolment, *, now: datetime.datetime) -> Reminder | None:
    """The seat's reminder, due two days before the day; none when that moment has passed.
    Re-enrolling or moving the day re-plans the same row (one reminder per seat)."""
    due_at = seat.day.starts_at - REMINDER_BEFORE
    reminder = Reminder.objects.filter(kind=ReminderKind.TRAINING_DAY, seat=seat).first()
    if reminder is None:
        if due_at <= now:
            return None
        return Reminder.objects.create(
            kind=ReminderKind.TRAINING_DAY, user_id=seat.user_id, seat=seat, due_at=due_at
        )
    if reminder.sent_at is None and (reminder.cancelled_at or reminder.due_at != due_at):
        reminder.due_at = due_at
        reminder.cancelled_at = None if due_at > now else (reminder.cancelled_at or now)
        reminder.save(update_fields=["due_at", "cancelled_at"])
    return reminder


def _cancel_reminders(seat: TrainingDayEnrolment, *, now: datetime.datetime) -> None:
    Reminder.objects.filter(seat=seat, sent_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )


def _fill_free_places(day: TrainingDay, *, now: datetime.datetime) -> list[TrainingDayEnrolment]:
    """Moves the first on the waiting list up into free places (the day's row is locked)."""
    if day.cancelled_at is not None or day.starts_at <= now:
        return []
    confirmed = day.seats.filter(status=SeatStatus.CONFIRMED).count()
    free = day.capacity - confirmed
    if free <= 0:
        return []
    moving_up = list(
        day.seats.select_for_update()
        .filter(status=SeatStatus.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    for seat in moving_up:
        seat.status = SeatStatus.CONFIRMED
        seat.save(update_fields=["status"])
        seat.day = day
        _plan_reminder(seat, now=now)
        outbox_add(topic=TOPIC_PLACE_OFFERED, object_id=seat.pk)
    return moving_up


@transaction.atomic
def training_day_enrol(*, day: TrainingDay, user: User) -> TrainingDayEnrolment:
    """A place for ``user`` on ``day``, or a place on its waiting list when the day is full.

    Enrolling again returns the existing seat; enrolling after cancelling reuses the seat (at
    the end of the waiting list if the day is full). Raises ``ValidationError`` for a cancelled
    day or one that has started.
    """
    now = timezone.now()
    day = _lock_day(day)
    if day.cancelled_at is not None:
        raise ValidationError(_("This training day has been cancelled: you cannot enrol."))
    if day.starts_at <= now:
        raise ValidationError(_("This training day has already started: enrolment is closed."))
    seat = TrainingDayEnrolment.objects.filter(day=day, user=user).first()
    if seat is not None and seat.status != SeatStatus.CANCELLED:
        return seat
    # Free places go to those already waiting first: nobody jumps the waiting list.
    _fill_free_places(day, now=now)
    full = day.seats.filter(status=SeatStatus.CONFIRMED).count() >= day.capacity
    status = SeatStatus.WAITING if full else SeatStatus.CONFIRMED
    if seat is None:
        seat = TrainingDayEnrolment(day=day, user=user, created_at=now)
    seat.status = status
    seat.waiting_since = now if full else None
    seat.attended = None
    seat.attendance_recorded_at = None
    seat.attendance_recorded_by = None
    seat.save()
    if status == SeatStatus.CONFIRMED:
        _plan_reminder(seat, now=now)
    return seat


@transaction.atomic
def training_day_cancel_seat(*, seat: TrainingDayEnrolment) -> TrainingDayEnrolment:
    """Gives up a place (or a place on the waiting list); a freed place goes to the first on the
    waiting list. Cancelling twice changes nothing. Raises ``ValidationError`` once the day has
    started."""
    now = timezone.now()
    day = TrainingDay.objects.select_for_update().get(pk=seat.day_id)
    seat = TrainingDayEnrolment.objects.select_for_update().get(pk=seat.pk)
    if seat.status == SeatStatus.CANCELLED:
        return seat
    if day.starts_at <= now and day.cancelled_at is None:
        raise ValidationError(
            _("This training day has already started: you can no longer cancel your place.")
        )
    was_confirmed = seat.status == SeatStatus.CONFIRMED
    seat.status = SeatStatus.CANCELLED
    seat.waiting_since = None
    seat.save(update_fields=["status", "waiting_since"])
    _cancel_reminders(seat, now=now)
    if was_confirmed:
        _fill_free_places(day, now=now)
    return seat


def training_day_record_attendance(
    *, day: TrainingDay, recorded_by: User, attended: dict[int, bool]
) -> int:
    """Records who came (``{seat id: present}``) for the confirmed places of a day that has
    started; then lets each attendee's progress issue what they earned. Returns how many
    places were recorded. Raises ``ValidationError`` before the start, for a cancelled day, or
    for a seat that is not a confirmed place on this day."""
    now = timezone.now()
    with transaction.atomic():
        day = _lock_day(day)
        if day.cancelled_at is not None:
            raise ValidationError(_("This training day was cancelled: there is nothing to record."))
        if day.starts_at > now:
            raise ValidationError(
                _("Attendance can be recorded once the training day has started.")
            )
        seats = {
            seat.pk: seat
            for seat in day.seats.select_for_update().filter(
                status=SeatStatus.CONFIRMED, pk__in=list(attended)
            )
        }
        if set(attended) - set(seats):
            raise ValidationError(_("Attendance can only be recorded for places on this day."))
        for seat_id, present in attended.items():
            seat = seats[seat_id]
            seat.attended = bool(present)
            seat.attendance_recorded_at = now
            seat.attendance_recorded_by = recorded_by
        TrainingDayEnrolment.objects.bulk_update(
            seats.values(), ["attended", "attendance_recorded_at", "attendance_recorded_by"]
        )
    if day.track_id is not None:
        attendees = User.objects.filter(pk__in=[s.user_id for s in seats.values() if s.attended])
        for user in attendees:
            progress_changed_send(user=user)
    return len(seats)


@transaction.atomic
def training_day_save(*, day: TrainingDay) -> TrainingDay:
    """Creates or updates a day (the form has validated it). Moving the day re-plans its
    reminders; more places move people up from the waiting list."""
    now = timezone.now()
    if day.pk is not None:
        _lock_day(day)
    day.full_clean()
    day.save()
    for seat in day.seats.filter(status=SeatStatus.CONFIRMED):
        seat.day = day
        _plan_reminder(seat, now=now)
    _fill_free_places(day, now=now)
    return day


def training_day_place_send(*, seat_id: int) -> bool:
    """Tells a volunteer who moved up from the waiting list that they have a place. False when
    the seat no longer holds a place (they cancelled meanwhile) or the day is off."""
    seat = (
        TrainingDayEnrolment.objects.select_related("user", "day", "day__trainer")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None or seat.status != SeatStatus.CONFIRMED:
        return False
    day, user = seat.day, seat.user
    if day.cancelled_at is not None or day.starts_at <= timezone.now() or not user.is_active:
        return False
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = training_day_mail_context(day, online_link=True)
        subject = render_to_string("training/email/training_day_place_subject.txt", context)
        body = render_to_string("training/email/training_day_place_body.txt", context)
    send_mail(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def training_day_mail_context(day: TrainingDay, *, online_link: bool) -> dict:
    """What the e-mails about a day say (call inside ``translation.override``)."""
    return {
        "day": day,
        "online": day.kind == TrainingDayKind.ONLINE,
        "online_url": day.online_url if online_link else "",
        "trainer_name": day.trainer.get_full_name() if day.trainer is not None else "",
        "link": absolute_url(reverse("training:training_day_detail", args=[day.pk])),
        "ics_link": absolute_url(reverse("training:training_day_ics", args=[day.pk])),
    }


@outbox_handler(TOPIC_PLACE_OFFERED)
def training_day_place(seat_id: int) -> None:
    training_day_place_send(seat_id=seat_id)
