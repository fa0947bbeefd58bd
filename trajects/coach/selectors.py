"""Reads for the coach: the trajects of the coordinators they coach today, read-only."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from training.learning.models import TrackEnrolment
from trajects.traject.models import ACTIVE, Traject, TrajectQuerySet

PER_PAGE = 25


def _awaiting_sign_off() -> Exists:
    """The traject's coordinator has a track waiting for the sign-off (the learning traject's
    reason to be)."""
    return Exists(
        TrackEnrolment.objects.filter(
            user=OuterRef("coordinator"),
            track__is_active=True,
            track__sign_off_required=True,
            track__qualifies_for_matching=True,
            signed_off_at__isnull=True,
        )
    )


@dataclass(frozen=True)
class CoachTrajectPage:
    """One page of the coach's list: the current trajects first, then the ended ones, each
    newest first, paged as one list (``page_obj``) and split again for the page's two tables.

    A table is shown when the page holds rows of it, and also when there are none of it at
    all ("None."): the current ones on the first page, the ended ones on the last."""

    page_obj: Page
    current: list[Traject]
    ended: list[Traject]

    @property
    def shows_current(self) -> bool:
        return bool(self.current) or self.page_obj.number == 1

    @property
    def shows_ended(self) -> bool:
        return bool(self.ended) or not self.page_obj.has_next()


def coach_trajects(*, user) -> TrajectQuerySet:
    """The coach's coordinators' trajects, the current ones first, each part newest first,
    each with ``awaiting_sign_off``."""
    return (
        Traject.objects.for_coach(user)
        .select_related("registration", "coordinator")
        .annotate(
            awaiting_sign_off=_awaiting_sign_off(),
            has_ended=Case(
                When(phase__in=ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .order_by("has_ended", "-started_at", "-pk")
    )


def coach_traject_page(
    *, user, page: str | int | None, per_page: int = PER_PAGE
) -> CoachTrajectPage:
    """The page ``page`` of ``coach_trajects`` (the last for a number past it, the first for
    anything else): two queries (the count and the page) whatever their number."""
    page_obj = Paginator(coach_trajects(user=user), per_page).get_page(page)
    trajects = list(page_obj.object_list)
    page_obj.object_list = trajects
    return CoachTrajectPage(
        page_obj=page_obj,
        current=[traject for traject in trajects if traject.phase in ACTIVE],
        ended=[traject for traject in trajects if traject.phase not in ACTIVE],
    )


def coach_queryset(*, user) -> TrajectQuerySet:
    """One of the coach's coordinators' trajects, with what its page reads one-to-one."""
    return (
        Traject.objects.for_coach(user)
        .select_related(
            "registration",
            "registration__postcode",
            "region",
            "coordinator",
            "preparation",
            "conference",
            "plan",
            "follow_up",
        )
        .annotate(awaiting_sign_off=_awaiting_sign_off())
    )
