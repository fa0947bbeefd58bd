"""The recruitment page at /word-vrijwilliger/: the role, the open calls, and the application
form with its confirmation (Post/Redirect/Get), its checks and its protection against bots."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Page

from cms.forms import SEND_AGAIN_MESSAGE
from cms.models import HomePage
from people.models import OutboxMessage
from people.regions import GENERAL_EMAIL, GENERAL_PHONE
from training.models import Application, ApplicationStatus
from training.recruitment.pages import RATE_LIMIT, RATE_LIMIT_PERIOD, RecruitmentPage
from training.recruitment.services import TOPIC_CONFIRMATION, TOPIC_STAFF_NOTICE

from .conftest import PAGE_URL, application_post, signed_started

pytestmark = pytest.mark.django_db

THANKS_URL = re.compile(r"^/word-vrijwilliger/bedankt/[0-9a-f-]{36}/$")


def post(client, data, **extra):
    return client.post(PAGE_URL, data, **extra)


# --- The page ---------------------------------------------------------------------------------


def test_page_explains_the_role_and_shows_the_open_calls(client, recruitment_page):
    response = client.get(PAGE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Word vrijwilliger</h1>" in content
    assert "Je begeleidt één traject tegelijk" in content
    assert "Coördinatoren gezocht in Antwerpen" in content
    assert "Opleiding in Genk" in content  # no end date: open


def test_page_hides_calls_whose_closing_date_has_passed(client, recruitment_page):
    content = client.get(PAGE_URL).content.decode()

    assert "Afgelopen oproep Westhoek" not in content


def test_page_has_title_description_and_canonical(client, recruitment_page):
    content = client.get(PAGE_URL).content.decode()

    assert "<title>Word vrijwilliger · Kring</title>" in content
    assert '<meta name="description" content="Word vrijwillige Eigen Kracht-coördinator' in content
    assert '<link rel="canonical" href="http://testserver/word-vrijwilliger/">' in content


def test_page_links_its_french_and_english_translations_with_hreflang(client, home):
    from training.demo import seed_page

    for code in ("fr", "en"):
        _translate_home(home, code)
    seed_page()

    content = client.get(PAGE_URL).content.decode()

    assert 'hreflang="fr" href="http://testserver/fr/devenir-benevole/"' in content
    assert 'hreflang="en" href="http://testserver/en/become-a-volunteer/"' in content
    assert 'hreflang="x-default" href="http://testserver/word-vrijwilliger/"' in content
    french = client.get("/fr/devenir-benevole/")
    assert french.status_code == 200
    assert "Devenir bénévole" in french.content.decode()


def _translate_home(home: HomePage, code: str) -> None:
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=code)
    translation = home.copy_for_translation(locale)
    translation.slug = f"home-{code}"
    translation.save_revision().publish()


def test_page_can_only_be_created_under_the_home_page(recruitment_page, home):
    assert RecruitmentPage.can_create_at(home) is False  # one per home page: it exists
    assert RecruitmentPage.allowed_parent_page_models() == [HomePage]
    assert RecruitmentPage.allowed_subpage_models() == []
    assert RecruitmentPage.can_exist_under(Page.get_first_root_node()) is False


def test_form_has_an_error_summary_target_and_needs_no_javascript(client, recruitment_page):
    content = client.get(PAGE_URL).content.decode()

    assert '<form class="application-form" method="post" action="#apply" novalidate>' in content
    # Scripts only enhance: our own files, none inline.
    assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", content)
    assert '<script src="/static/js/forms.js" defer></script>' in content
    assert 'name="csrfmiddlewaretoken"' in content


# --- Submitting -------------------------------------------------------------------------------


def test_valid_application_is_stored_and_redirects_to_the_confirmation(client, recruitment_page):
    response = post(client, application_post())

    assert response.status_code == 302
    assert THANKS_URL.match(response["Location"])
    application = Application.objects.get()
    assert application.first_name == "Fatima"
    assert application.email == "fatima.elamrani@example.org"
    assert application.phone == "+32470123456"
    assert application.postcode.code == "2000"
    assert application.region.code == "antwerpen"
    assert application.languages == ["nl", "ar"]
    assert application.availability == ["weekday_evening", "weekend"]
    assert application.status == ApplicationStatus.NEW
    assert application.language == "nl"
    assert str(application.submission_token) in response["Location"]


def test_confirmation_page_thanks_and_names_the_region_but_not_the_applicant(
    client, recruitment_page
):
    response = client.get(post(client, application_post())["Location"])

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bedankt voor je kandidatuur!" in content
    assert "Antwerpen" in content
    assert "Fatima" not in content
    assert "example.org" not in content
    assert '<meta name="robots" content="noindex">' in content


def test_confirmation_with_an_unknown_token_is_404(client, recruitment_page):
    client.raise_request_exception = False

    response = client.get(PAGE_URL + "bedankt/2b1f0c1e-0000-4000-8000-000000000000/")

    assert response.status_code == 404


def test_application_from_the_french_page_is_in_french(client, home):
    from training.demo import seed_page

    _translate_home(home, "fr")
    seed_page()

    response = client.post("/fr/devenir-benevole/", application_post())

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/devenir-benevole/bedankt/")
    assert Application.objects.get().language == "fr"


def test_application_writes_the_two_mails_to_the_outbox_in_the_same_transaction(
    client, recruitment_page
):
    post(client, application_post())

    application = Application.objects.get()
    messages = OutboxMessage.objects.filter(object_id=application.pk)
    assert sorted(messages.values_list("topic", flat=True)) == sorted(
        [TOPIC_CONFIRMATION, TOPIC_STAFF_NOTICE]
    )


def test_mails_go_out_after_the_commit(
    client, recruitment_page, staff, antwerpen, django_capture_on_commit_callbacks
):
    antwerpen.contact = staff
    antwerpen.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(client, application_post())

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["fatima.elamrani@example.org", staff.email]
    )
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_the_same_form_posted_twice_stores_one_application(client, recruitment_page):
    data = application_post()

    first = post(client, data)
    second = post(client, data)

    assert Application.objects.count() == 1
    assert OutboxMessage.objects.count() == 2
    assert first["Location"] == second["Location"]


def test_two_forms_make_two_applications(client, recruitment_page):
    post(client, application_post())
    post(client, application_post())

    assert Application.objects.count() == 2


# --- Bad input --------------------------------------------------------------------------------

BAD_INPUT = [
    ("first_name", {"first_name": ""}, "Dit is een verplicht veld."),
    ("first_name", {"first_name": "x" * 101}, "niet meer dan 100 tekens"),
    ("email", {"email": "not-an-address"}, None),
    ("phone", {"phone": "12"}, None),
    ("phone", {"phone": "call me maybe"}, None),
    ("postcode", {"postcode": "9999"}, None),
    ("postcode", {"postcode": "abcd"}, None),
    ("postcode", {"postcode": ""}, "Dit is een verplicht veld."),
    ("languages", {"languages": None}, None),
    ("languages", {"languages": ["xx"]}, None),
    ("motivation", {"motivation": ""}, "Dit is een verplicht veld."),
    ("motivation", {"motivation": "m" * 3001}, "niet meer dan 3000 tekens"),
    ("availability", {"availability": None}, None),
    ("availability", {"availability": ["always"]}, None),
    ("availability_remarks", {"availability_remarks": "r" * 501}, "niet meer dan 500 tekens"),
    ("heard_of_us", {"heard_of_us": ""}, None),
    ("heard_of_us", {"heard_of_us": "radio-x"}, None),
    ("heard_of_us_other", {"heard_of_us": "other", "heard_of_us_other": "  "}, None),
    ("consent", {"consent": None}, None),
    ("first_name", {"first_name": "Fa\x00tima"}, None),
]


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    BAD_INPUT,
    ids=[f"{field}-{n}" for n, (field, _c, _m) in enumerate(BAD_INPUT)],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_input(
    client, recruitment_page, field, changes, message
):
    data = application_post(**changes)

    response = post(client, data)

    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == [field]
    content = response.content.decode()
    # In the summary at the top, linking to the field, and next to the field itself.
    assert 'class="form-errors"' in content
    assert f'href="#id_{field}' in content
    assert re.search(r"<title>\w+: Word vrijwilliger · Kring</title>", content)
    if message:
        assert message in content
    # What was typed is still there (the bad value itself included, escaped).
    for name in ("first_name", "last_name", "motivation"):
        if name not in changes and name in data:
            assert escape(data[name]) in content
    assert 'value="0470 12 34 56"' in content or field == "phone"


def test_errors_keep_the_form_token_so_a_later_double_post_is_caught(client, recruitment_page):
    data = application_post(postcode="9999")

    response = post(client, data)

    assert f'value="{data["submission"]}"' in response.content.decode()


def test_script_typed_into_the_form_is_shown_as_text_when_the_form_comes_back(
    client, recruitment_page
):
    script = '<script>alert("x")</script>'

    response = post(client, application_post(first_name=script, postcode="9999"))

    content = response.content.decode()
    assert script not in content
    assert escape(script) in content


# --- Bots and floods --------------------------------------------------------------------------


def test_bot_that_fills_the_honeypot_gets_a_confirmation_and_nothing_is_stored(
    client, recruitment_page
):
    response = post(client, application_post(website="http://spam.example"))

    assert response.status_code == 200
    assert "Bedankt voor je kandidatuur!" in response.content.decode()
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_a_bot_with_bad_input_gets_the_thank_you_with_the_general_contact(client, recruitment_page):
    response = post(
        client, application_post(website="http://spam.example", postcode="9999", consent=None)
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["application"] is None
    assert response.context["region"] is None
    assert f'href="mailto:{GENERAL_EMAIL}"' in content
    assert GENERAL_PHONE in content
    assert "Fatima" not in content
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_the_thank_you_without_a_token_is_the_general_one(client, recruitment_page):
    response = client.get(PAGE_URL + "bedankt/")

    assert response.status_code == 200
    assert response.context["application"] is None
    assert 'data-testid="reference"' not in response.content.decode()


@pytest.mark.parametrize("bot", [False, True], ids=["confirmation", "bot's answer"])
def test_the_thank_you_is_a_private_response(client, recruitment_page, bot):
    response = post(client, application_post(website="x" if bot else ""))
    if not bot:
        response = client.get(response["Location"])

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    "stamp",
    ["1 second ago", "1700000000.0", None],
    ids=["1 second after it was shown", "forged time stamp", "no time stamp"],
)
def test_a_valid_application_sent_too_fast_comes_back_to_send_again_never_a_thank_you(
    client, recruitment_page, stamp
):
    if stamp == "1 second ago":
        stamp = signed_started(1)
    data = application_post(started=stamp)

    response = post(client, data)

    assert response.status_code == 200
    content = response.content.decode()
    with translation.override("nl"):  # the page's language, translated or not yet
        assert escape(str(SEND_AGAIN_MESSAGE)) in content
    assert re.search(r'<div class="form-errors"[^>]*tabindex="-1"', content)
    assert '<form class="application-form"' in content
    assert 'data-testid="reference"' not in content
    assert 'value="Fatima"' in content  # input kept
    assert f'value="{data["submission"]}"' in content
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_sent_again_after_coming_back_the_application_goes_through(client, recruitment_page):
    data = application_post(started=signed_started(1))
    again = post(client, data).content.decode()
    stamp = re.search(r'<input type="hidden" name="started" value="([^"]*)"', again).group(1)

    response = post(client, {**data, "started": stamp})

    assert response.status_code == 302
    assert THANKS_URL.match(response["Location"])
    application = Application.objects.get()
    assert application.reference in client.get(response["Location"]).content.decode()


def test_bot_answer_looks_like_the_real_confirmation_without_a_reference(client, recruitment_page):
    real = client.get(post(client, application_post())["Location"]).content.decode()
    bot = post(client, application_post(website="x")).content.decode()

    def outline(html: str) -> list[str]:
        main = html[html.index("<main") : html.index("</main>")]
        return [text for _tag, text in re.findall(r"<(h1|h2|li)\b[^>]*>(.*?)</\1>", main, re.S)]

    reference = Application.objects.get().reference
    assert reference in real
    assert reference not in bot
    # The same headings and next steps; only the heading above the reference is missing.
    assert set(outline(bot)) < set(outline(real))
    assert len(outline(real)) - len(outline(bot)) == 1


def test_too_many_applications_from_one_address_are_refused_with_a_clear_message(
    client, recruitment_page
):
    for _ in range(RATE_LIMIT):
        assert post(client, application_post()).status_code == 302

    data = application_post(first_name="Zesde")
    response = post(client, data)

    assert response.status_code == 429
    content = response.content.decode()
    assert "in een uur" in content or "in an hour" in content
    assert 'value="Zesde"' in content
    assert Application.objects.count() == RATE_LIMIT
    # Another address is not affected.
    assert post(client, application_post(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_double_post_does_not_count_against_the_rate_limit(client, recruitment_page):
    data = application_post()
    for _ in range(RATE_LIMIT + 2):
        assert post(client, data).status_code == 302

    assert Application.objects.count() == 1
    assert post(client, application_post()).status_code == 302


def test_the_sixth_application_in_an_hour_keeps_its_input_and_goes_through_an_hour_later(
    client, recruitment_page, time_machine
):
    for _ in range(RATE_LIMIT):
        post(client, application_post())
    data = application_post(first_name="Zesde")

    refused = post(client, data)

    content = refused.content.decode()
    assert refused.status_code == 429
    with translation.override("nl"):  # the page's language
        message = str(recruitment_page.get_rate_limit().message)
    assert escape(message) in content
    assert 'value="Zesde"' in content
    assert escape(data["motivation"]) in content
    assert f'value="{data["submission"]}"' in content  # the same form, sent again later
    assert not Application.objects.filter(first_name="Zesde").exists()
    assert OutboxMessage.objects.count() == 2 * RATE_LIMIT

    time_machine.move_to(timezone.now() + timedelta(seconds=RATE_LIMIT_PERIOD + 1))
    again = post(client, data)

    assert again.status_code == 302
    assert THANKS_URL.match(again["Location"])
    assert Application.objects.get(first_name="Zesde").submission_token == uuid.UUID(
        data["submission"]
    )


def test_a_double_post_over_the_rate_limit_still_gets_its_confirmation(client, recruitment_page):
    for _ in range(RATE_LIMIT - 1):
        post(client, application_post())
    last = application_post()
    first = post(client, last)

    second = post(client, last)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Application.objects.count() == RATE_LIMIT
    assert post(client, application_post()).status_code == 429


# --- The broker is down -----------------------------------------------------------------------


def test_with_the_broker_down_the_visitor_gets_the_confirmation_and_mails_follow_once(
    client, recruitment_page, staff, antwerpen, broker_down, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from config.celery import app as celery_app
    from people.outbox import outbox_flush

    antwerpen.contact = staff
    antwerpen.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, application_post())

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert Application.objects.count() == 1
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert mail.outbox == []

    celery_app.conf.task_always_eager = True  # the broker is back
    assert outbox_flush(older_than=timedelta(0)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["fatima.elamrani@example.org", staff.email]
    )
    assert outbox_flush(older_than=timedelta(0)) == 0
    assert len(mail.outbox) == 2


# --- Editing in Wagtail -----------------------------------------------------------------------


def test_the_page_and_its_calls_are_edited_in_the_wagtail_admin(
    client, login, administrator, recruitment_page, home
):
    login(client, administrator)

    edit = client.get(f"/admin/pages/{recruitment_page.pk}/edit/")
    choose_type = client.get(f"/admin/pages/add/training/recruitmentpage/{home.pk}/")

    assert edit.status_code == 200
    assert "Coördinatoren gezocht in Antwerpen" in edit.content.decode()  # the calls panel
    # One recruitment page per home page: there is one already.
    assert choose_type.status_code in (302, 403)
