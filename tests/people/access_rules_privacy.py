"""Access rules of the staff's privacy pages (/staf/privacy/...), for the project's access matrix.

Regional staff (their regions) and administrators (every region); coordinators, coaches,
editors and anonymous visitors are denied. A registration in Antwerpen is out of scope for the
Limburg staff member (``other_staff``): 404, also on its exports (the scope is checked before
the password is asked again, so an allowed persona is sent to allauth's re-authentication, an
outsider gets 404). The retention page is the administrators'.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import ADMINISTRATOR, Rule, roles

STAFF_AREA = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)  # administrators pass every role
ANTWERP_STAFF = frozenset({"staff", "administrator"})


def antwerp_registration_privacy_url(personas: dict) -> str:
    """The privacy page of a registration in Antwerpen (the ``staff`` persona's region)."""
    from tests.trajects.access_rules import SAMPLE_TOKEN, antwerp_registration_url
    from trajects.models import Registration

    antwerp_registration_url(personas)
    registration = Registration.objects.get(submission_token=SAMPLE_TOKEN)
    return f"/staf/privacy/registration/{registration.pk}/"


def antwerp_export_json_url(personas: dict) -> str:
    return antwerp_registration_privacy_url(personas) + "export.json"


def antwerp_export_page_url(personas: dict) -> str:
    return antwerp_registration_privacy_url(personas) + "export/"


# fmt: off
RULES: list[Rule] = [
    Rule("staf/privacy/", STAFF_AREA, ["/staf/privacy/", "/staf/privacy/?q=peeters"],
         why="find a person and the erasure requests of the staff member's regions"),
    Rule("staf/privacy/bewaartermijnen/", ADMINISTRATOR, ["/staf/privacy/bewaartermijnen/"],
         why="retention runs and a dry run: administrators only"),
    Rule("staf/privacy/verzoeken/<int:request_id>/bevestigen/", STAFF_AREA,
         why="POST only: a colleague confirms an erasure request of their regions"),
    Rule("staf/privacy/verzoeken/<int:request_id>/annuleren/", STAFF_AREA,
         why="POST only: the requester cancels their erasure request"),
    Rule("staf/privacy/<slug:kind>/<int:pk>/", STAFF_AREA, [antwerp_registration_privacy_url],
         only=ANTWERP_STAFF, why="a record's privacy page: staff of its region, administrators"),
    Rule("staf/privacy/<slug:kind>/<int:pk>/export.json", STAFF_AREA, [antwerp_export_json_url],
         only=ANTWERP_STAFF, why="the JSON export, after re-authentication"),
    Rule("staf/privacy/<slug:kind>/<int:pk>/export/", STAFF_AREA, [antwerp_export_page_url],
         only=ANTWERP_STAFF, why="the printable export, after re-authentication"),
    Rule("staf/privacy/<slug:kind>/<int:pk>/wissen/", STAFF_AREA,
         why="POST only: request an erasure, after re-authentication"),
]
# fmt: on
