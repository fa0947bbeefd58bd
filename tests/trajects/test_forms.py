"""The registration form's date rules, at moments where a calendar turns: New Year's Eve in
Brussels (already the next day in no time zone yet, but in UTC still the old one), a leap day,
and the last day of a month."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.trajects.conftest import form_data
from trajects.forms import RegistrationForm

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def errors_for(wished_start_date: str) -> list[str]:
    form = RegistrationForm(
        data=form_data(wished_start="later", wished_start_date=wished_start_date)
    )
    form.is_valid()
    return [error.code for error in form.errors.as_data().get("wished_start_date", [])]


@pytest.mark.parametrize(
    ("now", "latest_allowed", "first_refused"),
    [
        ("2026-12-04T10:00", "2027-12-04", "2027-12-05"),
        # From a leap day, a year on is the last day of February.
        ("2028-02-29T12:00", "2029-02-28", "2029-03-01"),
        # A year that spans a leap day is 366 days long, and still ends on the same date.
        ("2027-03-01T09:00", "2028-03-01", "2028-03-02"),
        ("2026-12-31T23:30", "2027-12-31", "2028-01-01"),
    ],
)
def test_a_wished_start_date_may_lie_up_to_the_same_date_next_year(
    time_machine, now, latest_allowed, first_refused
):
    time_machine.move_to(datetime.datetime.fromisoformat(now).replace(tzinfo=BRUSSELS))

    assert errors_for(latest_allowed) == []
    assert errors_for(first_refused) == ["too_far"]


def test_today_in_brussels_is_not_past_when_it_is_still_yesterday_in_utc(time_machine):
    # 00:30 on New Year's Day in Brussels is 23:30 on New Year's Eve in UTC.
    time_machine.move_to(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=BRUSSELS))

    assert errors_for("2027-01-01") == []
    assert errors_for("2026-12-31") == ["past"]
