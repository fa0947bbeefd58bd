"""A real Celery worker takes a task from Redis and returns its result.

Runs only with a Redis broker:
``CELERY_BROKER_URL=redis://127.0.0.1:6379/0 pytest tests/config/test_celery_worker.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import Celery
from celery.result import allow_join_result
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = settings.CELERY_BROKER_URL

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not BROKER_URL.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://..."
    ),
]


def other_database(url: str) -> str:
    """The same Redis server, the next database number: results apart from the queue."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


def test_real_worker_runs_a_task_from_redis(tmp_path):
    queue = f"kring-test-{uuid.uuid4().hex}"  # no stale message can reach this worker
    result_backend = other_database(BROKER_URL)
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_RESULT_BACKEND": result_backend,
        "KRING_VAR_DIR": str(tmp_path / "var"),
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(  # noqa: S603 -- our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=REPO_ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery("kring-worker-test", broker=BROKER_URL, backend=result_backend)
    try:
        result = client.send_task("people.ping", queue=queue)
        try:
            # Earlier tests in this process may have run tasks eagerly, which leaves Celery
            # believing it is inside a worker; this test is the client, so joining is fine.
            with allow_join_result():
                answer = result.get(timeout=60)
        except Exception as exc:
            log.seek(0)
            pytest.fail(f"no answer from the worker ({exc!r}); its log:\n{log.read()[-4000:]}")
        assert answer == "pong"
        assert result.successful()
        result.forget()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
        log.close()
        with client.connection_for_write() as connection:
            connection.default_channel.client.delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
        client.close()
