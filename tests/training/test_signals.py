"""training.learning.signals: the learning area tells the certificates area about progress
(which issues what was earned) and asks it since when a refresher counts, without importing it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from training.certificates.services import certificate_issue, certificate_revoke
from training.factories import TrackEnrolmentFactory, TrackFactory, lesson_page, module_page
from training.learning.signals import (
    progress_changed,
    progress_changed_send,
    refresher_period_asked,
    refresher_period_start,
)
from training.models import Certificate, LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def track():
    module = module_page(title="De route")
    lesson = lesson_page(module=module, title="Aanmelding")
    return TrackFactory(modules=[module]), lesson


def test_the_certificates_area_answers_the_learning_areas_signals(coordinator):
    for signal in (progress_changed, refresher_period_asked):
        receivers = [receiver for receiver, _answer in signal.send(sender=None, user=coordinator)]
        assert [r.__module__ for r in receivers] == ["training.certificates.receivers"]


def test_progress_on_a_complete_track_issues_its_certificate(coordinator, track):
    track, lesson = track
    TrackEnrolmentFactory(user=coordinator, track=track)
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        completed_at=timezone.now(),
    )
    assert not Certificate.objects.filter(user=coordinator).exists()

    progress_changed_send(user=coordinator)

    assert Certificate.objects.filter(user=coordinator, track=track).count() == 1


def test_progress_on_an_unfinished_track_issues_nothing(coordinator, track):
    track, _lesson = track
    TrackEnrolmentFactory(user=coordinator, track=track)

    progress_changed_send(user=coordinator)

    assert not Certificate.objects.filter(user=coordinator).exists()


def test_a_refresher_counts_from_the_latest_certificate_that_was_not_revoked(
    coordinator, staff, track
):
    track, _lesson = track
    today = timezone.localdate()
    assert refresher_period_start(user=coordinator) is None

    older = certificate_issue(
        user=coordinator, track=track, issued_on=today - datetime.timedelta(days=400)
    )
    assert refresher_period_start(user=coordinator) == older.issued_on

    newer = certificate_issue(user=coordinator, track=track, issued_on=today)
    assert refresher_period_start(user=coordinator) == today

    certificate_revoke(certificate=newer, revoked_by=staff, reason="Vergissing.")
    assert refresher_period_start(user=coordinator) == older.issued_on
