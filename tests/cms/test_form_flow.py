"""The protected public-form flow (cms.form_flow) on its own, with a small form and a service
that keeps what it stores in a list: bot checks, the check step, the submission token, the rate
limit and the redirect after a post. The registration page's tests show it on a real page."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django import forms
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.utils import translation

from cms import forms as cms_forms
from cms.form_flow import FormFlow, RateLimit
from cms.forms import ProtectedForm, Section, SectionedForm

pytestmark = pytest.mark.django_db

LIMIT = 2
LIMIT_MESSAGE = "Too many forms from your address: please call us."


@dataclass
class Stored:
    submission_token: uuid.UUID
    data: dict[str, Any]
    language: str


class NameForm(ProtectedForm, SectionedForm):
    name = forms.CharField(label="Your name", max_length=20)
    city = forms.CharField(label="Your city (optional)", required=False)

    SECTIONS = (Section("you", "About you", ("name", "city")),)


class NameFlow(FormFlow):
    """The flow around ``NameForm``; every response names its step first."""

    form_class = NameForm

    def __init__(self, *, check_step: bool = False):
        self.stored: list[Stored] = []
        self.calls: list[dict[str, Any]] = []
        self.check_template = "check" if check_step else ""

    def submit_service(self, *, data, submission_token, language):
        self.calls.append({"data": data, "submission_token": submission_token})
        found = self.find_submitted(submission_token)
        if found is not None:
            return found, False
        stored = Stored(submission_token, data, language)
        self.stored.append(stored)
        return stored, True

    def find_submitted(self, token):
        return next((item for item in self.stored if item.submission_token == token), None)

    def get_rate_limit(self):
        return RateLimit(scope="tests.names", limit=LIMIT, period=3600, message=LIMIT_MESSAGE)

    def render_step(self, request, form, *, template=None, context=None, status=200):
        answers = (context or {}).get("answers", [])
        rows = [f"{row['label']}={row['value']}" for section in answers for row in section["rows"]]
        page = "\n".join([template or "form", str(form), *rows])
        return HttpResponse(page, status=status)

    def submitted_url(self, request, submitted):
        return f"/names/thanks/{submitted.submission_token}/"

    def bot_answer(self, request, form):
        return HttpResponseRedirect("/names/thanks/")

    def render_submitted(self, request, stored):
        return HttpResponse(f"thanks {stored.data['name'] if stored else ''}")


def started(seconds_ago: float = 60, token: str | None = None) -> str:
    """The signed stamp of a form with ``token`` shown ``seconds_ago`` (another token than the
    post's: a forged stamp)."""
    return cms_forms.sign_protection(token or uuid.uuid4(), time.time() - seconds_ago)


def form_post(**overrides) -> dict[str, str]:
    token = str(uuid.uuid4())
    data = {
        "name": "Ann",
        "city": "Gent",
        "website": "",
        "started": started(token=token),
        "submission": token,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(flow: FormFlow, data: dict, address: str = "192.0.2.1") -> HttpResponse:
    request = RequestFactory().post("/names/", data, REMOTE_ADDR=address)
    return flow.serve_form(request)


def text(response) -> str:
    return unescape(response.content.decode())


def hidden(content: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', content)
    assert match, name
    return match.group(1)


# --- Showing the form ----------------------------------------------------------------------------


def test_get_shows_a_fresh_form_with_a_token_and_a_stamp():
    response = NameFlow().serve_form(RequestFactory().get("/names/"))

    assert response.status_code == 200
    content = text(response)
    assert content.startswith("form\n")
    uuid.UUID(hidden(content, "submission"))
    assert hidden(content, "started")


def test_other_methods_than_get_and_post_are_refused():
    response = NameFlow().serve_form(RequestFactory().put("/names/"))

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


# --- Redirect after a post --------------------------------------------------------------------------


def test_a_valid_post_is_stored_once_and_redirected_to_its_confirmation():
    flow = NameFlow()
    data = form_post()

    response = post(flow, data)

    assert response.status_code == 302
    assert response["Location"] == f"/names/thanks/{data['submission']}/"
    assert len(flow.stored) == 1


def test_the_service_is_called_with_the_answers_the_token_and_the_language_only():
    flow = NameFlow()
    data = form_post()

    post(flow, data)

    (stored,) = flow.stored
    assert stored.data == {"name": "Ann", "city": "Gent"}
    assert stored.submission_token == uuid.UUID(data["submission"])
    assert stored.language == "nl"  # the active language


def test_the_confirmation_of_an_unknown_token_is_a_404():
    with pytest.raises(Http404):
        NameFlow().serve_submitted(RequestFactory().get("/"), uuid.uuid4())


def test_the_confirmation_shows_what_the_token_stored():
    flow = NameFlow()
    data = form_post()
    post(flow, data)

    response = flow.serve_submitted(RequestFactory().get("/"), uuid.UUID(data["submission"]))

    assert text(response) == "thanks Ann"


# --- Bot checks -------------------------------------------------------------------------------------


def test_a_filled_honeypot_gets_the_quiet_answer_and_nothing_is_stored():
    flow = NameFlow()

    response = post(flow, form_post(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/names/thanks/"
    assert flow.stored == [] and flow.calls == []


def test_a_filled_honeypot_is_answered_quietly_even_with_bad_input():
    flow = NameFlow()

    response = post(flow, form_post(name="", website="x"))

    assert response["Location"] == "/names/thanks/"
    assert flow.calls == []


@pytest.mark.parametrize(
    "stamp", ["1 second ago", "forged", None], ids=["too fast", "forged stamp", "no stamp"]
)
def test_a_valid_post_sent_too_fast_comes_back_to_send_again_and_stores_nothing(stamp):
    flow = NameFlow()
    if stamp == "1 second ago":
        stamp = started(seconds_ago=1)
    data = form_post(started=stamp)

    response = post(flow, data)

    assert response.status_code == 200
    content = text(response)
    assert content.startswith("form\n")
    assert str(cms_forms.SEND_AGAIN_MESSAGE) in content
    assert 'value="Ann"' in content
    assert hidden(content, "submission") == data["submission"]
    assert hidden(content, "started") not in ("", data.get("started"))
    assert flow.calls == []


def test_sent_again_at_once_after_coming_back_it_is_stored():
    flow = NameFlow()
    data = form_post(started=started(seconds_ago=1))
    again = text(post(flow, data))

    response = post(flow, {**data, "started": hidden(again, "started")})

    assert response.status_code == 302
    assert len(flow.stored) == 1


# --- Bad input ------------------------------------------------------------------------------------


@pytest.fixture
def english():
    """Messages are checked in English: Dutch and French wording belongs to the translators."""
    with translation.override("en"):
        yield


def test_bad_input_keeps_the_input_with_the_message_next_to_the_field(english):
    flow = NameFlow()
    data = form_post(name="A name far too long for the field", city="Brugge")

    response = post(flow, data)

    assert response.status_code == 200
    content = text(response)
    # The message sits in the field's own block, between its label and its input.
    field = re.search(r'<label for="id_name".*?<input[^>]*name="name"[^>]*>', content, re.S)
    assert field, content
    assert "Ensure this value has at most 20 characters" in field.group(0)
    # And in the summary on top, linked to the field.
    summary = re.search(r'<div class="form-errors".*?</div>', content, re.S).group(0)
    assert 'href="#id_name"' in summary
    assert 'value="A name far too long for the field"' in content
    assert 'value="Brugge"' in content
    assert hidden(content, "submission") == data["submission"]
    assert flow.calls == []


def test_a_missing_answer_is_named_in_the_summary(english):
    content = text(post(NameFlow(), form_post(name="")))

    assert "Fill in “Your name”." in content


# --- The submission token -----------------------------------------------------------------------


def test_the_same_form_posted_twice_stores_once_and_both_go_to_the_same_confirmation():
    flow = NameFlow()
    data = form_post()

    first = post(flow, data)
    second = post(flow, data)

    assert first["Location"] == second["Location"]
    assert len(flow.stored) == 1
    assert len(flow.calls) == 1  # the second post never reaches the service


def test_a_second_form_is_a_second_submission():
    flow = NameFlow()

    post(flow, form_post())
    post(flow, form_post())

    assert len(flow.stored) == 2


# --- The rate limit -------------------------------------------------------------------------------


def test_over_the_rate_limit_the_form_comes_back_with_the_message_and_status_429():
    flow = NameFlow()
    for _ in range(LIMIT):
        assert post(flow, form_post()).status_code == 302

    data = form_post(name="Third")
    response = post(flow, data)

    assert response.status_code == 429
    content = text(response)
    assert LIMIT_MESSAGE in content
    assert 'value="Third"' in content
    assert hidden(content, "submission") == data["submission"]
    assert len(flow.stored) == LIMIT


def test_the_rate_limit_counts_per_address():
    flow = NameFlow()
    for _ in range(LIMIT):
        post(flow, form_post())

    assert post(flow, form_post()).status_code == 429
    assert post(flow, form_post(), address="192.0.2.7").status_code == 302


def test_a_double_post_does_not_count_against_the_rate_limit():
    flow = NameFlow()
    data = form_post()
    for _ in range(LIMIT + 2):
        assert post(flow, data).status_code == 302

    assert post(flow, form_post()).status_code == 302
    assert len(flow.stored) == 2


def test_a_double_post_over_the_rate_limit_still_gets_its_confirmation():
    flow = NameFlow()
    for _ in range(LIMIT - 1):
        post(flow, form_post())
    data = form_post()
    first = post(flow, data)
    assert post(flow, form_post()).status_code == 429

    again = post(flow, data)

    assert again.status_code == 302
    assert again["Location"] == first["Location"]


# --- The check step ---------------------------------------------------------------------------


def test_with_a_check_step_a_valid_form_first_shows_the_answers_and_stores_nothing():
    flow = NameFlow(check_step=True)

    for step in ("check", None, "unknown"):
        response = post(flow, form_post(step=step))

        assert response.status_code == 200
        lines = text(response).splitlines()
        assert lines[0] == "check"
        assert lines[-2:] == ["Your name=Ann", "Your city=Gent"]  # without "(optional)"
    assert flow.calls == []


def test_change_brings_the_form_back_with_everything_kept_and_stores_nothing():
    flow = NameFlow(check_step=True)
    data = form_post(step="change")

    content = text(post(flow, data))

    assert content.startswith("form\n")
    assert 'value="Ann"' in content and 'value="Gent"' in content
    assert hidden(content, "submission") == data["submission"]
    assert flow.calls == []


def test_send_validates_again_before_it_stores():
    flow = NameFlow(check_step=True)

    bad = post(flow, form_post(name="", step="send"))
    good = post(flow, form_post(step="send"))

    assert bad.status_code == 200 and text(bad).startswith("form\n")
    assert good.status_code == 302
    assert len(flow.stored) == 1


def test_an_answer_left_empty_reads_not_given_on_the_check_page(english):
    content = text(post(NameFlow(check_step=True), form_post(city="", step="check")))

    assert "Your city=Not given" in content


def test_without_a_check_step_the_step_button_is_ignored_and_a_valid_post_is_stored():
    flow = NameFlow()

    response = post(flow, form_post(step="check"))

    assert response.status_code == 302
    assert len(flow.stored) == 1


# --- The fill timer, signed with the token ----------------------------------------------------------


def assert_sent_back_to_send_again(response, flow: NameFlow) -> str:
    assert response.status_code == 200
    content = text(response)
    assert content.startswith("form\n")
    assert str(cms_forms.SEND_AGAIN_MESSAGE) in content
    assert 'value="Ann"' in content and 'value="Gent"' in content  # input kept
    assert flow.stored == []
    return content


def test_a_normal_submission_with_its_own_token_and_timer_is_stored():
    flow = NameFlow()
    data = form_post()

    response = post(flow, data)

    assert response.status_code == 302
    assert [item.submission_token for item in flow.stored] == [uuid.UUID(data["submission"])]


def test_a_tampered_timer_is_refused_with_the_message_and_the_input_kept():
    flow = NameFlow()
    data = form_post()
    value, signature = data["started"].rsplit(":", 1)
    tampered = f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"

    assert_sent_back_to_send_again(post(flow, {**data, "started": tampered}), flow)


def test_a_timer_reused_with_another_token_is_refused():
    """One shown form's timer cannot carry a bot's own tokens past the minimum fill time."""
    flow = NameFlow()
    shown = form_post()

    content = assert_sent_back_to_send_again(
        post(flow, {**shown, "submission": str(uuid.uuid4())}), flow
    )

    # The form comes back with a timer of its own: a person sends it once more.
    assert hidden(content, "started") != shown["started"]


def test_a_reused_token_and_timer_store_nothing_new_whatever_the_answers():
    flow = NameFlow()
    data = form_post()
    first = post(flow, data)

    replay = post(flow, {**data, "name": "Bob", "city": "Brugge"})

    assert len(flow.stored) == 1 and flow.stored[0].data["name"] == "Ann"
    assert len(flow.calls) == 1  # the replay never reaches the service
    assert replay["Location"] == first["Location"]


def test_a_reused_token_and_timer_do_not_count_against_the_rate_limit():
    flow = NameFlow()
    data = form_post()
    for _ in range(LIMIT + 2):
        assert post(flow, data).status_code == 302

    assert post(flow, form_post()).status_code == 302  # the limit still has room
    assert len(flow.stored) == 2


def test_the_stored_token_is_the_signed_one_never_one_the_post_chose():
    form = NameForm(data=form_post())
    assert form.is_valid()

    assert form.submission_token() == uuid.UUID(form.data["submission"])
    forged = NameForm(data={**form_post(), "submission": str(uuid.uuid4())})
    assert forged.is_valid() and forged.sent_too_fast()
