"""The applicant deletes their own application in a real browser: from the thank-you page they
follow "Delete your application", confirm with the button (a plain form post) and read that it
is deleted; opening the link again says it was deleted before. axe-core checks both states.
Pages under /en/, so links and buttons are found by their English names."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture
def application_site(kring_site):
    from training.demo import seed_page
    from training.factories import ApplicationFactory

    seed_page()
    application = ApplicationFactory(first_name="Fatima", last_name="Browserwoman")
    return kring_site, application


def test_the_applicant_deletes_their_application_from_the_thank_you_page(
    page: Page, application_site, axe
) -> None:
    from training.models import Application

    site, application = application_site
    page.goto(site.url + f"/en/become-a-volunteer/bedankt/{application.submission_token}/")
    page.get_by_role("link", name="Changed your mind? Delete your application").click()

    expect(page.get_by_role("heading", level=1, name="Delete your application")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Yes, delete my application").click()

    expect(page.get_by_test_id("deleted")).to_be_visible()
    axe.assert_no_violations(page)
    stored = Application.objects.get(pk=application.pk)
    assert stored.anonymised_at is not None
    assert stored.last_name == ""

    page.reload()
    expect(page.get_by_test_id("already-deleted")).to_be_visible()
