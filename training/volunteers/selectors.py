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
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

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

from people.models import Region, User
from people.regions import REGION_NAMES, region_name
from training.certificates.models import Certificate, CertificateQuerySet
from training.certificates.selectors import track_percent
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
    """A track's modules (their ids, in the track's order) each with the translation keys of
    its live lessons: what both the list's progress (in SQL) and a page's progress (in Python)
    count. Two queries."""

    track: Track
    lesson_keys: dict[int, list[uuid.UUID]]

    @property
    def modules(self) -> int:
        return len(self.lesson_keys)

    def modules_done(self, done_keys: set[uuid.UUID]) -> int:
        """How many modules have every live lesson in ``done_keys`` (a module without lessons
        is never complete, as in ``learning.ModuleStatus``)."""
        return sum(1 for keys in self.lesson_keys.values() if keys and done_keys.issuperset(keys))


def track_content(track: Track | None) -> TrackContent | None:
    if track is None:
        return None
    return TrackContent(track=track, lesson_keys=learning.track_lesson_keys(track))


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
    """The volunteers with what their list shows and filters on, in SQL.

    Selected: ``certificate_state`` (a ``CertificateState`` value, of their certificates of the
    track, of any track without one) and ``valid_until`` (the end of the certificate that state
    is about), which the FilterSet filters on. What the list sorts on
    is added by ``volunteer_sort`` for the one sort asked: building every sort key on every
    request cost more than the rest of the query. Only the users' names and e-mail addresses
    are read (``only``).
    """
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    certificates = _certificates(content)
    latest = certificates.order_by("-issued_on", "-valid_until", "-pk")
    volunteers = volunteers.alias(
        best_valid_until=Subquery(
            certificates.valid_on(today).order_by("-valid_until").values("valid_until")[:1]
        ),
        has_certificate=Exists(certificates),
        latest_revoked_at=Subquery(latest.values("revoked_at")[:1]),
    ).annotate(
        certificate_state=_certificate_case(
            {state: Value(state) for state, _label in CertificateState.choices}, soon
        ),
        valid_until=Coalesce(F("best_valid_until"), Subquery(latest.values("valid_until")[:1])),
    )
    # The list shows a volunteer's name (or e-mail) and regions only: a user's other columns
    # cost more to read and build than the rest of a row. The regions are read with the rows
    # (``volunteer_rows``).
    return volunteers.only("first_name", "last_name", "email")


def _certificates(content: TrackContent | None) -> CertificateQuerySet:
    """The certificates ``volunteer_list`` reads: of the track, of any track without one."""
    certificates = Certificate.objects.filter(user=OuterRef("pk"))
    if content is not None:
        certificates = certificates.filter(track=content.track)
    return certificates


def _sort_aliases(
    key: str, content: TrackContent | None, today: datetime.date | None = None
) -> dict[str, Any]:
    """The aliases ``volunteer_order(key)`` sorts on, over ``volunteer_list``'s: always
    ``sort_name`` (ties go by name); ``region_sort`` and ``second_region_sort``;
    ``certificate_sort``; ``progress_sort`` (the parts of the track done, -1 when not enrolled:
    the order of the percentage, as every volunteer has the same parts to do); ``days_sort``;
    ``sign_off_sort`` (-1 not enrolled, 0 not yet, 1 signed off). ``valid_until`` is
    ``volunteer_list``'s own."""
    aliases: dict[str, Any] = {"sort_name": Lower(Concat("last_name", Value(" "), "first_name"))}
    if key == "region_sort":
        regions = (
            Region.objects.filter(members=OuterRef("pk"))
            .order_by("name")
            .annotate(local_name=_local_region_name())
            .values("local_name")
        )
        # The regions as the list joins them ("Antwerpen, Limburg"): the first, then the
        # second (none first), which orders every volunteer with one or two regions.
        aliases["region_sort"] = Coalesce(Subquery(regions[:1]), Value(""))
        aliases["second_region_sort"] = Subquery(regions[1:2])
    elif key == "certificate_sort":
        soon = (today or timezone.localdate()) + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
        aliases["certificate_sort"] = _certificate_case(
            {state: Value(rank) for state, rank in CertificateState.order.items()}, soon
        )
    elif key in ("progress_sort", "days_sort", "sign_off_sort"):
        aliases.update(_track_sort_aliases(key, content))
    return aliases


def _track_sort_aliases(key: str, content: TrackContent | None) -> dict[str, Any]:
    if content is None:
        # Cast, not a bare constant: PostgreSQL reads "ORDER BY -1" as a column position.
        constant = {"progress_sort": -1, "days_sort": 0, "sign_off_sort": -1}[key]
        return {key: Cast(Value(constant), IntegerField())}
    track = content.track
    enrolment = TrackEnrolment.objects.filter(user=OuterRef("pk"), track=track)
    aliases: dict[str, Any] = {"enrolled": Exists(enrolment)}
    if key == "sign_off_sort" or (key == "progress_sort" and track.sign_off_required):
        aliases["signed_off"] = Exists(enrolment.filter(signed_off_at__isnull=False))
    if key == "days_sort" or (key == "progress_sort" and track.required_training_days):
        aliases["days_attended"] = Coalesce(_days_attended(track), Value(0))
    if key == "progress_sort":
        parts_done = _modules_done(content)
        if track.required_training_days:
            parts_done += Least(F("days_attended"), Value(track.required_training_days))
        if track.sign_off_required:
            parts_done += Case(When(signed_off=True, then=Value(1)), default=Value(0))
        aliases[key] = Case(When(enrolled=True, then=parts_done), default=Value(-1))
    elif key == "days_sort":
        aliases[key] = Case(When(enrolled=True, then=F("days_attended")), default=Value(0))
    else:
        aliases[key] = Case(
            When(signed_off=True, then=Value(1)),
            When(enrolled=True, then=Value(0)),
            default=Value(-1),
        )
    return aliases


def volunteer_sort(
    volunteers: QuerySet[ListedVolunteer],
    key: str,
    content: TrackContent | None,
    *,
    descending: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[ListedVolunteer]:
    """``volunteer_list``'s queryset sorted on ``key`` (one of ``SORT_KEYS``), ties by name."""
    if key not in SORT_KEYS:
        raise ValueError(key)
    aliases = {
        name: expression
        for name, expression in _sort_aliases(key, content, today).items()
        if name not in volunteers.query.annotations
    }
    return volunteers.alias(**aliases).order_by(*volunteer_order(key, descending=descending))


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
    certificate_state: str
    valid_until: datetime.date | None
    # The share of the track done (``certificates.selectors.track_percent``), None when not
    # enrolled.
    percent: int | None = None
    days_attended: int = 0

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def signed_off_at(self) -> datetime.datetime | None:
        return self.enrolment.signed_off_at if self.enrolment is not None else None

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def certificate_label(self) -> str:
        return CertificateState.label(self.certificate_state)


class _RegionName(NamedTuple):
    """What ``people.regions.region_name`` reads of a region."""

    code: str
    name: str


def _region_names(user_ids: list[int]) -> dict[int, str]:
    """Each user's regions by name, named in the active language and joined ("Antwerpen,
    Limburg"); a user without any left out. One query, none without users; the regions' names
    and codes only, not the regions."""
    if not user_ids:
        return {}
    names: dict[int, list[str]] = {}
    memberships = (
        User.regions.through.objects.filter(user_id__in=user_ids)
        .order_by("region__name", "region_id")
        .values_list("user_id", "region__code", "region__name")
    )
    for user_id, code, name in memberships:
        names.setdefault(user_id, []).append(region_name(_RegionName(code, name)))
    return {user_id: ", ".join(regions) for user_id, regions in names.items()}


def volunteer_rows(
    volunteers: Sequence[ListedVolunteer], content: TrackContent | None
) -> list[VolunteerRow]:
    """Each volunteer of ``volunteer_list`` (a page of it, or all for the export) with their
    regions and progress on the track. Four queries (regions, enrolments, modules done, days
    attended), whatever the number of volunteers."""
    enrolments: dict[int, TrackEnrolment] = {}
    done: dict[int, int] = {}
    days: dict[int, int] = {}
    regions = _region_names([volunteer.pk for volunteer in volunteers])
    if content is not None:
        enrolments = {
            enrolment.user_id: enrolment
            for enrolment in TrackEnrolment.objects.filter(
                track=content.track, user_id__in=[volunteer.pk for volunteer in volunteers]
            )
        }
        enrolled_ids = list(enrolments)
        done = learning.modules_done_by_user(enrolled_ids, content.lesson_keys)
        days = attended_days(enrolled_ids, content.track)
    rows = []
    for volunteer in volunteers:
        enrolment = enrolments.get(volunteer.pk)
        row = VolunteerRow(
            user=volunteer,
            region_names=regions.get(volunteer.pk, ""),
            track=content.track if content is not None else None,
            enrolment=enrolment,
            certificate_state=volunteer.certificate_state,
            valid_until=volunteer.valid_until,
        )
        if content is not None and enrolment is not None:
            row.days_attended = days.get(volunteer.pk, 0)
            row.percent = track_percent(
                content.track,
                modules=content.modules,
                modules_done=done.get(volunteer.pk, 0),
                days_attended=row.days_attended,
                signed_off=enrolment.signed_off_at is not None,
            )
        rows.append(row)
    return rows


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
        if content is None or not content.lesson_keys:
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
                f"modules_{track.pk}": content.modules,
                f"days_{track.pk}__gte": track.required_training_days,
            }
        )
    if not aliases:
        return volunteers.none()
    return volunteers.alias(**aliases).filter(condition)
