"""Kring's code reads the clock through Django's ``timezone`` (aware, in Brussels time), so that
a date is never the server's or UTC's by accident, and a frozen clock in the tests reaches it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "people", "cms", "training", "trajects", "coaching")
# The calls that give the server's local or UTC date and time instead of Brussels time.
NAIVE_CLOCK = re.compile(r"\b(?:date\.today|datetime\.(?:now|today|utcnow))\(\s*\)")


def app_sources() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_there_is_code_to_check():
    assert len(app_sources()) > 50


@pytest.mark.parametrize("call", ["date.today()", "datetime.now()", "datetime.datetime.utcnow()"])
def test_the_check_recognises_a_naive_clock(call):
    assert NAIVE_CLOCK.search(f"x = {call}")


def test_no_code_reads_a_naive_clock():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in app_sources()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if NAIVE_CLOCK.search(line)
    ]

    assert found == [], "use django.utils.timezone.now() / localdate() instead:\n" + "\n".join(
        found
    )
