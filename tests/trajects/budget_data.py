"""Rows for the trajects and coaching pages' query budgets (issue 14), made with ``bulk_create``
so that 1,000 of them take a second or two: the factories make one row (and its look-ups) at a
time.

Each function adds ``count`` rows of one kind and returns them; what the rows hold is what the
pages show (a phase, a step, a participant), not a realistic history: the services' rules are
tested elsewhere."""

from __future__ import annotations

import datetime
import itertools
import secrets
import uuid

from django.contrib.auth.models import Group
from django.utils import timezone

from coaching.models import Contact, ContactKind, Invitation, Reply, Session, SessionKind
from people.models import CoachAssignment, Postcode, Region, User
from people.roles import Role
from training.certificates.models import Certificate
from training.learning.models import Track
from trajects.models import (
    Participant,
    ParticipantState,
    Proposal,
    ProposalState,
    RegistrantType,
    Registration,
    RegistrationStatus,
    Relation,
    Step,
    StepKind,
    Traject,
)
from trajects.traject.models import Phase
from trajects.traject.services import traject_newest_step_refresh

_serial = itertools.count(1)


def people(count: int, *, role: Role, region: Region, coach: User | None = None) -> list[User]:
    """``count`` active users with ``role`` working in ``region`` (coached by ``coach``)."""
    batch = next(_serial)
    prefix = f"budget{batch}-"
    User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{index}@example.org",
                first_name=f"Persoon{index:04d}",
                last_name=f"Budget{batch}",
                password="!",
                languages=["nl"],
            )
            for index in range(count)
        ]
    )
    users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))
    group = Group.objects.get(name=str(role))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users]
    )
    User.regions.through.objects.bulk_create(
        [User.regions.through(user_id=user.pk, region_id=region.pk) for user in users]
    )
    if coach is not None:
        CoachAssignment.objects.bulk_create(
            [
                CoachAssignment(coordinator=user, coach=coach, starts_on=timezone.localdate())
                for user in users
            ]
        )
    return users


def certify(users: list[User], track: Track) -> None:
    """A certificate of ``track`` valid for a year more for each of ``users``."""
    today = timezone.localdate()
    Certificate.objects.bulk_create(
        [
            Certificate(
                user=user,
                track=track,
                code=secrets.token_urlsafe(16),
                holder_name=user.get_full_name(),
                title=track.certificate_title,
                issued_on=today - datetime.timedelta(days=300),
                valid_until=today + datetime.timedelta(days=30 + index % 400),
            )
            for index, user in enumerate(users)
        ]
    )


def registrations(
    count: int,
    *,
    region: Region,
    status: str = RegistrationStatus.NEW,
    days_ago: int = 2,
) -> list[Registration]:
    """``count`` registrations in ``region`` (its first postcode), newest last."""
    batch = next(_serial)
    postcode = Postcode.objects.filter(region=region).order_by("code").first()
    now = timezone.now()
    made = Registration.objects.bulk_create(
        [
            Registration(
                reference=f"EKC-2099-{batch:03d}{index:04d}",
                status=status,
                created_at=now - datetime.timedelta(days=days_ago, minutes=count - index),
                submission_token=uuid.uuid4(),
                registrant_type=RegistrantType.CORE_PERSON,
                registrant_name=f"Aanmelder {index}",
                registrant_phone="+32470123456",
                core_name=f"Kernpersoon {index}",
                postcode=postcode,
                municipality="Gemeente",
                region=region,
                core_phone="+32470123456",
                languages=["nl"],
                children_involved="yes",
                question="Een plan voor de kinderen.",
                core_person_agrees=True,
                privacy_acknowledged=True,
            )
            for index in range(count)
        ]
    )
    return list(Registration.objects.filter(pk__in=[r.pk for r in made]).order_by("pk"))


def trajects(
    count: int,
    *,
    region: Region,
    phase: str = Phase.MATCHING,
    coordinators: list[User] | None = None,
    days_ago: int = 2,
) -> list[Traject]:
    """``count`` trajects in ``region`` in ``phase``, each with an accepted registration and
    an acceptance step; with ``coordinators``, the n-th traject is the n-th one's (cycling)."""
    now = timezone.now()
    accepted = registrations(
        count, region=region, status=RegistrationStatus.ACCEPTED, days_ago=days_ago
    )
    started = phase != Phase.MATCHING
    cycle = itertools.cycle(coordinators) if coordinators else itertools.repeat(None)
    made = Traject.objects.bulk_create(
        [
            Traject(
                registration=registration,
                region=region,
                phase=phase,
                phase_since=now - datetime.timedelta(days=1),
                created_at=registration.created_at,
                started_at=registration.created_at + datetime.timedelta(days=1)
                if started
                else None,
                coordinator=next(cycle),
                stop_reason="other" if phase == Phase.STOPPED else "",
                newest_step_at=registration.created_at,
            )
            for registration in accepted
        ]
    )
    Step.objects.bulk_create(
        [
            Step(registration=registration, kind=StepKind.ACCEPTED, at=registration.created_at)
            for registration in accepted
        ]
    )
    return list(
        Traject.objects.filter(pk__in=[t.pk for t in made])
        .select_related("registration")
        .order_by("pk")
    )


def steps(registration: Registration, count: int, *, by: User) -> None:
    """``count`` steps in the registration's timeline, by ``by``."""
    now = timezone.now()
    Step.objects.bulk_create(
        [
            Step(
                registration=registration,
                kind=StepKind.PAUSED if index % 2 else StepKind.RESUMED,
                by=by,
                coordinator=by,
                at=now - datetime.timedelta(minutes=count - index),
                note=f"Stap {index}",
            )
            for index in range(count)
        ]
    )
    traject_newest_step_refresh(registration_ids=[registration.pk])


def participants(traject: Traject, count: int) -> None:
    Participant.objects.bulk_create(
        [
            Participant(
                traject=traject,
                name=f"Deelnemer {index}",
                relation=Relation.values[index % len(Relation.values)],
                state=ParticipantState.values[index % len(ParticipantState.values)],
            )
            for index in range(count)
        ]
    )


def proposals(traject: Traject, coordinators: list[User], *, by: User) -> None:
    """A declined proposal of ``traject`` to each of ``coordinators``."""
    now = timezone.now()
    Proposal.objects.bulk_create(
        [
            Proposal(
                traject=traject,
                coordinator=coordinator,
                proposed_by=by,
                proposed_at=now - datetime.timedelta(hours=index + 2),
                answer_due_at=now - datetime.timedelta(hours=index + 1),
                state=ProposalState.DECLINED,
                answered_at=now - datetime.timedelta(hours=index + 1),
                decline_reason="other",
            )
            for index, coordinator in enumerate(coordinators)
        ]
    )


def sessions(
    count: int,
    *,
    facilitator: User,
    region: Region,
    invited: list[User] = (),  # type: ignore[assignment]
    kind: str = SessionKind.INTERVISION,
) -> list[Session]:
    """``count`` sessions led by ``facilitator``, half of them held (every other one), each
    with an invitation for each of ``invited``."""
    now = timezone.now()
    made = Session.objects.bulk_create(
        [
            Session(
                kind=kind,
                region=region,
                facilitator=facilitator,
                starts_at=now
                + datetime.timedelta(days=(index // 2 + 1) * (-1 if index % 2 else 1)),
                ends_at=now
                + datetime.timedelta(days=(index // 2 + 1) * (-1 if index % 2 else 1), hours=2),
                place="Antwerpen",
                created_by=facilitator,
            )
            for index in range(count)
        ]
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                session=session,
                coordinator=coordinator,
                reply=Reply.values[number % len(Reply.values)],
                attended=True if session.starts_at < now else None,
            )
            for session in made
            for number, coordinator in enumerate(invited)
        ]
    )
    return list(Session.objects.filter(pk__in=[s.pk for s in made]).order_by("pk"))


def invitations(session: Session, coordinators: list[User]) -> None:
    Invitation.objects.bulk_create(
        [
            Invitation(
                session=session,
                coordinator=coordinator,
                reply=Reply.values[number % len(Reply.values)],
            )
            for number, coordinator in enumerate(coordinators)
        ]
    )


def contacts(coach: User, coordinators: list[User]) -> None:
    today = timezone.localdate()
    Contact.objects.bulk_create(
        [
            Contact(
                coach=coach,
                coordinator=coordinator,
                occurred_on=today - datetime.timedelta(days=index % 60),
                kind=ContactKind.values[index % len(ContactKind.values)],
            )
            for index, coordinator in enumerate(coordinators)
        ]
    )
