"""Reads for the staff's and coaches' lists of volunteers' training.

A list is read in two steps, so that its cost does not grow with the number of volunteers in
scope (issue 9):

1. ``volunteer_list`` annotates the volunteers in SQL with what the list filters and sorts on:
   the certificate's state and end date, the name, the first region, the progress, the days
   attended and the sign-off. The FilterSet (``filters.py``) filters on those annotations and
   the table (``tables.py``) sorts on them, counts and slices a page, all in the database.
2. ``volunteer_rows`` then computes the progress of the volunteers of that one page (or of the
   export) in detail: a fixed number of queries, whatever the number of volunteers.

The state of a certificate means the same in both: ``certificate_state`` says it in Python for
a list of certificates, ``volunteer_list`` in SQL (a test holds them to each other).
"""

from __future__ import annotations

import datetime
import functools
import operator
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Least, Lower
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from people.models import Region, User
from people.regions import REGION_NAMES, region_name
from training.certificates.models import Certificate
from training.certificates.selectors import TrackStatus
from training.days.models import SeatStatus, TrainingDayEnrolment
from training.days.selectors import attended_days
from training.learning import selectors as learning
from training.learning.models import LessonProgress, Track, TrackEnrolment

# A valid certificate that ends within this many days "expires soon".
EXPIRING_WITHIN_DAYS = 60


class CertificateState:
    """Where a volunteer's certificate stands today; sortable by urgency."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NONE = "none"

    choices = [
        (VALID, _("Valid")),
        (EXPIRING, _("Expires within 60 days")),
        (EXPIRED, _("Expired")),
        (REVOKED, _("Revoked")),
        (NONE, _("No certificate")),
    ]
    # Sorting: the ones that need attention first.
    order = {EXPIRING: 0, EXPIRED: 1, REVOKED: 2, NONE: 3, VALID: 4}

    @classmethod
    def label(cls, value: str) -> str:
        return str(dict(cls.choices)[value])


def certificate_state(
    certificates: Iterable[Certificate], day: datetime.date | None = None
) -> tuple[str, Certificate | None]:
    """The state of a volunteer's certificates (of one track) and the certificate it is about:
    the valid one that runs longest; else the latest one, expired or revoked."""
    day = day or timezone.localdate()
    certificates = list(certificates)
    valid = [certificate for certificate in certificates if certificate.is_valid_on(day)]
    if valid:
        best = max(valid, key=lambda certificate: certificate.valid_until)
        soon = best.valid_until <= day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
        return (CertificateState.EXPIRING if soon else CertificateState.VALID), best
    if not certificates:
        return CertificateState.NONE, None
    latest = max(certificates, key=lambda c: (c.issued_on, c.valid_until, c.pk))
    if latest.revoked_at is not None:
        return CertificateState.REVOKED, latest
    return CertificateState.EXPIRED, latest


# --- Step 1: the list in SQL --------------------------------------------------------------------


@dataclass(frozen=True)
class TrackContent:
    """A track's modules and, per module, the translation keys of its live lessons: what both
    the list's progress (in SQL) and a page's progress (in Python) count. Two queries."""

    track: Track
    modules: list[Page]
    lesson_keys: dict[int, list[uuid.UUID]]


def track_content(track: Track | None) -> TrackContent | None:
    if track is None:
        return None
    modules = learning.track_modules(track)
    lessons = learning.lessons_by_module(modules)
    return TrackContent(
        track=track,
        modules=modules,
        lesson_keys={
            module.pk: [lesson.translation_key for lesson in lessons.get(module.pk, [])]
            for module in modules
        },
    )


class ListColumns(TypedDict):
    """The annotations of ``volunteer_list`` that a page's rows read."""

    certificate_state: str
    valid_until: datetime.date | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A user of ``volunteer_list`` (only a type: ``WithAnnotations`` takes no arguments at run time
    # on Python 3.11).
    ListedVolunteer = WithAnnotations[User, ListColumns]


def _certificate_case(values: dict[str, Expression], soon: datetime.date) -> Case:
    """One value per certificate state, decided as ``certificate_state`` does: the longest
    valid certificate (expiring when it ends by ``soon``), else none at all, else the latest
    one revoked or expired. Reads the aliases of ``volunteer_list``."""
    return Case(
        When(best_valid_until__gt=soon, then=values[CertificateState.VALID]),
        When(best_valid_until__isnull=False, then=values[CertificateState.EXPIRING]),
        When(has_certificate=False, then=values[CertificateState.NONE]),
        When(latest_revoked_at__isnull=False, then=values[CertificateState.REVOKED]),
        default=values[CertificateState.EXPIRED],
    )


def _local_region_name() -> F | Case:
    """A region's name in the active language, as ``people.regions.region_name`` gives it."""
    if (get_language() or "nl").split("-")[0] == "nl":
        return F("name")
    return Case(
        *[When(code=code, then=Value(str(name))) for code, name in REGION_NAMES.items()],
        default=F("name"),
        output_field=CharField(),
    )


def _modules_done(content: TrackContent) -> Expression:
    """How many of the track's modules the volunteer completed: every live lesson done (a
    module without lessons is never complete, as in ``learning.ModuleStatus``)."""
    done: list[Expression] = [Value(0)]
    for keys in content.lesson_keys.values():
        if not keys:
            continue
        lessons_done = (
            LessonProgress.objects.filter(
                user=OuterRef("pk"), completed_at__isnull=False, lesson_key__in=keys
            )
            .values("user")
            .annotate(count=Count("lesson_key", distinct=True))
            .values("count")
        )
        done.append(
            Case(
                When(Exact(Subquery(lessons_done), len(set(keys))), then=Value(1)),
                default=Value(0),
            )
        )
    return functools.reduce(operator.add, done)


def _days_attended(track: Track) -> Subquery:
    """The training days of ``track`` the volunteer (``OuterRef("pk")``) attended: the same days
    as ``training.days.selectors.attended_days``."""
    return Subquery(
        TrainingDayEnrolment.objects.filter(
            user=OuterRef("pk"), day__track=track, attended=True, status=SeatStatus.CONFIRMED
        )
        .values("user")
        .annotate(count=Count("day", distinct=True))
        .values("count")
    )


def volunteer_list(
    volunteers: QuerySet[User],
    content: TrackContent | None,
    *,
    today: datetime.date | None = None,
) -> QuerySet[ListedVolunteer]:
    """The volunteers with what their list shows, filters and sorts on, in SQL.

    Selected: ``certificate_state`` (a ``CertificateState`` value, of their certificates of the
    track, of any track without one) and ``valid_until`` (the end of the certificate that state
    is about), which the FilterSet filters on. For sorting only (``volunteer_order``):
    ``sort_name``, ``region_sort``, ``certificate_sort``, ``progress_sort`` (the parts of the
    track done, -1 when not enrolled: the order of the percentage, as every volunteer has the
    same parts to do), ``days_sort`` and ``sign_off_sort`` (-1 not enrolled, 0 not yet, 1 signed
    off). Regions are prefetched.
    """
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    certificates = Certificate.objects.filter(user=OuterRef("pk"))
    if content is not None:
        certificates = certificates.filter(track=content.track)
    latest = certificates.order_by("-issued_on", "-valid_until", "-pk")
    regions = (
        Region.objects.filter(members=OuterRef("pk"))
        .order_by("name")
        .annotate(local_name=_local_region_name())
        .values("local_name")
    )
    volunteers = (
        volunteers.alias(
            best_valid_until=Subquery(
                certificates.valid_on(today).order_by("-valid_until").values("valid_until")[:1]
            ),
            has_certificate=Exists(certificates),
            latest_revoked_at=Subquery(latest.values("revoked_at")[:1]),
        )
        .annotate(
            certificate_state=_certificate_case(
                {state: Value(state) for state, _label in CertificateState.choices}, soon
            ),
            valid_until=Coalesce(F("best_valid_until"), Subquery(latest.values("valid_until")[:1])),
        )
        .alias(
            certificate_sort=_certificate_case(
                {state: Value(rank) for state, rank in CertificateState.order.items()}, soon
            ),
            sort_name=Lower(Concat("last_name", Value(" "), "first_name")),
            # The regions as the list joins them ("Antwerpen, Limburg"): the first, then the
            # second (none first), which orders every volunteer with one or two regions.
            region_sort=Coalesce(Subquery(regions[:1]), Value("")),
            second_region_sort=Subquery(regions[1:2]),
        )
    )
    if content is None:
        # Cast, not a bare constant: PostgreSQL reads "ORDER BY -1" as a column position.
        volunteers = volunteers.alias(
            progress_sort=Cast(Value(-1), IntegerField()),
            days_sort=Cast(Value(0), IntegerField()),
            sign_off_sort=Cast(Value(-1), IntegerField()),
        )
    else:
        track = content.track
        enrolment = TrackEnrolment.objects.filter(user=OuterRef("pk"), track=track)
        days = _days_attended(track)
        parts_done = _modules_done(content)
        if track.required_training_days:
            parts_done += Least(F("days_attended"), Value(track.required_training_days))
        if track.sign_off_required:
            parts_done += Case(When(signed_off=True, then=Value(1)), default=Value(0))
        volunteers = volunteers.alias(
            enrolled=Exists(enrolment),
            signed_off=Exists(enrolment.filter(signed_off_at__isnull=False)),
            days_attended=Coalesce(days, Value(0)),
        ).alias(
            progress_sort=Case(When(enrolled=True, then=parts_done), default=Value(-1)),
            days_sort=Case(When(enrolled=True, then=F("days_attended")), default=Value(0)),
            sign_off_sort=Case(
                When(signed_off=True, then=Value(1)),
                When(enrolled=True, then=Value(0)),
                default=Value(-1),
            ),
        )
    return volunteers.prefetch_related(
        Prefetch("regions", queryset=Region.objects.order_by("name"))
    )


# The list's sort keys; ties go by name, then by id, so that pages never overlap.
SORT_KEYS = (
    "sort_name",
    "region_sort",
    "progress_sort",
    "days_sort",
    "sign_off_sort",
    "certificate_sort",
    "valid_until",
)


def volunteer_order(key: str, *, descending: bool = False) -> list[OrderBy | str]:
    """The ``order_by`` of the list sorted on ``key`` (one of ``SORT_KEYS``). A volunteer
    without a certificate comes first by ``valid_until``, last in reverse."""
    if key not in SORT_KEYS:
        raise ValueError(key)
    keys = [F(key), F("second_region_sort")] if key == "region_sort" else [F(key)]
    first = [k.desc(nulls_last=True) if descending else k.asc(nulls_first=True) for k in keys]
    ties = ["pk"] if key == "sort_name" else ["sort_name", "pk"]
    return [*first, *ties]


# --- Step 2: the rows of one page ---------------------------------------------------------------


@dataclass
class VolunteerRow:
    """One volunteer in the staff's or coach's table."""

    user: User
    region_names: str
    track: Track | None
    enrolment: TrackEnrolment | None
    status: TrackStatus | None
    certificate_state: str
    valid_until: datetime.date | None

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def percent(self) -> int | None:
        return self.status.percent if self.status is not None else None

    @property
    def days_attended(self) -> int:
        return self.status.days_attended if self.status is not None else 0

    @property
    def signed_off_at(self) -> datetime.datetime | None:
        return self.enrolment.signed_off_at if self.enrolment is not None else None

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def certificate_label(self) -> str:
        return CertificateState.label(self.certificate_state)


def volunteer_rows(
    volunteers: Sequence[ListedVolunteer], content: TrackContent | None
) -> list[VolunteerRow]:
    """Each volunteer of ``volunteer_list`` (a page of it, or all for the export) with their
    progress on the track. Three queries (enrolments, lessons done, days attended), whatever
    the number of volunteers."""
    enrolments: dict[int, TrackEnrolment] = {}
    statuses: dict[int, TrackStatus] = {}
    if content is not None:
        track = content.track
        enrolments = {
            enrolment.user_id: enrolment
            for enrolment in TrackEnrolment.objects.filter(
                track=track, user_id__in=[volunteer.pk for volunteer in volunteers]
            )
        }
        enrolled_ids = list(enrolments)
        done = learning.completed_lesson_keys(enrolled_ids)
        days = attended_days(enrolled_ids, track)
        for user_id, enrolment in enrolments.items():
            done_keys = done.get(user_id, set())
            statuses[user_id] = TrackStatus(
                track=track,
                modules=[
                    learning.ModuleStatus(
                        module=module,
                        lesson_keys=content.lesson_keys[module.pk],
                        done_keys=done_keys,
                    )
                    for module in content.modules
                ],
                days_attended=days.get(user_id, 0),
                signed_off=enrolment.signed_off_at is not None,
            )
    return [
        VolunteerRow(
            user=volunteer,
            region_names=", ".join(region_name(region) for region in volunteer.regions.all()),
            track=content.track if content is not None else None,
            enrolment=enrolments.get(volunteer.pk),
            status=statuses.get(volunteer.pk),
            certificate_state=volunteer.certificate_state,
            valid_until=volunteer.valid_until,
        )
        for volunteer in volunteers
    ]


def search_names(queryset: QuerySet[User], text: str) -> QuerySet[User]:
    """Volunteers whose first or last name holds each word of ``text`` (the first five)."""
    for term in text.split()[:5]:
        queryset = queryset.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    return queryset


def awaiting_sign_off(volunteers: QuerySet[User]) -> QuerySet[User]:
    """Of ``volunteers``, those whose track is complete except the sign-off: an active track
    that qualifies for matching and needs a sign-off, every module done and the training days
    attended, not signed off yet. Matching may give them a first traject as a learning
    traject (the coach signs off from it). Two queries a such track to build (its content),
    one when evaluated, whatever the number of volunteers."""
    tracks = Track.objects.filter(
        is_active=True, qualifies_for_matching=True, sign_off_required=True
    ).order_by("pk")
    condition = Q(pk__in=[])
    aliases: dict[str, Any] = {}
    for track in tracks:
        content = track_content(track)
        if content is None or not content.modules:
            continue
        days = _days_attended(track)
        aliases[f"waiting_{track.pk}"] = Exists(
            TrackEnrolment.objects.filter(
                user=OuterRef("pk"), track=track, signed_off_at__isnull=True
            )
        )
        aliases[f"modules_{track.pk}"] = _modules_done(content)
        aliases[f"days_{track.pk}"] = Coalesce(days, Value(0))
        condition |= Q(
            **{
                f"waiting_{track.pk}": True,
                f"modules_{track.pk}": len(content.modules),
                f"days_{track.pk}__gte": track.required_training_days,
            }
        )
    if not aliases:
        return volunteers.none()
    return volunteers.alias(**aliases).filter(condition)
