"""The process's map of locales (cms.models) answers without a query and is read again when a
locale changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import locale_by_id

pytestmark = pytest.mark.django_db


def test_a_known_locale_costs_no_query():
    dutch = Locale.objects.get(language_code="nl")
    assert locale_by_id(dutch.pk).language_code == "nl"

    with CaptureQueriesContext(connection) as captured:
        assert locale_by_id(dutch.pk).language_code == "nl"

    assert len(captured) == 0


def test_a_changed_or_deleted_locale_is_read_again():
    german = Locale.objects.create(language_code="de")
    assert locale_by_id(german.pk).language_code == "de"

    german.language_code = "en-gb"
    german.save()
    assert locale_by_id(german.pk).language_code == "en-gb"

    pk = german.pk
    german.delete()
    assert locale_by_id(pk) is None
