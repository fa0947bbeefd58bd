"""The retention run (people.privacy.retention): what has passed its period goes, a dry run
only lists, and a run interrupted half-way leaves nothing half-done and is resumed."""

from __future__ import annotations

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from people import tasks
from people.audit.models import AccessAction, AccessEvent
from people.models import OutboxMessage, Region
from people.privacy.models import RetentionRun
from people.privacy.registry import REGISTER, RetentionRule
from people.privacy.retention import retention_run

FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"
PEOPLE_RULES = ["people.sent_outbox_messages", "people.stored_mails", "people.access_events"]


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def outbox(db, now):
    """An old sent message, a recent sent one, and an old one never sent."""
    return {
        "old": OutboxMessage.objects.create(
            topic="a",
            object_id=1,
            created_at=now - timedelta(days=100),
            sent_at=now - timedelta(days=99),
        ),
        "recent": OutboxMessage.objects.create(
            topic="a",
            object_id=2,
            created_at=now - timedelta(days=5),
            sent_at=now - timedelta(days=5),
        ),
        "unsent": OutboxMessage.objects.create(
            topic="a", object_id=3, created_at=now - timedelta(days=100)
        ),
    }


@pytest.fixture
def mails(tmp_path, now):
    old = tmp_path / "old.log"
    recent = tmp_path / "recent.log"
    for path, age in ((old, 40), (recent, 2)):
        path.write_text("Subject: hello\n\nDear Griet\n")
        moment = (now - timedelta(days=age)).timestamp()
        os.utime(path, (moment, moment))
    with override_settings(EMAIL_BACKEND=FILE_MAIL, EMAIL_FILE_PATH=tmp_path):
        yield {"old": old, "recent": recent}


def test_sent_outbox_rows_stored_mails_and_old_access_events_go(outbox, mails, now, staff):
    AccessEvent.objects.create(action=AccessAction.VIEW, actor=staff, at=now - timedelta(days=800))
    recent_event = AccessEvent.objects.create(action=AccessAction.VIEW, actor=staff, at=now)

    run = retention_run(now=now, rules=PEOPLE_RULES)

    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {
        outbox["recent"].pk,
        outbox["unsent"].pk,
    }
    assert not mails["old"].exists() and mails["recent"].exists()
    assert list(AccessEvent.objects.all()) == [recent_event]
    assert {name: entry["count"] for name, entry in run.report.items()} == {
        "people.sent_outbox_messages": 1,
        "people.stored_mails": 1,
        "people.access_events": 1,
    }
    assert run.finished_at is not None and not run.dry_run


def test_expired_sessions_and_ended_session_records_go_and_no_key_is_listed(
    db, now, staff, settings
):
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    def session(expires: timedelta) -> str:
        store = SessionStore()
        store["_auth_user_id"] = str(staff.pk)
        store.create()
        Session.objects.filter(pk=store.session_key).update(expire_date=now + expires)
        return store.session_key

    expired, alive = session(-timedelta(minutes=1)), session(timedelta(hours=1))
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for key, seen in ((expired, now - age - timedelta(minutes=1)), (alive, now)):
        UserSession.objects.create(
            user=staff, ip="192.0.2.7", user_agent="Firefox", session_key=key, last_seen_at=seen
        )
    rules = ["people.expired_sessions", "people.ended_user_sessions"]

    dry = retention_run(now=now, dry_run=True, rules=rules)
    assert {name: entry["count"] for name, entry in dry.report.items()} == dict.fromkeys(rules, 1)
    assert expired not in str(dry.report) and Session.objects.count() == 2

    run = retention_run(now=now, rules=rules)

    assert list(Session.objects.values_list("pk", flat=True)) == [alive]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [alive]
    assert {name: entry["count"] for name, entry in run.report.items()} == dict.fromkeys(rules, 1)


def test_a_dry_run_lists_what_is_due_and_changes_nothing(outbox, mails, now):
    run = retention_run(now=now, dry_run=True, rules=PEOPLE_RULES)

    assert OutboxMessage.objects.count() == 3 and mails["old"].exists()
    outbox_entry = run.report["people.sent_outbox_messages"]
    assert outbox_entry["count"] == 1
    assert [(item["type"], item["id"]) for item in outbox_entry["items"]] == [
        ("people.outboxmessage", str(outbox["old"].pk))
    ]
    assert [item["id"] for item in run.report["people.stored_mails"]["items"]] == ["old.log"]
    assert "Griet" not in str(run.report)
    assert RetentionRun.objects.get().dry_run


def test_a_dry_run_lists_at_most_the_cap_and_counts_the_rest(db, now, settings):
    settings.KRING_RETENTION_DRY_RUN_LIST = 2
    for number in range(5):
        OutboxMessage.objects.create(topic="a", object_id=number, sent_at=now - timedelta(days=200))
    entry = retention_run(now=now, dry_run=True, rules=["people.sent_outbox_messages"]).report[
        "people.sent_outbox_messages"
    ]
    assert (entry["count"], len(entry["items"]), entry["more"]) == (5, 2, 3)


def test_the_period_comes_from_the_settings(outbox, now, settings):
    settings.KRING_RETENTION_OUTBOX_DAYS = 3
    retention_run(now=now, rules=["people.sent_outbox_messages"])
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [outbox["unsent"].pk]


@pytest.fixture
def fragile_rule(db, monkeypatch):
    """A rule over three regions that renames each in two steps and breaks half-way through
    the second region, until it is mended."""
    state = {"broken": True}
    regions = list(Region.objects.order_by("pk")[:3])

    def due(now):
        return (
            Region.objects.filter(pk__in=[r.pk for r in regions])
            .exclude(name__startswith="done ")
            .order_by("pk")
        )

    def apply(region, now):
        Region.objects.filter(pk=region.pk).update(name="half " + region.name)
        if state["broken"] and region.pk == regions[1].pk:
            raise RuntimeError("interrupted")
        Region.objects.filter(pk=region.pk).update(name="done " + region.name)

    rule = RetentionRule(name="test.fragile", label="fragile", due=due, apply=apply)
    monkeypatch.setitem(REGISTER.retention_rules, rule.name, rule)
    return state, regions


def test_a_run_interrupted_half_way_leaves_nothing_half_done_and_resumes(fragile_rule, now):
    state, regions = fragile_rule

    first = retention_run(now=now, rules=["test.fragile"])

    names = [Region.objects.get(pk=r.pk).name for r in regions]
    assert names[0].startswith("done ") and names[2].startswith("done ")
    assert names[1] == regions[1].name  # rolled back whole: no "half " left
    assert first.report["test.fragile"] | {} == {"label": "fragile", "count": 2, "errors": 1}
    assert first.finished_at is not None

    state["broken"] = False
    second = retention_run(now=now, rules=["test.fragile"])

    assert second.report["test.fragile"]["count"] == 1  # only the one left over
    assert second.report["test.fragile"]["errors"] == 0
    assert all(Region.objects.get(pk=r.pk).name.startswith("done ") for r in regions)
    assert not Region.objects.filter(name__startswith="half ").exists()


def test_a_rule_that_cannot_list_its_rows_does_not_stop_the_others(outbox, now, monkeypatch):
    def broken_due(now):
        raise RuntimeError("no database today")

    rule = RetentionRule(name="test.broken", label="broken", due=broken_due, apply=print)
    monkeypatch.setitem(REGISTER.retention_rules, rule.name, rule)

    run = retention_run(now=now, rules=["test.broken", "people.sent_outbox_messages"])

    assert run.report["test.broken"]["errors"] == 1
    assert run.report["people.sent_outbox_messages"]["count"] == 1


def test_an_unknown_rule_is_refused(db, now):
    with pytest.raises(LookupError):
        retention_run(now=now, rules=["no.such.rule"])
    assert not RetentionRun.objects.exists()


def test_the_nightly_task_runs_every_rule_and_is_scheduled(outbox, settings):
    run = RetentionRun.objects.get(pk=tasks.retention_run())
    assert set(run.report) == set(REGISTER.retention_rules)
    assert not OutboxMessage.objects.filter(pk=outbox["old"].pk).exists()
    assert settings.CELERY_BEAT_SCHEDULE["retention-run"]["task"] == "people.retention_run"


def test_the_command_prints_the_report_per_rule(outbox):
    out = StringIO()
    call_command("retention", "--dry-run", "--rule", "people.sent_outbox_messages", stdout=out)
    text = out.getvalue()
    assert "people.sent_outbox_messages" in text and "would handle 1" in text
    assert f"#{outbox['old'].pk}" in text
    assert OutboxMessage.objects.count() == 3


def test_the_command_fails_when_a_row_failed_so_monitoring_sees_it(fragile_rule):
    out = StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("retention", "--rule", "test.fragile", stdout=out)
    assert "test.fragile (fragile): handled 2, 1 failed" in out.getvalue()
