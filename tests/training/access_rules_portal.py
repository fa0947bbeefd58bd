"""Access rules for the training days' URLs (``training.views.portal``), for the access matrix
(``tests/config/test_access_matrix.py`` imports ``RULES``).

Samples: an upcoming day in Antwerpen on which the persona "coordinator" has a place, and a day
in Antwerpen that started an hour ago (for attendance). Both are made once and found again by
their title, since a sample is called for every persona.
"""

from __future__ import annotations

import datetime

from people.roles import Role
from tests.access import Rule, roles

PORTAL = roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
STAFF = roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
UPCOMING_TITLE = "Matrix: opleidingsdag Antwerpen"
STARTED_TITLE = "Matrix: gestarte opleidingsdag Antwerpen"


def _day(title: str, starts_in: datetime.timedelta):
    from django.utils import timezone

    from training.factories import TrainingDayFactory
    from training.models import TrainingDay

    day = TrainingDay.objects.filter(title=title).first()
    if day is None:
        starts_at = timezone.now() + starts_in
        day = TrainingDayFactory(
            title=title, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=7)
        )
    return day


def upcoming_day(personas: dict):
    from training.models import SeatStatus, TrainingDayEnrolment

    day = _day(UPCOMING_TITLE, datetime.timedelta(days=10))
    TrainingDayEnrolment.objects.get_or_create(
        day=day, user=personas["coordinator"], defaults={"status": SeatStatus.CONFIRMED}
    )
    return day


def started_day(personas: dict):
    return _day(STARTED_TITLE, -datetime.timedelta(hours=1))


def day_detail_url(personas: dict) -> str:
    return f"/portaal/opleidingsdagen/{upcoming_day(personas).pk}/"


def day_ics_url(personas: dict) -> str:
    return f"/portaal/opleidingsdagen/{upcoming_day(personas).pk}/agenda.ics"


def day_update_url(personas: dict) -> str:
    return f"/staf/opleidingsdagen/{upcoming_day(personas).pk}/bewerken/"


def day_attendance_url(personas: dict) -> str:
    return f"/staf/opleidingsdagen/{started_day(personas).pk}/aanwezigheid/"


ANTWERPEN_STAFF = frozenset({"staff", "administrator"})

# fmt: off
RULES: list[Rule] = [
    Rule("portaal/opleidingsdagen/", PORTAL,
         ["/portaal/opleidingsdagen/", "/portaal/opleidingsdagen/?region=1&page=2"],
         why="upcoming training days: the portal's audience (volunteers, coaches, staff)"),
    Rule("portaal/opleidingsdagen/<int:pk>/", PORTAL, [day_detail_url],
         why="an upcoming day is open to the portal's audience; a past one only to who had a "
             "place, gives it or manages it"),
    Rule("portaal/opleidingsdagen/<int:pk>/inschrijven/", PORTAL,
         why="POST only: enrol (or join the waiting list)"),
    Rule("portaal/opleidingsdagen/<int:pk>/uitschrijven/", PORTAL,
         why="POST only: cancel one's own place"),
    Rule("portaal/opleidingsdagen/<int:pk>/agenda.ics", PORTAL, [day_ics_url],
         only=frozenset({"coordinator"}),
         why="the calendar file: only for a volunteer with a place or on the waiting list"),
    Rule("staf/opleidingsdagen/", PORTAL, ["/staf/opleidingsdagen/?when=upcoming"],
         only=frozenset({"staff", "other_staff", "administrator"}),
         why="staff see their regions' days, administrators all; a trainer (any role) the days "
             "they give; others 404"),
    Rule("staf/opleidingsdagen/nieuw/", STAFF, ["/staf/opleidingsdagen/nieuw/"],
         why="plan a day: regional staff (for their regions) and administrators"),
    Rule("staf/opleidingsdagen/<int:pk>/bewerken/", STAFF, [day_update_url],
         only=ANTWERPEN_STAFF, why="edit a day: staff of its region and administrators"),
    Rule("staf/opleidingsdagen/<int:pk>/aanwezigheid/", PORTAL, [day_attendance_url],
         only=ANTWERPEN_STAFF,
         why="attendance: the day's trainer (any role), staff of its region, administrators"),
]
# fmt: on
