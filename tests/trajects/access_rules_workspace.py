"""Access rules of the coordinator's workspace's URLs (a traject's sections, a participant's next
state, the plan's document), for the project's access matrix (tests/config/test_access_matrix.py
adds ``WORKSPACE_RULES`` to its own, beside ``tests/trajects/access_rules.RULES``).

A section's and a participant's address take a POST; opened with GET they send the traject's
coordinator back to the workspace (a redirect that is not to log-in: allowed) and answer 404 to
everyone else, so they are sampled with GET like the pages.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles
from tests.trajects.access_rules import COORDINATORS, coordinators_traject_url

# The plan's document: its coordinator, and read-only their coach, staff of its region and
# administrators.
PLAN_READERS = roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# A fixed token: the sample is made once per test however many personas ask for it.
DISTRIBUTED_TOKEN = "9e4f2b7c-3a1d-4c8e-b5f6-7d2e1a9c4b30"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def workspace_section_url(personas: dict) -> str:
    """A section of the ``coordinator`` persona's traject in preparation (GET: back to it)."""
    return coordinators_traject_url(personas) + "checklist/"


def participant_state_url(personas: dict) -> str:
    """A participant of the ``coordinator`` persona's traject in preparation."""
    from trajects.models import Participant, Traject

    url = coordinators_traject_url(personas)
    reference = url.rstrip("/").rsplit("/", 1)[-1]
    traject = Traject.objects.get(registration__reference=reference)
    participant = Participant.objects.filter(traject=traject).first()
    if participant is None:
        participant = Participant.objects.create(traject=traject, name="Aunt", relation="family")
    return f"{url}deelnemers/{participant.pk}/"


def plan_document_url(personas: dict) -> str:
    """The document of a distributed plan in Antwerpen, of an earlier traject of the
    ``coordinator`` persona (made once per test)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from people.factories import postcode
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.models import Phase, Plan, Registration, Traject

    registration = Registration.objects.filter(submission_token=DISTRIBUTED_TOKEN).first()
    if registration is None:
        registration = RegistrationFactory(
            submission_token=DISTRIBUTED_TOKEN, postcode=postcode("2000")
        )
        registration_intake_start(registration=registration, by=personas["staff"])
        traject = registration_accept(registration=registration, by=personas["staff"])
        # Distributed: no longer the coordinator's active traject, so the persona keeps theirs.
        Traject.objects.filter(pk=traject.pk).update(
            coordinator=personas["coordinator"], phase=Phase.PLAN_DISTRIBUTED
        )
        plan = Plan(traject=traject, document_type="pdf", distributed_at=timezone.now())
        plan.document.save("plan.pdf", ContentFile(PDF), save=False)
        plan.save()
    return f"/portaal/trajecten/{registration.reference}/plan/document/"


# fmt: off
WORKSPACE_RULES: list[Rule] = [
    Rule("portaal/trajecten/<str:reference>/<slug:section>/", COORDINATORS,
         [workspace_section_url], only=frozenset({"coordinator"}),
         why="a section's form (POST): only the traject's coordinator; GET leads back to the page"),
    Rule("portaal/trajecten/<str:reference>/deelnemers/<int:pk>/", COORDINATORS,
         [participant_state_url], only=frozenset({"coordinator"}),
         why="a participant's next state (POST): only the traject's coordinator"),
    Rule("portaal/trajecten/<str:reference>/plan/document/", PLAN_READERS, [plan_document_url],
         only=frozenset({"coordinator", "coach", "staff", "administrator"}),
         why="the plan's document: its coordinator, their coach, staff of its region and "
             "administrators read it; never from /media/"),
]
# fmt: on
