"""A part of the suite (tests/parts.py): ``KRING_TEST_PART=K/N`` runs each test module in exactly
one of the N parts, by its path."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import parts
from tests.clock import module_of

MODULES = [
    f"tests/{area}/test_{name}.py"
    for area in ("cms", "people", "trajects", "training")
    for name in ("access", "demo", "models", "services", "views", "races", "admin", "tables")
]


def test_every_module_is_in_exactly_one_part_and_each_part_has_some():
    for count in (2, 3):
        chosen = {
            module: [k for k in range(1, count + 1) if parts.in_part(module, (k, count))]
            for module in MODULES
        }
        assert all(len(found) == 1 for found in chosen.values()), count
        assert {found[0] for found in chosen.values()} == set(range(1, count + 1)), count


def test_without_a_part_every_module_runs():
    assert parts.parse_part("") is None
    assert all(parts.in_part(module, None) for module in MODULES)


@pytest.mark.parametrize("given", ["2", "0/2", "3/2", "a/b", "1/2/3", "-1/2"])
def test_a_part_that_is_not_k_of_n_stops_the_run_with_a_clear_message(given):
    with pytest.raises(pytest.UsageError, match="KRING_TEST_PART"):
        parts.parse_part(given)


def configured(given: str, deselected: list) -> SimpleNamespace:
    config = SimpleNamespace(
        stash=pytest.Stash(),
        getoption=lambda name: given,
        hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items)),
    )
    parts.configure(config)
    return config


def test_the_items_of_other_parts_are_deselected_and_reported():
    items = [SimpleNamespace(nodeid=f"{module}::test_x[{n}]") for module in MODULES for n in (1, 2)]
    deselected: list = []
    config = configured("1/2", deselected)

    kept = list(items)
    parts.select(config, kept)

    assert kept and deselected
    assert sorted(item.nodeid for item in kept + deselected) == sorted(i.nodeid for i in items)
    assert all(parts.in_part(module_of(item), (1, 2)) for item in kept)
    assert "part 1 of 2" in parts.report_header(config)


def test_without_a_part_nothing_is_deselected():
    items = [SimpleNamespace(nodeid=f"{module}::test_x") for module in MODULES]
    deselected: list = []
    config = configured("", deselected)

    kept = list(items)
    parts.select(config, kept)

    assert kept == items and deselected == []
    assert parts.report_header(config) is None
