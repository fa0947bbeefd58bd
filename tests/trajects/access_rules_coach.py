"""Access rules of the coach's read-only view of their coordinators' trajects, for the project's
access matrix (added to ``tests/trajects/access_rules.RULES``).

The ``coach`` persona coaches the ``coordinator`` persona: they read that coordinator's
traject; every other persona gets 404 on it (administrators too: they read trajects in the
staff area). The sign-off takes a POST only (tests/trajects/test_learning_traject.py).
"""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles
from tests.trajects.access_rules import coordinators_traject_url

COACHES = roles(Role.COACH, Role.ADMINISTRATOR)  # administrators pass every role


def coached_traject_url(personas: dict) -> str:
    """The ``coordinator`` persona's traject, as their coach reads it."""
    reference = coordinators_traject_url(personas).rstrip("/").rsplit("/", 1)[-1]
    return f"/coach/trajecten/{reference}/"


# fmt: off
COACH_RULES: list[Rule] = [
    Rule("coach/trajecten/", COACHES, ["/coach/trajecten/"],
         why="the trajects of the coordinators the coach coaches today"),
    Rule("coach/trajecten/<str:reference>/", COACHES, [coached_traject_url],
         only=frozenset({"coach"}),
         why="read-only, for the coach of the traject's coordinator"),
    Rule("coach/trajecten/<str:reference>/aftekenen/", COACHES,
         why="POST only: the coach signs off from a closed learning traject"),
]
# fmt: on
