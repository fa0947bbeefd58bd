"""Access rules of the coaching app's staff pages, for the project's access matrix.

Regional staff (their regions) and administrators (every region); coordinators, coaches,
editors and anonymous visitors are denied. A coordinator of Antwerpen is out of scope for the
Limburg staff member (``other_staff``): 404.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles

STAFF_AREA = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)  # administrators pass every role


def antwerp_assign_url(personas: dict) -> str:
    """The assign page of the ``coordinator`` persona (Antwerpen)."""
    return f"/staf/coaching/toewijzen/{personas['coordinator'].pk}/"


# fmt: off
RULES: list[Rule] = [
    Rule("staf/coaching/", STAFF_AREA, ["/staf/coaching/"],
         why="coach assignments: staff see their own regions, administrators all"),
    Rule("staf/coaching/toewijzen/<int:coordinator_id>/", STAFF_AREA, [antwerp_assign_url],
         only=frozenset({"staff", "administrator"}),
         why="assign a coach: staff of another region get 404 on the coordinator"),
    Rule("staf/coaching/coaches/<int:user_id>/capaciteit/", STAFF_AREA,
         why="POST only: a coach's capacity, staff of the coach's region and administrators"),
    Rule("staf/coaching/overzicht/", STAFF_AREA, ["/staf/coaching/overzicht/"],
         why="intervision and supervision per region: staff their regions, administrators all"),
]
# fmt: on
