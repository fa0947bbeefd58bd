"""The Content-Security-Policy in a real browser (config/headers.py): Wagtail's page editor and its
preview, and the Django admin, work under the admins' looser policy with nothing refused; on
Kring's own pages the browser refuses a script injected without the response's nonce."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CspViolations, log_in

ADMIN_EMAIL = "administrator.browser@kring.example"


@pytest.fixture
def administrator_secret(kring_site) -> str:
    """An administrator (Wagtail and Django admin) with an authenticator; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import UserFactory
    from people.roles import Role

    user = UserFactory(
        email=ADMIN_EMAIL, roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_the_admins_work_under_their_policy_with_nothing_refused(
    page: Page, kring_site, administrator_secret, csp_violations: CspViolations
) -> None:
    from cms.models import ContentPage
    from people.models import User

    log_in(page, kring_site.url, ADMIN_EMAIL, kring_site.password, administrator_secret)
    content = ContentPage.objects.filter(locale__language_code="nl").first()

    # Wagtail's page editor, with its preview beside it (a frame of the admin).
    page.goto(f"{kring_site.url}/admin/pages/{content.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(content.title)
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("iframe#w-preview-iframe, .preview-panel iframe").first
    expect(preview.locator("h1").first).to_be_visible()

    # The Django admin's list and a change form with its widgets.
    page.goto(f"{kring_site.url}/django-admin/people/user/")
    expect(page.locator("#result_list")).to_be_visible()
    user = User.objects.get(email=ADMIN_EMAIL)
    page.goto(f"{kring_site.url}/django-admin/people/user/{user.pk}/change/")
    expect(page.locator("form#user_form, form[method=post]").first).to_be_visible()

    assert not csp_violations, "\n".join(csp_violations)


def test_kring_pages_refuse_a_script_without_the_nonce(
    page: Page, kring_site, csp_violations: CspViolations
) -> None:
    page.goto(kring_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not csp_violations  # the menu's script and our styles load

    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            return window.injected === true;
        }"""
    )

    assert ran is False
    for _ in range(20):  # the console message arrives on its own, a moment later
        if any("script-src" in text for text in csp_violations):
            break
        page.wait_for_timeout(50)
    assert any("script-src" in text for text in csp_violations), csp_violations
