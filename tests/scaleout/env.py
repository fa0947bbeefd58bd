"""The environment of the two-web-server test, set before Django loads its settings.

pytest-django reads the settings while pytest starts, before any conftest.py is imported, so the
test process cannot switch to the production settings from tests/scaleout/conftest.py. This
module is loaded as a plugin instead (``python -m pytest -p tests.scaleout.env tests/scaleout``,
what ``make test-scaleout`` runs): it chooses free ports, keys and service addresses, and puts
them in ``os.environ``. The test process (which makes users, pages and publishes) and every
process the conftest starts (two gunicorns, a Celery worker and beat) read the same values, so
they share one PostgreSQL database, the Redis databases of the page cache and the broker, and
one S3 bucket.

Every service address can be set from outside (CI): ``KRING_SCALEOUT_DATABASE_URL`` (the
database is dropped and created anew, so its name must contain "scaleout"),
``KRING_SCALEOUT_REDIS_URL`` with ``KRING_SCALEOUT_REDIS_DB`` (the page cache's database; the
broker's is the next one; both are emptied at the start and the end).
"""

from __future__ import annotations

import os
import secrets
import socket
import string

import pytest

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kring_scaleout"
REDIS_URL = "redis://127.0.0.1:6379"
REDIS_DB = 11
BUCKET = "kring-scaleout"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scaleout_environment() -> dict[str, str]:
    """The variables every process of the test gets (production settings, documented variables
    only: SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS are the two that plain HTTP needs)."""
    from cryptography.fernet import Fernet

    redis_url = os.environ.get("KRING_SCALEOUT_REDIS_URL", REDIS_URL).rstrip("/")
    redis_db = int(os.environ.get("KRING_SCALEOUT_REDIS_DB", REDIS_DB))
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "KRING_SCALEOUT": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(64)),
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": os.environ.get("KRING_SCALEOUT_DATABASE_URL", DATABASE_URL),
        "PAGE_CACHE_URL": f"{redis_url}/{redis_db}",
        "CELERY_BROKER_URL": f"{redis_url}/{redis_db + 1}",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",
        "S3_ACCESS_KEY_ID": "scaleout",
        "S3_SECRET_ACCESS_KEY": secrets.token_hex(16),
        "S3_REGION": "us-east-1",
        "KRING_SCALEOUT_PORT_A": str(free_port()),
        "KRING_SCALEOUT_PORT_B": str(free_port()),
        # Playwright's sync API runs an event loop in the test's thread; Django would then refuse
        # the test's own database calls (SynchronousOnlyOperation).
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args) -> None:
    """Before pytest-django loads the settings."""
    os.environ.update(scaleout_environment())
