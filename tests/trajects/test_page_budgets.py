"""Query budgets of the trajects pages (issue 14): each page makes at most ``BUDGET`` queries
(the site's header and the log-in's look-ups included), and as many with 1,000 rows of what
it lists as with 10. CPU is measured by ``make bench``, never here."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.roles import Role
from tests.trajects import budget_data as data
from training.factories import TrackFactory
from trajects.figures.selectors import Period, figures
from trajects.models import Registration, RegistrationStatus, Traject
from trajects.traject.models import Phase

BUDGET = 20
SMALL, LARGE = 10, 1000


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    print(url, len(captured))  # noqa: T201 -- shown with -s when a budget needs looking at
    return len(captured)


def assert_budget(client, url: Callable[[], str], grow: Callable[[int], None]) -> None:
    """``grow(n)`` adds n rows of what the page at ``url()`` lists: 10, then 990 more."""
    grow(SMALL)
    client.get(url())  # the session's first request reads the log-in and language once
    small = queries(client, url())
    grow(LARGE - SMALL)
    large = queries(client, url())
    assert small == large, f"{url()}: {small} queries with {SMALL} rows, {large} with {LARGE}"
    assert large <= BUDGET, f"{url()}: {large} queries"


@pytest.fixture(autouse=True)
def _site(home_page):
    """The demo site's pages: the header and its menu read them on every page."""


@pytest.fixture
def as_staff(client, login, staff):
    login(client, staff)
    return client


# --- The staff's pages ---------------------------------------------------------------------------


def test_the_registrations_list_keeps_its_budget(as_staff, antwerpen):
    assert_budget(
        as_staff,
        lambda: "/staf/aanmeldingen/",
        lambda n: data.registrations(n, region=antwerpen),
    )
    assert Registration.objects.count() == LARGE


def test_a_registration_keeps_its_budget_with_a_long_timeline(as_staff, antwerpen, staff):
    registration = data.registrations(1, region=antwerpen, status=RegistrationStatus.IN_INTAKE)[0]
    assert_budget(
        as_staff,
        lambda: f"/staf/aanmeldingen/{registration.reference}/",
        lambda n: data.steps(registration, n, by=staff),
    )


def test_the_trajects_list_keeps_its_budget(as_staff, antwerpen):
    assert_budget(
        as_staff, lambda: "/staf/trajecten/", lambda n: data.trajects(n, region=antwerpen)
    )
    assert Traject.objects.count() == LARGE


def test_a_traject_keeps_its_budget_with_many_steps_and_proposals(as_staff, antwerpen, staff):
    traject = data.trajects(1, region=antwerpen)[0]

    def grow(n: int) -> None:
        data.steps(traject.registration, n, by=staff)
        data.proposals(traject, data.people(n, role=Role.COORDINATOR, region=antwerpen), by=staff)

    assert_budget(as_staff, lambda: f"/staf/trajecten/{traject.reference}/", grow)


def test_the_shortlist_keeps_its_budget(as_staff, antwerpen, coach):
    traject = data.trajects(1, region=antwerpen)[0]
    track = TrackFactory(code="budget-basis")

    def grow(n: int) -> None:
        data.certify(data.people(n, role=Role.COORDINATOR, region=antwerpen, coach=coach), track)

    assert_budget(as_staff, lambda: f"/staf/trajecten/{traject.reference}/koppelen/", grow)


def test_the_dashboard_keeps_its_budget(as_staff, antwerpen, coach):
    track = TrackFactory(code="budget-basis")

    def grow(n: int) -> None:
        data.registrations(n, region=antwerpen)
        data.trajects(n, region=antwerpen, days_ago=40)  # all past the promise: at risk
        data.certify(data.people(n, role=Role.COORDINATOR, region=antwerpen), track)

    assert_budget(as_staff, lambda: "/staf/", grow)


# --- The coordinator's workspace ---------------------------------------------------------------


def test_the_workspace_list_keeps_its_budget(client, login, coordinator, antwerpen):
    login(client, coordinator)
    data.trajects(1, region=antwerpen, phase=Phase.PREPARATION, coordinators=[coordinator])
    assert_budget(
        client,
        lambda: "/portaal/trajecten/",
        lambda n: data.trajects(
            n, region=antwerpen, phase=Phase.CLOSED, coordinators=[coordinator]
        ),
    )


def test_a_traject_workspace_keeps_its_budget(client, login, coordinator, antwerpen):
    """The page holds every section's form (each posts to its own address)."""
    login(client, coordinator)
    traject = data.trajects(
        1, region=antwerpen, phase=Phase.PREPARATION, coordinators=[coordinator]
    )[0]

    def grow(n: int) -> None:
        data.participants(traject, n)
        data.steps(traject.registration, n, by=coordinator)

    assert_budget(client, lambda: f"/portaal/trajecten/{traject.reference}/", grow)


# --- The coach's view of their coordinators' trajects -------------------------------------------


def test_the_coach_traject_list_keeps_its_budget(client, login, coach, antwerpen):
    login(client, coach)

    def grow(n: int) -> None:
        coordinators = data.people(n, role=Role.COORDINATOR, region=antwerpen, coach=coach)
        data.trajects(n, region=antwerpen, phase=Phase.PREPARATION, coordinators=coordinators)

    assert_budget(client, lambda: "/coach/trajecten/", grow)
    assert Traject.objects.for_coach(coach).count() == LARGE


def test_a_coach_traject_keeps_its_budget(client, login, coach, coordinator, antwerpen):
    login(client, coach)
    traject = data.trajects(
        1, region=antwerpen, phase=Phase.PREPARATION, coordinators=[coordinator]
    )[0]

    def grow(n: int) -> None:
        data.participants(traject, n)
        data.steps(traject.registration, n, by=coordinator)

    assert_budget(client, lambda: f"/coach/trajecten/{traject.reference}/", grow)


# --- The figures ---------------------------------------------------------------------------------


def test_the_figures_are_counted_in_the_database_at_any_size(
    as_staff, staff, antwerpen, coordinator
):
    """As many queries for 1,000 trajects as for 10, and on the small set the same numbers as
    counting the rows one by one in Python."""
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)

    def grow(n: int) -> None:
        data.trajects(n - n // 2 - n // 5, region=antwerpen)
        data.trajects(n // 2, region=antwerpen, phase=Phase.CLOSED, coordinators=[coordinator])
        data.trajects(n // 5, region=antwerpen, phase=Phase.STOPPED)

    grow(SMALL)
    counted = figures(user=staff, period=period)
    trajects = list(Traject.objects.select_related("registration"))
    in_period = [t for t in trajects if period.since <= t.registration.created_at < period.until]
    assert counted.registrations == len(in_period) == SMALL
    assert counted.started == sum(
        1 for t in trajects if t.started_at and period.since <= t.started_at < period.until
    )
    assert counted.stopped == sum(1 for t in trajects if t.phase == Phase.STOPPED) == SMALL // 5
    assert counted.started_in_time == counted.started  # all started the day after
    by_status = {row.value: row.count for row in counted.registrations_by_status}
    assert by_status[RegistrationStatus.ACCEPTED] == SMALL

    url = f"/staf/rapport/?date_from={period.start.isoformat()}&date_to={period.end.isoformat()}"
    as_staff.get(url)
    small = queries(as_staff, url)
    grow(LARGE - SMALL)
    assert queries(as_staff, url) == small <= BUDGET
    assert figures(user=staff, period=period).registrations == LARGE
