"""Reading the demo's data files: YAML, read with ``yaml.safe_load`` only.

A file that cannot be read, or lacks what the loader needs, raises ``DemoDataError`` naming the
file (and the item in it), so a typo in a lesson says where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoDataError(ValueError):
    """A demo data file is missing, is not valid YAML, or lacks a field the loader needs."""


def read(path: Path) -> Any:
    """The content of one YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DemoDataError(f"{path}: cannot be read ({error.strerror or error})") from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path}: not valid YAML: {error}") from error


def field(item: dict, name: str, path: Path, where: str = "") -> Any:
    """``item[name]``, or a ``DemoDataError`` naming the file and the item."""
    if not isinstance(item, dict):
        raise DemoDataError(f"{path}: {where or 'the file'} should be a mapping")
    try:
        return item[name]
    except KeyError:
        raise DemoDataError(f"{path}: {where or 'the file'} has no {name!r}") from None
