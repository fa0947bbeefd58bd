"""The people of the scaled data set: personas, coaches, coordinators, who coaches whom."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from faker import Faker

from coaching.models import (
    CoachingProfile,
)
from config.scale.rows import (
    BENCH_PASSWORD,
    PERSONA_COACHEES,
    PERSONAS,
    Crowd,
    Made,
    Sizes,
    bulk,
    phone,
)
from people.demo import DOMAIN
from people.models import CoachAssignment, Place, Region, User
from people.roles import Role


def seed_people(sizes: Sizes, rng: random.Random, faker: Faker, now, made: Made) -> Crowd:
    regions = list(Region.objects.order_by("code"))
    places: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for postcode_id, region_id, name in (
        Place.objects.filter(postcode__outside_service_area=False, postcode__region__isnull=False)
        .order_by("postcode__code", "name")
        .values_list("postcode_id", "postcode__region_id", "name")
    ):
        places[region_id].append((postcode_id, name))
    password = make_password(BENCH_PASSWORD)

    def user(email: str, region: Region | None, **extra: Any) -> User:
        postcode = rng.choice(places[region.pk])[0] if region and places[region.pk] else None
        return User(
            email=email,
            password=password,
            first_name=faker.first_name(),
            last_name=faker.last_name(),
            phone=phone(rng),
            postcode_id=postcode,
            languages=["nl"],
            date_joined=now - datetime.timedelta(days=rng.randint(400, 900)),
            **extra,
        )

    first = regions[0]
    personas = {
        "administrator": user(PERSONAS["administrator"], None, is_staff=True, is_superuser=True),
        "staff": user(PERSONAS["staff"], first),
        "coach": user(PERSONAS["coach"], first),
        "coordinator": user(PERSONAS["coordinator"], first),
    }
    coaches: dict[int, list[User]] = defaultdict(list)
    coordinators: dict[int, list[User]] = defaultdict(list)
    coaches[first.pk].append(personas["coach"])
    coordinators[first.pk].append(personas["coordinator"])
    for n in range(max(sizes.coaches - 1, 0)):
        region = regions[(n + 1) % len(regions)]
        coaches[region.pk].append(user(f"scale.coach{n + 1}@{DOMAIN}", region))
    for n in range(max(sizes.coordinators - 1, 0)):
        region = regions[(n + 1) % len(regions)]
        coordinators[region.pk].append(user(f"scale.coordinator{n + 1}@{DOMAIN}", region))
    for region in regions:  # a region without a coach of its own borrows the persona coach
        if not coaches[region.pk]:
            coaches[region.pk].append(personas["coach"])
    everyone = list(personas.values()) + [
        person
        for region in regions
        for person in coaches[region.pk] + coordinators[region.pk]
        if not person.email.startswith("bench.")
    ]
    bulk(User, everyone, made, "people")
    bulk(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in everyone],
        made,
        "e-mail addresses",
    )
    groups = {group.name: group for group in Group.objects.all()}
    memberships = [
        (personas["administrator"], Role.ADMINISTRATOR),
        (personas["staff"], Role.REGIONAL_STAFF),
    ]
    seen_coaches = set()
    for region in regions:
        for coach in coaches[region.pk]:
            if coach.pk not in seen_coaches:
                seen_coaches.add(coach.pk)
                memberships.append((coach, Role.COACH))
        memberships += [(person, Role.COORDINATOR) for person in coordinators[region.pk]]
    through = User.groups.through
    bulk(
        through,
        [through(user_id=u.pk, group_id=groups[str(role)].pk) for u, role in memberships],
        made,
        "role memberships",
    )
    in_region = User.regions.through
    rows = [in_region(user_id=personas["staff"].pk, region_id=r.pk) for r in regions]
    for region in regions:
        for person in coordinators[region.pk] + [
            c for c in coaches[region.pk] if c is not personas["coach"] or region == first
        ]:
            rows.append(in_region(user_id=person.pk, region_id=region.pk))
    bulk(in_region, rows, made, "region memberships")
    Region.objects.filter(pk=first.pk, contact__isnull=True).update(contact=personas["staff"])

    # Who coaches whom: the persona coach takes the first coordinators of their region.
    coach_of: dict[int, User] = {}
    for region in regions:
        own = coordinators[region.pk]
        region_coaches = coaches[region.pk]
        for n, coordinator in enumerate(own):
            if region == first and n < PERSONA_COACHEES + 1:
                coach_of[coordinator.pk] = personas["coach"]
            else:
                others = [c for c in region_coaches if c is not personas["coach"]] or [
                    personas["coach"]
                ]
                coach_of[coordinator.pk] = others[n % len(others)]
    load: dict[int, int] = defaultdict(int)
    for coach in coach_of.values():
        load[coach.pk] += 1
    bulk(
        CoachAssignment,
        [
            CoachAssignment(
                coordinator_id=coordinator_id,
                coach=coach,
                starts_on=(now - datetime.timedelta(days=rng.randint(30, 700))).date(),
                assigned_by=personas["staff"],
            )
            for coordinator_id, coach in coach_of.items()
        ],
        made,
    )
    bulk(
        CoachingProfile,
        [
            CoachingProfile(user=coach, capacity=max(8, load[coach.pk] + 2))
            for coach in {c.pk: c for c in coach_of.values()}.values()
        ],
        made,
    )
    return Crowd(regions, places, coordinators, coaches, coach_of, personas)
