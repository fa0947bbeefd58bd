"""The staff's and coaches' view of volunteers' training: who sees whom, the table with its
filters and export at a fixed query count, one volunteer's progress (scores, never their
answers), and the sign-off that issues the certificate."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.factories import CoachAssignmentFactory, CoordinatorFactory, StaffFactory, region
from tests.text import nl
from training.certificates.services import certificate_issue
from training.factories import (
    CertificateFactory,
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
    quiz_value,
)
from training.models import (
    Certificate,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    TrackEnrolment,
    TrainingDayEnrolment,
)
from training.volunteers.selectors import CertificateState, certificate_state

pytestmark = pytest.mark.django_db

STAFF_LIST = "/staf/vrijwilligers/"
COACH_LIST = "/coach/vrijwilligers/"


def detail_url(user) -> str:
    return f"/staf/vrijwilligers/{user.pk}/"


def sign_off_url(user) -> str:
    return f"/staf/vrijwilligers/{user.pk}/afronding/"


def names(response) -> list[str]:
    return sorted(row.record.name for row in response.context["table"].paginated_rows)


def complete(user, lesson):
    LessonProgress.objects.create(
        user=user, lesson=lesson, lesson_key=lesson.translation_key, completed_at=timezone.now()
    )


@pytest.fixture
def course():
    """The basic track: one module with one lesson, no training days, a sign-off."""
    module = module_page(title="De route")
    lesson = lesson_page(module=module, title="Aanmelding", quiz=quiz_value(), reflection=True)
    track = TrackFactory(
        code="basis",
        name="Basisopleiding",
        modules=[module],
        required_training_days=0,
        sign_off_required=True,
        sign_off_description="De coach bevestigt het eerste traject.",
    )
    return track, module, lesson


@pytest.fixture
def limburg_coordinator(db):
    return CoordinatorFactory(
        email="limburg.coordinator@kring.test",
        first_name="Lien",
        last_name="Limburg",
        regions=[region("limburg")],
    )


# --- Who sees whom ----------------------------------------------------------------------------


def test_staff_see_the_coordinators_of_their_region(
    client, login, staff, coordinator, other_coordinator, limburg_coordinator
):
    login(client, staff)

    response = client.get(STAFF_LIST)

    assert response.status_code == 200
    assert names(response) == sorted(
        [coordinator.get_full_name(), other_coordinator.get_full_name()]
    )


def test_other_staff_see_only_their_own_region(
    client, login, other_staff, coordinator, limburg_coordinator
):
    login(client, other_staff)

    assert names(client.get(STAFF_LIST)) == [limburg_coordinator.get_full_name()]
    assert client.get(detail_url(coordinator)).status_code == 404
    assert client.get(detail_url(limburg_coordinator)).status_code == 200


def test_administrator_sees_every_coordinator(
    client, login, administrator, coordinator, other_coordinator, limburg_coordinator
):
    login(client, administrator)

    assert len(names(client.get(STAFF_LIST))) == 3
    assert client.get(detail_url(limburg_coordinator)).status_code == 200


def test_a_coach_sees_only_their_own_coordinators(
    client, login, coach, coordinator, other_coordinator
):
    login(client, coach)

    assert names(client.get(COACH_LIST)) == [coordinator.get_full_name()]
    assert client.get(detail_url(coordinator)).status_code == 200
    assert client.get(detail_url(other_coordinator)).status_code == 404


def test_other_coach_sees_their_own_coordinator_only(
    client, login, other_coach, coordinator, other_coordinator
):
    login(client, other_coach)

    assert names(client.get(COACH_LIST)) == [other_coordinator.get_full_name()]
    assert client.get(detail_url(coordinator)).status_code == 404


def test_a_former_coach_no_longer_sees_the_coordinator(client, login, coach, coordinator):
    assignment = coordinator.coach_assignments.get()
    assignment.ends_on = timezone.localdate()
    assignment.save()
    login(client, coach)

    assert names(client.get(COACH_LIST)) == []
    assert client.get(detail_url(coordinator)).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "editor", "coach"])
def test_no_staff_list_for_others(client, login, personas, persona):
    login(client, personas[persona])

    assert client.get(STAFF_LIST).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "editor", "staff"])
def test_no_coach_list_for_others(client, login, personas, persona):
    login(client, personas[persona])

    assert client.get(COACH_LIST).status_code == 404


def test_a_coordinator_cannot_open_their_own_or_anothers_detail(
    client, login, coordinator, other_coordinator
):
    login(client, coordinator)

    assert client.get(detail_url(coordinator)).status_code == 404
    assert client.get(detail_url(other_coordinator)).status_code == 404


def test_staff_detail_of_someone_who_is_not_a_coordinator_is_404(client, login, staff, coach):
    login(client, staff)

    assert client.get(detail_url(coach)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, coordinator):
    for url in (STAFF_LIST, COACH_LIST, detail_url(coordinator)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- The table --------------------------------------------------------------------------------


def test_the_table_shows_progress_days_sign_off_and_certificate(
    client, login, staff, coordinator, course
):
    track, module, lesson = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    complete(coordinator, lesson)
    login(client, staff)

    response = client.get(STAFF_LIST)

    (row,) = [
        r.record for r in response.context["table"].paginated_rows if r.record.user == coordinator
    ]
    assert row.percent == 50  # the module done, the sign-off not
    assert row.certificate_state == CertificateState.NONE
    content = response.content.decode()
    assert "50 %" in content
    assert "Basisopleiding" in content


def test_filter_by_certificate_state_including_expiring_soon(
    client, login, staff, coordinator, other_coordinator, course
):
    track, _, _ = course
    today = timezone.localdate()
    CertificateFactory(
        user=coordinator,
        track=track,
        issued_on=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=30),
    )
    login(client, staff)

    expiring = client.get(STAFF_LIST, {"certificate": "expiring"})
    none = client.get(STAFF_LIST, {"certificate": "none"})

    assert names(expiring) == [coordinator.get_full_name()]
    assert names(none) == [other_coordinator.get_full_name()]
    assert expiring.context["table"].paginated_rows[0].record.valid_until == (
        today + datetime.timedelta(days=30)
    )


def test_filter_by_name_and_track(client, login, staff, coordinator, other_coordinator, course):
    track, _, _ = course
    coach_track = TrackFactory(code="coach", name="Coach")
    TrackEnrolmentFactory(user=other_coordinator, track=coach_track)
    login(client, staff)

    by_name = client.get(STAFF_LIST, {"q": coordinator.last_name})
    on_coach_track = client.get(STAFF_LIST, {"track": coach_track.pk})

    assert coordinator.get_full_name() in names(by_name)
    assert other_coordinator.get_full_name() not in names(by_name) or (
        other_coordinator.last_name == coordinator.last_name
    )
    enrolled = [
        row.record.name
        for row in on_coach_track.context["table"].paginated_rows
        if row.record.enrolled
    ]
    assert enrolled == [other_coordinator.get_full_name()]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "999"},
        {"sort": "nonsense"},
        {"sort": "-valid_until"},
        {"sort": "progress"},
        {"sort": "certificate"},
        {"certificate": "nonsense"},
        {"track": "nonsense"},
        {"track": "999999"},
        {"region": "nonsense"},
        {"q": "x" * 500},
        {"q": "a\x00b"},
    ],
    ids=lambda query: "-".join(f"{k}={v[:10]}" for k, v in query.items()),
)
def test_odd_query_strings_never_crash(client, login, administrator, coordinator, course, query):
    client.raise_request_exception = False
    login(client, administrator)

    assert client.get(STAFF_LIST, query).status_code == 200


def make_volunteers(count: int, track, *, coach=None) -> None:
    """Coordinators in Antwerpen, each on the track with some progress, a day and a
    certificate."""
    module = track.track_modules.first().module
    lesson = module.get_children().specific().first()
    day = TrainingDayFactory(track=track)
    for _ in range(count):
        user = CoordinatorFactory(regions=[region("antwerpen")])
        TrackEnrolmentFactory(user=user, track=track, signed_off_at=timezone.now())
        complete(user, lesson)
        TrainingDayEnrolment.objects.create(day=day, user=user, attended=True)
        CertificateFactory(user=user, track=track)
        if coach is not None:
            CoachAssignmentFactory(coordinator=user, coach=coach)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_staff_list_needs_the_same_number_of_queries_for_10_and_60_volunteers(
    client, login, staff, course
):
    track, _, _ = course
    login(client, staff)
    client.get(STAFF_LIST)

    make_volunteers(10, track)
    small = count_queries(client, STAFF_LIST)
    make_volunteers(50, track)
    large = count_queries(client, STAFF_LIST)

    assert small == large
    assert len(client.get(STAFF_LIST, {"_export": "csv"}).content.splitlines()) == 61


def test_the_coach_list_needs_the_same_number_of_queries_for_10_and_60_volunteers(
    client, login, coach, course
):
    track, _, _ = course
    login(client, coach)
    client.get(COACH_LIST)

    make_volunteers(10, track, coach=coach)
    small = count_queries(client, COACH_LIST)
    make_volunteers(50, track, coach=coach)
    large = count_queries(client, COACH_LIST)

    assert small == large


# --- Export -----------------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_volunteers_of_the_region_only(
    client, login, staff, coordinator, other_coordinator, limburg_coordinator, course
):
    track, _, _ = course
    CertificateFactory(user=coordinator, track=track)
    login(client, staff)

    response = client.get(STAFF_LIST, {"certificate": "valid", "_export": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert coordinator.get_full_name() in rows[1]
    content = response.content.decode("utf-8-sig")
    assert other_coordinator.get_full_name() not in content
    assert limburg_coordinator.get_full_name() not in content
    assert "<span" not in content


def test_xlsx_export_of_the_coach_list(client, login, coach, coordinator, other_coordinator):
    login(client, coach)

    response = client.get(COACH_LIST, {"_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert coordinator.get_full_name() in values[1]


# --- One volunteer ----------------------------------------------------------------------------


def test_the_detail_shows_modules_scores_days_and_certificates_but_never_answers(
    client, login, staff, coordinator, course
):
    track, module, lesson = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    complete(coordinator, lesson)
    QuizAttempt.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        block_id="quiz1",
        answers={"q1": ["a2"]},
        correct_count=0,
        question_count=1,
        score=37,
        pass_mark=50,
    )
    ReflectionAnswer.objects.create(
        user=coordinator,
        lesson_key=lesson.translation_key,
        block_id="r1",
        text="Mijn geheime gedachte over mijn tante",
    )
    certificate = CertificateFactory(user=coordinator, track=track)
    login(client, staff)

    response = client.get(detail_url(coordinator))

    content = response.content.decode()
    assert response.status_code == 200
    assert "De route" in content and "1 / 1" in content
    assert "37 %" in content
    assert "Mijn geheime gedachte" not in content
    assert "De hulpverlener" not in content  # the text of the answer chosen
    assert f"/portaal/certificaten/{certificate.pk}/pdf/" in content
    assert f"/staf/certificaten/{certificate.pk}/intrekken/" in content
    assert 'action="/staf/vrijwilligers/' in content  # the sign-off form


def test_a_coach_gets_no_revoke_link(client, login, coach, coordinator, course):
    track, _, _ = course
    certificate = CertificateFactory(user=coordinator, track=track)
    login(client, coach)

    content = client.get(detail_url(coordinator)).content.decode()

    assert f"/portaal/certificaten/{certificate.pk}/pdf/" in content
    assert "/intrekken/" not in content


# --- The sign-off -----------------------------------------------------------------------------


def test_the_coachs_sign_off_issues_the_certificate_when_the_rest_is_done(
    client, login, coach, coordinator, course
):
    track, _, lesson = course
    enrolment = TrackEnrolmentFactory(user=coordinator, track=track)
    complete(coordinator, lesson)
    login(client, coach)

    response = client.post(
        sign_off_url(coordinator), {"track": track.pk, "note": "Eerste traject goed."}
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.signed_off_by == coach
    assert enrolment.sign_off_note == "Eerste traject goed."
    assert Certificate.objects.valid_on().filter(user=coordinator, track=track).count() == 1
    followed = client.get(response["Location"])
    expected = nl(
        "The sign-off is recorded and the certificate of %(track)s is issued.", track=track.name
    )
    assert expected in [str(message) for message in followed.context["messages"]]


def test_sign_off_before_the_modules_are_done_issues_nothing_yet(
    client, login, staff, coordinator, course
):
    track, _, _ = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, staff)

    response = client.post(sign_off_url(coordinator), {"track": track.pk})

    assert response.status_code == 302
    assert TrackEnrolment.objects.get(user=coordinator, track=track).signed_off_at is not None
    assert not Certificate.objects.filter(user=coordinator).exists()


def test_signing_off_twice_keeps_the_first_and_issues_one_certificate(
    client, login, coach, staff, coordinator, course
):
    track, _, lesson = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    complete(coordinator, lesson)
    login(client, coach)
    client.post(sign_off_url(coordinator), {"track": track.pk})
    login(client, staff)
    client.post(sign_off_url(coordinator), {"track": track.pk, "note": "later"})

    enrolment = TrackEnrolment.objects.get(user=coordinator, track=track)
    assert enrolment.signed_off_by == coach
    assert Certificate.objects.filter(user=coordinator).count() == 1


def test_another_coach_cannot_sign_off(client, login, other_coach, coordinator, course):
    track, _, _ = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, other_coach)

    assert client.post(sign_off_url(coordinator), {"track": track.pk}).status_code == 404
    assert TrackEnrolment.objects.get(user=coordinator).signed_off_at is None


def test_a_coordinator_cannot_sign_off_themselves(client, login, coordinator, course):
    track, _, _ = course
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, coordinator)

    assert client.post(sign_off_url(coordinator), {"track": track.pk}).status_code == 404


def test_sign_off_of_a_track_not_followed_or_junk_is_no_500(
    client, login, staff, coordinator, course
):
    track, _, _ = course
    login(client, staff)

    assert client.post(sign_off_url(coordinator), {"track": track.pk}).status_code == 404
    TrackEnrolmentFactory(user=coordinator, track=track)
    assert client.post(sign_off_url(coordinator), {"track": "abc"}).status_code == 400
    assert (
        client.post(sign_off_url(coordinator), {"track": track.pk, "note": "x" * 3000}).status_code
        == 400
    )
    assert TrackEnrolment.objects.get(user=coordinator).signed_off_at is None


def test_sign_off_of_a_track_without_sign_off_is_refused(client, login, staff, coordinator):
    track = TrackFactory(code="kort", sign_off_required=False)
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, staff)

    response = client.post(sign_off_url(coordinator), {"track": track.pk})

    assert response.status_code == 400
    assert TrackEnrolment.objects.get(user=coordinator).signed_off_at is None


def test_the_sign_off_can_only_be_posted(client, login, staff, coordinator):
    login(client, staff)

    assert client.get(sign_off_url(coordinator)).status_code == 405


# --- Certificate states -----------------------------------------------------------------------


def test_certificate_states(coordinator, course):
    track, _, _ = course
    today = timezone.localdate()
    assert certificate_state([]) == (CertificateState.NONE, None)
    valid = certificate_issue(user=coordinator, track=track)
    assert certificate_state([valid])[0] == CertificateState.VALID
    expiring = CertificateFactory(
        user=coordinator,
        track=track,
        issued_on=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=60),
    )
    assert certificate_state([expiring])[0] == CertificateState.EXPIRING
    # The valid one that runs longest counts.
    assert certificate_state([expiring, valid]) == (CertificateState.VALID, valid)
    expired = CertificateFactory(
        user=coordinator,
        track=track,
        issued_on=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    assert certificate_state([expired])[0] == CertificateState.EXPIRED
    valid.revoked_at = timezone.now()
    assert certificate_state([expired, valid])[0] == CertificateState.REVOKED


def test_staff_of_two_regions_can_filter_by_region(client, login, coordinator, limburg_coordinator):
    both = StaffFactory(email="both@kring.test", regions=[region("antwerpen"), region("limburg")])
    login(client, both)

    assert len(names(client.get(STAFF_LIST))) == 2
    assert names(client.get(STAFF_LIST, {"region": region("limburg").pk})) == [
        limburg_coordinator.get_full_name()
    ]


def test_a_sign_off_is_dated_by_brussels_time_on_the_page_and_in_the_export(
    client, login, staff, coordinator
):
    track = TrackFactory(sign_off_required=True)
    # Half past midnight on New Year's Day in Brussels is still New Year's Eve in UTC.
    brussels = timezone.get_default_timezone()
    TrackEnrolmentFactory(
        user=coordinator,
        track=track,
        signed_off_at=datetime.datetime(2027, 1, 1, 0, 30, tzinfo=brussels),
    )
    login(client, staff)

    page = client.get(STAFF_LIST).content.decode()
    export = client.get(STAFF_LIST, {"_export": "csv"}).content.decode("utf-8-sig")

    assert "Bevestigd op 01/01/2027" in page
    assert "2027-01-01" in export
    assert "2026-12-31" not in export
