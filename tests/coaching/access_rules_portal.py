"""Access rules of the coaching app's portal pages and of the personal calendar feed, for the
project's access matrix.

The coordinator's coaching page is for coordinators (administrators pass every role and see
their own, empty page). A session's calendar file answers only to a coordinator invited to it:
the sample session invites the ``coordinator`` persona. The reply and the feed's buttons are
POST only (tests/coaching/test_portal_reply.py, test_portal_feed.py). The feed itself is public:
its token is the key, so it has no sample (unknown and revoked tokens answer 404, tested in
tests/coaching/test_portal_feed.py).
"""

from __future__ import annotations

from people.roles import Role
from tests.access import PUBLIC, Rule, roles

COORDINATORS = roles(Role.COORDINATOR, Role.ADMINISTRATOR)  # administrators pass every role
SAMPLE_PLACE = "Matrix: intervisie Antwerpen"


def invited_session_url(personas: dict) -> str:
    """The calendar file of an upcoming session that invites the ``coordinator`` persona."""
    import datetime

    from django.utils import timezone

    from coaching.models import Invitation, Session, SessionKind
    from people.factories import region

    session = Session.objects.filter(place=SAMPLE_PLACE).first()
    if session is None:
        starts_at = timezone.now() + datetime.timedelta(days=5)
        session = Session.objects.create(
            kind=SessionKind.INTERVISION,
            region=region("antwerpen"),
            facilitator=personas["coach"],
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place=SAMPLE_PLACE,
        )
        Invitation.objects.create(session=session, coordinator=personas["coordinator"])
    return f"/portaal/coaching/sessies/{session.pk}/agenda.ics"


# fmt: off
RULES: list[Rule] = [
    Rule("portaal/coaching/", COORDINATORS, ["/portaal/coaching/", "/portaal/coaching/?page=2"],
         why="the coordinator's own coach, sessions, summaries, attendance and calendar feed"),
    Rule("portaal/coaching/sessies/<int:pk>/antwoord/", COORDINATORS,
         why="POST only: the invited coordinator replies; anyone else gets 404"),
    Rule("portaal/coaching/sessies/<int:pk>/agenda.ics", COORDINATORS, [invited_session_url],
         only=frozenset({"coordinator"}),
         why="one session's calendar file, for a coordinator invited to it"),
    Rule("portaal/coaching/agenda/", COORDINATORS,
         why="POST only: make, replace or revoke one's own calendar feed"),
    Rule("agenda/<str:token>.ics", PUBLIC,
         why="the personal calendar feed: the token is the key; no other people's names; "
             "unknown and revoked tokens answer 404"),
]
# fmt: on
