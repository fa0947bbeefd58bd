"""The registration form leaves the model's check constraints to the database
(``RegistrationForm._post_clean``): its own ``clean`` must refuse whatever they refuse, with the
message next to a field. Each case breaks one constraint from a valid post; what the form
accepts is then checked against every constraint the way Django checks them (a query each),
and what it refuses has its errors at fields, never above the form."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.trajects.conftest import form_data
from trajects.forms import RegistrationForm
from trajects.models import Registration

pytestmark = pytest.mark.django_db

# The constraints on what the form asks (the others are on fields it does not have: the
# channel, the call taker, the duplicate).
FORM_CONSTRAINTS = {
    "registration_core_person_agrees",
    "registration_privacy_acknowledged",
    "registration_organisation_only_for_professionals",
    "registration_professional_names_organisation_and_email",
    "registration_registrant_reachable",
    "registration_core_person_reachable",
}

# (the constraint broken by the raw post, its overrides, the fields refused; none: accepted
# as the form cleans it)
CASES = [
    ("registration_core_person_agrees", {"core_person_agrees": "not_yet"}, {"core_person_agrees"}),
    ("registration_core_person_agrees", {"core_person_agrees": "no"}, {"core_person_agrees"}),
    ("registration_privacy_acknowledged", {"privacy_acknowledged": None}, {"privacy_acknowledged"}),
    (
        "registration_organisation_only_for_professionals",
        {"registrant_type": "family_or_friend"},
        set(),
    ),
    (
        "registration_organisation_only_for_professionals",
        {"registrant_type": "core_person", "core_name": "", "core_phone": ""},
        set(),
    ),
    (
        "registration_professional_names_organisation_and_email",
        {"organisation_type": ""},
        {"organisation_type"},
    ),
    (
        "registration_professional_names_organisation_and_email",
        {"organisation_name": "  "},
        {"organisation_name"},
    ),
    (
        "registration_professional_names_organisation_and_email",
        {"registrant_email": ""},
        {"registrant_email"},
    ),
    (
        "registration_registrant_reachable",
        {
            "registrant_type": "family_or_friend",
            "registrant_email": "",
            "registrant_phone": "",
        },
        {"registrant_phone"},
    ),
    (
        "registration_core_person_reachable",
        {"core_phone": "", "core_email": ""},
        {"core_phone"},
    ),
    # Registering for yourself: your own phone is the core person's.
    (
        "registration_core_person_reachable",
        {"registrant_type": "core_person", "core_phone": "", "core_email": ""},
        set(),
    ),
]


def test_the_cases_break_every_constraint_on_the_forms_fields():
    constraints = {constraint.name for constraint in Registration._meta.constraints}
    assert constraints >= FORM_CONSTRAINTS
    assert {name for name, _overrides, _refused in CASES} == FORM_CONSTRAINTS


@pytest.mark.parametrize(("constraint", "overrides", "refused"), CASES)
def test_what_the_form_accepts_satisfies_every_constraint_and_what_it_refuses_is_at_a_field(
    antwerpen, constraint, overrides, refused
):
    form = RegistrationForm(form_data(**overrides))

    if refused:
        assert not form.is_valid()
        assert refused <= set(form.errors), form.errors
        assert NON_FIELD_ERRORS not in form.errors
    else:
        assert form.is_valid(), form.errors
        # Django's own check, as it asks the database: raises when a constraint is broken.
        Registration(**form.submitted_data()).validate_constraints()


def test_the_form_asks_the_database_nothing_about_the_constraints(antwerpen):
    form = RegistrationForm(form_data())

    with CaptureQueriesContext(connection) as captured:
        assert form.is_valid(), form.errors

    checks = [query["sql"] for query in captured if '"_check"' in query["sql"]]
    assert checks == []
    # The instance checks its constraints again when asked after the form (the admin, a shell).
    assert "validate_constraints" not in vars(form.instance)


def test_the_form_shown_asks_no_autofill_for_the_core_persons_phone_and_limits_the_question(
    antwerpen,
):
    html = str(RegistrationForm())

    core_phone = re.search(r'<input [^>]*name="core_phone"[^>]*>', html)
    question = re.search(r'<textarea [^>]*name="question"[^>]*>', html)
    assert core_phone and 'autocomplete="off"' in core_phone.group()
    assert question and 'maxlength="4000"' in question.group()
