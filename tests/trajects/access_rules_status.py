"""Access rules of the registrant's status page and of revoking its link, for the project's
access matrix (to be added beside ``tests/trajects/access_rules.py``'s ``RULES``).

The status page is public: the token in its address is the key (unknown, revoked and expired
tokens answer 404 to everyone). Revoking is POST only, for staff of the registration's region
and administrators: no GET sample (tests/trajects/test_status_page.py checks the POSTs).
"""

from __future__ import annotations

from people.roles import Role
from tests.access import PUBLIC, Rule, roles

STAFF_AREA = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# Well-formed (43 URL-safe characters, as ``secrets.token_urlsafe(32)``) and fixed, so the
# sample is made once per test however many personas ask for it.
SAMPLE_STATUS_TOKEN = "MatrixSampleStatusToken_0123456789abcdefghi"
SAMPLE_SUBMISSION_TOKEN = "7d2e9c4a-1b3f-4e5d-8a6c-9f0e1d2c3b4a"


def status_page_url(personas: dict) -> str:
    """The status page of a new registration in Antwerpen."""
    from people.factories import postcode
    from trajects.factories import RegistrationFactory
    from trajects.models import StatusLink

    if not StatusLink.objects.filter(token=SAMPLE_STATUS_TOKEN).exists():
        registration = RegistrationFactory(
            submission_token=SAMPLE_SUBMISSION_TOKEN, postcode=postcode("2000")
        )
        StatusLink.objects.create(registration=registration, token=SAMPLE_STATUS_TOKEN)
    return f"/aanvraag/{SAMPLE_STATUS_TOKEN}/"


# fmt: off
STATUS_RULES: list[Rule] = [
    Rule("aanvraag/<str:token>/", PUBLIC, [status_page_url],
         why="the registrant's status page: the token is the key; no names or details; "
             "rate-limited; unknown, revoked and expired tokens answer 404"),
    Rule("staf/aanmeldingen/<str:reference>/statuslink-intrekken/", STAFF_AREA,
         why="POST only: staff of the registration's region and administrators revoke its "
             "status link; anyone else gets 404"),
]
# fmt: on
