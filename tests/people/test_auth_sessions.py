"""Each person sees and ends their own sessions (allauth.usersessions); administrators end
anyone's from the Django admin, which shows no address or browser."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

SESSIONS = "/accounts/sessions/"
ACCOUNT_PAGE = "/accounts/email/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def open_session(login, user, address: str) -> Client:
    """A browser of ``user`` that has made one request, so its session is tracked."""
    browser = Client(REMOTE_ADDR=address)
    login(browser, user)
    assert browser.get(ACCOUNT_PAGE).status_code == 200
    return browser


def test_a_person_sees_their_own_sessions_and_no_one_elses(login, coach, other_coach):
    mine = open_session(login, coach, "192.0.2.10")
    open_session(login, coach, "192.0.2.11")
    open_session(login, other_coach, "192.0.2.99")

    page = mine.get(SESSIONS)

    assert page.status_code == 200
    content = page.content.decode()
    assert "192.0.2.10" in content and "192.0.2.11" in content
    assert "192.0.2.99" not in content


def test_the_account_menu_links_to_the_sessions_page(login, coach):
    browser = open_session(login, coach, "192.0.2.10")

    assert f'href="{SESSIONS}"' in browser.get(ACCOUNT_PAGE).content.decode()


def test_a_person_ends_their_other_sessions(login, coach):
    mine = open_session(login, coach, "192.0.2.10")
    other = open_session(login, coach, "192.0.2.11")

    mine.post(SESSIONS)

    assert other.get(ACCOUNT_PAGE).status_code == 302  # logged out: sent to log in
    assert mine.get(ACCOUNT_PAGE).status_code == 200
    assert UserSession.objects.filter(user=coach).count() == 1


def test_an_administrator_ends_anyones_session_from_the_admin(login, administrator, coach):
    theirs = open_session(login, coach, "192.0.2.10")
    admin = open_session(login, administrator, "192.0.2.20")
    session = UserSession.objects.get(user=coach)

    listing = admin.get("/django-admin/usersessions/usersession/")
    assert listing.status_code == 200
    assert "192.0.2.10" not in listing.content.decode()  # no address in an admin
    change = admin.get(f"/django-admin/usersessions/usersession/{session.pk}/change/")
    assert "192.0.2.10" not in admin.get(change["Location"]).content.decode()
    admin.post(
        "/django-admin/usersessions/usersession/",
        {"action": "end_sessions", "_selected_action": [session.pk]},
    )

    assert not UserSession.objects.filter(pk=session.pk).exists()
    assert theirs.get(ACCOUNT_PAGE).status_code == 302


def test_only_administrators_open_the_sessions_admin(login, staff):
    browser = open_session(login, staff, "192.0.2.10")

    response = browser.get("/django-admin/usersessions/usersession/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
