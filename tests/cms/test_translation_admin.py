"""Editors translate pages in Wagtail's admin (wagtail.contrib.simple_translation): "Translate"
on a Dutch page makes a French draft under the French parent, linked by its translation key;
the editor edits and publishes it. Whoever lacks the permission is refused. Administrators
manage the locales."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import ContentPage
from people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def new_page(site_pages) -> ContentPage:
    """A new Dutch content page, published, without translations."""
    page = ContentPage(
        title="Vrijwilligersavond", slug="vrijwilligersavond", intro="Kom kennismaken."
    )
    site_pages["home"].add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_url(page: Page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def page_editor_without_translation() -> object:
    """Someone who may open the admin and edit every page, but not submit translations."""
    group = Group.objects.create(name="page editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=Page.get_first_root_node(), permission_type="change"
    )
    user = UserFactory(email="page.editor@kring.test")
    user.groups.add(group)
    return user


def publish_post(page: ContentPage, **changes) -> dict:
    """The edit form of a content page without body blocks, as posted by "Publish"."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "image": "",
        "image_alt": page.image_alt,
        "body": streamfield([]),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "action-publish": "action-publish",
    }
    data.update(changes)
    return nested_form_data(data)


# --- Translate -----------------------------------------------------------------------------------


def test_editor_is_offered_to_translate_a_new_dutch_page(client, login, editor, new_page):
    login(client, editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[new_page.pk]))

    assert response.status_code == 200
    assert translate_url(new_page) in response.content.decode()


def test_editor_translates_a_new_dutch_page_into_a_linked_french_draft(
    client, login, editor, new_page, site_pages, french
):
    login(client, editor)
    assert client.get(translate_url(new_page)).status_code == 200

    response = client.post(translate_url(new_page), {"locales": [french.pk]})

    translation = new_page.get_translation(french)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert translation.translation_key == new_page.translation_key
    assert translation.get_parent().pk == site_pages["fr_home"].pk
    assert translation.title == "Vrijwilligersavond"
    assert not translation.live
    assert new_page.get_translations().count() == 1


def test_editor_edits_and_publishes_the_french_translation(client, login, editor, new_page, french):
    login(client, editor)
    client.post(translate_url(new_page), {"locales": [french.pk]})
    translation = new_page.get_translation(french).specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])

    response = client.post(
        edit_url,
        publish_post(translation, title="Soirée des bénévoles", slug="soiree-des-benevoles"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert translation.live
    assert translation.title == "Soirée des bénévoles"
    assert translation.translation_key == new_page.translation_key
    assert client.get(translation.url).status_code == 200
    assert translation.url.startswith("/fr/")


def test_a_page_already_in_every_language_offers_no_locale(
    client, login, editor, site_pages, french
):
    login(client, editor)
    what_is = site_pages["what_is"]

    response = client.post(translate_url(what_is), {"locales": [french.pk]})

    # Already translated: French is not a choice, the form comes back and nothing is copied.
    assert response.status_code == 200
    assert what_is.get_translations().filter(locale=french).count() == 1


# --- Refused -------------------------------------------------------------------------------------


def test_a_page_editor_without_the_permission_cannot_translate(client, login, new_page, french):
    login(client, page_editor_without_translation())

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[new_page.pk]))
    get = client.get(translate_url(new_page))
    post = client.post(translate_url(new_page), {"locales": [french.pk]})

    assert edit.status_code == 200
    assert translate_url(new_page) not in edit.content.decode()
    # Wagtail's admin answers a refusal with a redirect to the dashboard and an error message.
    for response in (get, post):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not new_page.has_translation(french)


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_people_outside_the_admin_cannot_translate(
    client, login, personas, persona, new_page, french
):
    login(client, personas[persona])

    response = client.post(translate_url(new_page), {"locales": [french.pk]})

    # Without access to the admin, Wagtail sends them to log in as someone who has it.
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not new_page.has_translation(french)


def test_an_anonymous_visitor_is_sent_to_log_in(client, new_page, french):
    response = client.post(translate_url(new_page), {"locales": [french.pk]})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not new_page.has_translation(french)


# --- In the page list ----------------------------------------------------------------------------


def test_the_page_list_offers_translate_and_switches_locale(
    client, login, editor, new_page, site_pages
):
    login(client, editor)

    html = client.get(reverse("wagtailadmin_explore", args=[site_pages["home"].pk])).content
    html = html.decode()

    assert translate_url(new_page) in html
    # The locale switch leads to the same place in the French and English trees.
    for code in ("fr", "en"):
        url = reverse("wagtailadmin_explore", args=[site_pages[f"{code}_home"].pk])
        assert f'href="{url}" lang="{code}"' in html


# --- Locales -------------------------------------------------------------------------------------


def test_administrators_manage_the_locales(client, login, administrator):
    login(client, administrator)

    response = client.get(reverse("wagtaillocales:index"))

    assert response.status_code == 200
    assert (
        reverse("wagtaillocales:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_editors_do_not_manage_the_locales(client, login, editor):
    login(client, editor)

    response = client.get(reverse("wagtaillocales:index"))

    assert response.status_code == 302
    assert (
        reverse("wagtaillocales:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
