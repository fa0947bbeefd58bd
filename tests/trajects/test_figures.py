"""The figures (/staf/rapport/): each number on a small data set made through the services at
known moments (registrations, intake, matching, the route, pauses, stops, and the coordinator's
workspace: conferences held, plans, follow-ups and a traject closed without one), the median
with odd
and even counts, the filters (period, region, registrant type), staff of another region, the
CSV and XLSX downloads with the same numbers as the page, the charts (inline SVG, no script),
and the same number of queries at two data sizes."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.factories import CoordinatorFactory, StaffFactory, postcode, region
from people.models import User
from training.certificates.services import certificate_issue
from training.factories import TrackFactory
from trajects.factories import RegistrationFactory
from trajects.figures.selectors import Figures, Period, figures
from trajects.intake.services import (
    registration_accept,
    registration_decline,
    registration_intake_start,
)
from trajects.matching.services import proposal_accept, proposal_make
from trajects.models import (
    Phase,
    RegistrantType,
    Registration,
    StopReason,
    Traject,
)
from trajects.traject.services import (
    traject_advance,
    traject_pause,
    traject_resume,
    traject_stop,
)
from trajects.workspace import services as workspace
from trajects.workspace.models import Conference, FollowUp, Outcome

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
# "Today" for the known data set: the default period is 1 January up to this day.
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=BRUSSELS)
URL = "/en/staf/rapport/"


@pytest.fixture(autouse=True)
def _english():
    """Labels are checked in English (on /en/ for pages): Dutch and French wording belongs to
    the translators."""
    with translation.override("en"):
        yield


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


# --- Building trajects through the services, at known moments -----------------------------------


def moment(day: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=BRUSSELS)


@contextmanager
def at(when: datetime.datetime) -> Iterator[None]:
    with time_machine.travel(when, tick=False):
        yield


def registered(when: datetime.datetime, at_postcode: str = "2000", **fields) -> Registration:
    with at(when):
        return RegistrationFactory(postcode=postcode(at_postcode), **fields)


def accepted(staff: User, when: datetime.datetime, at_postcode: str = "2000", **fields) -> Traject:
    registration = registered(when, at_postcode, **fields)
    with at(when):
        registration_intake_start(registration=registration, by=staff)
        return registration_accept(registration=registration, by=staff)


def started(traject: Traject, staff: User, when: datetime.datetime) -> Traject:
    """The traject starts at ``when`` with a coordinator of its own (set directly: matching
    itself is exercised by ``matched``)."""
    with at(when):
        Traject.objects.filter(pk=traject.pk).update(coordinator=CoordinatorFactory())
        traject.refresh_from_db()
        return traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)


def certified_coordinator(when: datetime.datetime, regions=()) -> User:
    coordinator = CoordinatorFactory(regions=list(regions))
    certificate_issue(
        user=coordinator,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate(when) - datetime.timedelta(days=30),
    )
    return coordinator


def matched(traject: Traject, staff: User, when: datetime.datetime) -> Traject:
    """Staff propose a certified coordinator the day before, who accepts at ``when``."""
    coordinator = certified_coordinator(when)
    with at(when - datetime.timedelta(days=1)):
        proposal = proposal_make(traject=traject, coordinator=coordinator, by=staff)
    with at(when):
        return proposal_accept(proposal=proposal, by=coordinator)


def advanced(traject: Traject, staff: User, when: datetime.datetime, *phases: str) -> Traject:
    with at(when):
        for phase in phases:
            traject = traject_advance(traject=traject, to=phase, by=staff)
    return traject


def stopped(traject: Traject, staff: User, when: datetime.datetime, reason: str) -> Traject:
    with at(when):
        return traject_stop(traject=traject, by=staff, reason=reason)


CHECKS = {
    "safe": "yes",
    "safe_note": "Grandmother takes the children on Wednesdays.",
    "legal": "yes",
    "legal_note": "Nothing against the law.",
    "workable": "adjusted",
    "workable_note": "The uncle drives only at weekends.",
}


def coordinator_of(traject: Traject) -> User:
    coordinator = Traject.objects.select_related("coordinator").get(pk=traject.pk).coordinator
    assert coordinator is not None
    return coordinator


def conference_held(traject: Traject, planned: datetime.datetime, held: datetime.datetime) -> None:
    """Through the workspace: the conference is planned at ``planned`` (the traject moves to
    "conference planned"), starts an hour before ``held`` and is recorded as held at ``held``."""
    coordinator = coordinator_of(traject)
    with at(planned):
        workspace.conference_plan(
            traject=traject,
            by=coordinator,
            starts_at=held - datetime.timedelta(hours=1),
            place="Het buurthuis",
        )
    with at(held):
        workspace.conference_held(traject=traject, by=coordinator)


def plan_made(traject: Traject, when: datetime.datetime) -> None:
    with at(when):
        workspace.plan_save(
            traject=traject,
            by=coordinator_of(traject),
            actions=[{"what": "Children to grandmother on Wednesdays", "who": "Grandmother"}],
            checks=CHECKS,
            reconvener="The aunt",
        )


def plan_distributed(traject: Traject, when: datetime.datetime) -> None:
    """The follow-up is then due a month later."""
    with at(when):
        workspace.plan_distribute(
            traject=traject, by=coordinator_of(traject), distributed_to="Everyone present"
        )


@pytest.fixture
def known(staff, other_staff):
    """Antwerpen (``staff``) and Limburg (``other_staff``), registrations from December 2025 to
    June 2026. Days from registration to start: 8, 28 (late), 28 less 10 paused (in time),
    14, 16; to the conference held (and the plan made that day): 28, 58; to the plan
    distributed: 38. One follow-up (carried out partly, 13 April) and one traject closed
    without a follow-up (20 January, its conference and plan in 2025)."""
    t1 = accepted(staff, moment("2026-02-02"))
    matched(t1, staff, moment("2026-02-10"))
    conference_held(t1, moment("2026-02-20"), moment("2026-03-02"))
    plan_made(t1, moment("2026-03-02", 11))
    plan_distributed(t1, moment("2026-03-12"))  # the follow-up is due on 12 April
    with at(moment("2026-04-13")):
        workspace.follow_up_record(
            traject=t1, by=coordinator_of(t1), outcome=Outcome.PARTLY, note="Mostly."
        )

    t2 = accepted(staff, moment("2026-02-02", 15), registrant_type=RegistrantType.FAMILY_OR_FRIEND)
    t2 = started(t2, staff, moment("2026-03-02"))
    conference_held(t2, moment("2026-03-20"), moment("2026-04-01"))
    plan_made(t2, moment("2026-04-01", 11))

    t3 = accepted(staff, moment("2026-03-01"))
    with at(moment("2026-03-05")):
        t3 = traject_pause(traject=t3, by=staff)
    with at(moment("2026-03-15")):
        t3 = traject_resume(traject=t3, by=staff)
    assert t3.paused_days == 10
    started(t3, staff, moment("2026-03-29"))

    # Half past midnight in Brussels on 1 April is still 31 March in UTC: days are Brussels days.
    t4 = accepted(staff, moment("2026-04-01", 0, 30))
    started(t4, staff, moment("2026-04-15"))

    t5 = accepted(staff, moment("2025-12-20"))  # registered last year, started this year
    started(t5, staff, moment("2026-01-05"))

    # Everything last year but its closing, without a follow-up, on 20 January.
    t6 = started(accepted(staff, moment("2025-11-03")), staff, moment("2025-11-05"))
    conference_held(t6, moment("2025-11-20"), moment("2025-12-01"))
    plan_made(t6, moment("2025-12-01", 11))
    plan_distributed(t6, moment("2025-12-10"))
    with at(moment("2026-01-20")):
        workspace.traject_close_without_follow_up(
            traject=t6, by=coordinator_of(t6), reason="The family moved away."
        )

    stopped(accepted(staff, moment("2026-05-01")), staff, moment("2026-05-10"), "network_too_small")
    stopped(accepted(staff, moment("2026-05-05")), staff, moment("2026-05-20"), "situation_changed")

    registered(moment("2026-06-01"))  # new
    declined = registered(moment("2026-06-02"))
    with at(moment("2026-06-02", 11)):
        registration_intake_start(registration=declined, by=staff)
        registration_decline(registration=declined, by=staff, reason="Geen vraag voor een EKC.")

    l1 = accepted(other_staff, moment("2026-02-01"), "3500")
    l1 = started(l1, other_staff, moment("2026-02-03"))
    conference_held(l1, moment("2026-02-10"), moment("2026-02-20"))
    plan_made(l1, moment("2026-02-20", 11))
    stopped(
        accepted(other_staff, moment("2026-02-10"), "3500"),
        other_staff,
        moment("2026-03-01"),
        "plan_elsewhere",
    )


def this_year() -> Period:
    return Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 15))


def by_value(rows) -> dict[str, int]:
    return {row.value: row.count for row in rows}


# --- The numbers ----------------------------------------------------------------------------------


def test_the_figures_of_the_staffs_region_on_a_known_data_set(known, staff, now):
    result = figures(user=staff, period=this_year())

    assert result.registrations == 8
    assert by_value(result.registrations_by_status) == {
        "new": 1,
        "in_intake": 0,
        "accepted": 6,
        "not_accepted": 1,
        "withdrawn": 0,
        "duplicate": 0,
    }
    assert result.started == 5
    assert result.started_in_time == 4  # 28 days less 10 paused is in time; 28 without is not
    assert result.share_in_time == 80.0
    assert (result.to_match.days, result.to_match.count) == (16, 5)  # 8 14 [16] 28 28
    assert (result.to_conference.days, result.to_conference.count) == (43, 2)  # (28 + 58) / 2
    assert (result.to_distribution.days, result.to_distribution.count) == (38, 1)
    assert result.conferences_held == 2
    assert (result.plans_made, result.plans_distributed) == (2, 1)
    assert by_value(result.follow_up_outcomes) == {
        "fully": 0,
        "partly": 1,
        "not": 0,
        "reconvene": 0,
    }
    assert result.closed_without_follow_up == 1
    assert result.stopped == 2
    assert by_value(result.stop_reasons) == {
        "network_too_small": 1,
        "situation_changed": 1,
        "plan_elsewhere": 0,
        "agreement_withdrawn": 0,
        "other": 0,
    }
    assert [(m.month.month, m.registrations, m.started) for m in result.months] == [
        (1, 0, 1),
        (2, 2, 1),
        (3, 1, 2),
        (4, 1, 1),  # registered at 00:30 on 1 April, Brussels time
        (5, 2, 0),
        (6, 2, 0),
    ]


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values(known, staff, now):
    spring = Period(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 4, 30))

    result = figures(user=staff, period=spring)

    assert result.started == 4
    assert result.to_match.days == 21  # 8 [14 28] 28: the 14 is a Brussels day, not UTC's 15
    assert result.share_in_time == 75.0
    assert result.registrations == 4


def test_the_period_bounds_are_whole_days_in_brussels(known, staff, now):
    only_1_april = Period(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 1))
    only_31_march = Period(start=datetime.date(2026, 3, 31), end=datetime.date(2026, 3, 31))

    assert figures(user=staff, period=only_1_april).registrations == 1
    assert figures(user=staff, period=only_31_march).registrations == 0


def test_a_period_without_anything_has_zeros_and_no_medians(known, staff, now):
    result = figures(
        user=staff, period=Period(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    )

    assert (result.registrations, result.started, result.plans_made, result.stopped) == (0, 0, 0, 0)
    assert result.share_in_time is None
    assert result.to_match.days is None and result.to_conference.days is None
    assert result.conferences_held == 0 and result.closed_without_follow_up == 0
    assert not any(row.count for row in result.follow_up_outcomes)
    assert len(result.months) == 12


def test_the_conferences_and_follow_ups_count_by_their_own_day_in_the_period(known, staff, now):
    """A conference counts on the day it was held, a follow-up on the day it was recorded, a
    traject closed without a follow-up on the day it closed."""
    january = figures(
        user=staff, period=Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31))
    )
    march = figures(
        user=staff, period=Period(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    )
    april = figures(
        user=staff, period=Period(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 30))
    )
    last_year = figures(
        user=staff,
        period=Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)),
    )

    assert (january.conferences_held, january.closed_without_follow_up) == (0, 1)
    assert (march.conferences_held, march.to_conference.days) == (1, 28)
    assert by_value(march.follow_up_outcomes)["partly"] == 0
    assert (april.conferences_held, april.to_conference.days) == (1, 58)
    assert by_value(april.follow_up_outcomes)["partly"] == 1
    assert april.closed_without_follow_up == 0
    assert (last_year.conferences_held, last_year.to_conference.days) == (1, 28)
    assert last_year.closed_without_follow_up == 0  # closed in January, not last year


def test_the_registrant_type_filter(known, staff, now):
    result = figures(
        user=staff, period=this_year(), registrant_type=RegistrantType.FAMILY_OR_FRIEND
    )

    assert result.registrations == 1
    assert (result.started, result.started_in_time, result.share_in_time) == (1, 0, 0.0)
    assert (result.to_match.days, result.to_conference.days) == (28, 58)
    assert (result.plans_made, result.plans_distributed, result.stopped) == (1, 0, 0)
    assert result.conferences_held == 1
    assert not any(row.count for row in result.follow_up_outcomes)
    assert result.to_distribution.days is None


def test_staff_of_another_region_see_only_their_regions_numbers(known, other_staff, now):
    result = figures(user=other_staff, period=this_year())

    assert (result.registrations, result.started, result.plans_made) == (2, 1, 1)
    assert (result.to_match.days, result.to_conference.days) == (2, 19)
    assert (result.conferences_held, result.closed_without_follow_up) == (1, 0)
    assert not any(row.count for row in result.follow_up_outcomes)
    assert by_value(result.stop_reasons)["plan_elsewhere"] == 1
    assert by_value(result.stop_reasons)["network_too_small"] == 0


def test_a_region_outside_the_users_regions_adds_nothing(known, staff, now):
    """Belt and braces: the selector starts from what the user may see."""
    result = figures(user=staff, period=this_year(), region=region("limburg"))

    assert (result.registrations, result.started, result.stopped) == (0, 0, 0)


def test_administrators_see_every_region_or_the_one_they_choose(known, administrator, now):
    everything = figures(user=administrator, period=this_year())
    limburg = figures(user=administrator, period=this_year(), region=region("limburg"))

    assert (everything.registrations, everything.started) == (10, 6)
    assert everything.to_match.days == 15  # 2 8 [14 16] 28 28
    assert (limburg.registrations, limburg.started, limburg.stopped) == (2, 1, 1)


# --- The page -------------------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def test_the_page_shows_this_year_by_default_with_charts_and_tables(
    client, login, known, staff, now
):
    login(client, staff)

    response = client.get(URL)

    assert response.status_code == 200
    content = html(response)
    result: Figures = response.context["figures"]
    assert result.period == this_year()
    assert result.registrations == 8
    assert 'value="2026-01-01"' in content and 'value="2026-06-15"' in content
    # Staff of one region choose no region.
    assert 'name="region"' not in content
    # Each chart is an image with a name, beside a table with a caption; no script anywhere.
    charts = re.findall(r"<svg[^>]*>", content)
    assert len(charts) == 4
    for chart in charts:
        assert 'role="img"' in chart and 'aria-label="' in chart
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]
    svgs = "".join(re.findall(r"<svg.*?</svg>", content, re.S))
    for outside in ("<script", "xml-stylesheet", 'href="http', "googleapis", "pygal.org"):
        assert outside not in svgs, outside
    assert content.count("<caption") == 6
    assert "Registrations and starts per month" in content
    assert 'id="figures-follow-up"' in content
    assert 'aria-label="Follow-up outcomes"' in content
    assert "Not recorded yet" not in content
    assert "counts on the day the plan was made" not in content


def test_the_page_filters_by_period_and_registrant_type(client, login, known, staff, now):
    login(client, staff)

    response = client.get(
        URL, {"date_from": "2026-02-01", "date_to": "2026-04-30", "registrant_type": ""}
    )
    family = client.get(URL, {"registrant_type": "family_or_friend"})

    assert response.context["figures"].to_match.days == 21
    assert family.context["figures"].registrations == 1


def test_an_inverted_period_is_refused_next_to_the_field(client, login, staff, now):
    login(client, staff)

    response = client.get(URL, {"date_from": "2026-05-01", "date_to": "2026-02-01"})

    assert response.status_code == 200
    assert "figures" not in response.context
    assert "This date lies before the start of the period: swap them." in html(response)
    assert "Correct the fields above to see the figures." in html(response)


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("0001-01-01", "2026-06-15", "Choose a day from 1 January 2000 to 31 December 2027."),
        ("2026-01-01", "9999-12-31", "Choose a day from 1 January 2000 to 31 December 2027."),
        ("2000-01-01", "2027-12-31", "Choose a period of at most ten years."),
    ],
)
def test_a_period_out_of_bounds_is_refused_not_a_server_error(
    client, login, staff, now, date_from, date_to, message
):
    login(client, staff)

    response = client.get(URL, {"date_from": date_from, "date_to": date_to})

    assert response.status_code == 200
    assert message in html(response)
    assert "figures" not in response.context


def test_an_empty_period_shows_zeros_and_no_charts(client, login, staff, now):
    login(client, staff)

    response = client.get(URL)

    assert response.status_code == 200
    content = html(response)
    assert "<svg" not in content
    assert content.count("Nothing to draw for this period") == 4


def test_a_region_in_the_address_is_ignored_for_staff_of_one_region(
    client, login, known, staff, now
):
    """Staff of one region choose nothing: another region in the address changes nothing."""
    login(client, staff)

    response = client.get(URL, {"region": region("limburg").pk})

    assert response.status_code == 200
    assert response.context["figures"].registrations == 8


def test_staff_of_two_regions_choose_one_and_get_404_for_a_third(client, login, known, now):
    both = StaffFactory(regions=[region("antwerpen"), region("limburg")])
    login(client, both)

    everything = client.get(URL)
    limburg = client.get(URL, {"region": region("limburg").pk})
    elsewhere = client.get(URL, {"region": region("west-vlaanderen").pk})
    nonsense = client.get(URL, {"region": "x"})

    assert everything.context["figures"].registrations == 10
    assert 'name="region"' in html(everything)
    assert limburg.context["figures"].registrations == 2
    assert "Limburg" in html(limburg)
    assert elsewhere.status_code == 404
    assert nonsense.status_code == 404


def test_administrators_choose_any_region(client, login, known, administrator, now):
    login(client, administrator)

    limburg = client.get(URL, {"region": region("limburg").pk})

    assert limburg.context["figures"].registrations == 2
    assert "All regions" in html(client.get(URL))


# --- Downloads ------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def value_of(rows: list[list], label: str, column: int = 1):
    matches = [row[column] for row in rows if row and row[0] == label]
    assert len(matches) == 1, (label, matches)
    return matches[0]


def test_the_csv_has_the_same_numbers_as_the_page(client, login, known, staff, now):
    login(client, staff)
    page = client.get(URL)
    result: Figures = page.context["figures"]

    response = client.get(URL, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "kring-cijfers-2026-01-01-2026-06-15.csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert value_of(rows, "Registrations received") == str(result.registrations) == "8"
    assert value_of(rows, "Trajects started") == "5"
    assert value_of(rows, "Trajects started within 21 days") == "4"
    assert value_of(rows, "Share started within 21 days (%)") == "80.0"
    assert value_of(rows, "Conferences held") == "2"
    assert value_of(rows, "Plans made") == "2"
    assert value_of(rows, "Plans distributed") == "1"
    assert value_of(rows, "to the match (the traject starts)") == "16.0"
    assert value_of(rows, "to the match (the traject starts)", 2) == "5"
    assert value_of(rows, "to the conference") == "43.0"
    assert value_of(rows, "The network is too small") == "1"
    assert value_of(rows, "April 2026", 1) == "1"
    assert value_of(rows, "March 2026", 2) == "2"
    assert value_of(rows, "Region") == "Antwerp"
    assert value_of(rows, "Registered by") == "Everyone"
    assert value_of(rows, "Carried out partly") == "1"
    assert value_of(rows, "Carried out fully") == "0"
    assert value_of(rows, "Closed without follow-up") == "1"
    assert not any("Not recorded yet" in cell for row in rows for cell in row)


def test_the_xlsx_has_the_same_numbers_and_follows_the_filters(client, login, known, staff, now):
    login(client, staff)

    response = client.get(
        URL, {"export": "xlsx", "date_from": "2026-02-01", "date_to": "2026-04-30"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert value_of(rows, "Registrations received") == 4
    assert value_of(rows, "to the match (the traject starts)") == 21
    assert value_of(rows, "Share started within 21 days (%)") == 75
    assert value_of(rows, "Conferences held") == 2
    assert value_of(rows, "Carried out partly") == 1
    assert value_of(rows, "Closed without follow-up") == 0


def test_an_export_of_an_invalid_form_shows_the_page_with_its_errors(client, login, staff, now):
    login(client, staff)

    response = client.get(URL, {"export": "csv", "date_from": "nonsense"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_another_regions_staff_download_only_their_numbers(client, login, known, other_staff, now):
    login(client, other_staff)

    rows = csv_rows(client.get(URL, {"export": "csv"}))

    assert value_of(rows, "Registrations received") == "2"
    assert value_of(rows, "Region") == "Limburg"


# --- Query budget ---------------------------------------------------------------------------------


def grow(staff: User, count: int) -> None:
    """``count`` trajects in Antwerpen this year: every other one started, every fifth one
    with its conference held, its plan made and distributed and its follow-up recorded, every
    seventh not started one stopped."""
    for number in range(count):
        day = datetime.date(2026, 1, 5) + datetime.timedelta(days=number % 150)
        traject = accepted(staff, moment(day.isoformat()))
        if number % 2 == 0:
            traject = started(traject, staff, moment(day.isoformat(), 11))
            if number % 5 == 0:
                traject = advanced(
                    traject,
                    staff,
                    moment(day.isoformat(), 12),
                    Phase.CONFERENCE_PLANNED,
                    Phase.PLAN_MADE,
                    Phase.PLAN_DISTRIBUTED,
                )
                # The workspace's rows, written directly at known moments: held, followed up.
                Conference.objects.create(
                    traject=traject,
                    starts_at=moment(day.isoformat(), 12),
                    held_at=moment(day.isoformat(), 12),
                    place="Het buurthuis",
                )
                FollowUp.objects.create(
                    traject=traject,
                    due_on=day,
                    outcome=Outcome.values[number % len(Outcome.values)],
                    done_at=moment(day.isoformat(), 13),
                )
        elif number % 7 == 1:
            stopped(traject, staff, moment(day.isoformat(), 11), StopReason.SITUATION_CHANGED)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_and_its_download_make_the_same_number_of_queries_at_two_sizes(
    client, login, staff, now
):
    login(client, staff)
    grow(staff, 10)
    queries_for(client, URL)  # warm up: caches filled on the first request
    small = (queries_for(client, URL), queries_for(client, URL + "?export=xlsx"))

    grow(staff, 190)
    large = (queries_for(client, URL), queries_for(client, URL + "?export=xlsx"))

    assert Traject.objects.count() == 200
    assert FollowUp.objects.count() == 20
    assert small == large
