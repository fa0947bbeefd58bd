"""Coaching: intervision groups, sessions and their invitations, contacts."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from coaching.models import (
    Contact,
    ContactKind,
    IntervisionGroup,
    Invitation,
    Reply,
    Session,
    SessionKind,
)
from config.scale.rows import Crowd, Made, Sizes, bulk
from people.models import User


def seed_coaching(sizes: Sizes, crowd: Crowd, rng: random.Random, now, made: Made) -> None:
    coachees: dict[int, list[User]] = defaultdict(list)
    for coordinator in crowd.all_coordinators():
        coachees[crowd.coach_of[coordinator.pk].pk].append(coordinator)
    coaches = [c for c in {c.pk: c for c in crowd.all_coaches()}.values() if coachees[c.pk]]
    region_of = {coach.pk: region for region in crowd.regions for coach in crowd.coaches[region.pk]}
    groups = bulk(
        IntervisionGroup,
        [
            IntervisionGroup(
                name=f"Intervisie {coach.first_name}", region=region_of[coach.pk], coach=coach
            )
            for coach in coaches
        ],
        made,
    )
    group_of = {group.coach_id: group for group in groups}
    members = IntervisionGroup.members.through
    bulk(
        members,
        [
            members(intervisiongroup_id=group_of[coach.pk].pk, user_id=user.pk)
            for coach in coaches
            for user in coachees[coach.pk][:10]
        ],
        made,
        "group memberships",
    )
    sessions: list[Session] = []
    invited: list[list[User]] = []
    start = (now - datetime.timedelta(days=30 * (sizes.months - 2))).replace(
        day=1, hour=18, minute=0, second=0, microsecond=0
    )
    for month in range(sizes.months):
        first_day = start + datetime.timedelta(days=31 * month)
        first_day = first_day.replace(day=1)
        for n in range(sizes.sessions_per_month):
            coach = coaches[(month * sizes.sessions_per_month + n) % len(coaches)]
            kind = rng.choices(
                [SessionKind.INTERVISION, SessionKind.SUPERVISION, SessionKind.COACHING],
                weights=[6, 2, 2],
            )[0]
            starts = first_day + datetime.timedelta(days=rng.randint(0, 27))
            people = coachees[coach.pk]
            if kind == SessionKind.INTERVISION:
                guests = people[:10]
            elif kind == SessionKind.SUPERVISION:
                guests = rng.sample(people, min(3, len(people)))
            else:
                guests = rng.sample(people, 1)
            past = starts + datetime.timedelta(hours=2) <= now
            sessions.append(
                Session(
                    kind=kind,
                    region=region_of[coach.pk],
                    facilitator=coach,
                    group=group_of[coach.pk] if kind == SessionKind.INTERVISION else None,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    place="Lokaal 2, Stationsstraat 12",
                    summary="Twee casussen besproken (referenties in de notities)." if past else "",
                    attendance_recorded_at=starts + datetime.timedelta(hours=3) if past else None,
                    created_by=coach,
                    created_at=starts - datetime.timedelta(days=21),
                )
            )
            invited.append(guests)
    sessions = bulk(Session, sessions, made)
    invitations = []
    for session, guests in zip(sessions, invited, strict=True):
        past = session.ends_at <= now
        for guest in guests:
            coming = rng.random() < 0.8
            invitations.append(
                Invitation(
                    session=session,
                    coordinator=guest,
                    reply=(Reply.COMING if coming else Reply.NOT_COMING)
                    if past or rng.random() < 0.5
                    else Reply.PENDING,
                    replied_at=session.created_at + datetime.timedelta(days=2),
                    attended=(coming and rng.random() < 0.95) if past else None,
                )
            )
    bulk(Invitation, invitations, made)
    contacts = []
    for coordinator in crowd.all_coordinators():
        coach = crowd.coach_of[coordinator.pk]
        for _n in range(3):
            day = (now - datetime.timedelta(days=rng.randint(1, 30 * sizes.months))).date()
            contacts.append(
                Contact(
                    coach=coach,
                    coordinator=coordinator,
                    occurred_on=day,
                    kind=rng.choice(ContactKind.values),
                    note="Kort bijgepraat over de voorbereiding.",
                )
            )
    bulk(Contact, contacts, made)
