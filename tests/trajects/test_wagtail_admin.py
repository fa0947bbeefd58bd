"""Personal data never shows in the Wagtail admin: registrations are no snippets and no admin
models; editors edit the registration page's texts only. The page's place in the tree."""

from __future__ import annotations

import pytest
from django.contrib import admin
from wagtail.snippets.models import get_snippet_models

from cms.models import ContentPage
from trajects.factories import RegistrationFactory
from trajects.models import ReferenceSequence, Registration, RegistrationPage

pytestmark = pytest.mark.django_db

FAMILY = "Samira El Amrani"


def test_registrations_are_not_wagtail_snippets():
    assert Registration not in get_snippet_models()
    assert ReferenceSequence not in get_snippet_models()


def test_registrations_are_not_in_the_django_admin():
    assert Registration not in admin.site._registry
    assert ReferenceSequence not in admin.site._registry


def test_editor_edits_the_registration_page_without_seeing_any_registration(
    client, login, editor, registration_page, antwerpen
):
    RegistrationFactory(core_name=FAMILY, registrant_name=FAMILY, question=FAMILY)
    login(client, editor)

    pages = [
        f"/admin/pages/{registration_page.pk}/edit/",
        f"/admin/pages/{registration_page.get_parent().pk}/",
        f"/admin/pages/search/?q={FAMILY.split()[0]}",
        f"/admin/pages/{registration_page.pk}/history/",
    ]
    for url in pages:
        response = client.get(url)

        assert response.status_code == 200, url
        assert FAMILY not in response.content.decode(), url


def test_registration_page_is_created_under_a_home_page_once_per_language(registration_page):
    home = registration_page.get_parent()

    assert not RegistrationPage.can_create_at(home)  # one per home page
    assert not RegistrationPage.can_exist_under(registration_page)
    content_page = home.add_child(instance=ContentPage(title="Over ons", slug="over-ons"))
    assert not RegistrationPage.can_create_at(content_page)
    assert not RegistrationPage.can_exist_under(content_page)
