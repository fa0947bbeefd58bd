"""Reads of the staff's coaching pages: who is in a staff member's scope, coordinators without a
coach, each coach's load against their capacity, and the yearly overview of a region.

Scope: regional staff see their regions (or one of them, chosen), administrators every region
(or one, chosen). Every function answers in a fixed number of queries, whatever the number of
coordinators or coaches: the pages are tested at two sizes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coaching.models import DEFAULT_CAPACITY, Invitation, Session, SessionKind
from coaching.selectors import YearlyCounts, yearly_counts
from people.access import access_for
from people.models import CoachAssignment, Region, User
from people.regions import region_name


def region_ids_in_scope(user: User, region: Region | None = None) -> frozenset[int] | None:
    """The ids of the regions a page shows: the one chosen, else the staff member's regions;
    None for an administrator who chose none (every region, also people without one).

    ``region`` must be one of the user's (the views check it with ``Region.visible_to``)."""
    access = access_for(user)
    if region is not None:
        return frozenset({region.pk})
    if access.is_administrator:
        return None
    return access.region_ids


def _in_regions(users: QuerySet[User], region_ids: frozenset[int] | None) -> QuerySet[User]:
    """``users`` who work in one of ``region_ids`` (all of them for None), each once."""
    if region_ids is None:
        return users
    members = User.regions.through.objects.filter(region_id__in=region_ids).values("user_id")
    return users.filter(pk__in=members)


def _sorted_regions() -> Prefetch:
    return Prefetch("regions", queryset=Region.objects.order_by("name"))


def coordinators_in_scope(user: User, region: Region | None = None) -> QuerySet[User]:
    """Active coordinators in the regions ``user`` sees (or in ``region``)."""
    return _in_regions(User.objects.coordinators(), region_ids_in_scope(user, region))


def coaches_in_scope(user: User, region: Region | None = None) -> QuerySet[User]:
    """Active coaches in the regions ``user`` sees (or in ``region``), with ``load`` (their
    active assignments, in every region) and ``capacity_value`` (their profile's, else the
    default) annotated."""
    load = (
        CoachAssignment.objects.active()
        .filter(coach=OuterRef("pk"))
        .order_by()
        .values("coach")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        _in_regions(User.objects.coaches(), region_ids_in_scope(user, region))
        .annotate(
            load=Coalesce(Subquery(load, output_field=IntegerField()), 0),
            capacity_value=Coalesce("coaching_profile__capacity", Value(DEFAULT_CAPACITY)),
        )
        .order_by("first_name", "last_name", "email")
    )


def coordinator_for_staff(user: User, coordinator_id: int) -> User | None:
    """The active coordinator ``coordinator_id`` if ``user`` sees one of their regions (an
    administrator: any), else None (the views answer 404)."""
    return coordinators_in_scope(user).filter(pk=coordinator_id).first()


def coach_for_staff(user: User, coach_id: int) -> User | None:
    """The active coach ``coach_id`` if ``user`` sees one of their regions, else None."""
    return coaches_in_scope(user).filter(pk=coach_id).first()


def coach_choices(user: User, coordinator: User) -> QuerySet[User]:
    """The coaches who may take ``coordinator``: in a region of the coordinator that ``user``
    sees (an administrator: any region of the coordinator's; with none, any coach)."""
    coordinator_regions = set(coordinator.regions.values_list("pk", flat=True))
    scope = region_ids_in_scope(user)
    if scope is None:
        region_ids: frozenset[int] | None = frozenset(coordinator_regions) or None
    else:
        region_ids = frozenset(coordinator_regions & scope)
    return coaches_in_scope(user).filter(
        pk__in=_in_regions(User.objects.all(), region_ids).values("pk")
    )


# --- The assignments page -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoachLoad:
    coach: User
    load: int
    capacity: int

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.capacity

    @property
    def over_capacity(self) -> bool:
        return self.load > self.capacity

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


# Each list of the assignments page shows this many rows a page, read with LIMIT and OFFSET.
ASSIGNMENTS_PER_PAGE = 100


@dataclass(frozen=True)
class Assignments:
    """What the assignments page shows for one scope: one page of each list (``*_page``, a
    Django ``Page``; ``without_coach`` and ``with_coach`` are their rows)."""

    without_coach: list[User]
    with_coach: list[CoachAssignment]
    loads: list[CoachLoad] = field(default_factory=list)
    without_page: Page | None = None
    with_page: Page | None = None


def coach_loads(user: User, region: Region | None = None) -> list[CoachLoad]:
    """Every coach in scope with their load and capacity, by name. One query."""
    coaches: list[Any] = list(coaches_in_scope(user, region))  # annotated: load, capacity_value
    return [
        CoachLoad(coach=coach, load=coach.load, capacity=coach.capacity_value) for coach in coaches
    ]


def assignments(
    user: User,
    region: Region | None = None,
    *,
    without_page: str | int | None = 1,
    with_page: str | int | None = 1,
) -> Assignments:
    """Coordinators without an active coach, coordinators with theirs (to reassign), each list
    one page (``without_page``, ``with_page``: the page numbers asked for; a wrong one gives
    the first or the last), and each coach's load. Seven queries, whatever the number of
    coordinators."""
    coordinators = coordinators_in_scope(user, region)
    active = CoachAssignment.objects.active()
    without = (
        coordinators.exclude(pk__in=active.values("coordinator_id"))
        .prefetch_related(_sorted_regions())
        .order_by("first_name", "last_name", "email")
    )
    with_coach = (
        active.filter(coordinator__in=coordinators)
        .select_related("coordinator", "coach")
        .prefetch_related(
            Prefetch("coordinator__regions", queryset=Region.objects.order_by("name"))
        )
        .order_by("coordinator__first_name", "coordinator__last_name", "coordinator__email")
    )
    without_rows = Paginator(without, ASSIGNMENTS_PER_PAGE).get_page(without_page)
    with_rows = Paginator(with_coach, ASSIGNMENTS_PER_PAGE).get_page(with_page)
    return Assignments(
        without_coach=list(without_rows.object_list),
        with_coach=list(with_rows.object_list),
        loads=coach_loads(user, region),
        without_page=without_rows,
        with_page=with_rows,
    )


# --- The yearly overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    """One coordinator in the overview: their coach, this year's attendance against the
    minimums, the last session they attended."""

    coordinator: User
    coach_name: str
    counts: YearlyCounts
    last_attended: datetime.date | None
    region_names: str = ""

    @property
    def name(self) -> str:
        return str(self.coordinator)

    @property
    def last_attended_sort(self) -> str:
        return self.last_attended.isoformat() if self.last_attended else ""

    @property
    def below_minimum(self) -> bool:
        return self.counts.below_minimum


@dataclass(frozen=True)
class Overview:
    rows: list[OverviewRow]
    sessions_held: dict[str, int]
    loads: list[CoachLoad]
    year: int

    @property
    def sessions_total(self) -> int:
        return sum(self.sessions_held.values())


def _coach_name(first: str | None, last: str | None, email: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (email or "")


def _region_names(users: QuerySet[User]) -> dict[int, str]:
    """Each of ``users``' regions by name, in the active language, joined with commas: one
    query (a thousand coordinators' regions as model instances cost more than the page)."""
    memberships = (
        User.regions.through.objects.filter(user_id__in=users.values("pk"))
        .order_by("region__name", "region_id")
        .values_list("user_id", "region__code", "region__name")
    )
    names: dict[tuple[str, str], str] = {}
    by_user: dict[int, list[str]] = {}
    for user_id, code, name in memberships:
        if (code, name) not in names:
            names[code, name] = region_name(Region(code=code, name=name))
        by_user.setdefault(user_id, []).append(names[code, name])
    return {user_id: ", ".join(regions) for user_id, regions in by_user.items()}


def overview_rows(
    user: User,
    region: Region | None = None,
    *,
    below_minimum_only: bool = False,
    day: datetime.date | None = None,
) -> list[OverviewRow]:
    """Every coordinator in scope with their coach, this year's counts and the last session
    they attended; by name. Four queries (coordinators, their regions, two for the counts)."""
    day = day or timezone.localdate()
    coach = CoachAssignment.objects.active().filter(coordinator=OuterRef("pk")).order_by()
    last = (
        Invitation.objects.filter(
            coordinator=OuterRef("pk"),
            attended=True,
            session__cancelled_at__isnull=True,
        )
        .order_by()
        .values("coordinator")
        .annotate(last=Max("session__starts_at"))
        .values("last")
    )
    coordinators = list(
        coordinators_in_scope(user, region)
        .only("pk", "first_name", "last_name", "email")
        .annotate(
            coach_first=Subquery(coach.values("coach__first_name")[:1]),
            coach_last=Subquery(coach.values("coach__last_name")[:1]),
            coach_email=Subquery(coach.values("coach__email")[:1]),
            last_attended_at=Subquery(last),
        )
        .order_by("first_name", "last_name", "email")
    )
    ids = [coordinator.pk for coordinator in coordinators]
    in_scope = coordinators_in_scope(user, region)
    counts = yearly_counts(ids, day, among=in_scope)
    region_names = _region_names(in_scope)
    rows = []
    for coordinator in coordinators:
        row = OverviewRow(
            coordinator=coordinator,
            coach_name=_coach_name(
                coordinator.coach_first, coordinator.coach_last, coordinator.coach_email
            ),
            counts=counts[coordinator.pk],
            last_attended=(
                timezone.localdate(coordinator.last_attended_at)
                if coordinator.last_attended_at
                else None
            ),
            region_names=region_names.get(coordinator.pk, ""),
        )
        if below_minimum_only and not row.below_minimum:
            continue
        rows.append(row)
    return rows


def sessions_held(
    user: User, region: Region | None = None, *, year: int | None = None
) -> dict[str, int]:
    """Sessions held (ended, not cancelled) in ``year`` in the regions in scope, by kind
    (every kind present, 0 when none). One query."""
    year = year or timezone.localdate().year
    sessions = Session.objects.held().in_year(year)
    region_ids = region_ids_in_scope(user, region)
    if region_ids is not None:
        sessions = sessions.filter(region_id__in=region_ids)
    counts = dict.fromkeys(SessionKind.values, 0)
    for row in sessions.order_by().values("kind").annotate(count=Count("pk")):
        counts[row["kind"]] = row["count"]
    return counts


def overview(
    user: User,
    region: Region | None = None,
    *,
    below_minimum_only: bool = False,
    day: datetime.date | None = None,
) -> Overview:
    """The staff's yearly overview of a scope. Six queries."""
    day = day or timezone.localdate()
    return Overview(
        rows=overview_rows(user, region, below_minimum_only=below_minimum_only, day=day),
        sessions_held=sessions_held(user, region, year=day.year),
        loads=coach_loads(user, region),
        year=day.year,
    )
