"""Query budgets of the coaching pages (issue 14): each page makes at most ``BUDGET`` queries
(the site's header and the log-in's look-ups included), and as many with 1,000 rows of what
it lists as with 10. CPU is measured by ``make bench``, never here."""

from __future__ import annotations

import pytest

from people.roles import Role
from tests.trajects import budget_data as data
from tests.trajects.test_page_budgets import assert_budget
from training.factories import TrackFactory
from trajects.traject.models import Phase


@pytest.fixture(autouse=True)
def _site(home_page):
    """The demo site's pages: the header and its menu read them on every page."""


@pytest.fixture
def track(db):
    return TrackFactory(code="budget-basis", intervision_per_year=4, supervision_per_year=2)


def test_the_coach_dashboard_keeps_its_budget(client, login, coach, antwerpen, track):
    login(client, coach)

    def grow(n: int) -> None:
        coordinators = data.people(n, role=Role.COORDINATOR, region=antwerpen, coach=coach)
        data.certify(coordinators, track)
        data.contacts(coach, coordinators)
        data.trajects(n, region=antwerpen, phase=Phase.PREPARATION, coordinators=coordinators)
        data.sessions(2, facilitator=coach, region=antwerpen, invited=coordinators)

    assert_budget(client, lambda: "/coach/", grow)


def test_the_session_list_keeps_its_budget(client, login, coach, coordinator, antwerpen):
    login(client, coach)
    assert_budget(
        client,
        lambda: "/coach/sessies/",
        lambda n: data.sessions(n, facilitator=coach, region=antwerpen, invited=[coordinator]),
    )


def test_a_session_keeps_its_budget_with_many_invitees(client, login, coach, antwerpen):
    login(client, coach)
    session = data.sessions(1, facilitator=coach, region=antwerpen)[0]
    assert_budget(
        client,
        lambda: f"/coach/sessies/{session.pk}/",
        lambda n: data.invitations(
            session, data.people(n, role=Role.COORDINATOR, region=antwerpen, coach=coach)
        ),
    )


def test_the_coordinators_coaching_page_keeps_its_budget(
    client, login, coordinator, coach, antwerpen, track
):
    data.certify([coordinator], track)
    login(client, coordinator)
    assert_budget(
        client,
        lambda: "/portaal/coaching/",
        lambda n: data.sessions(n, facilitator=coach, region=antwerpen, invited=[coordinator]),
    )


@pytest.mark.parametrize("url", ["/staf/coaching/", "/staf/coaching/overzicht/"])
def test_the_staff_coaching_pages_keep_their_budget(
    client, login, staff, coach, antwerpen, track, url
):
    login(client, staff)

    def grow(n: int) -> None:
        coached = data.people(n // 2, role=Role.COORDINATOR, region=antwerpen, coach=coach)
        data.certify(coached, track)
        data.people(n - n // 2, role=Role.COORDINATOR, region=antwerpen)
        data.sessions(2, facilitator=coach, region=antwerpen, invited=coached)

    assert_budget(client, lambda: url, grow)
