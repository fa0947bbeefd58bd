"""training.certification: issuing (validity, unguessable codes), revoking, renewal and its
requirements, the activities that count towards it, the matching query and the PDF."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from training.certificates.pdf import certificate_pdf_html, certificate_pdf_render
from training.certificates.selectors import (
    RENEWAL_OPENS_DAYS,
    add_months,
    coordinators_with_valid_certificate,
    renewal_status,
)
from training.certificates.services import (
    certificate_code_new,
    certificate_code_well_formed,
    certificate_issue,
    certificate_renew,
    certificate_revoke,
    renewal_activity_record,
)
from training.factories import TrackFactory, lesson_page, module_page
from training.models import (
    Certificate,
    LessonProgress,
    Reminder,
    RenewalActivity,
    RenewalActivityKind,
)

# The services' messages are compared with their English source text.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


TODAY = datetime.date(2026, 3, 10)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def complete(user, lesson, when=None):
    LessonProgress.objects.update_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        defaults={"lesson": lesson, "completed_at": when or timezone.now()},
    )


def intervision(user, n: int, occurred_on=None):
    for index in range(n):
        renewal_activity_record(
            user=user,
            kind=RenewalActivityKind.INTERVISION,
            occurred_on=occurred_on or days_ago(30),
            reference=f"session-{index}",
        )


# --- Issuing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2024, 2, 29), 24, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 48, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 4, 30)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
        (datetime.date(2026, 5, 15), 24, datetime.date(2028, 5, 15)),
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 10), -12, datetime.date(2025, 3, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_certificate_is_valid_for_the_tracks_period(coordinator):
    track = TrackFactory(validity_months=18, certificate_title="Gecertificeerd coördinator")
    certificate = certificate_issue(user=coordinator, track=track, issued_on=TODAY)

    assert certificate.valid_until == datetime.date(2027, 9, 10)
    assert certificate.holder_name == coordinator.get_full_name()
    assert certificate.title == "Gecertificeerd coördinator"
    assert certificate.is_valid_on(TODAY)
    assert certificate.is_valid_on(datetime.date(2027, 9, 10))
    assert not certificate.is_valid_on(datetime.date(2027, 9, 11))
    due = sorted(r.due_at.date() for r in Reminder.objects.filter(certificate=certificate))
    assert due == [datetime.date(2027, 7, 12), datetime.date(2027, 8, 27)]


def test_certificate_codes_are_long_url_safe_and_unique(coordinator):
    codes = {certificate_code_new() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) >= 22
        assert re.fullmatch(r"[A-Za-z0-9_-]+", code)
        assert certificate_code_well_formed(code)
    track = TrackFactory()
    first = certificate_issue(user=coordinator, track=track)
    second = certificate_issue(user=coordinator, track=track)
    assert first.code != second.code
    assert str(first.pk) not in first.code or len(first.code) >= 22


@pytest.mark.parametrize(
    "code", ["", "short", "a" * 21, "a" * 33, "abc/def" + "a" * 20, "a" * 21 + "!", "ä" * 22]
)
def test_malformed_codes_are_recognised(code):
    assert not certificate_code_well_formed(code)


# --- Matching --------------------------------------------------------------------------------


def test_only_holders_of_a_valid_certificate_are_available_for_matching(
    coordinator, other_coordinator, coach, staff
):
    track = TrackFactory()
    certificate_issue(user=coordinator, track=track, issued_on=days_ago(7))
    # Expired yesterday.
    certificate_issue(
        user=other_coordinator,
        track=track,
        issued_on=add_months(days_ago(1), -track.validity_months),
    )
    # Revoked.
    revoked = certificate_issue(user=coach, track=track)
    certificate_revoke(certificate=revoked, revoked_by=staff, reason="Gedragscode geschonden.")
    # Inactive account.
    inactive = certificate_issue(user=staff, track=track)
    staff.is_active = False
    staff.save()

    available = list(coordinators_with_valid_certificate())

    assert available == [coordinator]
    assert inactive.is_valid_on()
    # On the day before it expired, the other coordinator still counted.
    assert set(coordinators_with_valid_certificate(days_ago(2))) == {coordinator, other_coordinator}


def test_matching_query_is_one_query(coordinator, django_assert_num_queries):
    certificate_issue(user=coordinator, track=TrackFactory())
    with django_assert_num_queries(1):
        assert len(list(coordinators_with_valid_certificate())) == 1


def test_a_renewed_certificate_keeps_the_holder_available_once(coordinator):
    track = TrackFactory(validity_months=24)
    old = certificate_issue(user=coordinator, track=track, issued_on=days_ago(700))
    certificate_renew(certificate=old)
    assert list(coordinators_with_valid_certificate()) == [coordinator]


# --- Revoking --------------------------------------------------------------------------------


def test_revoking_needs_a_reason(coordinator, staff):
    certificate = certificate_issue(user=coordinator, track=TrackFactory())
    with pytest.raises(ValidationError) as error:
        certificate_revoke(certificate=certificate, revoked_by=staff, reason="   ")
    assert "reason" in error.value.message_dict
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_cancels_pending_reminders_and_records_who_and_why(coordinator, staff):
    certificate = certificate_issue(user=coordinator, track=TrackFactory())
    sent = Reminder.objects.filter(certificate=certificate).first()
    sent.sent_at = timezone.now()
    sent.save()

    certificate_revoke(certificate=certificate, revoked_by=staff, reason="  Misbruik.  ")

    certificate.refresh_from_db()
    assert certificate.revoked_by == staff
    assert certificate.revoked_reason == "Misbruik."
    assert not certificate.is_valid_on()
    reminders = Reminder.objects.filter(certificate=certificate)
    assert reminders.filter(cancelled_at__isnull=False).count() == 1
    assert reminders.get(pk=sent.pk).cancelled_at is None  # a sent reminder stays as it was


def test_revoking_twice_keeps_the_first_revocation(coordinator, staff, administrator):
    certificate = certificate_issue(user=coordinator, track=TrackFactory())
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Eerste reden.")
    first_at = Certificate.objects.get(pk=certificate.pk).revoked_at

    certificate_revoke(certificate=certificate, revoked_by=administrator, reason="Tweede reden.")

    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason) == (
        first_at,
        staff,
        "Eerste reden.",
    )


# --- Renewal ---------------------------------------------------------------------------------


@pytest.fixture
def refresher():
    module = module_page(title="Opfrissing")
    lessons = [lesson_page(module=module, title=f"Opfrisles {n}") for n in (1, 2)]
    return module, lessons


@pytest.fixture
def renewal_track(refresher):
    module, _ = refresher
    return TrackFactory(validity_months=24, refresher_module=module, intervision_per_year=2)


@pytest.fixture
def expiring(coordinator, renewal_track):
    """A certificate that expires in 30 days: renewal is open."""
    issued_on = add_months(timezone.localdate() + datetime.timedelta(days=30), -24)
    return certificate_issue(user=coordinator, track=renewal_track, issued_on=issued_on)


def test_renewal_needs_the_refresher_again_and_intervision(coordinator, expiring, refresher):
    _, lessons = refresher
    status = renewal_status(certificate=expiring)
    assert status.is_open
    assert not status.refresher_done and not status.intervision_done
    assert not status.can_renew
    assert len(status.missing) == 2
    with pytest.raises(ValidationError):
        certificate_renew(certificate=expiring)

    for lesson in lessons:
        complete(coordinator, lesson)
    intervision(coordinator, 1)
    status = renewal_status(certificate=expiring)
    assert status.refresher_done
    assert (status.intervision_attended, status.intervision_done) == (1, False)
    with pytest.raises(ValidationError) as error:
        certificate_renew(certificate=expiring)
    assert "intervision" in " ".join(error.value.messages)

    intervision(coordinator, 2)
    assert renewal_status(certificate=expiring).can_renew


def test_refresher_done_before_the_certificate_was_issued_does_not_count(
    coordinator, expiring, refresher
):
    _, lessons = refresher
    before = timezone.now() - datetime.timedelta(days=800)
    for lesson in lessons:
        complete(coordinator, lesson, when=before)
    intervision(coordinator, 2)

    status = renewal_status(certificate=expiring)

    assert status.refresher_lessons_done == 0
    assert not status.can_renew


def test_intervision_older_than_twelve_months_does_not_count(coordinator, expiring, refresher):
    _, lessons = refresher
    for lesson in lessons:
        complete(coordinator, lesson)
    intervision(coordinator, 2, occurred_on=days_ago(400))

    status = renewal_status(certificate=expiring)

    assert status.intervision_attended == 0
    assert not status.can_renew


def test_another_volunteers_refresher_and_intervision_do_not_count(
    expiring, other_coordinator, refresher
):
    _, lessons = refresher
    for lesson in lessons:
        complete(other_coordinator, lesson)
    intervision(other_coordinator, 2)
    status = renewal_status(certificate=expiring)
    assert status.refresher_lessons_done == 0 and status.intervision_attended == 0


def test_renewing_issues_a_new_certificate_from_the_old_expiry(
    coordinator, expiring, refresher, staff
):
    _, lessons = refresher
    for lesson in lessons:
        complete(coordinator, lesson)
    intervision(coordinator, 2)

    renewal = certificate_renew(certificate=expiring, renewed_by=staff)

    assert renewal.renews == expiring
    assert renewal.issued_by == staff
    assert renewal.issued_on == timezone.localdate()
    assert renewal.valid_until == add_months(expiring.valid_until, 24)
    assert renewal.code != expiring.code
    assert renewal.is_valid_on()
    old_reminders = Reminder.objects.filter(certificate=expiring)
    assert not old_reminders.filter(cancelled_at__isnull=True, sent_at__isnull=True).exists()
    assert Reminder.objects.filter(certificate=renewal, cancelled_at__isnull=True).count() == 2
    # A second renewal of the same certificate is refused.
    with pytest.raises(ValidationError) as error:
        certificate_renew(certificate=expiring)
    assert "already" in " ".join(error.value.messages)
    assert Certificate.objects.filter(renews=expiring).count() == 1


def test_renewal_opens_ninety_days_before_expiry(coordinator, renewal_track):
    far = certificate_issue(user=coordinator, track=renewal_track)
    status = renewal_status(certificate=far)
    assert not status.is_open
    assert status.opens_on == far.valid_until - datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    assert any("opens" in reason for reason in status.missing)


def test_a_revoked_certificate_cannot_be_renewed(coordinator, expiring, refresher, staff):
    _, lessons = refresher
    for lesson in lessons:
        complete(coordinator, lesson)
    intervision(coordinator, 2)
    certificate_revoke(certificate=expiring, revoked_by=staff, reason="Ingetrokken.")
    with pytest.raises(ValidationError):
        certificate_renew(certificate=expiring)


def test_an_expired_certificate_renews_from_today(coordinator):
    track = TrackFactory(validity_months=12)
    expired = certificate_issue(user=coordinator, track=track, issued_on=days_ago(400))
    renewal = certificate_renew(certificate=expired)
    assert renewal.valid_until == add_months(timezone.localdate(), 12)


def test_a_track_without_renewal_requirements_can_be_renewed_once_open(coordinator):
    track = TrackFactory(validity_months=24)
    certificate = certificate_issue(user=coordinator, track=track, issued_on=days_ago(700))
    assert renewal_status(certificate=certificate).can_renew


def test_renewal_status_takes_a_fixed_number_of_queries(
    coordinator, expiring, refresher, django_assert_max_num_queries
):
    _, lessons = refresher
    for lesson in lessons:
        complete(coordinator, lesson)
    intervision(coordinator, 2)
    certificate = Certificate.objects.select_related("track__refresher_module").get(pk=expiring.pk)
    with django_assert_max_num_queries(4):
        renewal_status(certificate=certificate)


# --- Renewal activities ----------------------------------------------------------------------


def test_recording_the_same_activity_twice_stores_it_once(coordinator):
    day = days_ago(10)
    first = renewal_activity_record(
        user=coordinator, kind=RenewalActivityKind.INTERVISION, occurred_on=day, reference="s-1"
    )
    second = renewal_activity_record(
        user=coordinator, kind=RenewalActivityKind.INTERVISION, occurred_on=day, reference="s-1"
    )
    assert first.pk == second.pk
    assert RenewalActivity.objects.filter(user=coordinator).count() == 1


def test_recording_an_activity_again_with_another_date_moves_it(coordinator):
    renewal_activity_record(
        user=coordinator, kind="intervision", occurred_on=days_ago(10), reference="s-1"
    )
    renewal_activity_record(
        user=coordinator, kind="intervision", occurred_on=days_ago(3), reference="s-1"
    )
    assert list(RenewalActivity.objects.values_list("occurred_on", flat=True)) == [days_ago(3)]


def test_an_unknown_activity_kind_is_refused(coordinator):
    with pytest.raises(ValueError, match="kind"):
        renewal_activity_record(
            user=coordinator, kind="supervision-ish", occurred_on=days_ago(1), reference="x"
        )
    assert not RenewalActivity.objects.exists()


# --- The PDF ---------------------------------------------------------------------------------


def test_pdf_is_a_one_page_pdf(coordinator):
    from weasyprint import HTML

    certificate = certificate_issue(user=coordinator, track=TrackFactory(name="Basisopleiding"))
    pdf = certificate_pdf_render(certificate=certificate)
    assert pdf.startswith(b"%PDF")
    html = certificate_pdf_html(certificate=certificate)
    assert len(HTML(string=html).render().pages) == 1


def test_pdf_shows_the_facts_and_the_verification_address(coordinator):
    from django.utils import translation

    certificate = certificate_issue(user=coordinator, track=TrackFactory(name="Basisopleiding"))
    with translation.override("nl"):  # the default language: no prefix in the address
        html = certificate_pdf_html(certificate=certificate)
    assert certificate.holder_name in html
    assert certificate.title in html
    assert "Basisopleiding" in html
    assert certificate.code in html
    assert f"http://testserver/certificaat/{certificate.code}/" in html
    assert coordinator.email not in html
    # Nothing to fetch: no external stylesheet, font or image.
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert "@import" not in html and "url(http" not in html


def test_pdf_of_a_revoked_certificate_says_so(coordinator, staff):
    certificate = certificate_issue(user=coordinator, track=TrackFactory())
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Ingetrokken.")
    assert "revoked" in certificate_pdf_html(certificate=certificate)


def test_a_certificate_of_a_track_that_does_not_qualify_does_not_make_a_coordinator_available(
    coordinator, coach
):
    coach_track = TrackFactory(code="coach", qualifies_for_matching=False)
    certificate_issue(user=coordinator, track=coach_track)
    certificate_issue(user=coach, track=TrackFactory())  # a coach, not a coordinator

    assert list(coordinators_with_valid_certificate()) == []


def test_a_revoked_holder_gets_no_new_certificate_when_progress_changes(coordinator, staff):
    from training.certificates.services import certificates_award_due
    from training.factories import TrackEnrolmentFactory

    module = module_page(title="Enige module")
    lesson = lesson_page(module=module)
    track = TrackFactory(modules=[module])
    TrackEnrolmentFactory(user=coordinator, track=track)
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        completed_at=timezone.now(),
    )
    (certificate,) = certificates_award_due(user=coordinator)
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Niet meer actief")

    assert certificates_award_due(user=coordinator) == []
    assert Certificate.objects.filter(user=coordinator).count() == 1


# --- Renewing on its own ------------------------------------------------------------------------


@pytest.fixture
def enrolled_expiring(coordinator):
    """A certificate of a track with a refresher module, enrolled_expiring in a month (renewal open),
    held by an enrolled coordinator who has not done the refresher again."""
    from training.factories import TrackEnrolmentFactory

    refresher = module_page(title="Nazorg")
    lesson = lesson_page(module=refresher, title="Opvolging")
    track = TrackFactory(modules=[refresher], refresher_module=refresher, intervision_per_year=1)
    TrackEnrolmentFactory(user=coordinator, track=track)
    certificate = certificate_issue(
        user=coordinator, track=track, issued_on=add_months(days_ago(-30), -24)
    )
    complete(coordinator, lesson, when=timezone.now() - datetime.timedelta(days=800))
    return certificate, lesson


def test_the_certificate_renews_itself_when_the_last_requirement_is_met(
    coordinator, enrolled_expiring
):
    from training.learning import services as learning

    certificate, lesson = enrolled_expiring
    intervision(coordinator, 1)
    assert certificate.renewals.count() == 0  # the refresher is still missing

    learning.lesson_complete(user=coordinator, lesson=lesson)

    renewal = certificate.renewals.get()
    assert renewal.valid_until == add_months(certificate.valid_until, 24)
    assert list(coordinators_with_valid_certificate()) == [coordinator]


def test_recording_the_missing_intervision_session_renews_the_certificate(
    coordinator, enrolled_expiring
):
    certificate, lesson = enrolled_expiring
    complete(coordinator, lesson)  # the refresher, done again within the period

    intervision(coordinator, 1)

    assert certificate.renewals.count() == 1


def test_a_holder_who_met_the_rules_early_is_renewed_instead_of_reminded(
    coordinator, enrolled_expiring, mailoutbox
):
    """The refresher and intervision were done before the renewal window opened: when the
    expiry reminder falls due, the certificate is renewed and the reminder is not sent."""
    from people.models import OutboxMessage
    from training.certificates.reminders import reminders_send_due

    certificate, lesson = enrolled_expiring
    complete(coordinator, lesson)
    RenewalActivity.objects.create(
        user=coordinator,
        kind=RenewalActivityKind.INTERVISION,
        occurred_on=days_ago(200),
        reference="early",
    )
    Reminder.objects.filter(certificate=certificate).update(due_at=timezone.now())

    assert reminders_send_due() == 0

    assert certificate.renewals.count() == 1
    assert not OutboxMessage.objects.filter(topic="training.reminder").exists()
    assert not Reminder.objects.filter(certificate=certificate, sent_at__isnull=False).exists()


def test_a_revoked_certificate_is_not_renewed_on_its_own(coordinator, enrolled_expiring, staff):
    certificate, lesson = enrolled_expiring
    certificate_revoke(certificate=certificate, revoked_by=staff, reason="Gestopt")
    complete(coordinator, lesson)

    intervision(coordinator, 1)

    assert certificate.renewals.count() == 0
