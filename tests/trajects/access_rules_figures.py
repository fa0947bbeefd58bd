"""Access rules of the staff's dashboard (/staf/) and figures (/staf/rapport/, with its CSV and
XLSX downloads), for the project's access matrix (tests/config/test_access_matrix.py: add
``FIGURES_RULES`` to its ``RULES`` beside ``tests/trajects/access_rules.RULES``).

The dashboard's route is exactly ``staf/``, a prefix of every staff route: its rule is a regular
expression, so that it governs that one route and the broad ``staf/`` rule keeps the rest.
"""

from __future__ import annotations

import re

from people.roles import Role
from tests.access import Rule, roles

STAFF_AREA = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)

# fmt: off
FIGURES_RULES: list[Rule] = [
    Rule(re.compile(r"^staf/$"), STAFF_AREA, ["/staf/", "/en/staf/"],
         why="the region dashboard: staff see their own regions, administrators choose"),
    Rule("staf/rapport/", STAFF_AREA,
         ["/staf/rapport/", "/staf/rapport/?export=csv", "/staf/rapport/?export=xlsx"],
         why="the figures and their downloads: staff's own regions, administrators all"),
]
# fmt: on
