"""The moment the tests run at.

Every test starts at one moment, the same for the whole run: the one given with
``KRING_TEST_NOW`` (or pytest's ``--now``), else the wall clock when the run began. The clock
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
from zoneinfo import ZoneInfo

import pytest

ENV = "KRING_TEST_NOW"
BRUSSELS = ZoneInfo("Europe/Brussels")
MOMENT = pytest.StashKey[datetime.datetime]()
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
            "start every test at this moment, e.g. 2026-12-31T23:30+01:00 "
            f"(default: ${ENV}, else the wall clock when the run starts)"
        ),
    )


def configure(config: pytest.Config) -> None:
    given = config.getoption("--now")
    if given:
        try:
            moment = parse_moment(given)
        except ValueError:
            raise pytest.UsageError(
                f"{ENV}/--now: {given!r} is not an ISO 8601 moment such as 2026-12-31T23:30+01:00"
            ) from None
        source = ENV
    else:
        moment = datetime.datetime.now(BRUSSELS).replace(microsecond=0)
        source = "the wall clock at the start of this run"
    config.stash[MOMENT] = moment
    config.stash[SOURCE] = source


def report_header(config: pytest.Config) -> str:
    moment = config.stash[MOMENT]
    local = moment.astimezone(BRUSSELS)
    return (
        f"clock: every test starts at {local.isoformat()} Brussels time "
        f"({config.stash[SOURCE]}); to run at this moment again: {ENV}={local.isoformat()}"
    )


def moment_of(config: pytest.Config) -> datetime.datetime:
    return config.stash[MOMENT]
