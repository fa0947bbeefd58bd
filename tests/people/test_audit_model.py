"""The access log is append-only: a stored event is never changed or deleted one by one; only
the retention run prunes what is older than ``KRING_AUDIT_RETENTION_DAYS``."""

from __future__ import annotations

import datetime
import pathlib
import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from people.audit.models import AccessAction, AccessEvent
from people.audit.services import access_events_prune, access_record

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(settings.BASE_DIR)
APPS = ("people", "cms", "training", "trajects", "coaching", "config")


def stored(days_ago: float = 0) -> AccessEvent:
    return AccessEvent.objects.create(
        at=timezone.now() - datetime.timedelta(days=days_ago),
        action=AccessAction.VIEW,
        object_type="trajects.registration",
        object_id="7",
    )


def test_a_stored_event_cannot_be_saved_again():
    event = stored()
    event.action = AccessAction.CHANGE

    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_a_stored_event_cannot_be_deleted_on_its_own():
    event = stored()

    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_updated_in_bulk():
    stored()

    with pytest.raises(TypeError, match="append-only"):
        AccessEvent.objects.update(object_id="8")
    assert AccessEvent.objects.get().object_id == "7"


def test_no_code_updates_access_events():
    """A static guard beside the refusal: no module writes ``.update(`` on the access log."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            if re.search(r"AccessEvent\.objects[^\n]*\.update\(", text):
                offenders.append(str(path))
    assert offenders == []


@override_settings(KRING_AUDIT_RETENTION_DAYS=730)
def test_pruning_removes_only_events_past_the_retention_period():
    old = stored(days_ago=731)
    kept = stored(days_ago=729)

    assert access_events_prune(now=timezone.now()) == 1

    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert AccessEvent.objects.filter(pk=kept.pk).exists()


def test_an_event_about_a_list_names_the_type_and_no_record():
    event = access_record(request=None, action=AccessAction.EXPORT, object_type="people.user")

    assert (event.object_type, event.object_id, event.actor, event.address) == (
        "people.user",
        "",
        None,
        None,
    )


def test_the_log_is_kept_two_years_unless_configured():
    assert settings.KRING_AUDIT_RETENTION_DAYS == 730
