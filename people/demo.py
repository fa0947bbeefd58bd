"""Demo people for ``manage.py seed_demo``: staff per region, 12 coaches, 60 coordinators.

Deterministic (fixed seeds) and idempotent (people are found by e-mail address; a coordinator
who has a coach keeps them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from faker import Faker

from people.factories import DEFAULT_PASSWORD, UserFactory
from people.middleware import mfa_required
from people.models import CoachAssignment, Postcode, Region, User
from people.roles import Role
from people.services import coach_assign

DOMAIN = "kring.example"
COACHES_PER_REGION = 2
COORDINATORS_PER_REGION = 10
# Languages volunteers speak beside Dutch, weighted roughly as in Flanders and Brussels.
EXTRA_LANGUAGES = ["fr", "en", "fr", "en", "ar", "tr", "ber", "pl", "ro", "es", "de", "uk", "so"]


@dataclass
class DemoPeople:
    logins: list[tuple[str, str]] = field(default_factory=list)  # (what, e-mail)
    created: int = 0


def _person(
    email: str,
    faker: Faker,
    rng: random.Random,
    roles: list[Role],
    regions: list[Region],
    result: DemoPeople,
    **extra: object,
) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    region_postcodes = list(
        Postcode.objects.in_service_area().filter(region__in=regions).values_list("id", flat=True)
    )
    languages = ["nl"] + sorted(set(rng.sample(EXTRA_LANGUAGES, rng.randint(0, 2))) - {"nl"})
    user = UserFactory.create(
        email=email,
        password=factory.Transformer.Force(_password_hash()),
        first_name=faker.first_name(),
        last_name=faker.last_name(),
        phone=f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        postcode_id=rng.choice(region_postcodes) if region_postcodes else None,
        languages=languages,
        roles=roles,
        regions=regions,
        **extra,
    )
    result.created += 1
    return user


_HASH: list[str] = []


def _password_hash() -> str:
    """One hash for all demo accounts: hashing 80 passwords one by one takes half a minute."""
    if not _HASH:
        _HASH.append(make_password(DEFAULT_PASSWORD))
    return _HASH[0]


def _second_factor(user: User) -> None:
    """Demo accounts whose role requires MFA get an authenticator, so they can log in with the
    dev-only bypass code instead of setting up an app first."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def seed(*, rng: random.Random) -> DemoPeople:
    result = DemoPeople()
    faker_nl = Faker("nl_BE")
    faker_fr = Faker("fr_BE")
    faker_nl.seed_instance(2026)
    faker_fr.seed_instance(2027)
    regions = list(Region.objects.order_by("code"))

    admin = _person(
        f"admin@{DOMAIN}",
        faker_nl,
        rng,
        [Role.ADMINISTRATOR],
        [],
        result,
        is_staff=True,
        is_superuser=True,
    )
    _second_factor(admin)
    result.logins.append(("administrator", admin.email))
    editor = _person(f"redactie@{DOMAIN}", faker_nl, rng, [Role.EDITOR], [], result)
    _second_factor(editor)
    result.logins.append(("editor", editor.email))

    for region in regions:
        staff = _person(
            f"staf.{region.code}@{DOMAIN}", faker_nl, rng, [Role.REGIONAL_STAFF], [region], result
        )
        _second_factor(staff)
        if region.contact_id is None:
            region.contact = staff
            region.save(update_fields=["contact"])
        result.logins.append((f"regional staff {region.name}", staff.email))

        # Brussels volunteers: half French-speaking names.
        coaches = []
        for n in range(1, COACHES_PER_REGION + 1):
            faker = faker_fr if region.code.startswith("brussel") and n % 2 == 0 else faker_nl
            coach = _person(
                f"coach{n}.{region.code}@{DOMAIN}", faker, rng, [Role.COACH], [region], result
            )
            _second_factor(coach)
            coaches.append(coach)
        for n in range(1, COORDINATORS_PER_REGION + 1):
            faker = faker_fr if region.code.startswith("brussel") and n % 2 == 0 else faker_nl
            coordinator = _person(
                f"coordinator{n}.{region.code}@{DOMAIN}",
                faker,
                rng,
                [Role.COORDINATOR],
                [region],
                result,
            )
            if not CoachAssignment.objects.active().filter(coordinator=coordinator).exists():
                coach_assign(coordinator=coordinator, coach=coaches[(n - 1) % len(coaches)])

    first = regions[0].code
    result.logins[2:2] = [
        ("coordinator", f"coordinator1.{first}@{DOMAIN}"),
        ("another coordinator", f"coordinator2.{first}@{DOMAIN}"),
        ("coach (of the coordinator)", f"coach1.{first}@{DOMAIN}"),
        ("another coach (of the other coordinator)", f"coach2.{first}@{DOMAIN}"),
    ]
    return result


def seed_second_factors() -> int:
    """After every app's demo rows exist: each demo account that must now have a second factor
    (a coordinator with a traject of their own, ``people.middleware.mfa_required``) gets one,
    so the bypass code works for them too. Returns how many were added."""
    added = 0
    for user in User.objects.filter(email__endswith=f"@{DOMAIN}", is_active=True):
        has_one = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if not has_one and mfa_required(user):
            _second_factor(user)
            added += 1
    return added


__all__ = ["DEFAULT_PASSWORD", "DemoPeople", "seed", "seed_second_factors"]
