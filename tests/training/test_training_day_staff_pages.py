"""Training days: the staff's pages (the list per region, planning and editing a day).
(The services, attendance, the calendar file and the portal pages: test_training_days.py.)"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.factories import CoachFactory, CoordinatorFactory, region
from training.days import services as service
from training.factories import (
    TrackFactory,
    TrainingDayFactory,
)
from training.models import (
    TrainingDay,
    TrainingDayEnrolment,
)

pytestmark = pytest.mark.django_db


# --- The staff pages --------------------------------------------------------------------------


def test_staff_list_shows_only_their_regions_days_and_a_trainer_their_own(
    client, login, staff, other_staff, coach
):
    TrainingDayFactory(title="Antwerpen")
    TrainingDayFactory(title="Limburg", region=region("limburg"), trainer=coach)

    login(client, staff)
    staff_titles = [
        row.record.title for row in client.get("/staf/opleidingsdagen/").context["table"].rows
    ]
    login(client, coach)
    coach_titles = [
        row.record.title for row in client.get("/staf/opleidingsdagen/").context["table"].rows
    ]

    assert staff_titles == ["Antwerpen"]
    assert coach_titles == ["Limburg"]


def test_staff_list_counts_places_and_waiting(client, login, staff, coordinator, other_coordinator):
    day = TrainingDayFactory(capacity=1)
    service.training_day_enrol(day=day, user=coordinator)
    service.training_day_enrol(day=day, user=other_coordinator)
    login(client, staff)

    [row] = client.get("/staf/opleidingsdagen/").context["table"].rows

    assert (row.record.confirmed_count, row.record.waiting_count, row.record.capacity) == (1, 1, 1)


def test_staff_list_keeps_its_query_count_at_3_and_30_days(client, login, staff, coordinator):
    login(client, staff)
    trainer = CoachFactory(regions=[region("antwerpen")])

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/staf/opleidingsdagen/")
        assert response.status_code == 200
        return len(queries)

    count_queries()  # the first request after logging in also loads the session's extras
    for _ in range(3):
        day = TrainingDayFactory(trainer=trainer, track=TrackFactory())
        TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    few = count_queries()
    for _ in range(27):
        day = TrainingDayFactory(trainer=trainer, track=TrackFactory())
        TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    many = count_queries()

    assert few == many


def test_staff_creates_a_day_in_their_region(client, login, staff):
    login(client, staff)
    trainer = CoachFactory(regions=[region("antwerpen")])

    response = client.post(
        "/staf/opleidingsdagen/nieuw/",
        {
            "title": "Basisopleiding dag 2",
            "kind": "classroom",
            "region": region("antwerpen").pk,
            "starts_at": "2030-03-04T09:30",
            "ends_at": "2030-03-04T16:30",
            "location": "Antwerpen",
            "trainer": trainer.pk,
            "capacity": "10",
        },
    )

    day = TrainingDay.objects.get(title="Basisopleiding dag 2")
    assert response.status_code == 302
    assert day.trainer == trainer and day.capacity == 10


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2030-03-04T08:00"}, "ends_at"),
        ({"capacity": "0"}, "capacity"),
        ({"location": ""}, "location"),
        ({"kind": "online", "location": ""}, "online_url"),
    ],
)
def test_day_form_refuses_bad_input_with_the_error_by_the_field(
    client, login, staff, changes, field
):
    login(client, staff)
    data = {
        "title": "Dag",
        "kind": "classroom",
        "region": region("antwerpen").pk,
        "starts_at": "2030-03-04T09:30",
        "ends_at": "2030-03-04T16:30",
        "location": "Antwerpen",
        "capacity": "10",
        **changes,
    }

    response = client.post("/staf/opleidingsdagen/nieuw/", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Dag"
    assert not TrainingDay.objects.exists()


def test_staff_cannot_plan_a_day_in_another_region(client, login, staff):
    login(client, staff)

    response = client.post(
        "/staf/opleidingsdagen/nieuw/",
        {
            "title": "Dag",
            "kind": "classroom",
            "region": region("limburg").pk,
            "starts_at": "2030-03-04T09:30",
            "ends_at": "2030-03-04T16:30",
            "location": "Hasselt",
            "capacity": "10",
        },
    )

    assert "region" in response.context["form"].errors
    assert not TrainingDay.objects.exists()


def test_capacity_cannot_drop_below_the_places_taken(client, login, staff, coordinator):
    day = TrainingDayFactory(capacity=2)
    service.training_day_enrol(day=day, user=coordinator)
    service.training_day_enrol(day=day, user=CoordinatorFactory())
    login(client, staff)
    start, end = timezone.localtime(day.starts_at), timezone.localtime(day.ends_at)

    response = client.post(
        f"/staf/opleidingsdagen/{day.pk}/bewerken/",
        {
            "title": day.title,
            "kind": "classroom",
            "region": day.region_id,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "location": day.location,
            "capacity": "1",
        },
    )

    assert "capacity" in response.context["form"].errors
    day.refresh_from_db()
    assert day.capacity == 2


def test_staff_of_another_region_cannot_edit_a_day(client, login, other_staff, coach):
    day = TrainingDayFactory(trainer=coach)
    login(client, other_staff)
    assert client.get(f"/staf/opleidingsdagen/{day.pk}/bewerken/").status_code == 404
    login(client, coach)  # the trainer records attendance but does not edit the day
    assert client.get(f"/staf/opleidingsdagen/{day.pk}/bewerken/").status_code == 404
