"""Access rules of the access log's search, for the project's access matrix: administrators
only; everyone else gets 404 (staff too: the log is not theirs to search), anonymous visitors
the log-in page."""

from __future__ import annotations

from tests.access import ADMINISTRATOR, Rule

# fmt: off
RULES: list[Rule] = [
    Rule("staf/toegangslog/", ADMINISTRATOR, ["/staf/toegangslog/", "/staf/toegangslog/?action=view"],
         why="the access log: administrators search it; staff see a record's log on its page"),
]
# fmt: on
