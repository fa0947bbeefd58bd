"""Access rules of the coaching app's sessions pages, for the project's access matrix.

The facilitator's pages (/coach/sessies/...) are for coaches and administrators (a staff member
marked as supervisor too, but the ``staff`` persona is not one:
tests/coaching/test_sessions_pages.py covers that). A session's own pages open for its
facilitator (the ``coach`` persona) and administrators; every other persona gets 404.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles

FACILITATORS = roles(Role.COACH, Role.ADMINISTRATOR)  # administrators pass every role
ITS_FACILITATOR = frozenset({"coach", "administrator"})


def coach_session_url(personas: dict) -> str:
    """The page of an intervision session the ``coach`` persona leads, inviting the
    ``coordinator`` persona (made once per test)."""
    import datetime

    from django.utils import timezone

    from coaching.models import Session, SessionKind
    from coaching.sessions.services import session_schedule

    coach = personas["coach"]
    session = Session.objects.filter(facilitator=coach).first()
    if session is None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        session = session_schedule(
            kind=SessionKind.INTERVISION,
            region=coach.regions.first(),
            facilitator=coach,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            invitees=[personas["coordinator"]],
            created_by=coach,
        )
    return f"/coach/sessies/{session.pk}/"


def _page(suffix: str):
    def sample(personas: dict) -> str:
        return coach_session_url(personas) + suffix

    return sample


# fmt: off
RULES: list[Rule] = [
    Rule("coach/sessies/", FACILITATORS, ["/coach/sessies/"],
         why="the sessions the reader leads (administrators: all)"),
    Rule("coach/sessies/nieuw/", FACILITATORS,
         ["/coach/sessies/nieuw/", "/coach/sessies/nieuw/?kind=intervision"],
         why="schedule a session; GET changes nothing"),
    Rule("coach/sessies/<int:pk>/", FACILITATORS, [coach_session_url], only=ITS_FACILITATOR,
         why="one session, for its facilitator and administrators"),
    Rule("coach/sessies/<int:pk>/bewerken/", FACILITATORS, [_page("bewerken/")],
         only=ITS_FACILITATOR, why="change the session"),
    Rule("coach/sessies/<int:pk>/annuleren/", FACILITATORS, [_page("annuleren/")],
         only=ITS_FACILITATOR, why="GET asks to confirm, POST cancels"),
    Rule("coach/sessies/<int:pk>/aanwezigheid/", FACILITATORS, [_page("aanwezigheid/")],
         only=ITS_FACILITATOR, why="attendance (a future session: says it comes after the end)"),
    Rule("coach/sessies/<int:pk>/agenda.ics", FACILITATORS, [_page("agenda.ics")],
         only=ITS_FACILITATOR, why="the session's calendar file, no names in it"),
    Rule("coach/sessies/<int:pk>/samenvatting/", FACILITATORS,
         why="POST only: the facilitator's summary (tests/coaching/test_sessions_pages.py)"),
    Rule("coach/sessies/<int:pk>/notitie/", FACILITATORS,
         why="POST only: the reader's private note (tests/coaching/test_sessions_pages.py)"),
]
# fmt: on
