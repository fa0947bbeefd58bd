"""The staff inbox at /staf/aanmeldingen/ and a registration's page: regional staff see their
own region only, administrators all, everyone else nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.factories import postcode
from trajects.factories import RegistrationFactory
from trajects.models import RegistrantType, RegistrationStatus

pytestmark = pytest.mark.django_db

LIST_URL = "/staf/aanmeldingen/"


def detail_url(registration) -> str:
    return f"/staf/aanmeldingen/{registration.reference}/"


def html(response) -> str:
    return response.content.decode()


def table_references(response) -> list[str]:
    return re.findall(r">(EKC-\d{4}-\d{4})</a>", html(response))


# --- Who gets in ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client, antwerp_registration):
    for url in (LIST_URL, detail_url(antwerp_registration)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_coordinators_coaches_and_editors_get_404_in_the_staff_area(
    client, login, personas, persona, antwerp_registration
):
    client.raise_request_exception = False
    login(client, personas[persona])

    assert client.get(LIST_URL).status_code == 404
    assert client.get(detail_url(antwerp_registration)).status_code == 404


def test_staff_member_sees_only_their_own_regions_registrations(
    client, login, staff, antwerp_registration, limburg_registration
):
    login(client, staff)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert table_references(response) == [antwerp_registration.reference]
    assert limburg_registration.reference not in html(response)


def test_staff_member_of_another_region_gets_404_on_a_registration_not_theirs(
    client, login, other_staff, antwerp_registration
):
    client.raise_request_exception = False
    login(client, other_staff)

    assert client.get(detail_url(antwerp_registration)).status_code == 404
    assert client.get("/fr" + detail_url(antwerp_registration)).status_code == 404


def test_unknown_reference_is_a_404(client, login, staff):
    client.raise_request_exception = False
    login(client, staff)

    assert client.get("/staf/aanmeldingen/EKC-2026-9999/").status_code == 404


def test_administrator_sees_every_region_with_a_region_column(
    client, login, administrator, antwerp_registration, limburg_registration
):
    login(client, administrator)

    response = client.get(LIST_URL)

    assert sorted(table_references(response)) == sorted(
        [antwerp_registration.reference, limburg_registration.reference]
    )
    assert "Limburg" in html(response)
    assert client.get(detail_url(limburg_registration)).status_code == 200


def test_staff_member_of_one_region_gets_no_region_column(
    client, login, staff, antwerp_registration
):
    login(client, staff)

    assert 'class="region"' not in html(client.get(LIST_URL))


def test_staff_area_marks_the_registrations_menu_item(client, login, staff):
    login(client, staff)

    content = html(client.get(LIST_URL))

    assert re.search(r'<a href="/staf/aanmeldingen/" aria-current="page">', content)


# --- The table -----------------------------------------------------------------------------------


def test_inbox_shows_reference_date_registrant_type_municipality_and_status(
    client, login, staff, antwerpen
):
    registration = RegistrationFactory(
        registrant_type=RegistrantType.FAMILY_OR_FRIEND, postcode=postcode("2600")
    )
    login(client, staff)

    content = html(client.get("/en" + LIST_URL))

    assert f'href="/en/staf/aanmeldingen/{registration.reference}/"' in content
    assert "A family member or friend" in content
    assert "Berchem" in content
    assert "status-badge--new" in content
    with translation.override("en"):
        shown_date = date_filter(timezone.localtime(registration.created_at), "SHORT_DATE_FORMAT")
    assert f">{shown_date}<" in content


def test_inbox_is_newest_first_and_sorts_by_a_column_on_request(client, login, staff, antwerpen):
    old = RegistrationFactory(created_at=timezone.now() - timedelta(days=5))
    new = RegistrationFactory()
    login(client, staff)

    assert table_references(client.get(LIST_URL)) == [new.reference, old.reference]
    assert table_references(client.get(LIST_URL + "?sort=created_at")) == [
        old.reference,
        new.reference,
    ]
    sorted_page = html(client.get(LIST_URL + "?sort=reference"))
    assert 'aria-sort="ascending"' in sorted_page


@pytest.mark.parametrize("query", ["?sort=question", "?sort=<script>", "?page=999", "?page=x"])
def test_unknown_sort_column_and_page_number_do_not_break_the_inbox(
    client, login, staff, antwerpen, query
):
    registration = RegistrationFactory()
    login(client, staff)

    response = client.get(LIST_URL + query)

    # The table ignores an unknown column and shows the last (999) or first (x) page.
    assert response.status_code == 200
    assert table_references(response) == [registration.reference]
    assert "<script>" not in html(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_intake", ["intake"]),
        ("registrant_type=professional", ["professional"]),
        ("registered_from={week_ago}", ["new", "intake", "professional"]),
        ("registered_to={week_ago}", ["old"]),
        ("reference={old_ref}", ["old"]),
    ],
)
def test_inbox_filters_by_status_type_period_and_reference(
    client, login, staff, antwerpen, query, expected
):
    made = {
        "new": RegistrationFactory(),
        "intake": RegistrationFactory(status=RegistrationStatus.IN_INTAKE),
        "professional": RegistrationFactory(
            registrant_type=RegistrantType.PROFESSIONAL,
            organisation_type="clb",
            organisation_name="CLB",
        ),
        "old": RegistrationFactory(created_at=timezone.now() - timedelta(days=30)),
    }
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    login(client, staff)

    response = client.get(
        LIST_URL + "?" + query.format(week_ago=week_ago, old_ref=made["old"].reference[-6:])
    )

    assert sorted(table_references(response)) == sorted(made[key].reference for key in expected)


def test_period_ending_before_it_starts_is_explained_next_to_the_field(
    client, login, staff, antwerpen
):
    RegistrationFactory()
    login(client, staff)

    content = html(
        client.get("/en" + LIST_URL + "?registered_from=2026-03-10&registered_to=2026-03-01")
    )

    assert "form-errors" in content
    assert "lies before the start of the period" in content
    assert 'value="2026-03-01"' in content


def test_inbox_paginates_25_to_a_page(client, login, staff, antwerpen):
    RegistrationFactory.create_batch(27)
    login(client, staff)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL + "?page=2")

    assert len(table_references(first)) == 25
    assert len(table_references(second)) == 2
    assert '<nav class="pagination"' in html(first)
    assert 'rel="next"' in html(first) and 'rel="prev"' in html(second)
    assert "27" in html(first)


def test_inbox_without_registrations_says_so(client, login, staff):
    login(client, staff)

    content = html(client.get("/en" + LIST_URL))

    assert "No registrations yet in your region." in content
    assert "<table" not in content


def test_inbox_with_filters_that_match_nothing_says_so(client, login, staff, antwerpen):
    RegistrationFactory()
    login(client, staff)

    content = html(client.get("/en" + LIST_URL + "?status=withdrawn"))

    assert "No registrations match these filters." in content


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["staff", "administrator"])
def test_inbox_makes_the_same_number_of_queries_for_3_and_30_registrations(
    client, login, personas, persona, antwerpen, limburg
):
    login(client, personas[persona])
    RegistrationFactory.create_batch(2, postcode=postcode("2000"))
    RegistrationFactory.create_batch(1, postcode=postcode("3500"))
    client.get(LIST_URL)  # sessions, MFA check and the like settle on the first request
    few = count_queries(client, LIST_URL)

    RegistrationFactory.create_batch(17, postcode=postcode("2018"))
    RegistrationFactory.create_batch(10, postcode=postcode("3500"))
    many = count_queries(client, LIST_URL)

    assert few == many


def test_detail_page_makes_a_fixed_number_of_queries(client, login, staff, antwerpen):
    registration = RegistrationFactory(languages=["nl", "fr", "ar"])
    login(client, staff)
    client.get(detail_url(registration))

    # +4 for the access log: the read's event (savepoint, insert, release) and the record's log.
    assert count_queries(client, detail_url(registration)) <= 12 + 4


# --- The detail page ---------------------------------------------------------------------------


def test_detail_page_shows_every_field_with_the_phone_as_people_read_it(
    client, login, staff, antwerpen
):
    registration = RegistrationFactory(
        registrant_type=RegistrantType.PROFESSIONAL,
        organisation_type="ocmw",
        organisation_name="OCMW Antwerpen",
        registrant_name="Hilde Peeters",
        registrant_email="hilde@ocmw.example",
        registrant_phone="+3231234567",
        core_name="Samira El Amrani",
        core_phone="+32470123456",
        core_email="samira@example.org",
        languages=["nl", "ar"],
        conference_language="ar",
        question="Een plan voor de kinderen.\nEn voor oma.",
        heard_of_us="other",
        heard_of_us_other="Via de bakker",
    )
    login(client, staff)

    content = html(client.get("/en" + detail_url(registration)))

    for shown in (
        registration.reference,
        "OCMW (public social welfare centre)",
        "OCMW Antwerpen",
        "Hilde Peeters",
        "hilde@ocmw.example",
        "03 123 45 67",
        "Samira El Amrani",
        "0470 12 34 56",
        "samira@example.org",
        "2000 Antwerpen",
        "Dutch, Arabic",
        "Een plan voor de kinderen.<br>En voor oma.",
        "Via de bakker",
        "Antwerpen",
    ):
        assert shown in content, shown
    assert 'href="tel:+32470123456"' in content


def test_detail_page_counts_the_days_against_the_three_week_promise(
    client, login, staff, antwerpen
):
    fresh = RegistrationFactory(created_at=timezone.now() - timedelta(days=3))
    late = RegistrationFactory(created_at=timezone.now() - timedelta(days=25))
    login(client, staff)

    fresh_page = html(client.get("/en" + detail_url(fresh)))
    late_page = html(client.get("/en" + detail_url(late)))

    assert "3 days ago" in fresh_page
    assert "To start by" in fresh_page
    assert "25 days ago" in late_page
    assert "Past the promise to start within 21 days" in late_page


def test_script_typed_by_a_visitor_is_shown_as_text_in_the_staff_pages(
    client, login, staff, antwerpen
):
    script = '<script>alert("x")</script>'
    registration = RegistrationFactory(
        registrant_name=script,
        core_name=script,
        question=script,
        heard_of_us_other=script,
        heard_of_us="other",
    )
    login(client, staff)

    for url in (LIST_URL, detail_url(registration)):
        content = html(client.get(url))

        assert "<script>alert" not in content, url
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html(
        client.get(detail_url(registration))
    )


def test_staff_pages_have_title_description_canonical_and_noindex(client, login, staff, antwerpen):
    registration = RegistrationFactory()
    login(client, staff)

    for url in (LIST_URL, detail_url(registration)):
        content = html(client.get(url))

        assert re.search(r"<title>[^<]+</title>", content), url
        assert '<meta name="description"' in content, url
        assert f'<link rel="canonical" href="http://testserver{url}">' in content, url
        assert 'hreflang="fr"' in content, url
        assert '<meta name="robots" content="noindex">' in content, url


def test_staff_pages_are_private_neither_indexed_nor_stored(client, login, staff, antwerpen):
    registration = RegistrationFactory()
    login(client, staff)

    for url in (LIST_URL, detail_url(registration)):
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["X-Robots-Tag"] == "noindex, nofollow", url
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", ")), url


def test_the_inbox_dates_a_registration_by_brussels_time(client, login, staff, antwerpen):
    # Half past midnight on New Year's Day in Brussels is still New Year's Eve in UTC.
    brussels = timezone.get_default_timezone()
    RegistrationFactory(created_at=timezone.datetime(2027, 1, 1, 0, 30, tzinfo=brussels))
    login(client, staff)

    content = html(client.get(LIST_URL))

    assert ">01/01/2027<" in content
    assert "31/12/2026" not in content
