"""Access rules for the training app's volunteers URLs, for the access matrix
(``tests/config/test_access_matrix.py`` imports ``RULES``)."""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles

STAFF = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# A coach who is also staff or an administrator reaches the coach list too; the personas
# "coach" and "other_coach" are coaches only.
COACHES = roles(Role.COACH, Role.ADMINISTRATOR)
FOLLOWERS = roles(Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)


def coordinator_detail_url(personas: dict) -> str:
    """The persona "coordinator" (Antwerpen, coached by "coach")."""
    return f"/staf/vrijwilligers/{personas['coordinator'].pk}/"


# fmt: off
RULES: list[Rule] = [
    Rule("staf/vrijwilligers/", STAFF,
         ["/staf/vrijwilligers/", "/staf/vrijwilligers/?certificate=expiring&sort=-valid_until"],
         why="volunteers' training: staff of their regions' coordinators, administrators all"),
    Rule("coach/vrijwilligers/", COACHES, ["/coach/vrijwilligers/"],
         why="a coach's own coordinators' training"),
    Rule("staf/vrijwilligers/<int:pk>/", FOLLOWERS, [coordinator_detail_url],
         only=frozenset({"coach", "staff", "administrator"}),
         why="one volunteer: their current coach, staff of their region, administrators"),
    Rule("staf/vrijwilligers/<int:pk>/afronding/", FOLLOWERS,
         why="POST only: the sign-off of a track, by the coach, staff of the region or admin"),
]
# fmt: on
