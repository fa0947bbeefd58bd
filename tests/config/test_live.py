"""/health/live/: the liveness probe and the benchmark's trivial view. It answers "ok" as plain
text and reads nothing: no database, no cache (the readiness check is /health/). A probe sends
no cookie; with a session cookie, the session middleware still loads the session as on any page."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIVE = "/health/live/"


def test_live_has_its_contract_name():
    assert reverse("health_live") == LIVE


def test_live_answers_ok_as_plain_text(client):
    response = client.get(LIVE)

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_live_is_never_stored_by_a_cache_in_between(client):
    response = client.get(LIVE)

    assert "no-store" in response["Cache-Control"]


def test_live_touches_no_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIVE)

    assert response.status_code == 200
    assert len(queries) == 0


def test_live_touches_no_cache(client, monkeypatch):
    touched: list[str] = []
    for alias in caches:
        cache = caches[alias]
        for method in ("get", "set", "add", "get_many", "incr", "delete"):
            original = getattr(cache, method)

            def spy(*args, _original=original, _name=f"{alias}.{method}", **kwargs):
                touched.append(_name)
                return _original(*args, **kwargs)

            monkeypatch.setattr(cache, method, spy)

    response = client.get(LIVE)

    assert response.status_code == 200
    assert touched == []


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_live_answers_only_get(client, method):
    assert getattr(client, method)(LIVE).status_code == 405
