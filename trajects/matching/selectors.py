"""Reads for matching: the ranked shortlist of coordinators for a traject, each with the reasons
for its place, and the coordinator's pending proposals. A fixed number of queries at any size:
the candidates come in one query with their facts annotated, then are ranked in Python (the
distance needs the two places' coordinates, the languages a JSON list).

How the list is ordered (docs/architecture.md, "Matching"): first who may be proposed now
(valid certificate, no active traject, not asked about another traject, not on a break, not
excluded for this family, not already declined this traject); among them, who works in the
traject's region, then who speaks the conference language, then who lives nearby (within
``NEARBY_KM``), then who has gone longest without a traject (never first), then the nearest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from people.models import CoachAssignment, Language, Place, User
from training.certificates.selectors import coordinators_with_valid_certificate
from training.volunteers.selectors import awaiting_sign_off
from trajects.matching.models import Exclusion, Proposal, ProposalState
from trajects.traject.models import COORDINATOR_BUSY, Phase, Traject

NEARBY_KM = 25
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Reason:
    """One fact about a candidate: ``ok`` True (counts for), False (counts against; a
    ``blocking`` one keeps them off the list of who may be proposed now) or None (neutral)."""

    text: str
    ok: bool | None = None
    blocking: bool = False


class Candidate:
    """One coordinator on the shortlist, with the reasons for their place.

    The shortlist ranks every coordinator by the facts alone (``blocked``: whether a blocking
    reason applies) and writes the reasons, sentences in the reader's language, on first use:
    only for the rows a page shows (issue 14)."""

    def __init__(
        self,
        coordinator: User,
        reasons: list[Reason] | None = None,
        distance_km: float | None = None,
        *,
        blocked: bool | None = None,
        write_reasons: Callable[[], list[Reason]] | None = None,
    ) -> None:
        self.coordinator = coordinator
        self.distance_km = distance_km
        self._reasons = reasons
        self._blocked = blocked
        self._write_reasons = write_reasons

    def __repr__(self) -> str:
        return f"Candidate({self.coordinator!r})"

    @property
    def reasons(self) -> list[Reason]:
        if self._reasons is None:
            self._reasons = self._write_reasons() if self._write_reasons else []
        return self._reasons

    @property
    def eligible(self) -> bool:
        if self._blocked is not None:
            return not self._blocked
        return not any(reason.blocking for reason in self.reasons)

    @property
    def is_excluded(self) -> bool:
        return bool(getattr(self.coordinator, "excluded", False))

    @property
    def refusal(self) -> str | None:
        """Why this coordinator cannot be proposed now (the first blocking reason), or None."""
        return next((reason.text for reason in self.reasons if reason.blocking), None)


def _coordinates(lat: Decimal | None, lon: Decimal | None) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """The great-circle distance between two (latitude, longitude) points, or None."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _place(postcode_ref) -> QuerySet[Place]:
    return Place.objects.filter(postcode_id=postcode_ref, latitude__isnull=False).order_by("pk")


def traject_coordinates(traject: Traject) -> tuple[float, float] | None:
    place = _place(traject.registration.postcode_id).values("latitude", "longitude").first()
    return _coordinates(place["latitude"], place["longitude"]) if place else None


def learners(today: date | None = None) -> QuerySet[User]:
    """Active coordinators without a valid certificate who may take a first traject as a
    learning traject: their track is complete except the coach's sign-off, and they never took
    on a traject before (one that was stopped does not count)."""
    valid = coordinators_with_valid_certificate(today)
    return (
        awaiting_sign_off(User.objects.coordinators())
        .exclude(pk__in=valid.values("pk"))
        .exclude(
            Exists(Traject.objects.filter(coordinator=OuterRef("pk")).exclude(phase=Phase.STOPPED))
        )
    )


def _candidates(traject: Traject, today: date):
    """The coordinators with a valid certificate on ``today``, and those who may take a first
    traject as a learning traject (``learners``), with the facts the ranking needs."""
    coordinator = OuterRef("pk")
    place = _place(OuterRef("postcode_id"))
    valid = coordinators_with_valid_certificate(today)
    return (
        User.objects.filter(Q(pk__in=valid.values("pk")) | Q(pk__in=learners(today).values("pk")))
        .annotate(
            certified=Exists(valid.filter(pk=coordinator)),
            has_coach=Exists(CoachAssignment.objects.on(today).filter(coordinator=coordinator)),
            busy=Exists(
                Traject.objects.filter(coordinator=coordinator, phase__in=COORDINATOR_BUSY)
            ),
            asked_elsewhere=Exists(
                Proposal.objects.pending().filter(coordinator=coordinator).exclude(traject=traject)
            ),
            excluded=Exists(
                Exclusion.objects.filter(
                    registration_id=traject.registration_id, coordinator=coordinator
                )
            ),
            said_no=Exists(
                Proposal.objects.filter(
                    traject=traject,
                    coordinator=coordinator,
                    state__in=[ProposalState.DECLINED, ProposalState.EXPIRED],
                )
            ),
            in_region=Exists(
                User.regions.through.objects.filter(
                    user_id=coordinator, region_id=traject.region_id
                )
            ),
            last_traject_at=Subquery(
                Traject.objects.filter(coordinator=coordinator, started_at__isnull=False)
                .order_by("-started_at")
                .values("started_at")[:1]
            ),
            latitude=Subquery(place.values("latitude")[:1]),
            longitude=Subquery(place.values("longitude")[:1]),
        )
        .order_by("pk")
    )


def _blocked(user, *, today: date) -> bool:
    """Whether one of ``_reasons``' blocking reasons applies (the same facts, no sentences)."""
    return bool(
        (not user.certified and not user.has_coach)
        or user.busy
        or user.asked_elsewhere
        or (user.available_from and user.available_from > today)
        or user.excluded
        or user.said_no
    )


def _reasons(user, *, traject: Traject, today: date, distance: float | None) -> list[Reason]:
    language = traject.registration.conference_language
    language_name = dict(Language.choices).get(language, language)
    reasons = [
        Reason(_("Works in the region"), ok=True)
        if user.in_region
        else Reason(_("Works in another region"), ok=False),
        Reason(_("About %(km)d km away") % {"km": round(distance)}, ok=distance <= NEARBY_KM)
        if distance is not None
        else Reason(_("Distance unknown (no postcode)")),
        Reason(_("Speaks %(language)s") % {"language": language_name}, ok=True)
        if language in (user.languages or [])
        else Reason(_("Does not speak %(language)s") % {"language": language_name}, ok=False),
    ]
    if user.certified:
        reasons.append(Reason(_("Valid certificate"), ok=True))
    else:
        reasons.append(
            Reason(_("First traject as a learning traject: the coach signs off from it"))
        )
        if not user.has_coach:
            reasons.append(
                Reason(_("No coach to follow a learning traject"), ok=False, blocking=True)
            )
    if user.busy:
        reasons.append(Reason(_("Busy with a traject"), ok=False, blocking=True))
    if user.asked_elsewhere:
        reasons.append(
            Reason(_("Waiting to answer about another traject"), ok=False, blocking=True)
        )
    if user.available_from and user.available_from > today:
        when = date_format(user.available_from, "DATE_FORMAT")
        reasons.append(
            Reason(_("On a break until %(date)s") % {"date": when}, ok=False, blocking=True)
        )
    if user.excluded:
        reasons.append(Reason(_("Excluded for this family"), ok=False, blocking=True))
    if user.said_no:
        reasons.append(Reason(_("Said no to this traject before"), ok=False, blocking=True))
    if user.last_traject_at is None:
        reasons.append(Reason(_("Has not had a traject yet"), ok=True))
    else:
        when = date_format(timezone.localdate(user.last_traject_at), "DATE_FORMAT")
        reasons.append(Reason(_("Last traject started on %(date)s") % {"date": when}))
    return reasons


def _rank(candidate: Candidate, language: str) -> tuple:
    user: Any = candidate.coordinator  # with the annotations of ``_candidates``
    distance = candidate.distance_km
    return (
        not candidate.eligible,
        not user.in_region,
        language not in (user.languages or []),
        distance is None or distance > NEARBY_KM,
        user.last_traject_at or datetime.min.replace(tzinfo=timezone.get_current_timezone()),
        distance if distance is not None else math.inf,
        user.last_name,
        user.first_name,
        user.pk,
    )


def shortlist(*, traject: Traject, today: date | None = None) -> list[Candidate]:
    """Every coordinator with a valid certificate or waiting for a learning traject, best match
    first; who may not be proposed now comes last, with the reason. A fixed number of queries
    whatever the number of coordinators."""
    today = today or timezone.localdate()
    here = traject_coordinates(traject)
    candidates = []
    for user in _candidates(traject, today):
        distance = distance_km(here, _coordinates(user.latitude, user.longitude))
        candidates.append(
            Candidate(
                coordinator=user,
                distance_km=distance,
                blocked=_blocked(user, today=today),
                write_reasons=partial(
                    _reasons, user, traject=traject, today=today, distance=distance
                ),
            )
        )
    language = traject.registration.conference_language
    return sorted(candidates, key=lambda candidate: _rank(candidate, language))


def candidate(*, traject: Traject, coordinator: User, today: date | None = None) -> Candidate:
    """The shortlist's row for one coordinator; one who may not be matched at all (no valid
    certificate, and no first traject as a learning traject) gets a row with that as its
    blocking reason."""
    today = today or timezone.localdate()
    user = _candidates(traject, today).filter(pk=coordinator.pk).first()
    if user is None:
        return Candidate(
            coordinator=coordinator,
            reasons=[Reason(_("No valid certificate"), ok=False, blocking=True)],
        )
    distance = distance_km(
        traject_coordinates(traject), _coordinates(user.latitude, user.longitude)
    )
    return Candidate(
        coordinator=user,
        reasons=_reasons(user, traject=traject, today=today, distance=distance),
        distance_km=distance,
    )


def pending_proposal(*, traject: Traject) -> Proposal | None:
    return Proposal.objects.pending().filter(traject=traject).select_related("coordinator").first()


def proposal_history(*, traject: Traject) -> list[Proposal]:
    """Every proposal made for the traject, newest first, with the coordinator and proposer."""
    return list(
        Proposal.objects.filter(traject=traject).select_related("coordinator", "proposed_by")
    )


def proposals_for(*, user) -> list[Proposal]:
    """The coordinator's pending proposals with what the portal may show before an answer."""
    return list(
        Proposal.objects.for_coordinator(user)
        .pending()
        .select_related("traject__registration")
        .order_by("answer_due_at", "pk")
    )
