"""What the parts of the scaled data set share: the personas, the sizes, the tally and the
people made first (``Crowd``)."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from people.demo import DOMAIN
from people.factories import DEFAULT_PASSWORD
from people.models import Region, User

BENCH_PASSWORD = DEFAULT_PASSWORD
# Base32, 20 bytes: what an authenticator app would be given. For the bench database only.
BENCH_TOTP_SECRET = "KRINGBENCHKRINGBENCHKRINGBENCH23"  # noqa: S105 -- bench accounts only
PERSONAS = {
    "coordinator": f"bench.coordinator@{DOMAIN}",
    "coach": f"bench.coach@{DOMAIN}",
    "staff": f"bench.staff@{DOMAIN}",
    "administrator": f"bench.admin@{DOMAIN}",
}
# Registration tokens of the scaled set: one fixed range of UUIDs ("kringbench..."), so the
# guard recognises them with one range condition instead of 10,000 values.
TOKEN_BASE = uuid.UUID("6b72696e-6762-656e-6368-000000000000").int
TOKEN_SPAN = 1 << 48


def scale_token(n: int) -> uuid.UUID:
    """The submission token of the scaled set's ``n``-th registration."""
    return uuid.UUID(int=TOKEN_BASE + n)


BATCH = 2000
PERSONA_COACHEES = 20
LOG = Callable[[str], None]


@dataclass(frozen=True)
class Sizes:
    coordinators: int = 1000
    coaches: int = 50
    registrations: int = 10_000
    sessions_per_month: int = 200
    months: int = 12
    applications: int = 500


@dataclass
class Made:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, what: str, rows: Iterable[Any] | int) -> None:
        self.counts[what] += rows if isinstance(rows, int) else len(list(rows))


@dataclass
class Crowd:
    regions: list[Region]
    places: dict[int, list[tuple[int, str]]]  # region id: (postcode id, place name)
    coordinators: dict[int, list[User]]  # region id: coordinators, persona first in the first
    coaches: dict[int, list[User]]
    coach_of: dict[int, User]  # coordinator id: coach
    personas: dict[str, User]

    def all_coordinators(self) -> list[User]:
        return [user for region in self.regions for user in self.coordinators[region.pk]]

    def all_coaches(self) -> list[User]:
        return [user for region in self.regions for user in self.coaches[region.pk]]


def bulk(model: type[models.Model], rows: list, made: Made, what: str | None = None) -> list:
    created = model._default_manager.bulk_create(rows, batch_size=BATCH)
    made.add(what or model._meta.model_name or "rows", len(created))
    return created


def phone(rng: random.Random) -> str:
    return f"+324{rng.randint(70, 99)}{rng.randint(0, 999_999):06d}"
