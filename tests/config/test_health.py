"""/health/: JSON with the state of the database and the broker; 200 when both answer, 503 not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

HEALTH = "/health/"
KEYS = {"status", "database", "broker"}


@pytest.fixture
def celery_conf(monkeypatch):
    """The Celery app's configuration, restored after the test.

    Celery reads CELERY_BROKER_URL from the environment before its configuration: drop it so
    that the broker set here is the one used (the Redis test run sets it).
    """
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = {
        "task_always_eager": celery_app.conf.task_always_eager,
        "broker_url": celery_app.conf.broker_url,
    }
    yield celery_app.conf
    celery_app.conf.update(saved)


def assert_no_personal_data(response) -> None:
    body = response.json()
    assert set(body) == KEYS
    assert set(body.values()) <= {"ok", "unavailable"}


def test_health_is_ok_when_database_and_broker_answer(client):
    response = client.get(HEALTH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert_no_personal_data(response)


def test_health_asks_a_real_broker_when_tasks_are_not_eager(client, celery_conf):
    celery_conf.task_always_eager = False
    celery_conf.broker_url = "memory://"

    response = client.get(HEALTH)

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_health_is_503_when_the_broker_cannot_be_reached(client, celery_conf):
    celery_conf.task_always_eager = False
    celery_conf.broker_url = "redis://127.0.0.1:1/0"

    response = client.get(HEALTH)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
    assert_no_personal_data(response)


def test_health_is_503_when_the_database_fails(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("config.views.connection", broken):
        response = client.get(HEALTH)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "broker": "ok"}
    assert_no_personal_data(response)


def test_health_is_503_when_the_database_answers_wrongly(client):
    broken = mock.MagicMock()
    broken.cursor.return_value.__enter__.return_value.fetchone.return_value = None
    with mock.patch("config.views.connection", broken):
        response = client.get(HEALTH)

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_is_not_cached_and_answers_only_get(client):
    response = client.get(HEALTH)

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post(HEALTH).status_code == 405


def test_health_works_for_a_logged_in_user_without_a_second_factor(client, coach):
    """Health is exempt from the compulsory second factor (monitoring may carry a session)."""
    client.force_login(coach)

    assert client.get(HEALTH).status_code == 200
