"""The registrant's status page (/aanvraag/<token>/): the link in the confirmation e-mail, the
six steps as the registration goes through intake, matching and the traject to its end, in
nl, fr and en; nothing personal on it; 404 for unknown, revoked and expired tokens; the rate
limit; staff revoking a link (and staff of another region who cannot)."""

from __future__ import annotations

import datetime
import re
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import RateLimitCounter
from people.audit.models import AccessAction, AccessEvent
from people.factories import CoordinatorFactory, postcode
from people.models import User
from tests.trajects.conftest import form_data
from training.certificates.services import certificate_issue
from training.factories import TrackFactory
from trajects.forms import RegistrationForm
from trajects.intake.services import (
    registration_accept,
    registration_decline,
    registration_intake_start,
    registration_mark_duplicate,
    registration_withdraw,
)
from trajects.matching.services import proposal_accept, proposal_make
from trajects.models import Phase, Registration, StatusLink, StopReason, Traject
from trajects.services import registration_confirmation_send, registration_submit
from trajects.status import views
from trajects.status.selectors import STATUS_LINK_MONTHS_AFTER_END
from trajects.status.services import status_link_ensure, status_link_revoke
from trajects.traject.services import traject_advance, traject_stop

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
# What the form in form_data() carries, made recognisable: none of it may reach the page.
CORE_NAME = "Samira El Amrani"
REGISTRANT_NAME = "Hilde Peeters"
MUNICIPALITY = "Berchem"
QUESTION = "Vertrouwelijke vraag over de kinderen van Samira"
COORDINATOR_NAME = ("Corneel", "Vandewalle")
PREFIX = {"nl": "", "fr": "/fr", "en": "/en"}
HTML_LANG = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}
STEP_LABELS = [
    "Received",
    "In intake",
    "Coordinator found",
    "Conference planned",
    "Plan made",
    "Closed",
]


def submit(language: str = "nl") -> Registration:
    """A registration as the form stores it, by Hilde Peeters for Samira in Berchem (2600)."""
    form = RegistrationForm(
        form_data(
            core_name=CORE_NAME,
            registrant_name=REGISTRANT_NAME,
            postcode="2600",
            municipality=MUNICIPALITY,
            question=QUESTION,
        )
    )
    assert form.is_valid(), form.errors
    registration, created = registration_submit(
        data=form.submitted_data(), submission_token=uuid.uuid4(), language=language
    )
    assert created
    return registration


def status_url(registration: Registration, language: str = "nl") -> str:
    return f"{PREFIX[language]}/aanvraag/{registration.status_link.token}/"


def html(response) -> str:
    return response.content.decode()


def current_step(response) -> int:
    """The position (0-5) of the step marked aria-current="step"; exactly one is."""
    items = re.findall(r"<li class=\"status-steps__step[^\"]*\"([^>]*)>", html(response))
    assert len(items) == 6, items
    marked = [
        index for index, attributes in enumerate(items) if 'aria-current="step"' in attributes
    ]
    assert len(marked) == 1, marked
    return marked[0]


def states(response) -> list[str]:
    return re.findall(r'class="status-steps__step status-steps__step--(\w+)"', html(response))


def assert_nothing_personal(response, registration: Registration, *also: str) -> None:
    content = html(response)
    for secret in (
        CORE_NAME,
        "Samira",
        REGISTRANT_NAME,
        "Hilde",
        MUNICIPALITY,
        "2600",
        QUESTION,
        "Vertrouwelijke",
        registration.reference,
        registration.registrant_email,
        "0470",
        *also,
    ):
        assert secret not in content, secret


def certified_coordinator(region) -> User:
    """A coordinator of ``region`` with a valid certificate: one who can be proposed."""
    user = CoordinatorFactory(
        first_name=COORDINATOR_NAME[0],
        last_name=COORDINATOR_NAME[1],
        regions=[region],
        languages=["nl"],
    )
    certificate_issue(
        user=user,
        track=TrackFactory(code="status-basis"),
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return user


# --- The link and the e-mail ------------------------------------------------------------------


def test_storing_a_registration_makes_one_unguessable_status_link(antwerpen):
    first, second = submit(), submit()

    tokens = {first.status_link.token, second.status_link.token}
    assert len(tokens) == 2
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 random bytes
    assert first.status_link.revoked_at is None


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_confirmation_mail_carries_the_link_in_the_registrants_language(antwerpen, language):
    registration = submit(language)

    assert registration_confirmation_send(registration_id=registration.pk)

    (message,) = mail.outbox
    link = f"http://testserver{status_url(registration, language)}"
    assert link in message.body
    for secret in (CORE_NAME, REGISTRANT_NAME, MUNICIPALITY, QUESTION):
        assert secret not in message.body
    # The link leads to the page in that language.
    response = Client().get(link.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert f'<html lang="{HTML_LANG[language]}">' in html(response)


def test_the_confirmation_mail_in_english_says_what_the_link_is(antwerpen):
    registration = submit("en")

    registration_confirmation_send(registration_id=registration.pk)

    assert "Follow it on this private page:" in mail.outbox[0].body
    assert "Keep this link to yourself" in mail.outbox[0].body


def test_a_revoked_link_is_left_out_of_the_mail_and_not_made_again(antwerpen, staff):
    registration = submit()
    status_link_revoke(registration=registration, by=staff)

    registration_confirmation_send(registration_id=registration.pk)

    assert "/aanvraag/" not in mail.outbox[0].body
    assert StatusLink.objects.filter(registration=registration).count() == 1
    assert StatusLink.objects.get(registration=registration).revoked_at is not None


def test_a_registration_made_without_the_form_gets_its_link_when_the_mail_is_written(antwerpen):
    from trajects.factories import RegistrationFactory

    registration = RegistrationFactory(postcode=postcode("2000"), language="fr")
    assert not StatusLink.objects.filter(registration=registration).exists()

    registration_confirmation_send(registration_id=registration.pk)

    link = StatusLink.objects.get(registration=registration)
    assert f"http://testserver/fr/aanvraag/{link.token}/" in mail.outbox[0].body
    assert status_link_ensure(registration=registration) == link  # never a second one


# --- The page follows the registration ----------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_page_follows_the_registration_from_received_to_closed(
    client, antwerpen, staff, language
):
    registration = submit(language)
    coordinator = certified_coordinator(antwerpen)
    url = status_url(registration, language)
    seen: list[tuple[int, list[str]]] = []

    def look() -> None:
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{HTML_LANG[language]}">' in html(response)
        assert_nothing_personal(response, registration, *COORDINATOR_NAME, coordinator.email)
        seen.append((current_step(response), states(response)))

    look()  # received
    registration_intake_start(registration=registration, by=staff)
    look()  # in intake
    traject = registration_accept(registration=registration, by=staff)
    look()  # accepted, looking for a coordinator: still "in intake"
    proposal = proposal_make(traject=traject, coordinator=coordinator, by=staff)
    look()  # a coordinator is asked: nothing changes for the registrant yet
    traject = proposal_accept(proposal=proposal, by=coordinator)
    look()  # coordinator found
    for phase in (
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ):
        traject = traject_advance(traject=traject, to=phase, by=staff)
        look()

    assert [position for position, _states in seen] == [0, 1, 1, 1, 2, 3, 4, 4, 4, 5]
    # Before the current step everything is done, after it everything is still to come.
    for position, step_states in seen:
        assert step_states == ["done"] * position + ["current"] + ["to_come"] * (5 - position)


def test_each_step_has_its_sentence_of_what_happens_next(client, antwerpen, staff):
    registration = submit("en")
    url = status_url(registration, "en")

    def sentence() -> str:
        content = html(client.get(url))
        return re.search(r'<div class="status-next">\s*<p>(.*?)</p>', content, re.S).group(1)

    received = sentence()
    registration_intake_start(registration=registration, by=staff)
    in_intake = sentence()
    traject = registration_accept(registration=registration, by=staff)
    matching = sentence()
    Traject.objects.filter(pk=traject.pk).update(
        phase=Phase.PREPARATION, coordinator=certified_coordinator(antwerpen)
    )
    preparation = sentence()

    assert "contacts you within a few working days" in received
    assert "does an Eigen Kracht-conference fit?" in in_intake
    assert "looking for a volunteer coordinator" in matching
    assert "A volunteer coordinator has been found." in preparation
    content = html(client.get(url))
    for label in STEP_LABELS:
        assert label in content
    assert '<meta name="robots" content="noindex">' in content


def test_later_phases_set_with_update_are_shown_too(client, antwerpen, staff):
    registration = submit()
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    coordinator = certified_coordinator(antwerpen)
    expected = {
        Phase.PREPARATION: 2,
        Phase.CONFERENCE_PLANNED: 3,
        Phase.PLAN_MADE: 4,
        Phase.PLAN_DISTRIBUTED: 4,
        Phase.FOLLOW_UP_DONE: 4,
        Phase.CLOSED: 5,
    }
    for phase, position in expected.items():
        Traject.objects.filter(pk=traject.pk).update(phase=phase, coordinator=coordinator)
        assert current_step(client.get(status_url(registration))) == position, phase


def close_without_a_plan(how: str, registration: Registration, staff) -> None:
    if how == "not_accepted":
        registration_intake_start(registration=registration, by=staff)
        registration_decline(registration=registration, by=staff, reason="Past niet: geheim")
    elif how == "withdrawn":
        registration_withdraw(registration=registration, by=staff, note="Ingetrokken: geheim")
    elif how == "duplicate":
        from trajects.factories import RegistrationFactory

        kept = RegistrationFactory(postcode=postcode("2000"))
        registration_mark_duplicate(registration=registration, of=kept, by=staff)
    else:  # a stopped traject
        registration_intake_start(registration=registration, by=staff)
        traject = registration_accept(registration=registration, by=staff)
        traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED, note="geheim")


@pytest.mark.parametrize("how", ["not_accepted", "withdrawn", "duplicate", "stopped"])
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_question_closed_without_a_plan_says_closed_and_to_contact_the_region_never_why(
    client, antwerpen, staff, how, language
):
    registration = submit(language)
    close_without_a_plan(how, registration, staff)

    response = client.get(status_url(registration, language))

    assert response.status_code == 200
    assert current_step(response) == 5
    assert_nothing_personal(response, registration, "geheim", "Past niet", "Ingetrokken")
    content = html(response)
    for reason in StopReason.labels:
        assert str(reason) not in content
    assert f"mailto:{antwerpen.email or 'info@eigenkrachtcentrale.be'}" in content
    if language == "en":
        assert "Contact the region" in content


def test_closed_without_a_plan_marks_only_the_steps_that_were_reached(client, antwerpen, staff):
    withdrawn_at_once, stopped_in_matching = submit(), submit()
    close_without_a_plan("withdrawn", withdrawn_at_once, staff)
    close_without_a_plan("stopped", stopped_in_matching, staff)

    assert states(client.get(status_url(withdrawn_at_once))) == [
        "done",
        "not_reached",
        "not_reached",
        "not_reached",
        "not_reached",
        "current",
    ]
    assert states(client.get(status_url(stopped_in_matching))) == [
        "done",
        "done",
        "not_reached",
        "not_reached",
        "not_reached",
        "current",
    ]


def test_the_page_is_private_not_indexed_and_passes_its_address_to_no_one(client, antwerpen):
    response = client.get(status_url(submit()))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["Referrer-Policy"] == "no-referrer"
    content = html(response)
    assert '<meta name="robots" content="noindex">' in content
    assert '<meta name="referrer" content="no-referrer">' in content


def test_the_page_reads_the_registration_in_one_query_without_its_personal_columns(
    client, antwerpen, staff
):
    registration = submit()
    registration_intake_start(registration=registration, by=staff)
    registration_accept(registration=registration, by=staff)
    url = status_url(registration)
    client.get(url)  # the page's shared parts, cached once

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    lookups = [q["sql"] for q in queries if "trajects_statuslink" in q["sql"]]
    assert len(lookups) == 1, lookups
    for column in ("core_name", "registrant_name", "municipality", "question", "reference"):
        assert f'"{column}"' not in lookups[0], column


def test_only_get_and_head(client, antwerpen):
    url = status_url(submit())

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


# --- Unknown, revoked, expired --------------------------------------------------------------


def _normalised(response) -> str:
    """The page without what differs between two requests (CSRF token, the language switch's
    links to this address, the address itself)."""
    content = html(response)
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)
    content = re.sub(r'<nav class="language-switch".*?</nav>', "", content, flags=re.DOTALL)
    return content.replace(response.wsgi_request.get_full_path(), "PATH")


def test_unknown_malformed_and_revoked_tokens_get_the_same_404(client, antwerpen, staff):
    revoked = submit()
    revoked_url = status_url(revoked)
    status_link_revoke(registration=revoked, by=staff)

    answers = [
        client.get(url)
        for url in (
            revoked_url,
            "/aanvraag/" + "A" * 43 + "/",
            "/aanvraag/not-a-token/",
            "/aanvraag/" + "A" * 200 + "/",
        )
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert len({_normalised(answer) for answer in answers}) == 1
    for answer in answers:
        assert answer["X-Robots-Tag"] == "noindex, nofollow"
        assert answer["Referrer-Policy"] == "no-referrer"
        assert {"private", "no-store"} <= set(answer["Cache-Control"].split(", "))
    assert "This link does not work" in html(client.get("/en/aanvraag/" + "A" * 43 + "/"))


@pytest.mark.parametrize("how", ["not_accepted", "withdrawn", "duplicate", "stopped", "closed"])
def test_a_link_expires_six_months_after_the_question_ended(
    client, antwerpen, staff, time_machine, how
):
    assert STATUS_LINK_MONTHS_AFTER_END == 6
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS), tick=False)
    registration = submit()
    url = status_url(registration)
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 0, tzinfo=BRUSSELS), tick=False)
    if how == "closed":
        registration_intake_start(registration=registration, by=staff)
        traject = registration_accept(registration=registration, by=staff)
        Traject.objects.filter(pk=traject.pk).update(
            phase=Phase.FOLLOW_UP_DONE, coordinator=certified_coordinator(antwerpen)
        )
        traject_advance(traject=Traject.objects.get(pk=traject.pk), to=Phase.CLOSED, by=staff)
    else:
        close_without_a_plan(how, registration, staff)

    # The last day: 10 September, late in the evening in Brussels.
    time_machine.move_to(datetime.datetime(2026, 9, 10, 23, 30, tzinfo=BRUSSELS), tick=False)
    last_day = client.get(url)
    # The next day, half past midnight in Brussels (still 10 September in UTC).
    time_machine.move_to(datetime.datetime(2026, 9, 11, 0, 30, tzinfo=BRUSSELS), tick=False)
    expired = client.get(url)

    assert last_day.status_code == 200
    assert expired.status_code == 404


def test_an_open_question_keeps_its_link(client, antwerpen, staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS), tick=False)
    registration = submit()
    registration_intake_start(registration=registration, by=staff)
    registration_accept(registration=registration, by=staff)

    time_machine.move_to(datetime.datetime(2028, 3, 2, 9, 0, tzinfo=BRUSSELS), tick=False)

    assert client.get(status_url(registration)).status_code == 200


def test_the_expiry_counts_from_the_last_step_not_from_the_registration(
    client, antwerpen, staff, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=BRUSSELS), tick=False)
    registration = submit()
    registration_intake_start(registration=registration, by=staff)
    time_machine.move_to(datetime.datetime(2026, 5, 20, 9, 0, tzinfo=BRUSSELS), tick=False)
    registration_decline(registration=registration, by=staff, reason="Past niet")

    time_machine.move_to(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=BRUSSELS), tick=False)
    assert client.get(status_url(registration)).status_code == 200
    time_machine.move_to(datetime.datetime(2026, 11, 21, 9, 0, tzinfo=BRUSSELS), tick=False)
    assert client.get(status_url(registration)).status_code == 404


# --- The rate limit -----------------------------------------------------------------------------


def test_the_page_is_rate_limited_per_visitor(client, antwerpen):
    url = status_url(submit())

    for _ in range(views.STATUS_RATE_LIMIT):
        assert client.get(url).status_code == 200
    response = client.get(url)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<ol class="status-steps"' not in html(response)
    # Another address is not held back.
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_guessing_tokens_counts_towards_the_limit(client, antwerpen):
    url = status_url(submit())

    for index in range(views.STATUS_RATE_LIMIT):
        assert client.get(f"/aanvraag/{index:043d}/").status_code == 404

    assert client.get(url).status_code == 429
    assert "Please wait a moment" in html(client.get("/en" + url))


# --- Staff revoke a link ----------------------------------------------------------------------


def revoke_url(registration: Registration) -> str:
    return f"/staf/aanmeldingen/{registration.reference}/statuslink-intrekken/"


def test_staff_revoke_the_link_from_the_registration_page(client, login, antwerpen, staff):
    registration = submit()
    url = status_url(registration)
    login(client, staff)
    page = html(client.get(f"/en/staf/aanmeldingen/{registration.reference}/"))
    assert "Revoke the status link" in page
    assert f'action="/en{revoke_url(registration)}"' in page
    assert url not in page  # the registrant's key is not shown to staff

    response = client.post("/en" + revoke_url(registration), follow=True)

    assert response.redirect_chain[-1][0] == f"/en/staf/aanmeldingen/{registration.reference}/"
    assert "The status link has been revoked" in html(response)
    assert "The status link was revoked on" in html(response)
    assert "Revoke the status link" not in html(response)
    assert client.get(url).status_code == 404
    (event,) = AccessEvent.objects.about(registration).filter(action=AccessAction.CHANGE)
    assert event.actor == staff


def test_revoking_twice_says_so_and_makes_no_new_link(client, login, antwerpen, staff):
    registration = submit()
    login(client, staff)
    client.post(revoke_url(registration))

    response = client.post("/en" + revoke_url(registration), follow=True)

    assert "had already been revoked" in html(response)
    assert StatusLink.objects.filter(registration=registration).count() == 1
    assert client.get(status_url(registration)).status_code == 404


def test_staff_of_another_region_get_404_and_the_link_keeps_working(
    client, login, antwerpen, other_staff
):
    registration = submit()
    login(client, other_staff)

    assert client.post(revoke_url(registration)).status_code == 404
    assert StatusLink.objects.get(registration=registration).revoked_at is None
    assert client.get(status_url(registration)).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_people_without_the_staff_role_get_404(client, login, antwerpen, request, persona):
    registration = submit()
    login(client, request.getfixturevalue(persona))

    assert client.post(revoke_url(registration)).status_code == 404
    assert StatusLink.objects.get(registration=registration).revoked_at is None


def test_an_administrator_can_revoke_and_anonymous_visitors_are_sent_to_log_in(
    client, login, antwerpen, administrator
):
    registration = submit()

    anonymous = client.post(revoke_url(registration))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]

    login(client, administrator)
    assert client.post(revoke_url(registration)).status_code == 302
    assert StatusLink.objects.get(registration=registration).revoked_by == administrator


def test_revoking_is_post_only(client, login, antwerpen, staff):
    registration = submit()
    login(client, staff)

    assert client.get(revoke_url(registration)).status_code == 405
    assert StatusLink.objects.get(registration=registration).revoked_at is None


def test_revoking_names_ids_only_in_the_log(client, login, antwerpen, staff, caplog):
    registration = submit()
    login(client, staff)

    with caplog.at_level("INFO", logger="trajects"):
        client.post(revoke_url(registration))

    assert f"status link of registration {registration.pk} revoked" in caplog.text
    for secret in (registration.status_link.token, registration.reference, staff.email):
        assert secret not in caplog.text


# --- Under concurrent requests (PostgreSQL: threads need a database with concurrent readers) ----


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_concurrent_requests_get_no_more_than_the_limit(antwerpen, monkeypatch):
    limit, requests = 5, 12
    monkeypatch.setattr(views, "STATUS_RATE_LIMIT", limit)
    registration = submit()
    url = status_url(registration)
    try:
        barrier = threading.Barrier(requests)
        codes: list[int] = []
        errors: list[BaseException] = []

        def fetch() -> None:
            try:
                barrier.wait(timeout=10)
                codes.append(Client().get(url).status_code)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=fetch) for _ in range(requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        RateLimitCounter.objects.all().delete()
    assert not errors, errors
    assert sorted(codes) == [200] * limit + [429] * (requests - limit), (
        f"{codes.count(200)} of {requests} passed"
    )
