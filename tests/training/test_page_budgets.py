"""Every logged-in training page (and the public certificate pages) needs the same number of
queries with 10 and with 1,000 rows of what it lists, and at most 20 (issue 14). The rows come
from ``budget_data.grow``: coordinators with their progress, seats and certificates, training
days, quiz attempts and applications. CPU budgets are measured by the benchmark, not here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.training.budget_data import World, build, grow

pytestmark = pytest.mark.django_db

BUDGET = 20
SMALL, LARGE = 10, 1000


@dataclass(frozen=True)
class BudgetPage:
    name: str
    persona: str | None  # "coordinator", "coach", "staff" or None (anonymous)
    url: Any  # World -> str
    post: dict | None = None
    status: int = 200


PAGES = [
    BudgetPage("portal", "coordinator", lambda w: "/portaal/"),
    BudgetPage("lesson", "coordinator", lambda w: w.quiz_lesson.url),
    BudgetPage("lesson_with_prerequisite", "coordinator", lambda w: w.lessons[2].url, status=302),
    BudgetPage(
        "quiz_submit",
        "coordinator",
        lambda w: f"/portaal/lessen/{w.quiz_lesson.pk}/quiz/quiz1/",
        post={"q1": "a2"},
        status=302,
    ),
    BudgetPage("quiz_attempt", "coordinator", lambda w: f"/portaal/pogingen/{w.attempt.pk}/"),
    BudgetPage("training_days", "coordinator", lambda w: "/portaal/opleidingsdagen/"),
    BudgetPage("training_day", "coordinator", lambda w: f"/portaal/opleidingsdagen/{w.day.pk}/"),
    BudgetPage("staff_training_days", "staff", lambda w: "/staf/opleidingsdagen/"),
    BudgetPage(
        "attendance",
        "staff",
        lambda w: f"/staf/opleidingsdagen/{w.past_day.pk}/aanwezigheid/",
    ),
    BudgetPage("applications", "staff", lambda w: "/staf/kandidaten/"),
    BudgetPage("application", "staff", lambda w: f"/staf/kandidaten/{w.application.pk}/"),
    BudgetPage("volunteers", "staff", lambda w: "/staf/vrijwilligers/"),
    BudgetPage("volunteers_sorted", "staff", lambda w: "/staf/vrijwilligers/?sort=-progress"),
    BudgetPage("volunteer", "staff", lambda w: f"/staf/vrijwilligers/{w.coordinator.pk}/"),
    BudgetPage("coach_volunteers", "coach", lambda w: "/coach/vrijwilligers/"),
    BudgetPage("coach_volunteer", "coach", lambda w: f"/staf/vrijwilligers/{w.coordinator.pk}/"),
    BudgetPage("certificate_lookup", None, lambda w: "/certificaat/"),
    BudgetPage("certificate_verify", None, lambda w: f"/certificaat/{w.certificate.code}/"),
]


@pytest.fixture
def world(home, coordinator, coach, staff) -> World:
    return build(coordinator=coordinator, coach=coach, staff=staff)


def queries(client: Client, target: BudgetPage, world: World) -> int:
    """The queries of one request, after one unmeasured request (which makes what a first
    visit makes: a session's activity record, a lesson's progress row)."""
    url = target.url(world)

    def request():
        if target.post is not None:
            return client.post(url, target.post)
        return client.get(url)

    request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == target.status, target.name
    return len(captured.captured_queries)


@pytest.mark.parametrize("target", PAGES, ids=lambda target: target.name)
def test_the_page_needs_the_same_queries_for_10_and_1000_rows_and_at_most_20(
    client, login, world, target
):
    login(client, getattr(world, target.persona) if target.persona else None)
    grow(world, SMALL)
    small = queries(client, target, world)

    grow(world, LARGE - SMALL)
    large = queries(client, target, world)

    assert small == large, f"{target.name}: {small} queries for {SMALL} rows, {large} for {LARGE}"
    assert large <= BUDGET, f"{target.name}: {large} queries"
