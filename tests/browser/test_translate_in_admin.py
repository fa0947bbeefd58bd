"""An editor translates in Wagtail's admin: on a new Dutch page they click "Translate", choose
French, give the French draft its French title and publish it. The French address then shows
the French title, and the language switch on the Dutch page leads there. The same for a lesson
of the e-learning, whose French module exists: a volunteer who completed the Dutch lesson finds
the French one completed too (the translation shares the Dutch lesson's translation key).

The admin speaks the editor's language (Dutch here): the steps find their buttons by address
and name, not by their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale
from wagtail.models import Page as WagtailPage

from cms.models import ContentPage, HomePage
from people.factories import UserFactory
from people.roles import Role
from tests.browser.conftest import authenticator_for, log_in, totp_code
from training.factories import lesson_page, module_page, training_index

EDITOR_EMAIL = "editor.browser@kring.example"


@dataclass(frozen=True)
class Source:
    pk: int
    url: str  # the Dutch page's address
    title: str


@dataclass(frozen=True)
class TranslateSite:
    url: str
    password: str
    editor_secret: str
    volunteer_email: str
    french_locale: int
    content: Source
    lesson: Source


@pytest.fixture
def translate_site(kring_site) -> TranslateSite:
    french = Locale.objects.get(language_code="fr")
    home = HomePage.objects.get(locale__language_code="nl")

    content = ContentPage(
        title="Vrijwilligersavond", slug="vrijwilligersavond", intro="Kom kennismaken."
    )
    home.add_child(instance=content)
    content.save_revision().publish()

    # The e-learning's index and module in Dutch and French (as seed_demo makes them), and a
    # new Dutch lesson without a translation.
    index = training_index(home)
    module = module_page(index=index, title="De route", slug="de-route")
    for page in (index, module):
        page.copy_for_translation(french).save_revision().publish()
    lesson = lesson_page(module=module, title="Het familienetwerk", slug="familienetwerk")
    lesson.save_revision().publish()

    editor = UserFactory(email=EDITOR_EMAIL, roles=[Role.EDITOR])
    return TranslateSite(
        url=kring_site.url,
        password=kring_site.password,
        editor_secret=authenticator_for(editor),
        volunteer_email=kring_site.coordinator_email,
        french_locale=french.pk,
        content=Source(pk=content.pk, url=content.url, title=content.title),
        lesson=Source(pk=lesson.pk, url=lesson.url, title=lesson.title),
    )


def log_in_to_the_admin(page: Page, site: TranslateSite, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site.url}/accounts/login/?next={next_path}")
    form = page.locator('form:has(input[name="password"])')
    form.locator('input[name="login"]').fill(EDITOR_EMAIL)
    form.locator('input[name="password"]').fill(site.password)
    form.locator('button[type="submit"]').click()
    # Editors must have a second factor: the authenticator's code next.
    code_form = page.locator('form:has(input[name="code"])')
    code_form.locator('input[name="code"]').fill(totp_code(site.editor_secret))
    code_form.locator('button[type="submit"]:not([form])').click()
    expect(page).to_have_url(site.url + next_path)


def translate_and_publish(page: Page, site: TranslateSite, source: Source, title: str) -> str:
    """From the Dutch page's editor: Translate, French, the French title, Publish. Returns the
    French page's address."""
    translate = f"/admin/translation/submit/page/{source.pk}/"
    # "Translate" is in the actions menu ("...") beside the page's title in the header.
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator(f'a[href="{translate}"]').click()
    expect(page).to_have_url(site.url + translate)

    page.locator(f'input[name="locales"][value="{site.french_locale}"]').check()
    page.locator('form[method="POST"] input[type="submit"]').click()

    # The French draft opens in the editor.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    french_pk = int(re.search(r"/admin/pages/(\d+)/edit/$", page.url).group(1))
    expect(page.locator("#id_title")).to_have_value(source.title)
    page.locator("#id_title").fill(title)

    # "Publish" is in the menu beside "Save draft" at the bottom.
    actions = page.locator(".w-dropdown", has=page.locator('button[name="action-publish"]'))
    actions.locator(".w-dropdown__toggle").first.click()
    actions.locator('button[name="action-publish"]').click()
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{french_pk}/edit/$"))
    expect(page.locator(".messages .success").first).to_be_visible()

    french = WagtailPage.objects.get(pk=french_pk)
    assert french.live
    assert french.locale_id == site.french_locale
    assert french.translation_key == WagtailPage.objects.get(pk=source.pk).translation_key
    return french.url


def assert_french_page(page: Page, site: TranslateSite, french_url: str, title: str) -> None:
    expect(page).to_have_url(site.url + french_url)
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^fr"))
    expect(page.locator("h1").first).to_contain_text(title)


def test_editor_translates_a_new_page_into_french_and_publishes_it(page: Page, translate_site, axe):
    site = translate_site
    log_in_to_the_admin(page, site, f"/admin/pages/{site.content.pk}/edit/")

    french_url = translate_and_publish(page, site, site.content, "Soirée des bénévoles")

    assert french_url.startswith("/fr/")
    response = page.goto(site.url + french_url)
    assert response is not None and response.status == 200
    assert_french_page(page, site, french_url, "Soirée des bénévoles")
    axe.assert_no_violations(page)

    page.goto(site.url + site.content.url)
    page.locator('.language-switch a[hreflang="fr"]').click()
    assert_french_page(page, site, french_url, "Soirée des bénévoles")


def test_editor_translates_a_new_lesson_into_french_and_publishes_it(page: Page, translate_site):
    site = translate_site
    # A volunteer completes the Dutch lesson before it has a French version.
    log_in(page, site.url, site.volunteer_email, site.password)
    page.goto(site.url + site.lesson.url)
    page.locator("#lesson-complete form button[type=submit]").click()
    expect(page.locator(".lesson__meta .status--done")).to_be_visible()

    log_in_to_the_admin(page, site, f"/admin/pages/{site.lesson.pk}/edit/")

    french_url = translate_and_publish(page, site, site.lesson, "Le réseau familial")

    assert french_url.startswith("/fr/")
    response = page.goto(site.url + french_url)
    assert response is not None and response.status == 200
    assert_french_page(page, site, french_url, "Le réseau familial")

    page.goto(site.url + site.lesson.url)
    expect(page.locator("h1").first).to_contain_text(site.lesson.title)
    page.locator('.language-switch a[hreflang="fr"]').click()
    assert_french_page(page, site, french_url, "Le réseau familial")

    # The volunteer finds the French lesson completed: their progress followed the link.
    page.context.clear_cookies()
    log_in(page, site.url, site.volunteer_email, site.password)
    page.goto(site.url + french_url)
    expect(page.locator("h1").first).to_contain_text("Le réseau familial")
    expect(page.locator(".lesson__meta .status--done")).to_be_visible()
    expect(page.locator(".lesson__meta .status--todo")).to_have_count(0)
