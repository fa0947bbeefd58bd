"""The pages Kring shows when it cannot answer normally: the "back in a moment" page of a
database outage (503) and the "too large" page (413). axe-core finds no violation on either, in
Dutch, and the 503 page holds what the visitor typed behind "Try again"."""

from __future__ import annotations

from django.test import RequestFactory, override_settings
from django.utils import translation
from playwright.sync_api import Page, expect

from config.errors import RequestSizeLimitMiddleware, outage_response


def test_the_outage_page_keeps_the_form_and_has_no_accessibility_violations(
    page: Page, axe
) -> None:
    request = RequestFactory().post(
        "/aanmelden/",
        {"registrant_name": "Hilde Peeters", "question": "Een plan", "password": "geheim"},
    )
    with translation.override("nl"):
        response = outage_response(request)
    assert response.status_code == 503
    page.set_content(response.content.decode())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kring is zo terug")
    expect(page.locator('input[type="hidden"][name="registrant_name"]')).to_have_value(
        "Hilde Peeters"
    )
    expect(page.locator('input[name="password"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Probeer opnieuw")).to_be_visible()
    axe.assert_no_violations(page)


@override_settings(KRING_MAX_REQUEST_BYTES=1024 * 1024)
def test_the_too_large_page_has_no_accessibility_violations(page: Page, axe) -> None:
    request = RequestFactory().post("/aanmelden/", data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = str(2 * 1024 * 1024)
    response = RequestSizeLimitMiddleware(lambda request: None)(request)
    assert response.status_code == 413
    page.set_content(response.content.decode())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.assert_no_violations(page)
