"""Access rules for cms's own URLs, in the access matrix's format (tests/config/
test_access_matrix.py). The lead adds them to the matrix's ``RULES``::

    from tests.cms.access_rules import RULES as CMS_RULES
    RULES += CMS_RULES

(import it after ``Rule`` and ``PUBLIC`` are defined there: this module imports them back.)
"""

from __future__ import annotations

from tests.access import PUBLIC, Rule

# fmt: off
RULES: list[Rule] = [
    Rule("zoeken/", PUBLIC, ["/zoeken/", "/zoeken/?q=plan"],
         why="search of the public pages: live, public pages in the visitor's language only"),
    Rule("sitemap.xml", PUBLIC, ["/sitemap.xml"], why="lists live, public pages only"),
    Rule("robots.txt", PUBLIC, ["/robots.txt"]),
]
# fmt: on
