"""The test run's clock (tests/clock.py): every test starts at the run's moment, a test can
freeze its own on top, and ``KRING_TEST_NOW`` names the moment."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from tests import clock


def test_every_test_starts_at_the_runs_moment(request):
    moment = clock.moment_of(request.config)

    assert datetime.timedelta(0) <= timezone.now() - moment < datetime.timedelta(seconds=30)


def test_the_clock_ticks_from_the_runs_moment():
    first = timezone.now()
    later = timezone.now()

    assert later > first


def test_a_test_freezes_its_own_moment_with_the_time_machine_fixture(time_machine):
    time_machine.move_to(datetime.datetime(1999, 12, 31, 23, 59, tzinfo=clock.BRUSSELS), tick=False)

    assert timezone.localdate() == datetime.date(1999, 12, 31)
    assert timezone.now() == timezone.now()


def test_nested_travel_returns_to_the_runs_moment(request):
    with time_machine.travel(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC), tick=False):
        assert timezone.now().year == 2030
    assert abs(timezone.now() - clock.moment_of(request.config)) < datetime.timedelta(seconds=30)


def test_the_clocks_time_zone_is_kring_s():
    assert str(clock.BRUSSELS) == settings.TIME_ZONE


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-12-31T23:30+01:00", "2026-12-31T22:30:00+00:00"),
        ("2028-02-29T12:00Z", "2028-02-29T12:00:00+00:00"),
        # Without an offset: Brussels time, summer or winter as the day has it.
        ("2027-07-01T12:00", "2027-07-01T10:00:00+00:00"),
        ("2027-01-15T12:00", "2027-01-15T11:00:00+00:00"),
        ("2027-10-31T02:30+02:00", "2027-10-31T00:30:00+00:00"),
        ("2027-10-31T02:30+01:00", "2027-10-31T01:30:00+00:00"),
    ],
)
def test_a_moment_is_read_as_iso_8601_and_brussels_time_without_an_offset(text, utc):
    assert clock.parse_moment(text).astimezone(datetime.UTC).isoformat() == utc


@pytest.mark.parametrize("given", ["tomorrow", "2026-13-01", "31/12/2026 23:30"])
def test_a_moment_that_is_not_iso_8601_stops_the_run_with_a_clear_message(given):
    config = SimpleNamespace(getoption=lambda name: given, stash=pytest.Stash())

    with pytest.raises(pytest.UsageError, match="KRING_TEST_NOW"):
        clock.configure(config)


def test_without_a_moment_the_run_starts_at_the_wall_clock():
    config = SimpleNamespace(getoption=lambda name: "", stash=pytest.Stash())

    clock.configure(config)

    assert config.stash[clock.SOURCE].startswith("the wall clock")
    assert config.stash[clock.MOMENT].tzinfo is not None
