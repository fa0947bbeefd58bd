"""The building blocks of the access matrix (tests/config/test_access_matrix.py): a rule per URL
route and the access levels. Each app's ``tests/<app>/access_rules.py`` builds its rows from
these; the matrix imports them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from people.roles import Role

PUBLIC = "public"
LOGGED_IN = "logged in"
NOBODY = "nobody"


def roles(*names: Role | str) -> frozenset[str]:
    return frozenset(str(name) for name in names)


CMS = roles(Role.EDITOR, Role.ADMINISTRATOR)
ADMINISTRATOR = roles(Role.ADMINISTRATOR)

Sample = str | Callable[[dict], str]


@dataclass(frozen=True)
class Rule:
    route: str | re.Pattern[str]
    access: str | frozenset[str]
    samples: list[Sample] = field(default_factory=list)
    only: frozenset[str] | None = None
    redirects_to: str | None = None
    fixtures: tuple[str, ...] = ()
    why: str = ""
