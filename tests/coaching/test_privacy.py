"""coaching's part of the volunteer as a data subject: the export shows their invitations,
contacts and calendar feeds; erasing blanks what was written about them, revokes their feeds,
deletes their own private notes and blanks a coach's note on a conversation with them alone,
and keeps the sessions and attendance for the others."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coaching.models import (
    CalendarFeed,
    Contact,
    Invitation,
    PrivateNote,
    Session,
    SessionKind,
)
from people.privacy.registry import REGISTER, parts_of, subject

pytestmark = pytest.mark.django_db


def session(kind: str, facilitator, region, *invitees, note: str = "") -> Session:
    starts = timezone.now() - datetime.timedelta(days=3)
    held = Session.objects.create(
        kind=kind,
        region=region,
        facilitator=facilitator,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        summary="We spoke about EKC-2026-0001.",
    )
    for invitee in invitees:
        Invitation.objects.create(
            session=held, coordinator=invitee, reply="coming", reply_note=note, attended=True
        )
    return held


@pytest.fixture
def coaching_data(coach, coordinator, other_coordinator, antwerpen):
    alone = session(SessionKind.COACHING, coach, antwerpen, coordinator, note="Canary reply")
    group = session(SessionKind.INTERVISION, coach, antwerpen, coordinator, other_coordinator)
    PrivateNote.objects.create(author=coach, session=alone, text="Canary coach note")
    PrivateNote.objects.create(author=coach, session=group, text="Group note stays")
    PrivateNote.objects.create(author=coordinator, session=group, text="Canary own note")
    Contact.objects.create(
        coach=coach,
        coordinator=coordinator,
        occurred_on=timezone.localdate(),
        kind="call",
        note="Canary contact",
    )
    CalendarFeed.objects.create(user=coordinator)
    return {"alone": alone, "group": group}


def test_coaching_adds_its_part_to_the_volunteer():
    assert [part.name for part in parts_of("volunteer")] == ["coaching.volunteer"]


def test_the_export_of_a_volunteer_holds_their_coaching(coaching_data, coordinator):
    part = REGISTER.parts["coaching.volunteer"]

    text = repr(part.collect(coordinator))

    for planted in ("Canary reply", "Canary contact", "Canary own note"):
        assert planted in text
    assert "Canary coach note" not in text  # the coach's own note is not the volunteer's data


def test_erasing_a_volunteer_blanks_what_coaching_holds_about_them(
    coaching_data, coordinator, other_coordinator
):
    now = timezone.now()

    REGISTER.parts["coaching.volunteer"].erase(coordinator, now)
    REGISTER.parts["coaching.volunteer"].erase(coordinator, now)  # idempotent

    assert set(
        Invitation.objects.filter(coordinator=coordinator).values_list("reply_note", flat=True)
    ) == {""}
    assert Contact.objects.get(coordinator=coordinator).note == ""
    assert CalendarFeed.objects.get(user=coordinator).revoked_at == now
    assert not PrivateNote.objects.filter(author=coordinator).exists()
    assert PrivateNote.objects.get(session=coaching_data["alone"]).text == ""
    assert PrivateNote.objects.get(session=coaching_data["group"]).text == "Group note stays"
    # Sessions and attendance stay: they count for the others present.
    assert Invitation.objects.filter(session=coaching_data["group"], attended=True).count() == 2


def test_erasing_the_volunteer_subject_runs_the_coaching_part_too(coaching_data, coordinator):
    """The engine runs every part with the subject's erase; here by hand, as it does."""
    now = timezone.now()
    subject("volunteer").erase(coordinator, now)
    for part in parts_of("volunteer"):
        part.erase(coordinator, now)

    coordinator.refresh_from_db()
    assert coordinator.anonymised_at is not None
    assert Contact.objects.get(coordinator=coordinator).note == ""


def test_every_coaching_model_is_in_the_register():
    from django.apps import apps

    registered = set(REGISTER.holdings) | set(REGISTER.not_personal)
    for model in apps.get_app_config("coaching").get_models():
        assert model._meta.label_lower in registered, model._meta.label
