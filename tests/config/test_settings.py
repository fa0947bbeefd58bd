"""Production settings refuse unsafe values, and ``check --deploy`` is clean with them.

Each case imports the settings fresh in a subprocess with a controlled environment.
"""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60))
MFA_KEY = "x4bOzaHb4-r1mWDBrL0cTjdMdvG7a3sJmo5hK1Zs3EQ="  # a Fernet key, for these tests only


def run(args: list[str], tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KRING_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kring.sqlite3'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MFA_ENCRYPTION_KEY": MFA_KEY,
        **variables,
    }
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_production(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    return run(["-c", "import config.settings.production"], tmp_path, **variables)


def test_production_settings_import_with_good_values(tmp_path):
    result = import_production(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kring.example")

    assert result.returncode == 0, result.stderr


def test_default_cache_does_not_depend_on_redis_even_with_a_redis_broker(tmp_path):
    """Rate limits and TOTP replay markers live in the default cache: log-in must keep
    working when Redis is down."""
    result = run(
        ["-c", "import config.settings.production as s; print(s.CACHES['default']['BACKEND'])"],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="kring.example",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert "redis" not in result.stdout.lower()
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
def test_migration_creates_the_database_cache_table():
    """The tests use a local-memory cache; with base.py's database cache, migrate makes its table."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection
    from django.test import override_settings

    migration = import_module("people.migrations.0004_cache_table")
    database_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kring_cache_test",
        }
    }
    with override_settings(CACHES=database_cache):
        migration.create_cache_table(None, SimpleNamespace(connection=connection))

    assert "kring_cache_test" in connection.introspection.table_names()


def test_production_refuses_a_missing_secret_key(tmp_path):
    result = import_production(tmp_path, ALLOWED_HOSTS="kring.example")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["short-key", "ab" * 30], ids=["short", "two-characters"])
def test_production_refuses_a_short_or_weak_secret_key(tmp_path, key):
    result = import_production(tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="kring.example")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug_on(tmp_path):
    result = import_production(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kring.example", DEBUG="true"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr


def test_production_refuses_a_malformed_debug(tmp_path):
    result = import_production(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kring.example", DEBUG="sometimes"
    )

    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_empty_allowed_hosts(tmp_path):
    result = import_production(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="kring.example",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
