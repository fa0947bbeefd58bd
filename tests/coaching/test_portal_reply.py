"""A coordinator's reply to an invitation (coaching.portal): coming or not coming with a note,
changed by replying again; refused for someone else's invitation, a cancelled session or one
that started; the facilitator told of a late withdrawal only; the form without JavaScript (back
to the page with a message) and with htmx (just the session's block)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coaching.models import Invitation, Reply, Session, SessionKind
from coaching.portal.services import REPLY_WITHDRAWN_TOPIC, invitation_reply
from people.factories import region
from people.models import OutboxMessage, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (and reverse() gives the /en/ addresses): Dutch and
    French wording belongs to the translators."""
    with translation.override("en"):
        yield


HTMX = {"HTTP_HX_REQUEST": "true"}


def session_with(
    facilitator: User,
    invitees=(),
    *,
    starts_in: datetime.timedelta = datetime.timedelta(days=5),
    hours: int = 2,
    kind: str = SessionKind.INTERVISION,
    **fields,
) -> Session:
    """A session in Antwerpen led by ``facilitator``, inviting ``invitees`` (no reply yet)."""
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    fields.setdefault("place", "Eigen Kracht Centrale, Antwerpen")
    session = Session.objects.create(
        kind=kind,
        region=region("antwerpen"),
        facilitator=facilitator,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **fields,
    )
    for user in invitees:
        Invitation.objects.create(session=session, coordinator=user)
    return session


def invitation_of(session: Session, user: User) -> Invitation:
    return Invitation.objects.get(session=session, coordinator=user)


def reply_url(session: Session) -> str:
    return f"/portaal/coaching/sessies/{session.pk}/antwoord/"


# --- The service --------------------------------------------------------------------------------


def test_the_invited_coordinator_replies_coming_with_a_note(coach, coordinator):
    session = session_with(coach, [coordinator])
    invitation = invitation_reply(
        invitation=invitation_of(session, coordinator),
        reply=Reply.COMING,
        note="  I come a little later  ",
        by=coordinator,
    )
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.reply == Reply.COMING
    assert stored.reply_note == "I come a little later"
    assert stored.replied_at is not None
    assert timezone.now() - stored.replied_at < datetime.timedelta(seconds=5)


def test_replying_again_changes_the_reply(coach, coordinator):
    session = session_with(coach, [coordinator])
    invitation = invitation_of(session, coordinator)
    invitation_reply(invitation=invitation, reply=Reply.COMING, note="yes", by=coordinator)
    invitation_reply(invitation=invitation, reply=Reply.NOT_COMING, by=coordinator)
    stored = Invitation.objects.get(pk=invitation.pk)
    assert (stored.reply, stored.reply_note) == (Reply.NOT_COMING, "")


def test_only_the_invited_coordinator_may_reply(coach, coordinator, other_coordinator):
    session = session_with(coach, [coordinator])
    with pytest.raises(ValidationError) as refusal:
        invitation_reply(
            invitation=invitation_of(session, coordinator), reply=Reply.COMING, by=other_coordinator
        )
    assert "reply" in refusal.value.message_dict
    assert invitation_of(session, coordinator).reply == Reply.PENDING


def test_a_cancelled_session_refuses_a_reply(coach, coordinator):
    session = session_with(coach, [coordinator], cancelled_at=timezone.now())
    with pytest.raises(ValidationError) as refusal:
        invitation_reply(
            invitation=invitation_of(session, coordinator), reply=Reply.COMING, by=coordinator
        )
    assert "cancelled" in refusal.value.message_dict["reply"][0]
    assert invitation_of(session, coordinator).replied_at is None


def test_a_session_that_has_started_refuses_a_reply(coach, coordinator):
    session = session_with(coach, [coordinator], starts_in=datetime.timedelta(hours=1))
    invitation = invitation_of(session, coordinator)
    started = session.starts_at + datetime.timedelta(minutes=5)
    with time_machine.travel(started, tick=False), pytest.raises(ValidationError) as refusal:
        invitation_reply(invitation=invitation, reply=Reply.COMING, by=coordinator)
    assert "started" in refusal.value.message_dict["reply"][0]


def test_a_reply_is_coming_or_not_coming(coach, coordinator):
    session = session_with(coach, [coordinator])
    with pytest.raises(ValidationError) as refusal:
        invitation_reply(
            invitation=invitation_of(session, coordinator), reply=Reply.PENDING, by=coordinator
        )
    assert "reply" in refusal.value.message_dict


def test_a_note_longer_than_300_characters_is_refused(coach, coordinator):
    session = session_with(coach, [coordinator])
    with pytest.raises(ValidationError) as refusal:
        invitation_reply(
            invitation=invitation_of(session, coordinator),
            reply=Reply.COMING,
            note="x" * 301,
            by=coordinator,
        )
    assert "note" in refusal.value.message_dict
    assert invitation_of(session, coordinator).reply == Reply.PENDING


# --- The facilitator told of a late withdrawal ------------------------------------------------


def test_coming_becoming_not_coming_within_48_hours_tells_the_facilitator(
    coach, coordinator, django_capture_on_commit_callbacks
):
    coach.preferred_language = "en"
    coach.save(update_fields=["preferred_language"])
    session = session_with(coach, [coordinator], starts_in=datetime.timedelta(hours=30))
    invitation = invitation_of(session, coordinator)
    invitation_reply(invitation=invitation, reply=Reply.COMING, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reply(invitation=invitation, reply=Reply.NOT_COMING, note="Ziek", by=coordinator)
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert "can no longer come" in message.subject
    assert "intervision" in message.body
    assert f"/coach/sessies/{session.pk}/" in message.body
    # No names, no note: those stay in Kring.
    for secret in (coordinator.first_name, coordinator.last_name, coordinator.email, "Ziek"):
        assert secret not in message.subject and secret not in message.body


def test_a_withdrawal_days_ahead_tells_nobody(
    coach, coordinator, django_capture_on_commit_callbacks
):
    session = session_with(coach, [coordinator], starts_in=datetime.timedelta(days=3))
    invitation = invitation_of(session, coordinator)
    invitation_reply(invitation=invitation, reply=Reply.COMING, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reply(invitation=invitation, reply=Reply.NOT_COMING, by=coordinator)
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(topic=REPLY_WITHDRAWN_TOPIC).exists()


def test_not_coming_without_having_said_coming_tells_nobody(
    coach, coordinator, django_capture_on_commit_callbacks
):
    session = session_with(coach, [coordinator], starts_in=datetime.timedelta(hours=10))
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reply(
            invitation=invitation_of(session, coordinator), reply=Reply.NOT_COMING, by=coordinator
        )
    assert mail.outbox == []


# --- The form: without JavaScript and with htmx ---------------------------------------------------


def test_a_coordinator_not_invited_gets_404(client, login, coach, coordinator, other_coordinator):
    session = session_with(coach, [coordinator])
    login(client, other_coordinator)
    response = client.post(reply_url(session), {"reply": "coming"})
    assert response.status_code == 404
    assert invitation_of(session, coordinator).reply == Reply.PENDING


@pytest.mark.parametrize("persona", ["coach", "staff", "anonymous"])
def test_only_coordinators_reach_the_reply(client, login, personas, persona):
    session = session_with(personas["coach"], [personas["coordinator"]])
    login(client, personas[persona])
    response = client.post(reply_url(session), {"reply": "coming"})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    assert invitation_of(session, personas["coordinator"]).reply == Reply.PENDING


def test_the_reply_form_saves_and_goes_back_with_a_message(client, login, coach, coordinator):
    session = session_with(coach, [coordinator])
    login(client, coordinator)
    response = client.post(
        "/en" + reply_url(session), {"reply": "not_coming", "note": "On holiday"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/portaal/coaching/#session-{session.pk}"
    page = client.get(response["Location"])
    assert "Saved: you are not coming." in page.content.decode()
    invitation = invitation_of(session, coordinator)
    assert (invitation.reply, invitation.reply_note) == (Reply.NOT_COMING, "On holiday")


def test_with_htmx_the_reply_answers_with_the_sessions_block_only(
    client, login, coach, coordinator
):
    session = session_with(coach, [coordinator])
    login(client, coordinator)
    response = client.post("/en" + reply_url(session), {"reply": "coming"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<article class="panel portal-session" id="session-{session.pk}"'
    )
    assert "<html" not in html and "<h1" not in html
    assert "Saved: you are coming." in html
    assert "no-store" in response["Cache-Control"]
    assert invitation_of(session, coordinator).reply == Reply.COMING


def test_a_reply_to_a_cancelled_session_goes_back_with_the_refusal(
    client, login, coach, coordinator
):
    session = session_with(coach, [coordinator], cancelled_at=timezone.now())
    login(client, coordinator)
    response = client.post("/en" + reply_url(session), {"reply": "coming"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/portaal/coaching/#session-{session.pk}"
    assert "This session was cancelled: no reply is needed." in response.content.decode()
    assert invitation_of(session, coordinator).reply == Reply.PENDING


def test_a_reply_to_a_started_session_is_refused_with_htmx_too(client, login, coach, coordinator):
    session = session_with(coach, [coordinator], starts_in=datetime.timedelta(minutes=30))
    login(client, coordinator)
    with time_machine.travel(session.starts_at + datetime.timedelta(minutes=1), tick=False):
        response = client.post("/en" + reply_url(session), {"reply": "coming"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This session has already started: replies are closed." in html
    assert invitation_of(session, coordinator).reply == Reply.PENDING


def test_a_too_long_note_shows_next_to_the_field_with_the_input_kept(
    client, login, coach, coordinator
):
    session = session_with(coach, [coordinator])
    login(client, coordinator)
    note = "Wat ik wil zeggen " * 20
    response = client.post("/en" + reply_url(session), {"reply": "coming", "note": note})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert note.strip()[:50] in html
    assert invitation_of(session, coordinator).reply == Reply.PENDING
