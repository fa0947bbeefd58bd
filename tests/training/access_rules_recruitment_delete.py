"""Access rule of the applicant's own deletion page, for the project's access matrix.

Public: the signed token in the address is the only key (a bad or expired token answers 404;
tests/training/test_privacy.py). GET only asks; the deletion is a POST.
"""

from __future__ import annotations

from tests.access import PUBLIC, Rule
from training.factories import ApplicationFactory
from training.recruitment.services import application_delete_token


def delete_url(personas: dict) -> str:
    """The deletion page of an application in Antwerpen."""
    application = ApplicationFactory()
    return f"/vrijwilliger-worden/verwijderen/{application_delete_token(application)}/"


# fmt: off
RULES: list[Rule] = [
    Rule("vrijwilliger-worden/verwijderen/<str:token>/", PUBLIC, [delete_url],
         why="the applicant deletes their own application through the signed link of their "
             "confirmation; rate-limited; a bad token answers 404"),
]
# fmt: on
