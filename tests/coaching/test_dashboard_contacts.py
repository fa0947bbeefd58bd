"""The contact log from the dashboard: the service's rules (only a coordinator the coach coaches
today, no date in the future or more than a year back, one contact when the same form is
posted twice within a minute), the form's page without JavaScript (a redirect to the dashboard
with a message) and in place with htmx (the form as a fragment; after the post the row, the
summary and a message in the live region), and the refusals."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import translation

from coaching.dashboard.services import contact_log
from coaching.models import Contact, ContactKind
from tests.coaching.test_dashboard_selectors import DAY, NOW, TODAY
from tests.trajects.test_figures import at

pytestmark = pytest.mark.django_db

URL = "/en/coach/contacten/nieuw/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def now():
    with at(NOW):
        yield NOW


def html(response) -> str:
    return response.content.decode()


def post_data(coordinator, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "coordinator": coordinator.pk,
        "occurred_on": TODAY.isoformat(),
        "kind": ContactKind.CALL,
        "note": "Talked about traject 2026-0012.",
    }
    data.update(overrides)
    return data


# --- The service --------------------------------------------------------------------------------


def test_a_contact_is_logged_with_the_coachs_own_coordinator(coach, coordinator, now):
    contact = contact_log(
        coach=coach, coordinator=coordinator, occurred_on=TODAY, kind=ContactKind.VISIT, note=" x "
    )

    assert (contact.coach, contact.coordinator, contact.occurred_on) == (coach, coordinator, TODAY)
    assert contact.note == "x"


def test_a_contact_with_another_coachs_coordinator_is_refused_on_the_coordinator(
    coach, other_coordinator, now
):
    with pytest.raises(ValidationError) as refusal:
        contact_log(coach=coach, coordinator=other_coordinator, occurred_on=TODAY, kind="call")

    assert "coordinator" in refusal.value.message_dict
    assert not Contact.objects.exists()


def test_a_contact_with_a_former_coordinator_is_refused(coach, coordinator, now):
    coordinator.coach_assignments.update(ends_on=F("starts_on"))

    with pytest.raises(ValidationError) as refusal:
        contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY, kind="call")

    assert "coordinator" in refusal.value.message_dict


def test_a_contact_in_the_future_is_refused_on_the_date(coach, coordinator, now):
    with pytest.raises(ValidationError) as refusal:
        contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY + DAY, kind="call")

    assert refusal.value.message_dict == {"occurred_on": ["The date cannot be in the future."]}


def test_a_contact_more_than_a_year_back_is_refused_on_the_date(coach, coordinator, now):
    contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY - 365 * DAY, kind="call")

    with pytest.raises(ValidationError) as refusal:
        contact_log(
            coach=coach, coordinator=coordinator, occurred_on=TODAY - 366 * DAY, kind="call"
        )

    assert refusal.value.message_dict == {
        "occurred_on": ["The date cannot be more than a year ago."]
    }


def test_the_same_contact_posted_twice_within_a_minute_is_logged_once(coach, coordinator):
    with time_machine.travel(NOW, tick=False) as clock:
        first = contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY, kind="call")
        clock.shift(datetime.timedelta(seconds=59))
        second = contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY, kind="call")
        clock.shift(datetime.timedelta(seconds=2))
        later = contact_log(coach=coach, coordinator=coordinator, occurred_on=TODAY, kind="call")
        other_kind = contact_log(
            coach=coach, coordinator=coordinator, occurred_on=TODAY, kind="visit"
        )

    assert second == first
    assert later != first  # a minute on: a second call the same day
    assert other_kind not in (first, later)
    assert Contact.objects.count() == 3


# --- The page without JavaScript ----------------------------------------------------------------


def test_the_form_opens_for_the_coordinator_chosen_with_the_warning(
    client, login, coach, coordinator, now
):
    login(client, coach)

    response = client.get(URL, {"coordinator": coordinator.pk})

    content = html(response)
    assert response.status_code == 200
    assert "<html" in content  # the whole page
    assert re.search(rf'<option value="{coordinator.pk}" selected>', content)
    assert "No names or details of families; refer to a traject by its reference." in content
    assert f'value="{TODAY.isoformat()}"' in content


def test_the_form_for_another_coachs_coordinator_answers_404(
    client, login, coach, other_coordinator
):
    login(client, coach)

    assert client.get(URL, {"coordinator": other_coordinator.pk}).status_code == 404
    assert client.get(URL, {"coordinator": "not-a-number"}).status_code == 404


def test_the_form_lists_only_the_coachs_own_coordinators(
    client, login, coach, coordinator, other_coordinator
):
    login(client, coach)

    content = html(client.get(URL))

    assert f'<option value="{coordinator.pk}"' in content
    assert f'<option value="{other_coordinator.pk}"' not in content


def test_a_contact_posted_without_javascript_goes_back_to_the_dashboard_with_a_message(
    client, login, coach, coordinator, now
):
    login(client, coach)

    response = client.post(URL, post_data(coordinator), follow=True)

    assert response.redirect_chain == [("/en/coach/", 302)]
    assert "Contact with" in html(response) and "logged." in html(response)
    assert Contact.objects.get().coordinator == coordinator


def test_a_contact_posted_twice_is_logged_once(client, login, coach, coordinator, now):
    login(client, coach)

    client.post(URL, post_data(coordinator))
    client.post(URL, post_data(coordinator))

    assert Contact.objects.count() == 1


def test_a_date_in_the_future_is_shown_next_to_the_field_and_the_input_is_kept(
    client, login, coach, coordinator, now
):
    login(client, coach)

    response = client.post(URL, post_data(coordinator, occurred_on=(TODAY + DAY).isoformat()))

    content = html(response)
    assert response.status_code == 400
    assert "The date cannot be in the future." in content
    assert "Talked about traject 2026-0012." in content
    assert not Contact.objects.exists()


def test_a_post_for_another_coachs_coordinator_is_refused(
    client, login, coach, other_coordinator, now
):
    login(client, coach)

    response = client.post(URL, post_data(other_coordinator))

    assert response.status_code == 400
    assert "Select a valid choice" in html(response)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "staff", "anonymous"])
def test_only_a_coach_logs_a_contact(client, login, personas, coordinator, persona):
    login(client, personas[persona])

    response = client.post(URL, post_data(coordinator))

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    assert not Contact.objects.exists()


# --- In place, with htmx ------------------------------------------------------------------------


def test_with_htmx_the_form_comes_as_a_fragment_that_posts_in_place(
    client, login, coach, coordinator, now
):
    login(client, coach)

    response = client.get(URL, {"coordinator": coordinator.pk}, **HTMX)

    content = html(response)
    assert response.status_code == 200
    assert "<html" not in content
    assert f'hx-post="{URL}"' in content
    assert 'hx-target="#dashboard-contact-panel"' in content
    assert f'action="{URL}"' in content  # the same form posts without JavaScript


def test_the_dashboard_row_loads_the_form_with_htmx_and_links_without(
    client, login, coach, coordinator, now
):
    login(client, coach)

    content = html(client.get("/en/coach/"))

    link = f"{URL}?coordinator={coordinator.pk}"
    assert f'href="{link}" hx-get="{link}" hx-target="#dashboard-contact-panel"' in content
    assert (
        '<div id="dashboard-status" class="messages" role="status" aria-live="polite">' in content
    )
    assert "includeIndicatorStyles" in content  # htmx is on the page


def test_with_htmx_a_saved_contact_swaps_the_row_summary_and_message(
    client, login, coach, coordinator, now
):
    login(client, coach)
    before = html(client.get("/en/coach/"))
    assert "No contact for 30 days" in before

    response = client.post(URL, post_data(coordinator), **HTMX)

    content = html(response)
    assert response.status_code == 200
    assert "Location" not in response
    row = re.search(r"<template>(.*?)</template>", content, re.S).group(1)
    assert f'<tr id="dashboard-row-{coordinator.pk}" hx-swap-oob="true">' in row
    assert "Never" not in row  # the last contact is today now
    assert "No contact for 30 days" not in row
    assert '<div id="dashboard-summary" hx-swap-oob="innerHTML">' in content
    assert '<div id="dashboard-status" hx-swap-oob="innerHTML">' in content
    assert "logged." in content
    # No message waits for the next page: it was shown in place.
    assert "logged." not in html(client.get("/en/coach/"))


def test_with_htmx_errors_come_back_in_the_panel(client, login, coach, coordinator, now):
    login(client, coach)

    response = client.post(URL, post_data(coordinator, occurred_on=""), **HTMX)

    content = html(response)
    assert response.status_code == 200  # htmx swaps successful answers only
    assert "<html" not in content
    assert "This field is required." in content
    assert not Contact.objects.exists()
