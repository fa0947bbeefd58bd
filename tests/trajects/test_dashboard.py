"""The region dashboard (/staf/): active trajects per phase (paused apart), the trajects at risk
and why (past the promise, an answer overdue, matching stalled, no step for 14 days, the
follow-up overdue), the
registrations waiting, the coordinators free to match; each region's staff see only their own
regions, administrators choose; empty states; the same number of queries at two data sizes;
and who may open the dashboard and the figures at all (``access_rules_figures.FIGURES_RULES``)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from people.factories import CoordinatorFactory, StaffFactory, region
from people.models import User
from tests.config import test_access_matrix as matrix
from tests.conftest import PERSONA_NAMES, log_in
from tests.trajects.access_rules_figures import FIGURES_RULES
from tests.trajects.test_figures import (
    BRUSSELS,
    accepted,
    advanced,
    at,
    certified_coordinator,
    conference_held,
    moment,
    plan_distributed,
    plan_made,
    registered,
    stopped,
)
from trajects.figures.selectors import RISKS, dashboard, trajects_at_risk
from trajects.intake.services import registration_intake_start
from trajects.matching.services import proposal_decline, proposal_make
from trajects.models import DeclineReason, Phase, Traject
from trajects.traject.services import traject_advance, traject_pause, traject_resume
from trajects.workspace.models import FollowUp

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=BRUSSELS)
URL = "/en/staf/"


@pytest.fixture(autouse=True)
def _english():
    """Texts are checked in English (on /en/): Dutch and French wording belongs to the
    translators."""
    with translation.override("en"):
        yield


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def html(response) -> str:
    return response.content.decode()


def start(traject: Traject, staff: User, when, coordinator: User | None = None) -> Traject:
    with at(when):
        Traject.objects.filter(pk=traject.pk).update(
            coordinator=coordinator or CoordinatorFactory()
        )
        traject.refresh_from_db()
        return traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)


class Known:
    """The Antwerpen trajects of ``known`` by what they show, and the people around them."""

    def __init__(self, **named):
        self.__dict__.update(named)


@pytest.fixture
def known(staff, other_staff) -> Known:
    antwerpen, limburg = region("antwerpen"), region("limburg")
    # At risk.
    late = accepted(staff, moment("2026-05-20"))  # 26 days, nobody asked, no step since
    overdue = accepted(staff, moment("2026-06-10"))
    asked = certified_coordinator(NOW, regions=[antwerpen])
    with at(moment("2026-06-12")):
        proposal_make(traject=overdue, coordinator=asked, by=staff)  # due 14 June 10:00
    declined = accepted(staff, moment("2026-06-08"))
    decliner = certified_coordinator(NOW, regions=[antwerpen])
    with at(moment("2026-06-09")):
        proposal = proposal_make(traject=declined, coordinator=decliner, by=staff)
    with at(moment("2026-06-10")):
        proposal_decline(proposal=proposal, by=decliner, reason=DeclineReason.NO_TIME)
    quiet = start(accepted(staff, moment("2026-05-01")), staff, moment("2026-05-10"))
    # Through the workspace: distributed on 10 May, its follow-up due on 10 June, not recorded.
    follow_up_late = start(accepted(staff, moment("2026-04-20")), staff, moment("2026-04-22"))
    conference_held(follow_up_late, moment("2026-05-01"), moment("2026-05-05"))
    plan_made(follow_up_late, moment("2026-05-05", 11))
    plan_distributed(follow_up_late, moment("2026-05-10"))

    # Not at risk.
    paused_quiet = start(accepted(staff, moment("2026-05-01")), staff, moment("2026-05-05"))
    with at(moment("2026-05-10")):
        traject_pause(traject=paused_quiet, by=staff)
    fine = accepted(staff, moment("2026-06-12"))
    paused_before_start = accepted(staff, moment("2026-05-20"))
    with at(moment("2026-05-21")):
        traject_pause(traject=paused_before_start, by=staff)  # the days paused do not count
    resumed = accepted(staff, moment("2026-05-10"))
    with at(moment("2026-05-11")):
        traject_pause(traject=resumed, by=staff)
    with at(moment("2026-06-05")):
        traject_resume(traject=resumed, by=staff)  # 36 days, 25 of them paused
    distributed = start(accepted(staff, moment("2026-05-01")), staff, moment("2026-05-05"))
    distributed = advanced(
        distributed, staff, moment("2026-05-20"), Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE
    )
    advanced(distributed, staff, moment("2026-05-26"), Phase.PLAN_DISTRIBUTED)
    FollowUp.objects.create(traject=distributed, due_on=NOW.date())  # due today: not overdue
    ended = stopped(
        accepted(staff, moment("2026-04-01")), staff, moment("2026-04-05"), "situation_changed"
    )

    # Limburg: late, never on Antwerpen's dashboard.
    limburg_late = accepted(other_staff, moment("2026-05-01"), "3500")

    # Registrations waiting.
    new = registered(moment("2026-06-01"))
    in_intake = registered(moment("2026-05-25"))
    with at(moment("2026-05-26")):
        registration_intake_start(registration=in_intake, by=staff)
    limburg_new = registered(moment("2026-06-01"), "3500")

    # Coordinators.
    free = certified_coordinator(NOW, regions=[antwerpen])
    available_today = certified_coordinator(NOW, regions=[antwerpen])
    User.objects.filter(pk=available_today.pk).update(available_from=NOW.date())
    had_one = certified_coordinator(NOW, regions=[antwerpen])
    earlier = start(accepted(staff, moment("2026-01-02")), staff, moment("2026-01-10"), had_one)
    advanced(earlier, staff, moment("2026-02-01"), Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE)
    advanced(earlier, staff, moment("2026-02-10"), Phase.PLAN_DISTRIBUTED)
    busy = certified_coordinator(NOW, regions=[antwerpen])
    start(accepted(staff, moment("2026-06-11")), staff, moment("2026-06-13"), busy)
    on_a_break = certified_coordinator(NOW, regions=[antwerpen])
    User.objects.filter(pk=on_a_break.pk).update(available_from=datetime.date(2026, 7, 1))
    elsewhere = certified_coordinator(NOW, regions=[limburg])
    uncertified = CoordinatorFactory(regions=[antwerpen])
    return Known(**locals())


# --- The numbers ----------------------------------------------------------------------------------


def test_active_trajects_per_phase_with_the_paused_apart(known, staff, now):
    board = dashboard(user=staff)

    counts = {row.phase: row.count for row in board.phases}
    # Matching: late, overdue, declined, fine, resumed; preparation: quiet, busy's traject.
    assert counts == {
        "matching": 5,
        "preparation": 2,
        "conference_planned": 0,
        "plan_made": 0,
        "plan_distributed": 3,  # and had_one's earlier traject, and follow_up_late
        "follow_up_done": 0,
    }
    assert board.paused == 2  # paused_quiet, paused_before_start
    assert board.active_total == 12


def test_trajects_at_risk_oldest_first_each_with_its_reasons(known, staff, now):
    board = dashboard(user=staff)

    flags = {
        traject.pk: {
            name
            for name in (
                "past_promise",
                "answer_overdue",
                "matching_stalled",
                "stalled",
                "follow_up_overdue",
            )
            if getattr(traject, name)
        }
        for traject in board.at_risk
    }
    assert [traject.pk for traject in board.at_risk] == [
        known.earlier.pk,
        known.follow_up_late.pk,
        known.quiet.pk,
        known.late.pk,
        known.declined.pk,
        known.overdue.pk,
    ]
    assert flags == {
        known.earlier.pk: {"stalled"},  # plan distributed on 10 February: no follow-up since
        known.follow_up_late.pk: {"follow_up_overdue"},  # a step on 10 May: not stalled yet
        known.quiet.pk: {"stalled"},
        known.late.pk: {"past_promise", "stalled"},
        known.declined.pk: {"matching_stalled"},
        known.overdue.pk: {"answer_overdue"},
    }
    assert board.at_risk_total == 6
    by_pk = {traject.pk: traject for traject in board.at_risk}
    assert by_pk[known.follow_up_late.pk].follow_up_due_on == datetime.date(2026, 6, 10)


def test_trajects_at_risk_is_what_the_dashboard_lists(known, staff, now):
    """The dashboard fetches its rows in two steps; ``trajects_at_risk`` (the definition the
    alerts refer to) gives the same trajects in the same order with the same flags."""
    board = dashboard(user=staff)
    listed = list(trajects_at_risk(user=staff))

    def reasons(traject):
        return {name for name in RISKS if getattr(traject, name)}

    assert [traject.pk for traject in listed] == [traject.pk for traject in board.at_risk]
    assert [reasons(traject) for traject in listed] == [
        reasons(traject) for traject in board.at_risk
    ]


def test_a_follow_up_is_overdue_from_the_day_after_it_was_due_until_it_is_recorded(
    known, staff, now
):
    def overdue() -> bool:
        return known.follow_up_late.pk in {traject.pk for traject in dashboard(user=staff).at_risk}

    follow_up = FollowUp.objects.filter(traject=known.follow_up_late)
    assert overdue()
    follow_up.update(due_on=NOW.date())  # due today: not yet
    assert not overdue()
    follow_up.update(due_on=datetime.date(2026, 6, 14), done_at=NOW)  # recorded
    assert not overdue()
    follow_up.update(done_at=None, not_done_reason="The family moved away.")
    assert not overdue()


def test_the_promise_counts_without_the_days_paused_before_the_start(known, staff, now):
    at_risk = {traject.pk for traject in dashboard(user=staff).at_risk}

    assert known.paused_before_start.pk not in at_risk  # 26 days, 25 of them paused now
    assert known.resumed.pk not in at_risk  # 36 days, 25 of them paused
    assert known.paused_quiet.pk not in at_risk  # no step for a month, but paused
    assert known.distributed.pk not in at_risk  # 20 days, its follow-up due only today
    assert known.fine.pk not in at_risk
    assert known.ended.pk not in at_risk


def test_a_traject_passes_the_promise_on_the_day_after_its_due_date(staff, now):
    due_today = accepted(staff, moment("2026-05-25"))  # 21 days ago: due today
    one_day_late = accepted(staff, moment("2026-05-24"))

    at_risk = {traject.pk: traject for traject in dashboard(user=staff).at_risk}

    assert due_today.pk not in at_risk or not at_risk[due_today.pk].past_promise
    assert at_risk[one_day_late.pk].past_promise
    assert one_day_late.past_start_promise() and not due_today.past_start_promise()


def test_registrations_waiting_oldest_first(known, staff, now):
    board = dashboard(user=staff)

    assert [registration.pk for registration in board.waiting] == [
        known.in_intake.pk,
        known.new.pk,
    ]
    assert board.waiting_total == 2


def test_coordinators_free_to_match_longest_without_a_traject_first(known, staff, now):
    board = dashboard(user=staff)

    free = [coordinator.pk for coordinator in board.free]
    assert set(free) == {
        known.free.pk,
        known.available_today.pk,
        known.decliner.pk,  # said no to one traject: free for the next
        known.had_one.pk,  # their traject's plan is distributed: no longer busy
    }
    assert free[-1] == known.had_one.pk
    assert board.free_total == 4


def test_staff_of_another_region_see_only_their_region(known, other_staff, now):
    board = dashboard(user=other_staff)

    assert [traject.pk for traject in board.at_risk] == [known.limburg_late.pk]
    assert [registration.pk for registration in board.waiting] == [known.limburg_new.pk]
    assert [coordinator.pk for coordinator in board.free] == [known.elsewhere.pk]
    assert board.active_total == 1


# --- The page -------------------------------------------------------------------------------------


def test_the_page_links_each_traject_at_risk_and_each_registration_waiting(
    client, login, known, staff, now
):
    login(client, staff)

    response = client.get(URL)

    assert response.status_code == 200
    content = html(response)
    for traject in (known.late, known.overdue, known.declined, known.quiet):
        assert f'href="/en/staf/trajecten/{traject.reference}/"' in content
    for registration in (known.new, known.in_intake):
        assert f'href="/en/staf/aanmeldingen/{registration.reference}/"' in content
    assert known.limburg_late.reference not in content
    assert known.limburg_new.reference not in content
    assert "Not started, past the three-week promise (due by 10 June 2026)" in content
    assert "The coordinator asked has not answered in time" in content
    assert "said no or did not answer, and nobody is asked now" in content
    assert "No step in the last 14 days" in content
    assert "No follow-up yet, 14 days after it was due" in content
    assert f'href="/en/staf/trajecten/{known.follow_up_late.reference}/"' in content
    assert "Follow-up overdue: it was due on 10 June 2026" in content
    assert "21 days" in content and "14 days" in content  # waiting since
    assert "4 coordinators can be proposed today." in content
    assert "last traject started on 10 January 2026" in content
    assert 'name="region"' not in content  # one region: nothing to choose
    assert re.search(r'<a href="/en/staf/"\s+aria-current="page">Dashboard</a>', content)


def test_the_empty_states(client, login, now):
    quiet = StaffFactory(regions=[region("west-vlaanderen")])
    login(client, quiet)

    content = html(client.get(URL))

    assert "No active trajects" in content
    assert "No traject at risk" in content
    assert "No registrations waiting" in content
    assert "No coordinator can be proposed today" in content


def test_administrators_see_every_region_and_may_choose_one(
    client, login, known, administrator, now
):
    login(client, administrator)

    everything = client.get(URL)
    limburg = client.get(URL, {"region": region("limburg").pk})

    assert everything.context["dashboard"].at_risk_total == 7
    assert 'name="region"' in html(everything)
    assert "All regions" in html(everything)
    assert [t.pk for t in limburg.context["dashboard"].at_risk] == [known.limburg_late.pk]
    assert known.late.reference not in html(limburg)


def test_a_region_outside_the_users_regions_is_ignored_or_404(client, login, known, staff, now):
    login(client, staff)
    ignored = client.get(URL, {"region": region("limburg").pk})  # one region: nothing to choose
    assert ignored.status_code == 200
    assert known.limburg_late.reference not in html(ignored)
    assert known.late.reference in html(ignored)

    both = StaffFactory(regions=[region("antwerpen"), region("limburg")])
    login(client, both)
    assert client.get(URL, {"region": region("west-vlaanderen").pk}).status_code == 404
    assert client.get(URL, {"region": "not-a-region"}).status_code == 404
    chosen = client.get(URL, {"region": region("limburg").pk})
    assert chosen.status_code == 200
    assert [t.pk for t in chosen.context["dashboard"].at_risk] == [known.limburg_late.pk]


# --- Query budget ---------------------------------------------------------------------------------


def grow(staff: User, trajects: int, coordinators: int) -> None:
    """Late trajects (every third one started and quiet, every sixth of them with its plan
    distributed and its follow-up overdue, every fifth with an overdue answer), registrations
    waiting, and coordinators free to match."""
    antwerpen = region("antwerpen")
    for number in range(trajects):
        day = (NOW - datetime.timedelta(days=20 + number % 60)).date().isoformat()
        traject = accepted(staff, moment(day))
        if number % 3 == 0:
            start(traject, staff, moment(day, 11))
            if number % 2 == 0:
                Traject.objects.filter(pk=traject.pk).update(phase=Phase.PLAN_DISTRIBUTED)
                FollowUp.objects.create(traject=traject, due_on=NOW.date() - datetime.timedelta(1))
        elif number % 5 == 1:
            with at(moment(day, 11)):
                proposal_make(
                    traject=traject,
                    coordinator=certified_coordinator(moment(day), regions=[antwerpen]),
                    by=staff,
                )
        registered(moment(day, 9))
    for _number in range(coordinators):
        certified_coordinator(NOW, regions=[antwerpen])


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_makes_the_same_number_of_queries_at_two_sizes(client, login, staff, now):
    login(client, staff)
    grow(staff, trajects=10, coordinators=2)
    queries_for(client, URL)  # warm up: caches filled on the first request
    small = queries_for(client, URL)
    small_board = dashboard(user=staff)

    grow(staff, trajects=190, coordinators=18)
    large = queries_for(client, URL)
    large_board = dashboard(user=staff)

    assert Traject.objects.count() == 200
    assert FollowUp.objects.count() == 34
    assert (small_board.at_risk_total, small_board.free_total) == (10, 2)
    assert large_board.at_risk_total == 200
    assert large_board.waiting_total == 200 and large_board.free_total == 20
    assert small == large


# --- Who may open the dashboard and the figures -------------------------------------------------

EXPECTED = {
    "anonymous": 302,  # to log in
    "coordinator": 404,
    "other_coordinator": 404,
    "coach": 404,
    "other_coach": 404,
    "staff": 200,
    "other_staff": 200,
    "editor": 404,
    "administrator": 200,
}


@pytest.mark.parametrize("url", ["/staf/", "/staf/rapport/", "/fr/staf/", "/en/staf/rapport/"])
def test_each_persona_gets_the_dashboard_and_the_figures_or_not(client, personas, url):
    for name in PERSONA_NAMES:
        log_in(client, personas[name])
        response = client.get(url)
        assert response.status_code == EXPECTED[name], (name, url)
        if name == "anonymous":
            assert "/accounts/login/" in response["Location"]


def test_the_downloads_are_denied_like_the_page(client, personas):
    for name in PERSONA_NAMES:
        log_in(client, personas[name])
        response = client.get("/staf/rapport/?export=csv")
        assert response.status_code == EXPECTED[name], name


def test_the_figures_rules_hold_for_every_persona_as_the_matrix_checks_them(client, personas):
    """What tests/config/test_access_matrix.py will check once ``FIGURES_RULES`` is merged."""
    failures = []
    for rule in FIGURES_RULES:
        for name in PERSONA_NAMES:
            user = personas[name]
            log_in(client, user)
            for sample in rule.samples:
                url = sample(personas) if callable(sample) else sample
                expected = "allowed" if matrix._allowed(rule.access, user) else "denied"
                outcome = matrix._outcome(url, client.get(url))
                if outcome != expected:
                    failures.append(f"{name} GET {url}: {outcome}, expected {expected}")
    assert not failures


def test_the_figures_rules_govern_exactly_the_two_routes():
    routes = {route.route: route.name for route in matrix.walk() if route.route.startswith("staf/")}
    routes = {route: name for route, name in routes.items() if name in ("dashboard", "figures")}

    assert routes == {"staf/": "dashboard", "staf/rapport/": "figures"}
    for route in routes:
        governing = [rule for rule in FIGURES_RULES if matrix._matches(rule, route)]
        assert len(governing) == 1, route
