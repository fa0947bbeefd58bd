"""Access rules of the trajects app's URLs, for the project's access matrix
(tests/config/test_access_matrix.py imports ``RULES`` and adds them to its own).

The registration page itself is a Wagtail page: the matrix's rule for Wagtail's pages (public)
covers it and its confirmation sub-pages.
"""

from __future__ import annotations

from people.roles import Role
from tests.access import Rule, roles

STAFF_AREA = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
COORDINATORS = roles(Role.COORDINATOR, Role.ADMINISTRATOR)  # administrators pass every role
# A fixed token: the sample is made once per test however many personas ask for it.
SAMPLE_TOKEN = "0b7a4c1e-5d2f-4e8a-9c3b-1f6e2d7a8b90"


def antwerp_registration_url(personas: dict) -> str:
    """The staff detail page of a registration in Antwerpen (the ``staff`` persona's region)."""
    from people.factories import postcode
    from trajects.factories import RegistrationFactory
    from trajects.models import Registration

    registration = Registration.objects.filter(submission_token=SAMPLE_TOKEN).first()
    if registration is None:
        registration = RegistrationFactory(submission_token=SAMPLE_TOKEN, postcode=postcode("2000"))
    return f"/staf/aanmeldingen/{registration.reference}/"


def antwerp_traject(personas: dict):
    """A traject in Antwerpen, accepted by the ``staff`` persona (made once per test)."""
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.models import Registration, Traject

    antwerp_registration_url(personas)
    registration = Registration.objects.get(submission_token=SAMPLE_TOKEN)
    traject = Traject.objects.filter(registration=registration).first()
    if traject is None:
        registration_intake_start(registration=registration, by=personas["staff"])
        traject = registration_accept(registration=registration, by=personas["staff"])
    return traject


def antwerp_decision_url(personas: dict) -> str:
    """The page of a decision on the Antwerpen registration (its form; GET changes nothing)."""
    return antwerp_registration_url(personas) + "ingetrokken/"


def antwerp_traject_url(personas: dict) -> str:
    return f"/staf/trajecten/{antwerp_traject(personas).reference}/"


def antwerp_traject_move_url(personas: dict) -> str:
    return antwerp_traject_url(personas) + "pauzeren/"


def antwerp_shortlist_url(personas: dict) -> str:
    return antwerp_traject_url(personas) + "koppelen/"


def proposal_to_coordinator_url(personas: dict) -> str:
    """A pending proposal of the Antwerpen traject to the ``coordinator`` persona."""
    from trajects.models import Proposal

    traject = antwerp_traject(personas)
    proposal = Proposal.objects.filter(traject=traject).first() or Proposal.objects.create(
        traject=traject, coordinator=personas["coordinator"], proposed_by=personas["staff"]
    )
    return f"/portaal/trajecten/voorstel/{proposal.pk}/"


def coordinators_traject_url(personas: dict) -> str:
    """A traject in preparation with the ``coordinator`` persona (made once per test)."""
    from people.factories import postcode
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.models import Phase, Registration, Traject

    token = "5c1d3e2a-7b4f-4a6e-8d9c-2e3f4a5b6c7d"
    registration = Registration.objects.filter(submission_token=token).first()
    if registration is None:
        registration = RegistrationFactory(submission_token=token, postcode=postcode("2000"))
        registration_intake_start(registration=registration, by=personas["staff"])
        traject = registration_accept(registration=registration, by=personas["staff"])
        Traject.objects.filter(pk=traject.pk).update(
            coordinator=personas["coordinator"], phase=Phase.PREPARATION
        )
    return f"/portaal/trajecten/{registration.reference}/"


# fmt: off
RULES: list[Rule] = [
    Rule("staf/aanmeldingen/", STAFF_AREA, ["/staf/aanmeldingen/"],
         why="regional staff see their own region's registrations, administrators all"),
    Rule("staf/aanmeldingen/telefonisch/", STAFF_AREA, ["/staf/aanmeldingen/telefonisch/"],
         why="staff record a phone registration for their own regions, administrators for all"),
    Rule("staf/aanmeldingen/<str:reference>/", STAFF_AREA, [antwerp_registration_url],
         only=frozenset({"staff", "administrator"}),
         why="staff of another region get 404: out-of-scope objects are not revealed"),
    Rule("staf/aanmeldingen/<str:reference>/<slug:action>/", STAFF_AREA, [antwerp_decision_url],
         only=frozenset({"staff", "administrator"}),
         why="intake's decisions: staff of the registration's region and administrators"),
    Rule("staf/trajecten/", STAFF_AREA, ["/staf/trajecten/"],
         why="regional staff see their own region's trajects, administrators all"),
    Rule("staf/trajecten/<str:reference>/", STAFF_AREA, [antwerp_traject_url],
         only=frozenset({"staff", "administrator"}),
         why="staff of another region get 404 on a traject"),
    Rule("staf/trajecten/<str:reference>/<slug:action>/", STAFF_AREA, [antwerp_traject_move_url],
         only=frozenset({"staff", "administrator"}),
         why="a traject's moves: staff of its region and administrators"),
    Rule("staf/trajecten/<str:reference>/koppelen/", STAFF_AREA, [antwerp_shortlist_url],
         only=frozenset({"staff", "administrator"}),
         why="the shortlist names coordinators: staff of the traject's region and administrators"),
    Rule("portaal/trajecten/", COORDINATORS, ["/portaal/trajecten/"],
         why="the coordinator's own proposals and trajects"),
    Rule("portaal/trajecten/beschikbaarheid/", COORDINATORS,
         why="POST only: a coordinator saves from when they are available"),
    Rule("portaal/trajecten/voorstel/<int:pk>/", COORDINATORS, [proposal_to_coordinator_url],
         only=frozenset({"coordinator"}),
         why="a proposal is seen only by the coordinator it was made to"),
    Rule("portaal/trajecten/<str:reference>/", COORDINATORS, [coordinators_traject_url],
         only=frozenset({"coordinator"}),
         why="the family's details: only the coordinator matched to the traject"),
]
# fmt: on

# Each area's rules beside its own samples; the workspace's reuse this module's samples, so they
# are read once this module is.
from tests.trajects.access_rules_coach import COACH_RULES  # noqa: E402
from tests.trajects.access_rules_figures import FIGURES_RULES  # noqa: E402
from tests.trajects.access_rules_status import STATUS_RULES  # noqa: E402
from tests.trajects.access_rules_workspace import WORKSPACE_RULES  # noqa: E402

RULES += STATUS_RULES + WORKSPACE_RULES + FIGURES_RULES + COACH_RULES
