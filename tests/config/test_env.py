"""config/env.py: typed readers that fail loudly, naming the variable, on malformed values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

SCHEMES = ("filesystem", "redis", "memory")


def env(**values: str) -> Env:
    return Env(values)


def raises_naming(name: str):
    return pytest.raises(ImproperlyConfigured, match=name)


# --- Absent: the default -----------------------------------------------------------------------


def test_absent_variables_give_their_defaults():
    empty = env()

    assert empty.str("KRING_X", "fallback") == "fallback"
    assert empty.bool("KRING_X", True) is True
    assert empty.int("KRING_X", 30, minimum=1) == 30
    assert empty.list("KRING_X", "a, b,,c") == ["a", "b", "c"]
    assert empty.database("KRING_X", "sqlite:////srv/kring.sqlite3")["NAME"] == "/srv/kring.sqlite3"
    assert empty.url("KRING_X", "filesystem://", schemes=SCHEMES) == "filesystem://"


@pytest.mark.parametrize(
    "read",
    [
        lambda e: e.str("KRING_X"),
        lambda e: e.bool("KRING_X"),
        lambda e: e.int("KRING_X"),
        lambda e: e.list("KRING_X"),
        lambda e: e.database("KRING_X"),
        lambda e: e.url("KRING_X", schemes=SCHEMES),
    ],
    ids=["str", "bool", "int", "list", "database", "url"],
)
def test_absent_variable_without_default_is_required(read):
    with raises_naming("KRING_X"):
        read(env())


# --- Well-formed values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_bool_reads_the_usual_spellings(raw, expected):
    assert env(DEBUG=raw).bool("DEBUG", not expected) is expected


def test_int_reads_a_whole_number_at_or_above_its_minimum():
    assert env(SESSION_IDLE_MINUTES=" 45 ").int("SESSION_IDLE_MINUTES", 30, minimum=1) == 45
    assert env(SESSION_IDLE_MINUTES="1").int("SESSION_IDLE_MINUTES", 30, minimum=1) == 1


def test_list_splits_on_commas_and_drops_blanks():
    assert env(ALLOWED_HOSTS=" kring.example , www.kring.example,, ").list("ALLOWED_HOSTS") == [
        "kring.example",
        "www.kring.example",
    ]
    assert env(ALLOWED_HOSTS="").list("ALLOWED_HOSTS", "localhost") == []


def test_database_reads_postgres_and_sqlite_urls():
    postgres = env(DATABASE_URL="postgres://kring:secret@db.example:5433/kring").database(
        "DATABASE_URL"
    )
    sqlite = env(DATABASE_URL="sqlite:////var/kring/db.sqlite3").database("DATABASE_URL")

    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("db.example", 5433, "kring")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/var/kring/db.sqlite3"


def test_url_accepts_its_schemes():
    assert env(BROKER="redis://127.0.0.1:6379/0").url("BROKER", schemes=SCHEMES) == (
        "redis://127.0.0.1:6379/0"
    )


# --- Malformed values: ImproperlyConfigured naming the variable --------------------------------


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "tru"])
def test_bool_refuses_other_values(raw):
    with raises_naming("DEBUG"):
        env(DEBUG=raw).bool("DEBUG", False)


@pytest.mark.parametrize("raw", ["", "ten", "1.5", "30m", "0x10"])
def test_int_refuses_what_is_not_a_whole_number(raw):
    with raises_naming("SESSION_IDLE_MINUTES"):
        env(SESSION_IDLE_MINUTES=raw).int("SESSION_IDLE_MINUTES", 30)


@pytest.mark.parametrize("raw", ["0", "-5"])
def test_int_refuses_a_number_below_its_minimum(raw):
    with raises_naming("SESSION_IDLE_MINUTES"):
        env(SESSION_IDLE_MINUTES=raw).int("SESSION_IDLE_MINUTES", 30, minimum=1)


@pytest.mark.parametrize(
    "raw",
    ["", "not a url", "mysqlx://host/db", "postgres//user@host/db", "kring.sqlite3"],
)
def test_database_refuses_what_is_not_a_database_url(raw):
    with raises_naming("DATABASE_URL"):
        env(DATABASE_URL=raw).database("DATABASE_URL")


@pytest.mark.parametrize(
    "raw", ["", "127.0.0.1:6379", "http://127.0.0.1:6379/0", "redis:/127.0.0.1", "REDIS"]
)
def test_url_refuses_other_schemes(raw):
    with raises_naming("CELERY_BROKER_URL"):
        env(CELERY_BROKER_URL=raw).url("CELERY_BROKER_URL", schemes=SCHEMES)


def test_list_default_is_not_shared_between_reads():
    """A list default must not be mutated through a returned value (base.py appends to one)."""
    reader = env()
    first = reader.list("MFA_REQUIRED_ROLES", "coach")
    first.append("coordinator")

    assert reader.list("MFA_REQUIRED_ROLES", "coach") == ["coach"]
