"""Access rules of the coaching app's dashboard pages, for the project's access matrix.

The ``coach`` persona coaches the ``coordinator`` persona. The dashboard is for coaches
(administrators pass every role and see the coordinators they coach: none); anyone else gets
404. The contact form for a coordinator the coach does not coach today answers 404, so only
``coach`` opens it for ``coordinator``."""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles

COACHES = roles(Role.COACH, Role.ADMINISTRATOR)  # administrators pass every role


def contact_for_coordinator_url(personas: dict) -> str:
    return f"/coach/contacten/nieuw/?coordinator={personas['coordinator'].pk}"


# fmt: off
RULES: list[Rule] = [
    Rule("coach/", COACHES, ["/coach/", "/coach/?flag=no_contact_30_days&phase=none",
                             "/coach/?_export=csv"],
         why="the coach's dashboard: the coordinators they coach today"),
    Rule("coach/contacten/nieuw/", COACHES, ["/coach/contacten/nieuw/"],
         why="the contact log's form: a coach, for their own coordinators"),
    Rule("coach/contacten/nieuw/", COACHES, [contact_for_coordinator_url],
         only=frozenset({"coach"}),
         why="the form for one coordinator: only their coach today"),
    Rule("coach/instellingen/", COACHES,
         why="POST only: the coach's weekly digest on or off"),
]
# fmt: on
