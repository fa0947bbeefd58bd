"""Access rules for the training app's URLs, for the project's access matrix
(``tests/config/test_access_matrix.py``): the lead adds ``RULES`` to the matrix's list.

The recruitment page is a Wagtail page: Wagtail's catch-all pattern (public) serves it and its
confirmation sub-page, so it needs no row of its own here.
"""

from __future__ import annotations

import uuid

from people.roles import Role
from tests.access import Rule, roles

STAFF = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# One application in Antwerpen, the region of the persona "staff" (not of "other_staff").
SAMPLE_TOKEN = uuid.UUID("0b7c1b0e-3f43-4a39-9d7a-5c8a4a1f2e01")


def antwerpen_application_url(personas: dict) -> str:
    from training.factories import ApplicationFactory

    return ApplicationFactory(submission_token=SAMPLE_TOKEN).get_absolute_url()


def antwerpen_application_url_account(personas: dict) -> str:
    return antwerpen_application_url(personas) + "account/"


# fmt: off
RULES: list[Rule] = [
    Rule("staf/kandidaten/", STAFF, ["/staf/kandidaten/", "/staf/kandidaten/?status=new&sort=name"],
         why="volunteer applications: regional staff see their own regions', administrators all"),
    Rule("staf/kandidaten/<int:pk>/", STAFF, [antwerpen_application_url],
         only=frozenset({"staff", "administrator"}),
         why="one application: staff of its region and administrators; others 404"),
    Rule("staf/kandidaten/<int:pk>/stap/", STAFF,
         why="POST only: records a pipeline step; staff of the region and administrators"),
    Rule("staf/kandidaten/<int:pk>/account/", STAFF, [antwerpen_application_url_account],
         only=frozenset({"staff", "administrator"}),
         why="confirm and make the volunteer account: staff of the region and administrators"),
]
# fmt: on
