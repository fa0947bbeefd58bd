"""Training days' reads: the portal's list and detail, the staff's list, places left, the
waiting list, and the days each volunteer attended (a track's second requirement)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from people.access import access_for
from people.models import User
from people.roles import Role
from training import access
from training.days.models import SeatStatus, TrainingDay, TrainingDayEnrolment
from training.learning.models import Track


def _with_counts(days: QuerySet[TrainingDay]) -> QuerySet[TrainingDay]:
    return days.annotate(
        confirmed_count=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)),
        waiting_count=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
    )


def upcoming_days(*, region=None, track=None) -> QuerySet[TrainingDay]:
    """Upcoming days that are not cancelled, in the region and of the track if given, in
    order: what the portal's list shows, without what it shows of each day (to count them)."""
    days = TrainingDay.objects.upcoming()
    if region is not None:
        days = days.filter(region=region)
    if track is not None:
        days = days.filter(track=track)
    return days.order_by("starts_at", "pk")


def training_days_for_volunteer(user: User, *, region=None, track=None) -> QuerySet[TrainingDay]:
    """``upcoming_days`` with the places taken and ``my_status`` (the user's seat status, or
    None); one query."""
    my_seat = TrainingDayEnrolment.objects.filter(day=OuterRef("pk"), user=user)
    return (
        _with_counts(upcoming_days(region=region, track=track))
        .annotate(my_status=Subquery(my_seat.values("status")[:1]))
        .select_related("region", "track")
    )


def training_day_for_volunteer(user: User, pk: int) -> TrainingDay | None:
    """A day the user may open in the portal: any upcoming day that is not cancelled, and any
    day they have (had) a seat on, give or manage. None otherwise."""
    day = (
        _with_counts(TrainingDay.objects.filter(pk=pk))
        .select_related("region", "track", "trainer")
        .first()
    )
    if day is None:
        return None
    if day.cancelled_at is None and day.starts_at >= timezone.now():
        return day
    if day.trainer_id == user.pk or access.can_manage_day(user, day):
        return day
    if TrainingDayEnrolment.objects.filter(day=day, user=user).exists():
        return day
    return None


def waiting_position(seat: TrainingDayEnrolment) -> int | None:
    """1 for the first on the waiting list; None when the seat is not waiting."""
    if seat.status != SeatStatus.WAITING or seat.waiting_since is None:
        return None
    ahead = TrainingDayEnrolment.objects.filter(
        day_id=seat.day_id, status=SeatStatus.WAITING
    ).filter(
        Q(waiting_since__lt=seat.waiting_since)
        | Q(waiting_since=seat.waiting_since, pk__lt=seat.pk)
    )
    return ahead.count() + 1


def training_days_managed_by(user: User) -> QuerySet[TrainingDay]:
    """The days in the staff list: administrators all; staff their regions'; anyone the days
    they give. With the counts of places; a fixed number of queries."""
    access = access_for(user)
    days = TrainingDay.objects.all()
    if not access.is_administrator:
        condition = Q(trainer_id=user.pk)
        if access.has(Role.REGIONAL_STAFF):
            condition |= Q(region_id__in=access.region_ids)
        days = days.filter(condition)
    return _with_counts(days).select_related("region", "track", "trainer")


def confirmed_seats(day: TrainingDay) -> QuerySet[TrainingDayEnrolment]:
    return (
        day.seats.filter(status=SeatStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def places_left(day: TrainingDay) -> int:
    confirmed = getattr(day, "confirmed_count", None)
    if confirmed is None:
        confirmed = day.seats.filter(status=SeatStatus.CONFIRMED).count()
    return max(day.capacity - confirmed, 0)


def attended_days(user_ids: Iterable[int], track: Track) -> dict[int, int]:
    """How many of the track's training days each user attended; one query."""
    rows = (
        TrainingDayEnrolment.objects.filter(
            user_id__in=list(user_ids),
            day__track=track,
            attended=True,
            status=SeatStatus.CONFIRMED,
        )
        .values("user_id")
        .annotate(days=Count("day_id", distinct=True))
        .values_list("user_id", "days")
    )
    return dict(rows)
