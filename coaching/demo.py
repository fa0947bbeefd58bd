"""Demo data for ``manage.py seed_demo``: coaches' capacities, assignment history, intervision
groups, sessions past and future with replies, attendance and notes, contacts, and every flag
of the coach's dashboard.

Made through the coaching services (scheduling, replies, attendance, contacts), so the demo
exercises the real code and intervision attendance reaches the certificates' renewal. The
e-mails those services queue for the demo's sessions are dropped: seeding tells nobody.

Deterministic (the caller's ``rng``, dates relative to today) and idempotent: nothing is added
once a demo session exists. ``coach1.antwerpen`` shows each flag at least once:
- ``coordinator3.antwerpen`` has had no contact for 45 days;
- ``coordinator9.antwerpen`` missed most intervision sessions and the supervision (below the
  minimums of the basic track: 4 intervision and 1 supervision sessions a year);
- ``coordinator6.antwerpen`` moved to her from ``coach2.antwerpen`` two weeks ago (with a
  hand-over note) and has a proposal waiting past the three-week promise;
- the others' flags come from their trajects and certificates (trajects and training demo).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coaching.dashboard.services import contact_log
from coaching.models import (
    CoachingProfile,
    ContactKind,
    IntervisionGroup,
    Invitation,
    Reply,
    Session,
    SessionKind,
)
from coaching.portal.services import invitation_reply
from coaching.sessions.services import (
    attendance_record,
    private_note_save,
    session_schedule,
    session_summary_save,
)
from coaching.staff.services import coach_assign
from people.access import coordinators_of
from people.demo import DOMAIN
from people.models import CoachAssignment, OutboxMessage, Region, User
from people.roles import Role

BRUSSELS = ZoneInfo("Europe/Brussels")
DEMO_COACH = f"coach1.antwerpen@{DOMAIN}"
NO_CONTACT = f"coordinator3.antwerpen@{DOMAIN}"
BELOW_MINIMUM = f"coordinator9.antwerpen@{DOMAIN}"
SUPERVISOR = f"staf.antwerpen@{DOMAIN}"
REASSIGNED = f"coordinator6.antwerpen@{DOMAIN}"
HANDOVER_NOTE = (
    "Has a proposal waiting: she hesitates because of her own family's holiday. "
    "Works best with a short call on Monday mornings."
)
# Past intervision sessions, days ago (the one the skipper attended); one ahead; a group
# supervision and a coaching conversation a while back.
PAST_INTERVISION = (300, 220, 150, 90, 40)
SKIPPER_ATTENDED = 150
COACH_SUPERVISION = 75
NEXT_INTERVISION = 9
COACHING_CONVERSATION = 20
SUPERVISION_PAST, SUPERVISION_NEXT = 60, 16

SUMMARY = (
    "We talked about keeping the network involved after the conference. Tips: call the "
    "core person a week after distributing the plan; agree who calls whom. "
    "Traject references only, no names."
)
PRIVATE_NOTE = "Ask next time how the first follow-up went; suggest a supervision session."


@dataclass
class DemoCoaching:
    sessions: int = 0
    contacts: int = 0


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def _weekday(day: datetime.date) -> datetime.date:
    """The nearest working day on or before ``day``: sessions are on weekday evenings."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _history(coach: User, others: list[User], rng: random.Random, today: datetime.date) -> None:
    """Every coordinator has been coached for a while: the current assignment moves back in time
    and follows an earlier coach's, with a hand-over note."""
    for assignment in CoachAssignment.objects.active().filter(coach=coach):
        if CoachAssignment.objects.filter(coordinator_id=assignment.coordinator_id).count() > 1:
            continue
        started = today - datetime.timedelta(days=rng.randint(120, 420))
        previous = [other for other in others if other.pk != assignment.coordinator_id]
        if previous:
            earlier = started - datetime.timedelta(days=rng.randint(200, 500))
            CoachAssignment.objects.create(
                coordinator_id=assignment.coordinator_id,
                coach=rng.choice(previous),
                starts_on=earlier,
                ends_on=started,
            )
            assignment.handover_note = (
                "Experienced with large networks; prefers a call to an e-mail. "
                "Asked for supervision on conflicts within families."
            )
        assignment.starts_on = started
        assignment.save(update_fields=["starts_on", "handover_note"])


def _reassign(today: datetime.date) -> None:
    """Staff gave ``REASSIGNED`` the demo coach two weeks ago, with a hand-over note."""
    coordinator = User.objects.filter(email=REASSIGNED).first()
    coach = User.objects.filter(email=DEMO_COACH).first()
    staff = User.objects.filter(email=SUPERVISOR).first()
    if coordinator is None or coach is None or staff is None:
        return
    current = CoachAssignment.objects.active().filter(coordinator=coordinator).first()
    if current is None or current.coach_id == coach.pk:
        return
    current.starts_on = today - datetime.timedelta(days=300)
    current.save(update_fields=["starts_on"])
    coach_assign(
        coordinator=coordinator,
        coach=coach,
        starts_on=today - datetime.timedelta(days=14),
        handover_note=HANDOVER_NOTE,
        assigned_by=staff,
    )


def _replies(session: Session, coordinators: list[User], rng: random.Random) -> None:
    invitations = {i.coordinator_id: i for i in session.invitations.all()}
    for n, coordinator in enumerate(coordinators):
        invitation = invitations.get(coordinator.pk)
        if invitation is None or n == len(coordinators) - 1:
            continue  # the last one has not replied yet
        reply = Reply.NOT_COMING if n == 1 else Reply.COMING
        note = "Family holiday that week." if reply == Reply.NOT_COMING else ""
        invitation_reply(invitation=invitation, reply=reply, note=note, by=coordinator)


def _past(session: Session, attended: set[int], replied: dict[int, str], by: User) -> None:
    """A session held: replies as they were given then, attendance as recorded after it."""
    for invitation in session.invitations.all():
        invitation.reply = replied.get(invitation.coordinator_id, Reply.COMING)
        invitation.replied_at = session.starts_at - datetime.timedelta(days=3)
    Invitation.objects.bulk_update(session.invitations.all(), ["reply", "replied_at"])
    attendance_record(session=session, attended_ids=attended, recorded_by=by)


def _coach_sessions(
    coach: User,
    region: Region,
    coordinators: list[User],
    rng: random.Random,
    today: datetime.date,
    result: DemoCoaching,
) -> None:
    if not coordinators:
        return
    group, _created = IntervisionGroup.objects.get_or_create(
        coach=coach, name=f"Intervisie {coach.first_name}", defaults={"region": region}
    )
    group.members.set(coordinators)
    skipper = next((c for c in coordinators if c.email == BELOW_MINIMUM), None)
    hour = 19 if coach.email.startswith("coach1") else 18
    held: list[Session] = []
    for days_ago in PAST_INTERVISION:
        day = _weekday(today - datetime.timedelta(days=days_ago))
        session = session_schedule(
            kind=SessionKind.INTERVISION,
            region=region,
            facilitator=coach,
            starts_at=_at(day, hour),
            ends_at=_at(day, hour + 2, 30),
            invitees=coordinators,
            place="EKC, zaal 2",
            capacity=12,
            group=group,
            created_by=coach,
        )
        attended = {c.pk for c in coordinators if c != skipper or days_ago == SKIPPER_ATTENDED}
        replied: dict[int, str] = {}
        if skipper is not None and skipper.pk not in attended:
            replied[skipper.pk] = Reply.NOT_COMING
        _past(session, attended, replied, coach)
        held.append(session)
    result.sessions += len(held)
    session_summary_save(session=held[-1], summary=SUMMARY, by=coach)
    private_note_save(session=held[-1], author=coach, text=PRIVATE_NOTE)

    day = _weekday(today + datetime.timedelta(days=NEXT_INTERVISION))
    upcoming = session_schedule(
        kind=SessionKind.INTERVISION,
        region=region,
        facilitator=coach,
        starts_at=_at(day, hour),
        ends_at=_at(day, hour + 2, 30),
        invitees=coordinators,
        place="EKC, zaal 2",
        online_url="https://meet.example.org/ekc-intervisie",
        capacity=12,
        group=group,
        created_by=coach,
    )
    _replies(upcoming, coordinators, rng)
    result.sessions += 1

    day = _weekday(today - datetime.timedelta(days=COACH_SUPERVISION))
    supervision = session_schedule(
        kind=SessionKind.SUPERVISION,
        region=region,
        facilitator=coach,
        starts_at=_at(day, hour),
        ends_at=_at(day, hour + 2),
        invitees=coordinators,
        place="EKC, zaal 1",
        created_by=coach,
    )
    _past(supervision, {c.pk for c in coordinators if c != skipper}, {}, coach)
    result.sessions += 1

    day = _weekday(today - datetime.timedelta(days=COACHING_CONVERSATION))
    conversation = session_schedule(
        kind=SessionKind.COACHING,
        region=region,
        facilitator=coach,
        starts_at=_at(day, 10),
        ends_at=_at(day, 11),
        invitees=[coordinators[0]],
        place="By phone",
        created_by=coach,
    )
    _past(conversation, {coordinators[0].pk}, {}, coach)
    result.sessions += 1


def _supervision(supervisor: User, region: Region, rng: random.Random, today: datetime.date) -> int:
    coordinators = list(
        User.objects.coordinators().filter(regions=region, email__startswith="coordinator")
    )[:4]
    if len(coordinators) < 2:
        return 0
    made = 0
    for days, held in ((SUPERVISION_PAST, True), (-SUPERVISION_NEXT, False)):
        day = _weekday(today - datetime.timedelta(days=days))
        session = session_schedule(
            kind=SessionKind.SUPERVISION,
            region=region,
            facilitator=supervisor,
            starts_at=_at(day, 14),
            ends_at=_at(day, 16),
            invitees=coordinators,
            place="EKC Antwerpen",
            created_by=supervisor,
        )
        if held:
            _past(session, {c.pk for c in coordinators[1:]}, {}, supervisor)
        else:
            _replies(session, coordinators, rng)
        made += 1
    return made


def _contacts(coach: User, coordinators: list[User], rng: random.Random, today) -> int:
    made = 0
    for coordinator in coordinators:
        if coordinator.email == NO_CONTACT:
            moments = [45]
        else:
            moments = sorted(rng.sample(range(2, 28), rng.randint(1, 3)), reverse=True)
        for days_ago in moments:
            contact_log(
                coach=coach,
                coordinator=coordinator,
                occurred_on=today - datetime.timedelta(days=days_ago),
                kind=rng.choice(ContactKind.values),
                note="How is it going? Talked about the next step in the traject.",
            )
            made += 1
    return made


def seed(*, rng: random.Random) -> DemoCoaching:
    result = DemoCoaching()
    if Session.objects.exists():
        return result
    today = timezone.localdate()
    first_outbox = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        coaches = list(
            User.objects.filter(groups__name=Role.COACH, email__endswith=f"@{DOMAIN}")
            .prefetch_related("regions")
            .order_by("email")
        )
        for coach in coaches:
            load = coordinators_of(coach).count()
            # One coach at capacity, so staff meet the warning when assigning.
            capacity = load if coach.email.startswith("coach2.limburg") else max(load + 2, 6)
            CoachingProfile.objects.update_or_create(user=coach, defaults={"capacity": capacity})
        _reassign(today)
        for coach in coaches:
            region = coach.regions.first()
            if region is None:
                continue
            coordinators = list(coordinators_of(coach).order_by("email"))
            peers = [c for c in coaches if c.pk != coach.pk and region in c.regions.all()]
            _history(coach, peers, rng, today)
            _coach_sessions(coach, region, coordinators, rng, today, result)
            result.contacts += _contacts(coach, coordinators, rng, today)
        supervisor = User.objects.filter(email=SUPERVISOR).first()
        if supervisor is not None:
            CoachingProfile.objects.update_or_create(
                user=supervisor, defaults={"is_supervisor": True}
            )
            region = supervisor.regions.first()
            if region is not None:
                result.sessions += _supervision(supervisor, region, rng, today)
        # The services queued invitations and reminders for these made-up sessions: drop them.
        OutboxMessage.objects.filter(pk__gt=first_outbox, topic__startswith="coaching.").delete()
    return result
