"""One site address: links that leave the request (calendar files, the certificate's
verification address) are on SITE_URL, never on the host the request came in on."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from people.factories import CoordinatorFactory
from people.links import absolute_url, relative_url
from training.certificates.pdf import certificate_verify_url
from training.days.calendar import training_day_ics
from training.factories import CertificateFactory, TrainingDayFactory

SITE_URL = "https://kring.example.be"


@override_settings(SITE_URL=SITE_URL)
def test_absolute_url_joins_site_url_and_a_path():
    assert absolute_url("/fr/portaal/") == SITE_URL + "/fr/portaal/"


def test_relative_url_drops_scheme_and_host():
    assert relative_url("http://localhost:8000/en/?q=1#top") == "/en/?q=1#top"


@pytest.mark.django_db
@override_settings(SITE_URL=SITE_URL)
def test_calendar_file_links_to_site_url_not_the_requests_host():
    day = TrainingDayFactory()
    request = RequestFactory().get("/", HTTP_HOST="testserver")

    body = training_day_ics(day, request).decode()

    assert f"{SITE_URL}/portaal/opleidingsdagen/{day.pk}/" in body.replace("\r\n ", "")
    assert "http://testserver" not in body


@pytest.mark.django_db
@override_settings(SITE_URL=SITE_URL)
def test_certificate_verification_address_is_on_site_url():
    certificate = CertificateFactory(user=CoordinatorFactory())
    request = RequestFactory().get("/", HTTP_HOST="testserver")

    url = certificate_verify_url(certificate, request)

    assert url == f"{SITE_URL}/certificaat/{certificate.code}/"
