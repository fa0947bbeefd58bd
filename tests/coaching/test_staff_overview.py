"""The staff's overview (/staf/coaching/overzicht/): each coordinator's intervision and
supervision this year against the minimums, the sessions held in the region, the coaches'
loads, the "below a minimum" filter, the export, the scope, and the query count at two sizes."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from coaching.models import CoachingProfile, Invitation, Session, SessionKind
from people.factories import CoordinatorFactory
from people.roles import Role
from tests.coaching.staff_helpers import bulk_assign, bulk_users
from training.factories import CertificateFactory, TrackFactory

pytestmark = pytest.mark.django_db

URL = "/en/staf/coaching/overzicht/"
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def _mid_june():
    """Mid-year, so this year has a past and a future."""
    with time_machine.travel(NOW, tick=False):
        yield


def at(month: int, day: int, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 19, 0, tzinfo=BRUSSELS)


def session(kind, region, facilitator, starts_at, *, attended=(), cancelled=False) -> Session:
    made = Session.objects.create(
        kind=kind,
        region=region,
        facilitator=facilitator,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        cancelled_at=starts_at if cancelled else None,
    )
    for coordinator in attended:
        Invitation.objects.create(session=made, coordinator=coordinator, attended=True)
    return made


def rows_by_name(response) -> dict[str, object]:
    return {row.name: row for row in response.context["overview"].rows}


@pytest.fixture
def track():
    return TrackFactory(code="basis-overzicht", intervision_per_year=2, supervision_per_year=1)


@pytest.fixture
def certified(coordinator, track):
    CertificateFactory(
        user=coordinator, track=track, issued_on=datetime.date(2026, 1, 10), holder_name="x"
    )
    return coordinator


@pytest.fixture
def history(certified, other_coordinator, coach, antwerpen, limburg):
    """The ``coordinator``: one intervision and one supervision this year (plus ones that do not
    count); ``other_coordinator``: nothing."""
    session(SessionKind.INTERVISION, antwerpen, coach, at(3, 5), attended=[certified])
    session(SessionKind.SUPERVISION, antwerpen, coach, at(5, 20), attended=[certified])
    session(SessionKind.COACHING, antwerpen, coach, at(4, 2), attended=[certified])
    session(
        SessionKind.INTERVISION, antwerpen, coach, at(4, 9), attended=[certified], cancelled=True
    )
    session(SessionKind.INTERVISION, antwerpen, coach, at(11, 20, 2025), attended=[certified])
    session(SessionKind.INTERVISION, antwerpen, coach, at(9, 1))  # not held yet
    session(SessionKind.SUPERVISION, limburg, coach, at(2, 1))  # another region


def test_each_coordinators_counts_this_year_against_the_minimums(
    client, login, staff, history, coordinator, other_coordinator, coach
):
    login(client, staff)

    rows = rows_by_name(client.get(URL))

    mine = rows[str(coordinator)]
    assert (mine.counts.intervision, mine.counts.intervision_required) == (1, 2)
    assert (mine.counts.supervision, mine.counts.supervision_required) == (1, 1)
    assert mine.coach_name == str(coach)
    assert mine.last_attended == datetime.date(2026, 5, 20)
    assert mine.below_minimum
    other = rows[str(other_coordinator)]
    assert (other.counts.intervision, other.counts.supervision, other.last_attended) == (0, 0, None)
    assert not other.below_minimum  # no certificate: no minimum


def test_the_table_shows_count_against_minimum_and_below_in_words(client, login, staff, history):
    login(client, staff)

    content = client.get(URL).content.decode()

    assert "1 / 2" in content
    assert "below the minimum" in content
    with translation.override("en"):
        assert date_format(datetime.date(2026, 5, 20), "SHORT_DATE_FORMAT") in content


def test_sessions_held_this_year_in_the_region_by_kind(client, login, staff, history):
    login(client, staff)

    response = client.get(URL)

    assert response.context["overview"].sessions_held == {
        SessionKind.INTERVISION: 1,
        SessionKind.SUPERVISION: 1,
        SessionKind.COACHING: 1,
    }
    assert "3 sessions held" in response.content.decode()


def test_the_coaches_loads_are_shown(client, login, staff, coordinator, coach):
    CoachingProfile.objects.create(user=coach, capacity=1)
    login(client, staff)

    response = client.get(URL)

    loads = {load.coach: (load.load, load.capacity) for load in response.context["overview"].loads}
    assert loads[coach] == (1, 1)
    assert "At capacity" in response.content.decode()


def test_below_minimum_only_keeps_the_coordinators_below_a_minimum(
    client, login, staff, history, coordinator, other_coordinator
):
    login(client, staff)

    response = client.get(URL, {"below_minimum": "on"})

    assert list(rows_by_name(response)) == [str(coordinator)]


def test_staff_see_only_their_regions(client, login, other_staff, history, limburg):
    limburger = CoordinatorFactory(first_name="Lode", regions=[limburg])
    login(client, other_staff)

    response = client.get(URL)

    assert list(rows_by_name(response)) == [str(limburger)]
    assert response.context["overview"].sessions_held[SessionKind.SUPERVISION] == 1
    assert response.context["overview"].sessions_held[SessionKind.INTERVISION] == 0


def test_administrators_see_every_region_and_filter_on_one(
    client, login, administrator, history, coordinator, limburg
):
    limburger = CoordinatorFactory(first_name="Lode", regions=[limburg])
    login(client, administrator)

    everything = rows_by_name(client.get(URL))
    limburg_only = client.get(URL, {"region": limburg.pk})

    assert {str(coordinator), str(limburger)} <= set(everything)
    assert list(rows_by_name(limburg_only)) == [str(limburger)]
    assert limburg_only.context["overview"].sessions_held[SessionKind.SUPERVISION] == 1


def test_a_coordinators_regions_are_named_in_the_readers_language_each_of_them(
    client, login, administrator, antwerpen, limburg
):
    """Every region of the coordinator, also one outside the filter, by the Dutch name's order,
    each named in the page's language."""
    both = CoordinatorFactory(first_name="Beide", regions=[limburg, antwerpen])
    login(client, administrator)
    row = rows_by_name(client.get(URL, {"region": limburg.pk}))[str(both)]
    assert row.region_names == "Antwerp, Limburg"
    row = rows_by_name(client.get("/fr/staf/coaching/overzicht/", {"region": limburg.pk}))
    assert row[str(both)].region_names == "Anvers, Limbourg"


def test_csv_export_holds_the_numbers_in_columns_of_their_own(
    client, login, staff, history, coordinator, coach
):
    login(client, staff)

    response = client.get(URL, {"_export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    assert header == [
        "Coordinator",
        "Coach",
        "Intervision attended",
        "Intervision minimum",
        "Supervision attended",
        "Supervision minimum",
        "Last session attended",
    ]
    assert body[str(coordinator)] == [
        str(coordinator),
        str(coach),
        "1",
        "2",
        "1",
        "1",
        "2026-05-20",
    ]
    assert "<span" not in response.content.decode()


def test_xlsx_export_follows_the_filters(client, login, staff, history, coordinator):
    login(client, staff)

    response = client.get(URL, {"below_minimum": "on", "_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert values[1][0] == str(coordinator)


def test_the_page_takes_the_same_queries_for_10_and_200_coordinators(
    client, login, staff, antwerpen, coach, track, django_assert_num_queries
):
    coaches = bulk_users(3, antwerpen, Role.COACH, "coach")
    coordinators = bulk_users(10, antwerpen, Role.COORDINATOR)
    bulk_assign(coordinators[:6], coaches)
    session(SessionKind.INTERVISION, antwerpen, coach, at(3, 1), attended=coordinators[:3])
    CertificateFactory(user=coordinators[0], track=track, holder_name="x")
    login(client, staff)
    client.get(URL)  # the first request of a session warms caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"per_page": 100}).status_code == 200
    with CaptureQueriesContext(connection) as small_export:
        assert client.get(URL, {"_export": "csv"}).status_code == 200

    more = bulk_users(190, antwerpen, Role.COORDINATOR)
    bulk_assign(more[:150], coaches + bulk_users(20, antwerpen, Role.COACH, "coach"))
    session(SessionKind.SUPERVISION, antwerpen, coach, at(4, 1), attended=more[:80])
    for coordinator in more[:5]:
        CertificateFactory(user=coordinator, track=track, holder_name="x")

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"per_page": 100})
    assert len(response.context["overview"].rows) == 200
    with django_assert_num_queries(len(small_export.captured_queries)):
        export = client.get(URL, {"_export": "csv"})
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 201
