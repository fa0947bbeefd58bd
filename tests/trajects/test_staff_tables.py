"""The staff tables' rows, built in Python (``people.tables.StaffTable.body_html`` with each
table's ``cell_writer``), are the markup django-tables2's cells made in the template loop:
the same cells, values, labels, links and escaping, in every language, the empty text alone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from people.factories import CoordinatorFactory, StaffFactory
from tests.staff_tables import (
    AWKWARD_NAMES,
    as_template_wrote_it,
    assert_rows_as_django_tables2_writes_them,
    paginated,
    squeezed,
)
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import (
    Channel,
    OrganisationType,
    RegistrantType,
    Registration,
    RegistrationStatus,
)
from trajects.tables import RegistrationTable
from trajects.traject.models import Phase, StopReason, Traject
from trajects.traject.selectors import traject_list
from trajects.traject.tables import TrajectTable

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "fr", "en"]


@pytest.fixture
def registrations(staff, antwerpen):
    """A registration in every status and of every registrant type, by form and by phone
    (taken by someone with an awkward name, by someone without a name, by a deleted
    account), with awkward and empty municipalities, on days around midnight."""
    takers = [
        StaffFactory(first_name=name, last_name="", regions=[antwerpen]) for name in AWKWARD_NAMES
    ]
    takers.append(StaffFactory(first_name="", last_name="", email="o'neil@kring.test"))
    types = list(RegistrantType)
    municipalities = ['<script>alert("x")</script>', "", "Sint-Job-in-'t-Goor", "Antwerpen"]
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))
    original = RegistrationFactory(region=antwerpen)
    for number, status in enumerate(RegistrationStatus):
        for channel in Channel:
            registrant_type = types[number % len(types)]
            organisation = (
                {"organisation_type": OrganisationType.CAW, "organisation_name": "CAW"}
                if registrant_type == RegistrantType.PROFESSIONAL
                else {}
            )
            RegistrationFactory(
                region=antwerpen,
                status=status,
                channel=channel,
                registrant_type=registrant_type,
                **organisation,
                duplicate_of=original if status == RegistrationStatus.DUPLICATE else None,
                municipality=municipalities[number % len(municipalities)],
                taken_by=takers[number % len(takers)] if channel == Channel.PHONE else None,
                created_at=moment + datetime.timedelta(hours=number),
            )
    RegistrationFactory(region=antwerpen, channel=Channel.PHONE, taken_by=None)
    return Registration.objects.select_related("region", "taken_by").order_by("pk")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registration_rows_are_what_django_tables2_wrote(language, registrations):
    with translation.override(language):
        built = assert_rows_as_django_tables2_writes_them(RegistrationTable, registrations)

    assert built.count("<tr>") == registrations.count()
    assert "&lt;script&gt;" in built and "<script>" not in built
    assert "D&#x27;Hondt" in built and "&lt;b&gt;Vet&lt;/b&gt; &amp; Co" in built
    assert "<br><small>" in built


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registration_rows_as_the_inbox_reads_them(language, registrations, staff):
    from trajects.selectors import registration_inbox

    with translation.override(language):
        assert_rows_as_django_tables2_writes_them(RegistrationTable, registration_inbox(user=staff))
        built = assert_rows_as_django_tables2_writes_them(
            RegistrationTable, registration_inbox(user=staff), exclude=("region",)
        )
    assert 'class="region"' not in built


@pytest.fixture
def trajects(staff, antwerpen):
    for municipality in ["D'Hoek <b>", ""]:
        registration = RegistrationFactory(region=antwerpen, municipality=municipality)
        registration_intake_start(registration=registration, by=staff)
        registration_accept(registration=registration, by=staff)
    first = Traject.objects.order_by("pk").first()
    for phase in Phase:
        registration = RegistrationFactory(region=antwerpen)
        registration_intake_start(registration=registration, by=staff)
        registration_accept(registration=registration, by=staff)
        Traject.objects.filter(registration=registration).update(
            phase=phase,
            paused_at=first.created_at if phase == Phase.MATCHING else None,
            coordinator=(
                None if phase in (Phase.MATCHING, Phase.STOPPED) else CoordinatorFactory()
            ),
            stop_reason=StopReason.SITUATION_CHANGED if phase == Phase.STOPPED else "",
        )
    return Traject.objects.select_related("registration", "region").order_by("pk")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_traject_rows_are_what_django_tables2_wrote(language, trajects, staff):
    with translation.override(language):
        built = assert_rows_as_django_tables2_writes_them(TrajectTable, trajects)
        assert_rows_as_django_tables2_writes_them(TrajectTable, traject_list(user=staff))
        hidden = assert_rows_as_django_tables2_writes_them(
            TrajectTable, traject_list(user=staff), exclude=("region",)
        )

    assert built.count("<tr>") == trajects.count()
    assert "status-badge--paused" in built
    assert "D&#x27;Hoek &lt;b&gt;" in built
    assert 'class="region"' not in hidden


def test_an_empty_table_shows_its_empty_text_in_one_row():
    table = paginated(RegistrationTable, Registration.objects.none())

    assert squeezed(table.body_html()) == squeezed(as_template_wrote_it(table))
    assert 'colspan="6"' in table.body_html()
