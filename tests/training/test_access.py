"""The training app's access rules (``access_rules*.py``, one module per area) cover its URLs and
hold for every persona, as the project's access matrix checks them."""

from __future__ import annotations

import pytest

from tests.config.test_access_matrix import PUBLIC, _allowed, _matches, _outcome, walk
from tests.conftest import PERSONA_NAMES, log_in
from tests.training import (
    access_rules,
    access_rules_certificates,
    access_rules_learning,
    access_rules_portal,
    access_rules_recruitment_delete,
    access_rules_volunteers,
)

RULES = [
    *access_rules.RULES,
    *access_rules_learning.RULES,
    *access_rules_portal.RULES,
    *access_rules_certificates.RULES,
    *access_rules_volunteers.RULES,
    *access_rules_recruitment_delete.RULES,
]

pytestmark = pytest.mark.django_db


def test_every_training_url_has_a_rule_here():
    training_routes = [
        route.route
        for route in walk()
        if getattr(route.pattern.callback, "__module__", "").startswith("training.")
    ]

    assert training_routes, "no training URL found"
    for route in training_routes:
        assert any(_matches(rule, route) for rule in RULES), route


def test_no_training_url_is_public_but_certificate_verification_and_applicant_deletion():
    public = {str(rule.route) for rule in RULES if rule.access == PUBLIC}
    assert public <= {
        "certificaat/",
        "certificaat/<str:code>/",
        "vrijwilliger-worden/verwijderen/<str:token>/",
    }


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.route)
def test_rule_holds_for_every_persona(rule, client, personas):
    failures = []
    for name in PERSONA_NAMES:
        user = personas[name]
        log_in(client, user)
        for sample in rule.samples:
            url = sample(personas) if callable(sample) else sample
            allowed = _allowed(rule.access, user) and (rule.only is None or name in rule.only)
            outcome = _outcome(url, client.get(url))
            if outcome != ("allowed" if allowed else "denied"):
                failures.append(f"{name} GET {url}: {outcome}")
    assert not failures, "\n".join(failures)
