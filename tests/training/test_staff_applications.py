"""The staff list and detail of volunteer applications at /staf/kandidaten/: regional staff see
their own regions', administrators all, everyone else nothing (404), anonymous visitors the
log-in page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from people.factories import StaffFactory, postcode, region
from training.factories import ApplicationFactory
from training.models import ApplicationStatus

pytestmark = pytest.mark.django_db

LIST = "/staf/kandidaten/"


def detail(application) -> str:
    return f"/staf/kandidaten/{application.pk}/"


def rows(response) -> list:
    return list(response.context["table"].paginated_rows)


def names(response) -> list[str]:
    return [row.record.get_full_name() for row in rows(response)]


@pytest.fixture
def in_antwerpen(db):
    return ApplicationFactory(first_name="Anna", last_name="Peeters", postcode=postcode("2000"))


@pytest.fixture
def in_limburg(db):
    return ApplicationFactory(first_name="Lotte", last_name="Janssens", postcode=postcode("3500"))


# --- Who sees what ----------------------------------------------------------------------------


def test_staff_see_the_applications_of_their_own_region(
    client, login, staff, in_antwerpen, in_limburg
):
    login(client, staff)

    response = client.get(LIST)

    assert response.status_code == 200
    assert names(response) == ["Anna Peeters"]


def test_staff_open_an_application_of_their_own_region(client, login, staff, in_antwerpen):
    login(client, staff)

    response = client.get(detail(in_antwerpen))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna Peeters" in content
    assert in_antwerpen.motivation in content
    assert "0470 12 34 56" in content  # the phone as people read it


def test_staff_of_another_region_get_404_on_an_application_that_is_not_theirs(
    client, login, other_staff, in_antwerpen
):
    login(client, other_staff)

    assert client.get(detail(in_antwerpen)).status_code == 404


def test_staff_of_two_regions_see_both_and_can_filter_by_region(
    client, login, in_antwerpen, in_limburg
):
    both = StaffFactory(email="both@kring.test", regions=[region("antwerpen"), region("limburg")])
    login(client, both)

    assert sorted(names(client.get(LIST))) == ["Anna Peeters", "Lotte Janssens"]
    limburg_only = client.get(LIST, {"region": region("limburg").pk})
    assert names(limburg_only) == ["Lotte Janssens"]
    # A region that is not theirs is not a choice.
    other = client.get(LIST, {"region": region("west-vlaanderen").pk})
    assert names(other) == []
    assert "region" in other.context["filter"].form.errors


def test_administrator_sees_every_region_with_a_region_column(
    client, login, administrator, in_antwerpen, in_limburg
):
    login(client, administrator)

    response = client.get(LIST)

    assert sorted(names(response)) == ["Anna Peeters", "Lotte Janssens"]
    assert "region" in [column.name for column in response.context["table"].columns]
    assert client.get(detail(in_limburg)).status_code == 200


def test_staff_of_one_region_get_no_region_column_and_no_region_filter(
    client, login, staff, in_antwerpen
):
    login(client, staff)

    response = client.get(LIST)

    assert "region" not in [column.name for column in response.context["table"].columns]
    assert "region" not in response.context["filter"].form.fields


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_coordinators_coaches_and_editors_get_404(client, login, personas, persona, in_antwerpen):
    login(client, personas[persona])

    assert client.get(LIST).status_code == 404
    assert client.get(detail(in_antwerpen)).status_code == 404


def test_anonymous_visitor_is_sent_to_the_log_in_page(client, in_antwerpen):
    for url in (LIST, detail(in_antwerpen)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_anonymous_visitor_on_the_french_list_logs_in_in_french(client):
    response = client.get("/fr" + LIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_an_application_that_does_not_exist_is_404(client, login, staff):
    login(client, staff)

    assert client.get("/staf/kandidaten/999999/").status_code == 404


def test_the_staff_menu_marks_applications_as_the_current_section(client, login, staff):
    login(client, staff)

    content = client.get(LIST).content.decode()

    assert f'<a href="{LIST}" aria-current="page">' in content


# --- The table --------------------------------------------------------------------------------


def test_table_shows_date_name_municipality_languages_and_status(client, login, staff):
    ApplicationFactory(
        first_name="Anna", last_name="Peeters", postcode=postcode("2800"), languages=["nl", "ar"]
    )
    login(client, staff)

    content = client.get(LIST).content.decode()

    assert "Anna Peeters" in content
    assert "2800 Mechelen" in content
    assert "Nederlands, Arabisch" in content or "Dutch, Arabic" in content
    assert 'class="status-badge status-badge--new"' in content


def test_newest_applications_come_first_and_the_name_column_sorts(client, login, staff):
    now = timezone.now()
    ApplicationFactory(first_name="Bert", last_name="Aerts", created_at=now - timedelta(days=2))
    ApplicationFactory(first_name="Cas", last_name="Claes", created_at=now - timedelta(days=1))
    ApplicationFactory(first_name="Dirk", last_name="Bosmans", created_at=now)
    login(client, staff)

    assert names(client.get(LIST)) == ["Dirk Bosmans", "Cas Claes", "Bert Aerts"]
    assert names(client.get(LIST, {"sort": "name"})) == ["Bert Aerts", "Dirk Bosmans", "Cas Claes"]
    assert names(client.get(LIST, {"sort": "-name"})) == ["Cas Claes", "Dirk Bosmans", "Bert Aerts"]


def test_the_sorted_column_says_so_to_screen_readers(client, login, staff, in_antwerpen):
    login(client, staff)

    content = client.get(LIST, {"sort": "name"}).content.decode()

    assert 'aria-sort="ascending"' in content


def test_filter_by_status_period_and_name(client, login, staff):
    now = timezone.now()
    ApplicationFactory(first_name="Anna", last_name="Peeters", created_at=now - timedelta(days=3))
    ApplicationFactory(first_name="Bart", last_name="Wouters", created_at=now - timedelta(days=60))
    ApplicationFactory(
        first_name="Chris",
        last_name="Peeters",
        created_at=now - timedelta(days=200),
        status=ApplicationStatus.STOPPED,
    )
    login(client, staff)

    assert sorted(names(client.get(LIST, {"status": "new"}))) == ["Anna Peeters", "Bart Wouters"]
    assert names(client.get(LIST, {"period": "7"})) == ["Anna Peeters"]
    assert sorted(names(client.get(LIST, {"period": "90"}))) == ["Anna Peeters", "Bart Wouters"]
    assert sorted(names(client.get(LIST, {"q": "peeters"}))) == ["Anna Peeters", "Chris Peeters"]
    assert names(client.get(LIST, {"q": "anna peet"})) == ["Anna Peeters"]
    assert names(client.get(LIST, {"q": "peeters", "status": "stopped"})) == ["Chris Peeters"]


def test_25_applications_to_a_page(client, login, staff):
    ApplicationFactory.create_batch(27)
    login(client, staff)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(rows(first)) == 25
    assert len(rows(second)) == 2
    assert 'aria-current="page"' in second.content.decode()


def test_empty_list_says_so(client, login, staff):
    login(client, staff)

    nothing_yet = client.get(LIST)
    nothing_found = client.get(LIST, {"q": "nobody"})

    for response in (nothing_yet, nothing_found):
        assert response.status_code == 200
        assert 'class="empty-state"' in response.content.decode()
        assert 'class="data-table"' not in response.content.decode()
    assert nothing_yet.content != nothing_found.content


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
        {"sort": "nonsense"},
        {"sort": "motivation"},
        {"status": "nonsense"},
        {"period": "nonsense"},
        {"region": "nonsense"},
        {"q": "x" * 500},
        {"q": "a\x00b"},
    ],
    ids=lambda query: "-".join(query),
)
def test_odd_query_strings_never_crash(client, login, administrator, in_antwerpen, query):
    client.raise_request_exception = False
    login(client, administrator)

    assert client.get(LIST, query).status_code == 200


def test_list_needs_the_same_number_of_queries_for_3_and_30_applications(client, login, staff):
    login(client, staff)
    client.get(LIST)  # session and second factor settle on the first request

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries)

    ApplicationFactory.create_batch(3, languages=["nl", "fr"])
    small = count()
    ApplicationFactory.create_batch(27, postcode=postcode("2800"), languages=["ar"])
    large = count()

    assert small == large


def test_detail_needs_a_fixed_number_of_queries(client, login, staff, in_antwerpen):
    login(client, staff)
    client.get(LIST)

    with CaptureQueriesContext(connection) as queries:
        client.get(detail(in_antwerpen))

    # Ten for the page, one for the header's ways in (cms.FrontDoorSettings, once a request),
    # four for the access log (the read's event: savepoint, insert, release; the record's log).
    assert len(queries) <= 11 + 4


# --- Text typed by the applicant is shown as text --------------------------------------------


def test_script_typed_by_an_applicant_is_text_in_the_table_and_the_detail(client, login, staff):
    script = '<script>alert("x")</script>'
    application = ApplicationFactory(
        first_name=script,
        last_name="<b>bold</b>",
        motivation=script,
        availability_remarks=script,
        heard_of_us="other",
        heard_of_us_other=script,
    )
    login(client, staff)

    for url in (LIST, detail(application)):
        content = client.get(url).content.decode()
        assert script not in content
        assert "<b>bold</b>" not in content
        assert escape(script) in content
