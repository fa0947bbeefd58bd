"""The coach's dashboard page (/coach/): the table with its links and flag badges, the summary,
the filters (GET, without JavaScript), the CSV and XLSX export (the coach's own coordinators
only), the empty state, the upcoming sessions, the weekly digest setting, the landing after
log-in and who may open it."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coaching.models import CoachingProfile, Invitation, Reply, Session, SessionKind
from people.factories import region
from tests.coaching.test_dashboard_selectors import (
    DAY,
    NOW,
    TODAY,
    coached,
    contact,
    coordinators_with_everything,
    started_traject,
    waiting_traject,
)
from tests.trajects.test_figures import at

pytestmark = pytest.mark.django_db

URL = "/en/coach/"


@pytest.fixture(autouse=True)
def _english():
    """Texts are checked in English (on /en/): Dutch and French wording belongs to the
    translators."""
    with translation.override("en"):
        yield


@pytest.fixture
def now():
    with at(NOW):
        yield NOW


def html(response) -> str:
    return response.content.decode()


def row_html(content: str, coordinator) -> str:
    match = re.search(rf'<tr id="dashboard-row-{coordinator.pk}".*?</tr>', content, re.S)
    assert match, f"no row for coordinator {coordinator.pk}"
    return match.group(0)


@pytest.fixture
def mixed(coach, staff, coordinator, now):
    """The ``coordinator`` persona (nothing logged), one whose promise is at risk and one with a
    recent contact and a traject in preparation."""
    at_risk = coached(coach, first_name="Rita", last_name="Risico")
    at_risk_traject = waiting_traject(at_risk, staff, NOW - 20 * DAY)
    calm = coached(coach, first_name="Koen", last_name="Kalm")
    calm_traject = started_traject(calm, staff, NOW - 3 * DAY)
    contact(coach, calm, TODAY - 2 * DAY)
    return {
        "at_risk": at_risk,
        "at_risk_traject": at_risk_traject,
        "calm": calm,
        "calm_traject": calm_traject,
    }


def test_the_dashboard_links_each_coordinator_and_their_current_traject(
    client, login, coach, mixed
):
    login(client, coach)

    content = html(client.get(URL))

    row = row_html(content, mixed["calm"])
    assert f'href="/en/staf/vrijwilligers/{mixed["calm"].pk}/"' in row
    reference = mixed["calm_traject"].reference
    assert f'href="/en/coach/trajecten/{reference}/">{reference}</a>' in row
    assert "Preparation" in row
    assert "Started" in row  # the three-week clock has stopped


def test_each_flag_is_a_badge_with_its_explanation_for_screen_readers(client, login, coach, mixed):
    login(client, coach)

    row = row_html(html(client.get(URL)), mixed["at_risk"])

    assert '<span class="badge badge--warning"' in row
    assert "Promise at risk" in row
    assert (
        '<span class="visually-hidden">: A traject proposed to this coordinator has not '
        "started and the three-week promise has passed or ends within 3 days: an answer is "
        "needed soon.</span>"
    ) in row
    assert "1 day left (until 16/06/2026)" in row


def test_the_rows_come_in_the_order_of_what_needs_the_coach_first(
    client, login, coach, coordinator, mixed
):
    login(client, coach)

    content = html(client.get(URL))

    ids = [int(pk) for pk in re.findall(r'<tr id="dashboard-row-(\d+)"', content)]
    assert ids == [mixed["at_risk"].pk, coordinator.pk, mixed["calm"].pk]


def test_the_summary_counts_coordinators_and_each_flag(client, login, coach, mixed):
    login(client, coach)

    content = html(client.get(URL))

    summary = re.search(r'<div id="dashboard-summary">(.*?)</div>', content, re.S).group(1)
    assert "3 coordinators" in summary
    assert "Promise at risk: 1" in summary
    assert "No contact for 30 days: 2" in summary
    assert "Certificate expiring" not in summary  # none: not listed


def test_the_filter_by_flag_shows_only_the_rows_with_that_flag(
    client, login, coach, coordinator, mixed
):
    login(client, coach)

    content = html(client.get(URL, {"flag": "no_contact_30_days"}))

    ids = {int(pk) for pk in re.findall(r'<tr id="dashboard-row-(\d+)"', content)}
    assert ids == {mixed["at_risk"].pk, coordinator.pk}


def test_the_filter_by_phase_and_by_no_traject(client, login, coach, coordinator, mixed):
    login(client, coach)

    preparation = html(client.get(URL, {"phase": "preparation"}))
    none = html(client.get(URL, {"phase": "none"}))

    assert re.findall(r'<tr id="dashboard-row-(\d+)"', preparation) == [str(mixed["calm"].pk)]
    assert re.findall(r'<tr id="dashboard-row-(\d+)"', none) == [str(coordinator.pk)]


def test_filters_that_match_nothing_say_so(client, login, coach, mixed):
    login(client, coach)

    content = html(client.get(URL, {"flag": "certificate_expiring"}))

    assert "No coordinators match these filters." in content
    assert "dashboard-row-" not in content


def test_a_filter_value_that_does_not_exist_is_an_error_not_a_crash(client, login, coach, mixed):
    login(client, coach)

    response = client.get(URL, {"flag": "no-such-flag"})

    assert response.status_code == 200
    assert "Correct the filters above to see your coordinators." in html(response)


def test_a_coach_without_coordinators_sees_the_empty_state(client, login, other_coach):
    login(client, other_coach)

    content = html(client.get(URL))

    assert "You do not coach any coordinators yet." in content
    assert "<table" not in content


def test_the_csv_export_holds_the_coachs_own_coordinators_only(
    client, login, coach, coordinator, other_coordinator, mixed
):
    login(client, coach)

    response = client.get(URL, {"_export": "csv"})

    assert response.status_code == 200
    assert f'filename="coach-dashboard-{TODAY.isoformat()}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *data = rows
    assert header[:3] == ["Coordinator", "Current traject", "Phase"]
    assert "Actions" not in header
    names = [line[0] for line in data]
    assert names == ["Rita Risico", coordinator.get_full_name(), "Koen Kalm"]
    assert other_coordinator.get_full_name() not in response.content.decode("utf-8-sig")
    at_risk = data[0]
    assert at_risk[1] == mixed["at_risk_traject"].reference
    assert "Promise at risk" in at_risk[-1]


def test_the_export_follows_the_filters(client, login, coach, mixed):
    login(client, coach)

    response = client.get(URL, {"_export": "csv", "phase": "preparation"})

    data = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [line[0] for line in data] == ["Koen Kalm"]


def test_the_xlsx_export_opens_as_a_workbook(client, login, coach, mixed):
    login(client, coach)

    response = client.get(URL, {"_export": "xlsx"})

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.max_row == 4  # the header and three coordinators
    assert sheet.cell(row=2, column=1).value == "Rita Risico"


# --- Sessions, links, settings ------------------------------------------------------------------


def session_for(coach, starts_at: datetime.datetime) -> Session:
    return Session.objects.create(
        kind=SessionKind.INTERVISION,
        region=region("antwerpen"),
        facilitator=coach,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )


def test_upcoming_sessions_show_their_replies_and_link_to_the_session(
    client, login, coach, coordinator, other_coordinator, now
):
    session = session_for(coach, NOW + 2 * DAY)
    Invitation.objects.create(session=session, coordinator=coordinator, reply=Reply.COMING)
    Invitation.objects.create(session=session, coordinator=other_coordinator)
    login(client, coach)

    content = html(client.get(URL))

    assert "1 coming, 0 not coming, 1 without a reply" in content
    assert f'href="/en/coach/sessies/{session.pk}/"' in content


def test_a_held_session_without_attendance_links_to_recording_it(client, login, coach, now):
    held = session_for(coach, NOW - 2 * DAY)
    recorded = session_for(coach, NOW - 3 * DAY)
    Session.objects.filter(pk=recorded.pk).update(attendance_recorded_at=NOW - DAY)
    login(client, coach)

    content = html(client.get(URL))

    assert "Attendance to record" in content
    assert f'href="/en/coach/sessies/{held.pk}/aanwezigheid/"' in content
    assert f"/coach/sessies/{recorded.pk}/aanwezigheid/" not in content


def test_the_dashboard_offers_to_schedule_an_intervision_session(client, login, coach, now):
    login(client, coach)

    content = html(client.get(URL))

    assert 'href="/en/coach/sessies/nieuw/?kind=intervision"' in content
    assert "Schedule an intervision session" in content


def test_the_dashboard_links_to_the_training_of_my_coordinators(client, login, coach, now):
    login(client, coach)

    content = html(client.get(URL))

    assert '<a href="/en/coach/vrijwilligers/">Training of my coordinators</a>' in content
    assert re.search(r'<a href="/en/coach/"[^>]*>Dashboard</a>', content)  # also in the menu


def test_a_coach_switches_the_weekly_digest_off_and_on(client, login, coach):
    login(client, coach)

    response = client.post("/en/coach/instellingen/", {}, follow=True)

    assert response.redirect_chain[-1][0] == "/en/coach/"
    assert "The weekly digest is switched off." in html(response)
    assert CoachingProfile.objects.get(user=coach).weekly_digest is False
    assert 'name="weekly_digest"' in html(response)
    assert "checked" not in re.search(
        r'<input[^>]*name="weekly_digest"[^>]*>', html(response)
    ).group(0)

    response = client.post("/en/coach/instellingen/", {"weekly_digest": "on"}, follow=True)

    assert "You will get the weekly digest on Monday morning." in html(response)
    assert CoachingProfile.objects.get(user=coach).weekly_digest is True


def test_the_digest_setting_takes_a_post_only(client, login, coach):
    login(client, coach)

    assert client.get("/en/coach/instellingen/").status_code == 405


# --- Who may open it ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "staff", "other_staff", "editor"])
def test_the_dashboard_answers_404_to_anyone_but_a_coach(client, login, personas, persona):
    login(client, personas[persona])

    assert client.get(URL).status_code == 404
    assert client.get(URL + "?_export=csv").status_code == 404
    assert client.post("/en/coach/instellingen/", {}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_dashboard_is_private(client, login, coach):
    login(client, coach)

    response = client.get(URL)

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_page_takes_the_same_queries_for_5_and_40_coordinators(
    client, login, coach, other_coach, staff, now
):
    coordinators_with_everything(coach, staff, 5)
    coordinators_with_everything(other_coach, staff, 40)
    counts = []
    for user, rows in ((coach, 5), (other_coach, 40)):
        login(client, user)
        client.get(URL)  # the session and the user's access, settled once
        with CaptureQueriesContext(connection) as queries:
            content = html(client.get(URL))
        assert content.count('<tr id="dashboard-row-') == rows
        counts.append(len(queries))

    assert counts[0] == counts[1]
