"""A part of the suite: ``KRING_TEST_PART=K/N`` (or pytest's ``--part K/N``) runs only the test
modules of part K of N, each module in exactly one part, chosen by its path (the same on every
run and machine). CI runs the PostgreSQL suite in two parts side by side (.ci/run): a single
PostgreSQL run, waiting on its server, leaves a core idle. Without a part, the whole suite runs."""

from __future__ import annotations

import os
import zlib

import pytest

from tests.clock import module_of

ENV = "KRING_TEST_PART"
PART = pytest.StashKey[tuple[int, int] | None]()


def addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--part",
        default=os.environ.get(ENV, ""),
        metavar="K/N",
        help=f"run only part K of N of the test modules, by path (default: ${ENV}, else all)",
    )


def parse_part(text: str) -> tuple[int, int] | None:
    """``(K, N)`` from ``"K/N"``; None for an empty text; ``pytest.UsageError`` otherwise."""
    if not text.strip():
        return None
    try:
        part, parts = (int(number) for number in text.split("/"))
    except ValueError:
        part = parts = 0
    if not 1 <= part <= parts:
        raise pytest.UsageError(f"{ENV}/--part: {text!r} is not a part such as 1/2")
    return part, parts


def configure(config: pytest.Config) -> None:
    config.stash[PART] = parse_part(config.getoption("--part"))


def in_part(module: str, part: tuple[int, int] | None) -> bool:
    """Whether the test module at ``module`` (``tests/…/test_….py``) runs in ``part``."""
    if part is None:
        return True
    number, parts = part
    return zlib.crc32(module.encode()) % parts == number - 1


def select(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keeps the run's part of ``items`` and reports the others as deselected."""
    part = config.stash[PART]
    if part is None:
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        (kept if in_part(module_of(item), part) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept


def report_header(config: pytest.Config) -> str | None:
    part = config.stash[PART]
    if part is None:
        return None
    return f"part: the test modules of part {part[0]} of {part[1]} ({ENV}), by path"
