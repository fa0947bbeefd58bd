"""Re-authentication (allauth's, through people.access.require_reauthentication) before an
export, revoking a certificate and making an account."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone, translation

from people.factories import DEFAULT_PASSWORD, postcode
from people.models import User
from training.certificates.services import certificate_issue
from training.factories import ApplicationFactory, TrackFactory
from training.models import ApplicationStatus
from training.recruitment import services as training_services

pytestmark = pytest.mark.django_db

REAUTHENTICATE = "/accounts/reauthenticate/"
EXPORTS = {
    "staff": ["/staf/kandidaten/?_export=csv", "/staf/vrijwilligers/?_export=xlsx"],
    "coach": ["/coach/?_export=csv"],
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sent_to_reauthenticate(response, then: str) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path == REAUTHENTICATE and parse_qs(location.query)["next"] == [then]


@pytest.mark.parametrize(
    ("persona", "url"), [(who, url) for who, urls in EXPORTS.items() for url in urls]
)
def test_an_export_without_a_recent_password_asks_for_it_first(
    client, login, personas, persona, url
):
    login(client, personas[persona], reauthenticated=False)

    response = client.get(url)

    assert sent_to_reauthenticate(response, url)


@pytest.mark.parametrize(
    ("persona", "url"), [(who, url) for who, urls in EXPORTS.items() for url in urls]
)
def test_an_export_right_after_reauthentication_is_the_file(
    client, login, reauthenticated, personas, persona, url
):
    user = personas[persona]
    login(client, user, reauthenticated=False)
    reauthenticated(client, user)

    response = client.get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_the_list_itself_needs_no_reauthentication(client, login, staff):
    login(client, staff, reauthenticated=False)

    assert client.get("/staf/vrijwilligers/").status_code == 200


def test_giving_the_password_again_leads_on_to_the_export(client, login, staff):
    url = "/staf/vrijwilligers/?_export=csv"
    login(client, staff, reauthenticated=False)
    asked = client.get(url)

    given = client.post(asked["Location"], {"password": DEFAULT_PASSWORD})

    assert given.status_code == 302
    assert given["Location"] == url
    assert client.get(url).status_code == 200


def test_a_wrong_password_does_not_open_the_export(client, login, staff):
    url = "/staf/vrijwilligers/?_export=csv"
    login(client, staff, reauthenticated=False)
    asked = client.get(url)

    wrong = client.post(asked["Location"], {"password": "not-the-password-at-all"})

    assert wrong.status_code == 200  # the form again, with its error
    assert sent_to_reauthenticate(client.get(url), url)


def test_reauthentication_expires_after_the_timeout(client, login, staff, settings, time_machine):
    url = "/staf/vrijwilligers/?_export=csv"
    time_machine.move_to(timezone.now(), tick=False)
    login(client, staff)
    time_machine.shift(datetime.timedelta(seconds=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1))

    assert sent_to_reauthenticate(client.get(url), url)


def test_an_outsider_still_gets_404_not_the_password_page(client, login, coordinator):
    login(client, coordinator, reauthenticated=False)

    assert client.get("/staf/vrijwilligers/?_export=csv").status_code == 404


# --- Revoking a certificate -------------------------------------------------------------------


@pytest.fixture
def certificate(coordinator):
    return certificate_issue(
        user=coordinator,
        track=TrackFactory(name="Basisopleiding"),
        issued_on=timezone.localdate() - datetime.timedelta(days=10),
    )


def test_revoking_a_certificate_asks_for_the_password_first(client, login, staff, certificate):
    url = f"/staf/certificaten/{certificate.pk}/intrekken/"
    login(client, staff, reauthenticated=False)

    response = client.post(url, {"reason": "Gedragscode geschonden."})

    assert sent_to_reauthenticate(response, url)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_revocation_is_carried_out_after_the_password(client, login, staff, certificate):
    """allauth keeps the POST and sends it again once the password is given."""
    url = f"/staf/certificaten/{certificate.pk}/intrekken/"
    login(client, staff, reauthenticated=False)
    asked = client.post(url, {"reason": "Gedragscode geschonden."})

    client.post(asked["Location"], {"password": DEFAULT_PASSWORD})

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Gedragscode geschonden."


def test_revoking_out_of_scope_is_404_without_the_password_page(
    client, login, other_staff, certificate
):
    login(client, other_staff, reauthenticated=False)

    url = f"/staf/certificaten/{certificate.pk}/intrekken/"
    assert client.get(url).status_code == 404


# --- Making an account ------------------------------------------------------------------------


@pytest.fixture
def application(staff):
    application = ApplicationFactory(email="nieuw@example.org", postcode=postcode("2000"))
    training_services.application_step_record(
        application=application,
        status=ApplicationStatus.INTAKE,
        occurred_on=timezone.localdate(),
        note="",
        stop_reason="",
        recorded_by=staff,
    )
    return application


def test_making_a_volunteer_account_asks_for_the_password_first(client, login, staff, application):
    url = f"/staf/kandidaten/{application.pk}/account/"
    login(client, staff, reauthenticated=False)

    assert sent_to_reauthenticate(client.get(url), url)
    response = client.post(url, {"action": "create"})

    assert sent_to_reauthenticate(response, url)
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_making_a_volunteer_account_after_reauthentication(client, login, staff, application):
    url = f"/staf/kandidaten/{application.pk}/account/"
    login(client, staff)

    assert client.get(url).status_code == 200


def test_the_django_admin_asks_for_the_password_before_making_an_account(
    client, login, administrator
):
    url = "/django-admin/people/user/add/"
    login(client, administrator, reauthenticated=False)

    assert sent_to_reauthenticate(client.get(url), url)
    login(client, administrator)
    assert client.get(url).status_code == 200


def test_the_class_based_mixin_asks_before_the_view_runs(rf, staff):
    from allauth.core.exceptions import ReauthenticationRequired
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.views import View

    from people.access import ReauthRequiredMixin

    class Sensitive(ReauthRequiredMixin, View):
        def get(self, request):
            return HttpResponse("done")

    request = rf.get("/")
    request.user = staff
    request.session = SessionStore()

    with pytest.raises(ReauthenticationRequired):
        Sensitive.as_view()(request)


def test_making_an_account_in_wagtails_admin_asks_for_the_password_first(
    client, login, reauthenticated, administrator
):
    login(client, administrator, reauthenticated=False)

    assert sent_to_reauthenticate(client.get("/admin/users/new/"), "/admin/users/new/")

    reauthenticated(client, administrator)
    assert client.get("/admin/users/new/").status_code == 200
