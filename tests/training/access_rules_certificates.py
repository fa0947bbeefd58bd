"""Access rules for the training app's certificates URLs, for the access matrix
(``tests/config/test_access_matrix.py`` imports ``RULES``).

Sample: one certificate of the persona "coordinator" (region Antwerpen, coached by "coach"),
made once with a fixed code and found again, since a sample is called for every persona.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import PUBLIC, Rule, roles

# Well-formed (22 URL-safe characters) and fixed, so the verification page answers 200.
SAMPLE_CODE = "MatrixSampleCode_0001a"
PDF_VIEWERS = roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
STAFF = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)


def coordinator_certificate(personas: dict):
    from training.factories import CertificateFactory, TrackFactory
    from training.models import Certificate

    certificate = Certificate.objects.filter(code=SAMPLE_CODE).first()
    if certificate is None:
        certificate = CertificateFactory(
            user=personas["coordinator"],
            track=TrackFactory(code="matrix-certificaat"),
            code=SAMPLE_CODE,
        )
    return certificate


def certificate_pdf_url(personas: dict) -> str:
    return f"/portaal/certificaten/{coordinator_certificate(personas).pk}/pdf/"


def certificate_revoke_url(personas: dict) -> str:
    return f"/staf/certificaten/{coordinator_certificate(personas).pk}/intrekken/"


def certificate_verify_url(personas: dict) -> str:
    return f"/certificaat/{coordinator_certificate(personas).code}/"


# fmt: off
RULES: list[Rule] = [
    Rule("portaal/certificaten/<int:pk>/pdf/", PDF_VIEWERS, [certificate_pdf_url],
         only=frozenset({"coordinator", "coach", "staff", "administrator"}),
         why="the holder, their current coach, staff of the holder's region, administrators"),
    Rule("staf/certificaten/<int:pk>/intrekken/", STAFF, [certificate_revoke_url],
         only=frozenset({"staff", "administrator"}),
         why="GET shows the confirmation form: staff of the holder's region and administrators"),
    Rule("certificaat/", PUBLIC, ["/certificaat/", "/certificaat/?code=x"],
         why="anyone types a code; redirects to the code's page"),
    Rule("certificaat/<str:code>/", PUBLIC, [certificate_verify_url],
         why="public verification: name, title, date, valid today; rate-limited; an unknown "
             "code answers 404"),
]
# fmt: on
