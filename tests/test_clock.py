"""The test run's clock (tests/clock.py): every test starts at the run's moment, a test can
freeze its own on top, and ``KRING_TEST_NOW`` names the moment, or several taken in turn by test
module."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from tests import clock


def here(request) -> datetime.datetime:
    return clock.moment_for(request.config, clock.module_of(request.node))


def test_every_test_starts_at_the_runs_moment(request):
    moment = here(request)

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
    assert abs(timezone.now() - here(request)) < datetime.timedelta(seconds=30)


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


@pytest.mark.parametrize(
    "given", ["tomorrow", "2026-13-01", "31/12/2026 23:30", "2026-12-31T23:30+01:00,tomorrow"]
)
def test_a_moment_that_is_not_iso_8601_stops_the_run_with_a_clear_message(given):
    config = SimpleNamespace(getoption=lambda name: given, stash=pytest.Stash())

    with pytest.raises(pytest.UsageError, match="KRING_TEST_NOW"):
        clock.configure(config)


def test_without_a_moment_the_run_starts_at_the_wall_clock():
    config = SimpleNamespace(getoption=lambda name: "", stash=pytest.Stash())

    clock.configure(config)

    assert config.stash[clock.SOURCE].startswith("the wall clock")
    [moment] = config.stash[clock.MOMENTS]
    assert moment.tzinfo is not None


THREE = "2026-12-31T23:30+01:00, 2027-03-28T02:30+01:00,2027-10-31T02:30+01:00"


def configured(given: str) -> SimpleNamespace:
    config = SimpleNamespace(getoption=lambda name: given, stash=pytest.Stash())
    clock.configure(config)
    return config


# Test modules of this suite, as pytest names them.
MODULES = [
    f"tests/{area}/test_{name}.py"
    for area in ("cms", "people", "trajects")
    for name in ("access", "demo", "models", "services", "views", "races", "admin", "tables")
]


def test_several_moments_are_taken_in_turn_by_module_each_module_always_at_the_same_one():
    config = configured(THREE)
    moments = config.stash[clock.MOMENTS]

    assert [moment.isoformat() for moment in moments] == [
        "2026-12-31T23:30:00+01:00",
        "2027-03-28T02:30:00+01:00",
        "2027-10-31T02:30:00+01:00",
    ]
    chosen = {module: clock.moment_for(config, module) for module in MODULES}
    assert set(chosen.values()) == set(moments)  # every moment gets modules
    # The same module gets the same moment in another run (a new configuration).
    again = configured(THREE)
    assert all(clock.moment_for(again, module) == chosen[module] for module in MODULES)
    # A test and its module's fixtures: one module, whatever the test's name.
    assert clock.module_of(SimpleNamespace(nodeid="tests/cms/test_demo.py::test_x[nl]")) == (
        "tests/cms/test_demo.py"
    )
    assert clock.module_of(SimpleNamespace(nodeid="tests/cms/test_demo.py")) == (
        "tests/cms/test_demo.py"
    )


def test_with_one_moment_every_module_gets_it():
    config = configured("2028-02-29T12:00+01:00")

    assert {clock.moment_for(config, module) for module in MODULES} == {
        clock.parse_moment("2028-02-29T12:00+01:00")
    }
    assert "KRING_TEST_NOW=2028-02-29T12:00:00+01:00" in clock.report_header(config)


def test_the_header_names_the_moments_and_a_failed_tests_report_its_own():
    from tests import conftest

    config = configured(THREE)
    module = MODULES[0]
    moment = clock.moment_for(config, module).astimezone(clock.BRUSSELS).isoformat()
    header = clock.report_header(config)
    assert "one of 3 moments" in header and "2027-10-31T02:30:00+01:00" in header

    def report(failed: bool, marker: str = "") -> SimpleNamespace:
        item = SimpleNamespace(
            config=config,
            nodeid=f"{module}::test_x",
            get_closest_marker=lambda name: name if name == marker else None,
        )
        hook = conftest.pytest_runtest_makereport(item, None)
        next(hook)
        with pytest.raises(StopIteration) as done:
            hook.send(SimpleNamespace(failed=failed, sections=[]))
        return done.value.value

    assert report(failed=False).sections == []
    assert report(failed=True, marker="browser").sections == []  # at the wall clock
    assert report(failed=True, marker="scaleout").sections == []
    [(title, text)] = report(failed=True).sections
    assert title == "clock"
    assert f"started at {moment}" in text and f"KRING_TEST_NOW={moment}" in text
