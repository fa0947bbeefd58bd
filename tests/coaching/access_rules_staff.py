"""Access rules of the coaching app's staff pages, for the project's access matrix."""

from __future__ import annotations

from tests.access import Rule

RULES: list[Rule] = []
