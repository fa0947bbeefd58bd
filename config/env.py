"""Typed readers for settings that come from the environment.

Every reader fails loudly, naming the variable, when a value is present but malformed, so a
typo in a deployment stops start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


class Env:
    """Reads variables from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str, default: Any) -> str | Any:
        value = self.environ.get(name)
        if value is None:
            if default is _MISSING:
                raise ImproperlyConfigured(f"The environment variable {name} is required.")
            return default
        return value.strip()

    # From here on `str` in an annotation would name the method below, hence `builtins.str`.
    def str(self, name: builtins.str, default: Any = _MISSING) -> builtins.str:
        return self._raw(name, default)

    def bool(self, name: builtins.str, default: Any = _MISSING) -> bool:
        value = self._raw(name, default)
        if isinstance(value, bool):
            return value
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"The environment variable {name} must be true or false, not {value!r}."
        )

    def int(
        self, name: builtins.str, default: Any = _MISSING, *, minimum: int | None = None
    ) -> int:
        value = self._raw(name, default)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"The environment variable {name} must be a whole number, not {value!r}."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be at least {minimum}, not {number}."
            )
        return number

    def list(self, name: builtins.str, default: Any = _MISSING) -> builtins.list[builtins.str]:
        value = self._raw(name, default)
        if isinstance(value, list):
            return value
        return [item.strip() for item in value.split(",") if item.strip()]

    def database(self, name: builtins.str, default: Any = _MISSING) -> dj_database_url.DBConfig:
        value = self._raw(name, default)
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(
                f"The environment variable {name} is not a database URL Kring understands "
                f"(sqlite:///path or postgres://user@host:port/name): {exc}"
            ) from None
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(f"The environment variable {name} names no database engine.")
        return config

    def url(
        self, name: builtins.str, default: Any = _MISSING, *, schemes: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self._raw(name, default)
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in schemes:
            raise ImproperlyConfigured(
                f"The environment variable {name} must start with one of "
                f"{', '.join(s + '://' for s in schemes)}, not {value!r}."
            )
        return value


env = Env()
