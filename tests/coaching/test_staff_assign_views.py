"""The staff's coach assignments (/staf/coaching/), the assign page and the capacity form: who
gets in, what the page lists, the assignment in one step with "assign anyway" after the
capacity was hit, and the query count at two sizes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import CoachingProfile
from people.factories import CoachFactory, CoordinatorFactory, region
from people.models import CoachAssignment
from people.roles import Role
from tests.coaching.staff_helpers import bulk_assign, bulk_users

pytestmark = pytest.mark.django_db

# Messages are checked on the English pages: Dutch and French wording belongs to the translators.
LIST = "/en/staf/coaching/"


def assign_url(coordinator) -> str:
    return f"/en/staf/coaching/toewijzen/{coordinator.pk}/"


def capacity_url(coach) -> str:
    return f"/en/staf/coaching/coaches/{coach.pk}/capaciteit/"


def html(response) -> str:
    return response.content.decode()


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def newcomer(antwerpen):
    return CoordinatorFactory(
        email="newcomer@kring.test", first_name="Nina", last_name="Nieuw", regions=[antwerpen]
    )


@pytest.fixture
def limburger(limburg):
    return CoordinatorFactory(
        email="limburger@kring.test", first_name="Lode", last_name="Lim", regions=[limburg]
    )


# --- Who gets in ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client, coordinator):
    for url in (LIST, assign_url(coordinator), "/en/staf/coaching/overzicht/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_coordinators_coaches_and_editors_get_404(client, login, personas, persona, coach):
    login(client, personas[persona])

    assert client.get(LIST).status_code == 404
    assert client.get(assign_url(personas["coordinator"])).status_code == 404
    assert client.post(capacity_url(coach), {"capacity": 3}).status_code == 404


def test_staff_of_another_region_get_404_on_a_coordinator_of_antwerpen(
    client, login, other_staff, coordinator, other_coach
):
    login(client, other_staff)

    assert client.get(assign_url(coordinator)).status_code == 404
    response = client.post(
        assign_url(coordinator), {"coach": other_coach.pk, "starts_on": today().isoformat()}
    )
    assert response.status_code == 404
    assert CoachAssignment.objects.get(coordinator=coordinator, ends_on__isnull=True).coach_id != (
        other_coach.pk
    )


def test_staff_of_another_region_get_404_on_the_capacity_of_a_coach_of_antwerpen(
    client, login, other_staff, coach
):
    login(client, other_staff)

    assert client.post(capacity_url(coach), {"capacity": 3}).status_code == 404
    assert not CoachingProfile.objects.filter(user=coach).exists()


def test_a_region_in_the_address_that_is_not_the_staff_members_is_404(
    client, login, staff, limburg
):
    staff.regions.add(limburg)  # two regions: the filter is shown
    login(client, staff)

    assert client.get(LIST, {"region": region("west-vlaanderen").pk}).status_code == 404


def test_staff_with_one_region_see_only_theirs_whatever_the_address_asks(
    client, login, staff, limburg, limburger, newcomer
):
    login(client, staff)

    response = client.get(LIST, {"region": limburg.pk})

    assert response.context["page"].without_coach == [newcomer]


# --- The page ------------------------------------------------------------------------------------


def test_the_page_lists_coordinators_without_a_coach_and_the_load_per_coach(
    client, login, staff, newcomer, coordinator, other_coordinator, coach, limburger
):
    CoachingProfile.objects.create(user=coach, capacity=1)
    login(client, staff)

    response = client.get(LIST)

    assert response.status_code == 200
    page = response.context["page"]
    assert page.without_coach == [newcomer]
    assert {a.coordinator for a in page.with_coach} == {coordinator, other_coordinator}
    loads = {load.coach: (load.load, load.capacity) for load in page.loads}
    assert loads[coach] == (1, 1)
    content = html(response)
    assert "At capacity" in content
    assert assign_url(newcomer).removeprefix("/en") in content
    assert "Lode" not in content  # Limburg is not this staff member's region


def test_the_staff_menu_leads_to_the_coaching_pages(client, login, staff):
    login(client, staff)

    content = html(client.get("/en/staf/vrijwilligers/"))
    current = html(client.get(LIST))

    assert 'href="/en/staf/coaching/"' in content
    assert re.search(r'href="/en/staf/coaching/" aria-current="page"', current)


def test_over_capacity_is_said_in_words(client, login, staff, coordinator, coach, newcomer):
    CoachingProfile.objects.create(user=coach, capacity=1)
    CoachAssignment.objects.create(coordinator=newcomer, coach=coach, over_capacity=True)
    login(client, staff)

    content = html(client.get(LIST))

    assert "Over capacity" in content
    assert "assigned above capacity" in content


def test_administrators_see_every_region_and_can_choose_one(
    client, login, administrator, newcomer, limburger, limburg
):
    login(client, administrator)

    everything = client.get(LIST)
    limburg_only = client.get(LIST, {"region": limburg.pk})

    assert set(everything.context["page"].without_coach) >= {newcomer, limburger}
    assert 'name="region"' in html(everything)
    assert limburg_only.context["page"].without_coach == [limburger]


def test_staff_with_one_region_get_no_region_filter(client, login, staff):
    login(client, staff)

    assert 'name="region"' not in html(client.get(LIST))


def test_staff_with_two_regions_choose_between_them(
    client, login, staff, limburg, newcomer, limburger
):
    staff.regions.add(limburg)
    login(client, staff)

    response = client.get(LIST, {"region": limburg.pk})

    assert 'name="region"' in html(response)
    assert response.context["page"].without_coach == [limburger]


# --- Assigning -----------------------------------------------------------------------------------


def test_the_coach_choices_show_each_coachs_load_and_capacity(
    client, login, staff, newcomer, coordinator, coach, other_coach, limburg
):
    CoachingProfile.objects.create(user=coach, capacity=4)
    CoachFactory(first_name="Lars", regions=[limburg])
    login(client, staff)

    response = client.get(assign_url(newcomer))

    choices = [label for value, label in response.context["form"].fields["coach"].choices if value]
    assert f"{coach} (1/4)" in choices
    assert f"{other_coach} (0/8)" in choices
    assert not any("Lars" in label for label in choices)  # a coach of another region


def test_assigning_in_one_step_redirects_with_a_message(client, login, staff, newcomer, coach):
    login(client, staff)

    response = client.post(
        assign_url(newcomer), {"coach": coach.pk, "starts_on": today().isoformat()}, follow=True
    )

    assert response.redirect_chain[-1][0].endswith("/staf/coaching/")
    assignment = CoachAssignment.objects.get(coordinator=newcomer)
    assert (assignment.coach, assignment.assigned_by) == (coach, staff)
    assert "Both are told by e-mail" in html(response)


def test_the_start_date_defaults_to_today_and_the_note_is_asked_on_reassignment_only(
    client, login, staff, newcomer, coordinator
):
    login(client, staff)

    first = client.get(assign_url(newcomer)).context["form"]
    reassign = client.get(assign_url(coordinator))

    assert first.initial["starts_on"] == today()
    assert "handover_note" not in first.fields
    assert "handover_note" in reassign.context["form"].fields
    assert "No names or details of families." in html(reassign)


def test_a_start_date_in_the_past_is_refused_next_to_the_date(
    client, login, staff, newcomer, coach
):
    login(client, staff)

    response = client.post(
        assign_url(newcomer),
        {"coach": coach.pk, "starts_on": (today() - datetime.timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 200
    assert field_errors(response, "starts_on") == ["The start date cannot be in the past."]
    assert not CoachAssignment.objects.filter(coordinator=newcomer).exists()


def test_a_reassignment_to_the_same_coach_is_refused_next_to_the_coach(
    client, login, staff, coordinator, coach
):
    login(client, staff)

    response = client.post(
        assign_url(coordinator), {"coach": coach.pk, "starts_on": today().isoformat()}
    )

    assert field_errors(response, "coach") == [f"{coach} already coaches this coordinator."]


def test_a_start_before_the_current_coachs_is_refused_next_to_the_date(
    client, login, staff, coordinator, other_coach
):
    starts = today() + datetime.timedelta(days=5)
    CoachAssignment.objects.filter(coordinator=coordinator).update(starts_on=starts)
    login(client, staff)

    response = client.post(
        assign_url(coordinator), {"coach": other_coach.pk, "starts_on": today().isoformat()}
    )

    assert len(field_errors(response, "starts_on")) == 1
    assert "cannot start before the current coach did" in field_errors(response, "starts_on")[0]


def test_assign_anyway_appears_only_after_the_capacity_was_hit_and_is_recorded(
    client, login, staff, newcomer, coordinator, coach
):
    CoachingProfile.objects.create(user=coach, capacity=1)
    login(client, staff)
    data = {"coach": coach.pk, "starts_on": today().isoformat()}

    assert "confirm_over_capacity" not in html(client.get(assign_url(newcomer)))

    hit = client.post(assign_url(newcomer), data)

    assert hit.status_code == 200
    assert field_errors(hit, "coach") == [
        f"Coach {coach} already supports 1 coordinators, their capacity is 1. "
        "Tick 'assign anyway' to confirm."
    ]
    assert 'name="confirm_over_capacity"' in html(hit)
    assert "Assign anyway, above capacity" in html(hit)
    assert not CoachAssignment.objects.filter(coordinator=newcomer).exists()

    # Submitted again without the tick: refused again, the checkbox still there.
    again = client.post(assign_url(newcomer), data)
    assert 'name="confirm_over_capacity"' in html(again)

    confirmed = client.post(assign_url(newcomer), {**data, "confirm_over_capacity": "on"})

    assert confirmed.status_code == 302
    assignment = CoachAssignment.objects.get(coordinator=newcomer)
    assert assignment.over_capacity is True
    assert assignment.assigned_by == staff


def test_a_reassignment_keeps_the_hand_over_note(
    client, login, staff, coordinator, coach, other_coach
):
    login(client, staff)

    client.post(
        assign_url(coordinator),
        {
            "coach": other_coach.pk,
            "starts_on": today().isoformat(),
            "handover_note": "Heeft nog geen intervisiegroep.",
        },
    )

    new = CoachAssignment.objects.get(coordinator=coordinator, ends_on__isnull=True)
    old = CoachAssignment.objects.get(coordinator=coordinator, coach=coach)
    assert new.coach == other_coach
    assert new.handover_note == "Heeft nog geen intervisiegroep."
    assert old.ends_on == new.starts_on


def test_administrators_assign_in_any_region(client, login, administrator, limburger, limburg):
    limburg_coach = CoachFactory(regions=[limburg])
    login(client, administrator)

    response = client.post(
        assign_url(limburger), {"coach": limburg_coach.pk, "starts_on": today().isoformat()}
    )

    assert response.status_code == 302
    assert CoachAssignment.objects.get(coordinator=limburger).coach == limburg_coach


# --- Capacity ------------------------------------------------------------------------------------


def test_staff_set_a_coachs_capacity(client, login, staff, coach):
    login(client, staff)

    response = client.post(capacity_url(coach), {"capacity": 12})

    assert response.status_code == 302
    assert CoachingProfile.objects.get(user=coach).capacity == 12


@pytest.mark.parametrize("capacity", ["0", "51", "many"])
def test_a_capacity_outside_1_to_50_is_refused_next_to_the_field(
    client, login, staff, coach, capacity
):
    login(client, staff)

    response = client.post(capacity_url(coach), {"capacity": capacity})

    assert response.status_code == 200
    content = html(response)
    assert f'id="capacity-{coach.pk}-capacity"' in content
    assert f'value="{capacity}"' in content  # what was typed is kept
    assert "field--error" in content
    assert not CoachingProfile.objects.filter(user=coach).exists()


def test_the_capacity_form_takes_post_only(client, login, staff, coach):
    login(client, staff)

    assert client.get(capacity_url(coach)).status_code == 405


# --- Queries -------------------------------------------------------------------------------------


def test_the_page_takes_the_same_queries_for_10_and_200_coordinators(
    client, login, staff, antwerpen, django_assert_num_queries
):
    coaches = bulk_users(3, antwerpen, Role.COACH, "coach")
    bulk_assign(bulk_users(5, antwerpen, Role.COORDINATOR), coaches)
    bulk_users(5, antwerpen, Role.COORDINATOR)
    login(client, staff)
    client.get(LIST)  # the first request of a session warms caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200

    more_coaches = bulk_users(20, antwerpen, Role.COACH, "coach")
    bulk_assign(bulk_users(100, antwerpen, Role.COORDINATOR), coaches + more_coaches)
    bulk_users(90, antwerpen, Role.COORDINATOR)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    page = response.context["page"]
    assert len(page.without_coach) == 95
    # 100 rows a page (issue 14): the 105 coordinators with a coach take two.
    assert page.with_page.paginator.count == 105 and len(page.with_coach) == 100
    assert len(re.findall(r"/staf/coaching/toewijzen/\d+/", html(response))) == 195
    assert "?met=2#with-coach" in html(response)
    second = client.get(f"{LIST}?met=2").context["page"]
    assert len(second.with_coach) == 5 and len(second.without_coach) == 95
