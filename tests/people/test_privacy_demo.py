"""The demo's open erasure request (README, "What to try"): a declined or withdrawn Antwerpen
registration, asked by the region's staff member, waiting for a colleague; made once."""

from __future__ import annotations

import datetime
import random

import pytest

from people.factories import StaffFactory
from people.models import Region
from people.privacy.models import ErasureRequest
from trajects.demo import seed
from trajects.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def region_contacts():
    """What people's demo does before trajects' demo: every region has its staff contact."""
    for region in Region.objects.all():
        region.contact = StaffFactory(regions=[region])
        region.save(update_fields=["contact"])


def test_demo_leaves_one_erasure_request_waiting_for_a_colleague():
    seed(rng=random.Random(2026))
    seed(rng=random.Random(2026))  # a second run adds none

    erasure = ErasureRequest.objects.get()
    assert erasure.is_open and erasure.confirmed_by is None
    registration = Registration.objects.get(pk=erasure.object_id)
    assert erasure.subject_kind == "registration"
    assert registration.region.code == "antwerpen"
    assert registration.anonymised_at is None
    assert erasure.requested_by == registration.region.contact


def test_demo_access_events_fall_after_their_record_came_in_and_before_now():
    from django.utils import timezone

    from people.audit.models import AccessEvent
    from people.factories import postcode
    from trajects.factories import RegistrationFactory

    # A registration that came in an hour ago (the public form's demo makes such ones).
    fresh = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    seed(rng=random.Random(2026))
    assert AccessEvent.objects.about(fresh).exists()

    registrations = Registration.objects.in_bulk(
        [
            int(pk)
            for pk in AccessEvent.objects.filter(object_type="trajects.registration").values_list(
                "object_id", flat=True
            )
        ]
    )
    assert registrations, "the demo made no access events on registrations"
    now = timezone.now()
    for event in AccessEvent.objects.filter(object_type="trajects.registration"):
        assert registrations[int(event.object_id)].created_at <= event.at <= now
