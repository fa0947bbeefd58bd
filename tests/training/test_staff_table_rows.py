"""The rows of the applications' and volunteers' tables, written by hand
(``cell_writer``), are the markup django-tables2's cells made: the same cells, labels, links,
dates and escaping, in every language, from the lists' own querysets and from rows made to
take every branch."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from people.factories import CoachAssignmentFactory, CoordinatorFactory, postcode
from people.models import Postcode, User
from tests.staff_tables import (
    AWKWARD_NAMES,
    assert_rows_as_django_tables2_writes_them,
    assert_table_rows_as_django_tables2_writes_them,
)
from training.certificates.services import certificate_issue
from training.factories import ApplicationFactory, TrackEnrolmentFactory, TrackFactory
from training.learning.models import Track, TrackEnrolment
from training.recruitment.models import ApplicationStatus
from training.recruitment.views import ApplicationListView
from training.volunteers.selectors import CertificateState, VolunteerRow
from training.volunteers.tables import VolunteerTable
from training.volunteers.views import CoachVolunteerList, StaffVolunteerList

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "fr", "en"]


def view_table(view_class, user, query: str = ""):
    """The table the list view makes for ``user`` (its queryset, filters and pagination)."""
    request = RequestFactory().get("/" + query)
    request.user = user
    view = view_class()
    view.setup(request)
    if hasattr(view, "get_filterset"):  # the applications' FilterView
        view.filterset = view.get_filterset(view.get_filterset_class())
        view.object_list = view.filterset.qs
    return view.get_table(**view.get_table_kwargs())


@pytest.fixture
def applications():
    """An application in every status, with awkward names, no language, two languages and
    an unknown one, in two regions, one from a postcode without a place."""
    taken = set(Postcode.objects.values_list("code", flat=True))
    free = next(code for code in map(str, range(9999, 1000, -1)) if code not in taken)
    nowhere = Postcode.objects.create(code=free, region=postcode("2000").region)
    spoken = [["nl"], ["fr", "en"], [], ["xx"]]
    moment = timezone.make_aware(datetime.datetime(2026, 5, 3, 23, 45))
    for number, status in enumerate(ApplicationStatus):
        ApplicationFactory(
            first_name=AWKWARD_NAMES[number % len(AWKWARD_NAMES)],
            last_name=AWKWARD_NAMES[(number + 1) % len(AWKWARD_NAMES)],
            status=status,
            languages=spoken[number % len(spoken)],
            postcode=[postcode("2000"), postcode("3500"), nowhere][number % 3],
            created_at=moment + datetime.timedelta(hours=number),
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_rows_are_what_django_tables2_wrote(
    language, applications, administrator, staff
):
    with translation.override(language):
        built = assert_table_rows_as_django_tables2_writes_them(
            view_table(ApplicationListView, administrator)
        )
        one_region = assert_table_rows_as_django_tables2_writes_them(
            view_table(ApplicationListView, staff)
        )

    assert built.count("<tr>") == len(ApplicationStatus)
    assert "D&#x27;Hondt" in built and "&lt;b&gt;Vet&lt;/b&gt; &amp; Co" in built
    assert 'class="region"' in built and 'class="region"' not in one_region


def _volunteer(pk: int, first_name: str, last_name: str = "", email: str = "") -> User:
    return User(pk=pk, first_name=first_name, last_name=last_name, email=email)


def _rows() -> list[VolunteerRow]:
    """A row for every branch of the columns: not enrolled, no track, each sign-off, each
    certificate state, with and without regions and an end date."""
    signs_off = Track(pk=1, name="Basis", required_training_days=2, sign_off_required=True)
    no_sign_off = Track(pk=2, name="Verdieping", required_training_days=0)
    signed = timezone.make_aware(datetime.datetime(2026, 4, 30, 23, 30))
    enrolments = [
        (signs_off, None, None),
        (signs_off, TrackEnrolment(signed_off_at=None), 40),
        (signs_off, TrackEnrolment(signed_off_at=signed), 100),
        (no_sign_off, TrackEnrolment(), 0),
        (None, None, None),
    ]
    rows = []
    states = [state for state, _label in CertificateState.choices]
    for number, (track, enrolment, percent) in enumerate(enrolments * 2):
        name = AWKWARD_NAMES[number % len(AWKWARD_NAMES)]
        rows.append(
            VolunteerRow(
                user=_volunteer(
                    number + 1,
                    *(("", "", f"{name}@kring.test") if number == 3 else (name, "Peeters")),
                ),
                region_names=["", "Antwerpen, Limburg", "Brussel & <Halle>"][number % 3],
                track=track,
                enrolment=enrolment,
                certificate_state=states[number % len(states)],
                valid_until=None if number % 2 else datetime.date(2027, 1, number + 1),
                percent=percent,
                days_attended=number % 3,
            )
        )
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_volunteer_rows_are_what_django_tables2_wrote(language):
    with translation.override(language):
        built = assert_rows_as_django_tables2_writes_them(VolunteerTable, _rows(), order_by=())
        hidden = assert_rows_as_django_tables2_writes_them(
            VolunteerTable, _rows(), order_by=(), exclude=("region",)
        )

    assert built.count("<tr>") == 10
    assert "D&#x27;Hondt Peeters" in built and "Brussel &amp; &lt;Halle&gt;" in built
    assert 'class="region"' not in hidden


@pytest.fixture
def volunteers(antwerpen, limburg, coach, coordinator):
    """Coordinators on the basic training (signed off or not, with a certificate or not) and
    one not enrolled, in one region or two, with awkward names."""
    track = TrackFactory(
        code="basis", name="Basisopleiding", required_training_days=1, sign_off_required=True
    )
    TrackEnrolmentFactory(user=coordinator, track=track)
    for number, name in enumerate(AWKWARD_NAMES):
        volunteer = CoordinatorFactory(
            first_name=name, last_name="Peeters", regions=[antwerpen, limburg][: number % 2 + 1]
        )
        CoachAssignmentFactory(coordinator=volunteer, coach=coach)
        if number:
            TrackEnrolmentFactory(
                user=volunteer,
                track=track,
                signed_off_at=timezone.now() if number == 2 else None,
            )
        if number == 2:
            certificate_issue(user=volunteer, track=track)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_volunteer_lists_rows_are_what_django_tables2_wrote(
    language, volunteers, staff, administrator, coach
):
    with translation.override(language):
        built = assert_table_rows_as_django_tables2_writes_them(
            view_table(StaffVolunteerList, administrator, "?sort=-certificate")
        )
        one_region = assert_table_rows_as_django_tables2_writes_them(
            view_table(StaffVolunteerList, staff)
        )
        coached = assert_table_rows_as_django_tables2_writes_them(
            view_table(CoachVolunteerList, coach)
        )

    assert built.count("<tr>") == coached.count("<tr>") == 4
    assert "D&#x27;Hondt Peeters" in built and 'class="region"' in built
    assert 'class="region"' not in one_region
