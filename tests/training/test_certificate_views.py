"""The certificate pages: the PDF download, revoking by staff, and the public lookup and
verification pages (same answer for unknown and malformed codes, rate-limited, not indexed)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from people.audit.models import AccessAction, AccessEvent
from tests.text import nl
from training.certificates.selectors import add_months, coordinators_with_valid_certificate
from training.certificates.services import certificate_issue, certificate_revoke
from training.certificates.views import VERIFY_RATE_LIMIT
from training.factories import TrackFactory
from training.models import Certificate, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(coordinator):
    return certificate_issue(
        user=coordinator,
        track=TrackFactory(name="Basisopleiding", certificate_title="Gecertificeerd coördinator"),
        issued_on=timezone.localdate() - datetime.timedelta(days=10),
    )


def pdf_url(certificate) -> str:
    return reverse("training:certificate_pdf", kwargs={"pk": certificate.pk})


def revoke_url(certificate) -> str:
    return reverse("training:certificate_revoke", kwargs={"pk": certificate.pk})


def verify_url(code: str) -> str:
    return reverse("training:certificate_verify", kwargs={"code": code})


# --- The PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "coach", "staff", "administrator"])
def test_holder_coach_staff_and_administrator_download_the_pdf(
    persona, client, login, personas, certificate
):
    login(client, personas[persona])
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{certificate.issued_on}.pdf"'
    assert "Cor" not in disposition
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("persona", ["other_coordinator", "other_coach", "other_staff", "editor"])
def test_others_get_404_for_the_pdf(persona, client, login, personas, certificate):
    login(client, personas[persona])
    assert client.get(pdf_url(certificate)).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_the_pdf(client, certificate):
    response = client.get(pdf_url(certificate))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_former_coach_no_longer_downloads_the_pdf(client, login, coach, coordinator, certificate):
    coordinator.coach_assignments.update(ends_on=timezone.localdate())
    login(client, coach)
    assert client.get(pdf_url(certificate)).status_code == 404


# --- Revoking --------------------------------------------------------------------------------


def test_staff_sees_the_confirmation_form(client, login, staff, certificate):
    login(client, staff)
    response = client.get(revoke_url(certificate))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="reason"' in content
    assert "Gecertificeerd coördinator" in content
    assert response.context["staff_section"] == "volunteers"


@pytest.mark.parametrize(
    "persona", ["coordinator", "other_coordinator", "coach", "other_coach", "other_staff", "editor"]
)
def test_others_cannot_revoke(persona, client, login, personas, certificate):
    login(client, personas[persona])
    assert client.get(revoke_url(certificate)).status_code == 404
    assert client.post(revoke_url(certificate), {"reason": "Zomaar."}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_anonymous_visitor_cannot_revoke(client, certificate):
    response = client.post(revoke_url(certificate), {"reason": "Zomaar."})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_without_a_reason_shows_the_error_by_the_field(client, login, staff, certificate):
    login(client, staff)
    response = client.post(revoke_url(certificate), {"reason": "   "})
    assert response.status_code == 200
    form = response.context["form"]
    assert "reason" in form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_too_long_reason_is_refused_and_the_input_kept(client, login, staff, certificate):
    login(client, staff)
    reason = "Te lang. " * 300
    response = client.post(revoke_url(certificate), {"reason": reason})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert "Te lang." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_staff_revokes_and_is_sent_to_the_volunteer(client, login, staff, coordinator, certificate):
    login(client, staff)
    response = client.post(revoke_url(certificate), {"reason": "Gedragscode geschonden."})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "training:volunteer_detail", kwargs={"pk": coordinator.pk}
    )
    certificate.refresh_from_db()
    assert certificate.revoked_by == staff
    assert certificate.revoked_reason == "Gedragscode geschonden."
    assert coordinator not in coordinators_with_valid_certificate()
    assert not Reminder.objects.filter(certificate=certificate, cancelled_at__isnull=True).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    # The holder's access log: who changed the volunteer record, and nothing of the reason.
    (event,) = AccessEvent.objects.about(coordinator).filter(action=AccessAction.CHANGE)
    assert event.actor == staff


def test_revoking_twice_keeps_the_first_reason(client, login, staff, administrator, certificate):
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Eerste reden.")
    login(client, administrator)
    get = client.get(revoke_url(certificate))
    assert get.status_code == 200 and get.context["form"] is None
    assert "Eerste reden." in get.content.decode()
    response = client.post(revoke_url(certificate), {"reason": "Tweede reden."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Eerste reden."


def test_revoking_needs_a_post_with_csrf(staff, certificate):
    from django.test import Client

    from tests.conftest import log_in

    client = Client(enforce_csrf_checks=True)
    log_in(client, staff)
    response = client.post(revoke_url(certificate), {"reason": "Zonder token."})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# --- Public lookup ---------------------------------------------------------------------------


def test_lookup_form_is_public(client):
    response = client.get(reverse("training:certificate_lookup"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_lookup_sends_the_code_to_its_page(client, certificate):
    response = client.get(
        reverse("training:certificate_lookup"), {"code": f"  {certificate.code} "}
    )
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.code)


def test_lookup_accepts_the_whole_verification_address(client, certificate):
    address = f"https://kring.example/certificaat/{certificate.code}/"
    response = client.get(reverse("training:certificate_lookup"), {"code": address})
    assert response["Location"] == verify_url(certificate.code)


@pytest.mark.parametrize("typed", ["a?b", "a#b", "100%", "a b", "ä", "<script>", "x" * 300])
def test_lookup_sends_any_typed_text_to_a_verification_page(client, typed):
    from django.urls import resolve

    response = client.get(reverse("training:certificate_lookup"), {"code": typed})
    assert response.status_code == 302
    assert resolve(response["Location"]).url_name == "certificate_verify"
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.parametrize("typed", ["  ", "/", "..", "./.."])
def test_lookup_without_a_code_asks_for_one(client, typed):
    response = client.get(reverse("training:certificate_lookup"), {"code": typed})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


# --- Public verification ---------------------------------------------------------------------


def test_verification_shows_name_title_date_and_valid_only(client, coordinator, certificate):
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(certificate.holder_name) in content  # as the page writes it: "D&#x27;hondt"
    assert "Gecertificeerd coördinator" in content
    assert response.context["state"] == "valid"
    assert coordinator.email not in content
    assert "Antwerpen" not in content  # the region
    assert "Basisopleiding" not in content  # the track's name is not part of it
    main = content[content.index("<main") : content.index("</main>")]
    assert certificate.code not in main


def test_verification_shows_a_name_with_an_apostrophe(client, coordinator):
    """The factory's names are random; one like "Cor D'hondt" made the test above fail now and
    then, looking for the name unescaped in the HTML."""
    coordinator.first_name, coordinator.last_name = "Cor", "D'hondt"
    coordinator.save()
    certificate = certificate_issue(
        user=coordinator,
        track=TrackFactory(name="Basisopleiding", certificate_title="Gecertificeerd coördinator"),
        issued_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    content = client.get(verify_url(certificate.code)).content.decode()
    assert "D'hondt" in certificate.holder_name
    assert escape(certificate.holder_name) in content


def test_verification_page_is_not_indexed_cached_or_referred(client, certificate):
    for code in (certificate.code, "x" * 22, "malformed"):
        response = client.get(verify_url(code))
        assert response["X-Robots-Tag"].startswith("noindex")
        assert response["Referrer-Policy"] == "no-referrer"
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_verification_of_an_expired_certificate(client, coordinator):
    track = TrackFactory(validity_months=24)
    issued_on = add_months(timezone.localdate() - datetime.timedelta(days=5), -24)
    expired = certificate_issue(user=coordinator, track=track, issued_on=issued_on)
    response = client.get(verify_url(expired.code))
    assert response.status_code == 200
    assert response.context["state"] == "expired"
    assert nl("Expired") in response.content.decode()


def test_verification_of_a_revoked_certificate_says_revoked_without_the_reason(
    client, staff, certificate
):
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Gedragscode geschonden.")
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    assert response.context["state"] == "revoked"
    content = response.content.decode()
    assert nl("This certificate has been revoked and is no longer valid.") in content
    assert "Gedragscode" not in content


def _normalised(response) -> str:
    """The page with what differs between any two requests taken out: the CSRF tokens, the
    language switch (its links lead to this address in each language) and the current address."""
    content = response.content.decode()
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)
    content = re.sub(r'<nav class="language-switch".*?</nav>', "", content, flags=re.DOTALL)
    return content.replace(response.wsgi_request.get_full_path(), "PATH")


@pytest.mark.parametrize(
    "malformed", ["short", "x" * 40, "not-a-code!!not-a-code!", "%27%20OR%201%3D1--", "ääää"]
)
def test_unknown_and_malformed_codes_get_the_same_answer(client, certificate, malformed):
    unknown_code = "A" * 22
    assert not Certificate.objects.filter(code=unknown_code).exists()
    unknown = client.get(verify_url(unknown_code))
    bad = client.get(verify_url(malformed))
    assert unknown.status_code == bad.status_code == 404
    assert [t.name for t in unknown.templates][:1] == [t.name for t in bad.templates][:1]
    assert nl("We cannot find a certificate with this code.") in unknown.content.decode()
    assert _normalised(unknown) == _normalised(bad)
    assert dict(unknown.headers).keys() == dict(bad.headers).keys()


def test_verification_does_one_lookup_and_the_same_work_for_unknown_and_malformed_codes(
    client, certificate
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(verify_url(certificate.code))  # the page's shared parts, cached once
    counts = {}
    for code in (certificate.code, "B" * 22, "bad"):
        with CaptureQueriesContext(connection) as queries:
            client.get(verify_url(code))
        counts[code] = len(queries)
        lookups = [q for q in queries if "training_certificate" in q["sql"]]
        assert len(lookups) == 1
    # (A 404 costs Wagtail's redirect middleware one more query, for a known code too.)
    assert counts["B" * 22] == counts["bad"], counts


def test_verification_is_rate_limited_per_visitor(client, certificate):
    for _ in range(VERIFY_RATE_LIMIT):
        assert client.get(verify_url(certificate.code)).status_code == 200
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert certificate.holder_name not in response.content.decode()
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    # Another address is not held back.
    other = client.get(verify_url(certificate.code), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_guessing_codes_counts_towards_the_limit(client, certificate):
    for index in range(VERIFY_RATE_LIMIT):
        client.get(verify_url(f"{index:022d}"))
    assert client.get(verify_url(certificate.code)).status_code == 429


@pytest.mark.parametrize(
    ("moment", "state", "available"),
    [
        # Issued on 10 March 2026 for 18 months: the last valid day is 10 September 2027.
        ("2027-09-10T00:00", "valid", True),
        ("2027-09-10T23:59", "valid", True),
        # Half past midnight in Brussels is still 10 September in UTC: expired all the same.
        ("2027-09-11T00:30", "expired", False),
    ],
)
def test_a_certificate_holds_until_the_end_of_its_last_day_in_brussels(
    client, coordinator, time_machine, moment, state, available
):
    certificate = certificate_issue(
        user=coordinator,
        track=TrackFactory(validity_months=18),
        issued_on=datetime.date(2026, 3, 10),
    )
    brussels = datetime.datetime.fromisoformat(moment).replace(
        tzinfo=timezone.get_default_timezone()
    )
    time_machine.move_to(brussels, tick=False)

    assert client.get(verify_url(certificate.code)).context["state"] == state
    assert (coordinator in coordinators_with_valid_certificate()) is available
