"""The moment the tests run at.

Every test starts at one moment, the same for the whole run: the one given with
``KRING_TEST_NOW`` (or pytest's ``--now``), else the wall clock when the run began. Several
moments, separated by commas, are taken in turn by test module: each module runs at one of
them, chosen by its path, so the same module always runs at the same moment and one run covers
them all (CI's moments where calendars turn; a failed test's report names its moment). The clock
then ticks from there (time-machine, ``tick=True``), so code that measures a few seconds still
sees them pass, and a test that freezes its own clock (the ``time_machine`` fixture, or
``time_machine.travel``) does so on top of it. Module-scoped fixtures (the demo data) are made
at that same moment with the clock standing still, so no test meets data from its own future.

Code under test reads the clock through Django's ``timezone`` (``timezone.now()``,
``timezone.localdate()``); time-machine moves what those read, in every thread of the process.
The browser tests are left at the wall clock (see ``tests/browser/conftest.py``).

Moments are ISO 8601: ``2026-12-31T23:30+01:00``, ``2028-02-29T12:00Z``. One without an offset
is Brussels time; around the autumn clock change give the offset, for 02:30 comes twice.
"""

from __future__ import annotations

import datetime
import os
import zlib
from zoneinfo import ZoneInfo

import pytest

ENV = "KRING_TEST_NOW"
BRUSSELS = ZoneInfo("Europe/Brussels")
MOMENTS = pytest.StashKey[tuple[datetime.datetime, ...]]()
SOURCE = pytest.StashKey[str]()


def parse_moment(text: str) -> datetime.datetime:
    """The aware moment that ``text`` names (naive: Brussels time); ``ValueError`` if none."""
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    return moment


def addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--now",
        default=os.environ.get(ENV, ""),
        metavar="ISO-MOMENT",
        help=(
            "start every test at this moment, e.g. 2026-12-31T23:30+01:00, or each test module "
            "at one of several moments separated by commas "
            f"(default: ${ENV}, else the wall clock when the run starts)"
        ),
    )


def configure(config: pytest.Config) -> None:
    given = config.getoption("--now")
    if given:
        try:
            moments = tuple(parse_moment(part) for part in given.split(","))
        except ValueError:
            raise pytest.UsageError(
                f"{ENV}/--now: {given!r} is not an ISO 8601 moment such as 2026-12-31T23:30+01:00 "
                "(or several, separated by commas)"
            ) from None
        source = ENV
    else:
        moments = (datetime.datetime.now(BRUSSELS).replace(microsecond=0),)
        source = "the wall clock at the start of this run"
    config.stash[MOMENTS] = moments
    config.stash[SOURCE] = source


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(BRUSSELS).isoformat()


def report_header(config: pytest.Config) -> str:
    moments = config.stash[MOMENTS]
    if len(moments) == 1:
        local = _local(moments[0])
        return (
            f"clock: every test starts at {local} Brussels time "
            f"({config.stash[SOURCE]}); to run at this moment again: {ENV}={local}"
        )
    return (
        f"clock: each test module starts at one of {len(moments)} moments, Brussels time "
        f"({config.stash[SOURCE]}), chosen by its path: {', '.join(map(_local, moments))}; "
        f"a failed test's report names its moment"
    )


def module_of(node: pytest.Item | pytest.Collector) -> str:
    """The path of the test module a test or module belongs to, as pytest names it."""
    return node.nodeid.split("::", 1)[0]


def moment_for(config: pytest.Config, module: str) -> datetime.datetime:
    """The moment the tests of ``module`` (a path such as ``tests/test_clock.py``) start at: the
    run's one, or of several the one its path picks (the same on every run and machine)."""
    moments = config.stash[MOMENTS]
    return moments[zlib.crc32(module.encode()) % len(moments)]


def rerun_hint(config: pytest.Config, module: str) -> str:
    local = _local(moment_for(config, module))
    return (
        f"this test started at {local} Brussels time; to run it at this moment again: {ENV}={local}"
    )
