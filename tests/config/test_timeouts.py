"""The project's time-outs hold when a service hangs (tests/faults.py): a frozen PostgreSQL, an
SMTP server that never answers, a frozen Redis. Each client is built from the settings, so
these tests follow the configured values; each must give up within its time-out plus a margin.

What a frozen proxy shows: the service's port accepts and then nothing comes back, as with a
server that is alive but stuck. TCP keepalives cannot notice that (the proxy's kernel answers
them), so only a time-out in the client's own protocol ends the wait.
"""

from __future__ import annotations

import re
import smtplib
import socket
import time
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection

from tests.faults import FaultProxy, hung_server

# Time a client may take beyond its time-out: thread start-up, a loaded 2-core machine.
MARGIN = 2.0

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL time-outs need PostgreSQL"
)


def seconds_since(started: float) -> float:
    return time.monotonic() - started


# --- PostgreSQL -----------------------------------------------------------------------------------


def database_options() -> dict:
    return settings.DATABASES["default"].get("OPTIONS", {})


def connect_timeout() -> float:
    timeout = database_options().get("connect_timeout")
    assert timeout, "DATABASES['default']['OPTIONS'] sets no connect_timeout: a connect may hang"
    # libpq (and psycopg, which follows it) waits at least 2 seconds.
    return max(float(timeout), 2.0)


def database_proxy() -> FaultProxy:
    params = connection.get_connection_params()
    return FaultProxy(params.get("host") or "127.0.0.1", int(params.get("port") or 5432))


def connect_through(proxy: FaultProxy) -> psycopg.Connection:
    """A new connection as Django makes it (dbname, user, OPTIONS), to the proxy instead."""
    params = connection.get_connection_params()
    params.update(host=proxy.host, port=proxy.port)
    return psycopg.connect(**params)


@on_postgresql
def test_the_database_settings_give_a_connect_timeout():
    assert connect_timeout() > 0


@on_postgresql
def test_connecting_to_a_frozen_database_gives_up_within_the_connect_timeout():
    timeout = connect_timeout()
    with database_proxy() as proxy:
        proxy.freeze()
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError, match="(?i)timeout"):
            connect_through(proxy)
        elapsed = seconds_since(started)
    assert elapsed < timeout + MARGIN
    assert proxy.accepted == 1  # the port answered: this was a hang, not a refusal


@on_postgresql
@pytest.mark.django_db
def test_a_connection_through_the_proxy_carries_the_configured_statement_timeout():
    """The server enforces statement_timeout; this checks that the settings' ``options`` reach
    it. (A query on an established connection that freezes is a different matter: the server
    never sees it, and libpq has no read time-out of its own.)"""
    match = re.search(r"statement_timeout=(\d+)", database_options().get("options", ""))
    assert match, "DATABASES['default']['OPTIONS']['options'] sets no statement_timeout"
    with database_proxy() as proxy, connect_through(proxy) as conn:
        (setting,) = conn.execute(
            "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'"
        ).fetchone()
    assert int(setting) == int(match.group(1))


# --- SMTP -----------------------------------------------------------------------------------------


def test_the_mail_settings_give_a_timeout():
    # Django's default, None, lets a request wait forever on a mail server that never answers.
    assert settings.EMAIL_TIMEOUT is not None
    assert settings.EMAIL_TIMEOUT > 0


def test_sending_mail_to_a_server_that_never_answers_gives_up_within_the_mail_timeout(settings):
    settings.EMAIL_TIMEOUT = 1
    with hung_server() as (host, port):
        backend = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host=host,
            port=port,
            timeout=settings.EMAIL_TIMEOUT,
            fail_silently=False,
        )
        started = time.monotonic()
        with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):
            backend.open()
        elapsed = seconds_since(started)
    assert elapsed < settings.EMAIL_TIMEOUT + MARGIN


# --- Redis ----------------------------------------------------------------------------------------

# The transport options redis-py's connections take (kombu passes these on).
REDIS_CONNECTION_OPTIONS = (
    "socket_connect_timeout",
    "socket_timeout",
    "socket_keepalive",
    "socket_keepalive_options",
    "retry_on_timeout",
)


def redis_broker() -> tuple[str, int] | None:
    """The broker's host and port when it is Redis and answers a PING; else None."""
    url = urlsplit(settings.CELERY_BROKER_URL)
    if url.scheme != "redis":
        return None
    address = (url.hostname or "127.0.0.1", url.port or 6379)
    try:
        with socket.create_connection(address, timeout=1) as sock:
            sock.settimeout(1)
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return None
    except OSError:
        return None
    return address


def needs_redis(test):
    return pytest.mark.redis(
        pytest.mark.skipif(
            redis_broker() is None, reason="the broker is not a Redis answering on this machine"
        )(test)
    )


def socket_timeout() -> float:
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("socket_timeout")
    assert timeout, "CELERY_BROKER_TRANSPORT_OPTIONS sets no socket_timeout: a read may hang"
    return float(timeout)


@needs_redis
def test_a_redis_client_with_the_brokers_options_gives_up_on_a_redis_that_freezes():
    import redis

    host, port = redis_broker()
    options = {
        name: value
        for name, value in settings.CELERY_BROKER_TRANSPORT_OPTIONS.items()
        if name in REDIS_CONNECTION_OPTIONS
    }
    with FaultProxy(host, port) as proxy:
        # A pool as kombu builds it: redis.Redis's own default would retry a time-out 10 times.
        client = redis.Redis(
            connection_pool=redis.ConnectionPool(host=proxy.host, port=proxy.port, **options)
        )
        assert client.ping()
        proxy.freeze()
        started = time.monotonic()
        with pytest.raises(redis.TimeoutError):
            client.ping()
        elapsed = seconds_since(started)
        client.close()
    assert elapsed < socket_timeout() + MARGIN


@needs_redis
def test_connecting_celery_to_a_frozen_redis_gives_up_within_the_socket_timeout():
    from kombu import Connection
    from kombu.exceptions import OperationalError

    host, port = redis_broker()
    url = urlsplit(settings.CELERY_BROKER_URL)
    with FaultProxy(host, port) as proxy:
        proxy.freeze()
        broker = Connection(
            url._replace(netloc=f"{proxy.host}:{proxy.port}").geturl(),
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=getattr(settings, "CELERY_BROKER_CONNECTION_TIMEOUT", None),
        )
        started = time.monotonic()
        # One attempt: every retry (kombu's connect() makes two) costs another socket_timeout.
        with pytest.raises(OperationalError):
            broker.ensure_connection(max_retries=0)
        elapsed = seconds_since(started)
        broker.release()
    assert elapsed < socket_timeout() + MARGIN
