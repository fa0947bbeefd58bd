"""Access rules for the training app's volunteers URLs, for the access matrix
(``tests/config/test_access_matrix.py`` imports ``RULES``)."""

from __future__ import annotations

from tests.access import Rule

RULES: list[Rule] = []
