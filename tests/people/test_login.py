"""Log-in through allauth: e-mail and password, no enumeration, no sign-up, one log-in form for
both admins, rate limits, compulsory MFA for some roles, and session limits."""

from __future__ import annotations

import random
import time
from urllib.parse import unquote

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from people.factories import DEFAULT_PASSWORD, CoordinatorFactory, UserFactory
from people.middleware import SEEN, STARTED
from people.models import User
from tests.conftest import give_totp, requires_mfa

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ACCOUNT_PAGE = "/accounts/email/"  # any page that needs a log-in
MFA_SETUP = "/accounts/2fa/totp/activate/"
# Allauth's own account pages stay open without a second factor (RequireMfaMiddleware exempts
# them); any other page sends a user who needs one to set it up.
OTHER_PAGE = "/"


def post_login(client, email: str, password: str = DEFAULT_PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def logged_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def error_message(name: str) -> str:
    """One of allauth's messages, in the language the pages use without Accept-Language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(get_adapter().error_messages[name])


def form_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()]


def totp_code(secret: str) -> str:
    """The current code; waits for the next period when this one is about to end."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 2:
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


# --- E-mail and password --------------------------------------------------------------------


def test_coordinator_logs_in_with_email_and_password(client, coordinator):
    response = post_login(client, coordinator.email)

    assert response.status_code == 302
    assert logged_in_user_id(client) == coordinator.pk
    assert client.get(ACCOUNT_PAGE).status_code == 200


def test_demo_coordinator_logs_in_with_the_demo_password(client):
    from people import demo

    demo.seed(rng=random.Random(2026))
    email = f"coordinator1.antwerpen@{demo.DOMAIN}"

    post_login(client, email, demo.DEFAULT_PASSWORD)

    assert logged_in_user_id(client) == User.objects.get(email=email).pk
    assert client.get(ACCOUNT_PAGE).status_code == 200


def test_email_log_in_ignores_case(client, coordinator):
    post_login(client, coordinator.email.upper())

    assert logged_in_user_id(client) == coordinator.pk


def test_wrong_password_and_unknown_email_get_the_same_answer(client, coordinator):
    wrong_password = post_login(client, coordinator.email, "not-the-password-1")
    unknown_email = post_login(client, "nobody-here@kring.test", "not-the-password-1")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert form_errors(wrong_password) == form_errors(unknown_email)
    assert form_errors(wrong_password) == [error_message("email_password_mismatch")]
    assert logged_in_user_id(client) is None


def test_unverified_email_cannot_log_in(client):
    user = CoordinatorFactory(email="unverified@kring.test")
    EmailAddress.objects.filter(user=user).update(verified=False)

    response = post_login(client, user.email)

    assert logged_in_user_id(client) is None
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"login": "", "password": ""},
        {"login": "a\x00b@kring.test", "password": "x\x00y"},
        {"login": "x" * 5000 + "@kring.test", "password": "p" * 5000},
        {"login": "not an e-mail", "password": "x"},
    ],
    ids=["empty", "blank", "nul-bytes", "very-long", "not-an-email"],
)
def test_log_in_form_never_crashes_on_odd_input(client, coordinator, data):
    response = client.post(LOGIN, data)

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


# --- No public sign-up -----------------------------------------------------------------------


def test_public_sign_up_creates_no_user(client):
    users_before = User.objects.count()
    addresses_before = EmailAddress.objects.count()

    page = client.get("/accounts/signup/")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@kring.test",
            "password1": "Zeer-geheim-2026",
            "password2": "Zeer-geheim-2026",
        },
    )

    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    assert response.status_code in (200, 302, 403)
    assert User.objects.count() == users_before
    assert EmailAddress.objects.count() == addresses_before
    assert not User.objects.filter(email__iexact="newcomer@kring.test").exists()
    assert logged_in_user_id(client) is None


# --- One log-in form for everything -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/login/?next=/admin/pages/", "/accounts/login/?next=/admin/pages/"),
        ("/django-admin/login/?next=/django-admin/", "/accounts/login/?next=/django-admin/"),
        ("/_util/login/?next=/", "/accounts/login/?next=/"),
    ],
    ids=["wagtail-admin", "django-admin", "wagtail-front-end"],
)
def test_other_log_in_forms_redirect_to_allauth_keeping_next(client, url, expected):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_posting_a_password_to_another_log_in_form_does_not_log_in(client, coach, url):
    """Only allauth's form applies rate limits and asks for the second factor."""
    give_totp(coach)

    client.post(url, {"username": coach.email, "password": DEFAULT_PASSWORD})

    assert logged_in_user_id(client) is None


def test_admins_send_anonymous_visitors_to_the_allauth_log_in(client):
    wagtail = client.get("/admin/pages/")
    django = client.get("/django-admin/", follow=True)

    assert wagtail["Location"] == "/accounts/login/?next=/admin/pages/"
    assert unquote(django.redirect_chain[-1][0]) == "/accounts/login/?next=/django-admin/"


def test_wagtail_password_reset_is_off_so_resets_go_through_allauth(client, editor, mailoutbox):
    response = client.post("/admin/password_reset/", {"email": editor.email})

    assert response.status_code == 404
    assert mailoutbox == []


# --- Landing after log-in ----------------------------------------------------------------------

LANDING = {
    "coordinator": "/portaal/",
    "coach": "/coach/",
    "staff": "/staf/aanmeldingen/",
    "editor": "/admin/",
    "administrator": "/staf/aanmeldingen/",
}


def log_in_fully(client, user: User, path: str = LOGIN, **extra):
    """Logs in through the form, with the second factor when the user has one; returns the
    last answer, whose Location is where the person lands."""
    secret = give_totp(user) if requires_mfa(user) else ""
    response = client.post(path, {"login": user.email, "password": DEFAULT_PASSWORD, **extra})
    if secret:
        assert "/accounts/2fa/authenticate/" in response["Location"]
        response = client.post(response["Location"], {"code": totp_code(secret)})
    assert logged_in_user_id(client) == user.pk
    return response


@pytest.mark.parametrize("persona", list(LANDING))
def test_each_role_lands_on_its_work_after_log_in(client, personas, persona):
    response = log_in_fully(client, personas[persona])

    assert response.status_code == 302
    assert response["Location"] == LANDING[persona]
    assert client.get(response["Location"]).status_code == 200


def test_a_person_without_a_role_lands_on_the_home_page(client):
    user = UserFactory(email="nobody@kring.test")

    response = log_in_fully(client, user)

    assert response["Location"] == "/"


def test_the_landing_is_in_the_language_of_the_log_in_page(client, staff):
    response = log_in_fully(client, staff, path="/fr" + LOGIN)

    assert response["Location"] == "/fr/staf/aanmeldingen/"


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_next_wins_over_the_roles_landing(client, personas, persona):
    response = log_in_fully(client, personas[persona], next="/accounts/email/")

    assert response["Location"] == "/accounts/email/"


def test_an_outside_next_is_ignored_and_the_role_lands_on_its_work(client, coach):
    response = log_in_fully(client, coach, next="https://evil.example/")

    assert response["Location"] == LANDING["coach"]


# --- Rate limit -------------------------------------------------------------------------------


def test_log_in_is_refused_after_too_many_failed_attempts(client, coordinator):
    # ACCOUNT_RATE_LIMITS["login_failed"] = "10/5m/ip,15/3m/key": ten from one address.
    for _ in range(10):
        response = post_login(client, coordinator.email, "wrong-password-1")
        assert form_errors(response) == [error_message("email_password_mismatch")]

    refused = post_login(client, coordinator.email)  # even with the right password

    assert logged_in_user_id(client) is None
    assert form_errors(refused) == [error_message("too_many_login_attempts")]


# --- Second factor -----------------------------------------------------------------------------


def test_coach_without_totp_is_sent_to_set_it_up(client, coach):
    post_login(client, coach.email)

    assert logged_in_user_id(client) == coach.pk
    response = client.get(OTHER_PAGE)
    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP
    assert client.get("/accounts/logout/").status_code == 200  # leaving stays possible


def test_coach_without_totp_can_set_it_up_and_then_use_the_site(client, coach):
    post_login(client, coach.email)

    # allauth asks for the password again before adding a factor: no redirect loop.
    setup = client.get(MFA_SETUP)
    assert setup.status_code == 302
    assert setup["Location"].startswith("/accounts/reauthenticate/")
    again = client.post(setup["Location"], {"password": DEFAULT_PASSWORD})
    assert again.status_code == 302
    assert client.get(MFA_SETUP).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(MFA_SETUP, {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()
    assert client.get(OTHER_PAGE).status_code == 200


@pytest.mark.parametrize("persona", ["staff", "administrator"])
def test_regional_staff_and_administrator_without_totp_are_sent_to_set_it_up(
    client, personas, persona
):
    post_login(client, personas[persona].email)

    assert client.get(OTHER_PAGE)["Location"] == MFA_SETUP
    assert client.get("/admin/")["Location"] == MFA_SETUP


def test_coach_with_totp_enters_a_code_and_is_not_sent_to_set_up(client, coach):
    secret = give_totp(coach)

    first = post_login(client, coach.email)
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/2fa/authenticate/")
    assert logged_in_user_id(client) is None

    second = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    assert second.status_code == 302
    assert logged_in_user_id(client) == coach.pk
    assert client.get(OTHER_PAGE).status_code == 200


def test_coordinator_does_not_need_a_second_factor_by_default(client, coordinator):
    post_login(client, coordinator.email)

    assert client.get(OTHER_PAGE).status_code == 200


def test_setting_can_require_a_second_factor_of_coordinators(client, coordinator):
    roles = [*settings.KRING_MFA_REQUIRED_ROLES, "coordinator"]
    with override_settings(KRING_MFA_REQUIRED_ROLES=roles):
        post_login(client, coordinator.email)
        response = client.get(OTHER_PAGE)

    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP


# --- Session limits ----------------------------------------------------------------------------


def _age_session(client, *, started_ago: float = 0, seen_ago: float = 0) -> None:
    now = time.time()
    session = client.session
    session[STARTED] = now - started_ago
    session[SEEN] = now - seen_ago
    session.save()


def _assert_sent_to_log_in(client, response, path=ACCOUNT_PAGE):
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"
    assert logged_in_user_id(client) is None
    assert client.get(path)["Location"].startswith(LOGIN)


def test_session_cookie_lives_at_most_12_hours_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_session_survives_29_minutes_idle(client, login, coordinator):
    login(client, coordinator)
    _age_session(client, started_ago=29 * 60, seen_ago=29 * 60)

    assert client.get(ACCOUNT_PAGE).status_code == 200


def test_session_ends_after_30_minutes_idle(client, login, coordinator):
    login(client, coordinator)
    _age_session(client, started_ago=31 * 60, seen_ago=31 * 60)

    _assert_sent_to_log_in(client, client.get(ACCOUNT_PAGE))


def test_session_ends_after_12_hours_even_when_active(client, login, coordinator):
    login(client, coordinator)
    _age_session(client, started_ago=12 * 3600 + 60, seen_ago=60)

    _assert_sent_to_log_in(client, client.get(ACCOUNT_PAGE))


def test_activity_keeps_the_session_alive(client, login, coordinator):
    login(client, coordinator)
    _age_session(client, started_ago=11 * 3600, seen_ago=20 * 60)

    assert client.get(ACCOUNT_PAGE).status_code == 200
    assert time.time() - client.session[SEEN] < 5  # the visit counts as activity
