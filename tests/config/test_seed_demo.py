"""``manage.py seed_demo``: the demo people and pages; idempotent; refuses to run without DEBUG."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site

from cms.models import HomePage
from coaching import demo as coaching_demo
from coaching.dashboard.selectors import FLAGS, coach_dashboard
from coaching.models import Contact, Session
from people.access import current_coach
from people.models import CoachAssignment, OutboxMessage, Region, User
from people.roles import Role
from trajects.demo import PREPARING, WAITING
from trajects.models import Phase, Proposal, Traject

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "emails": sorted(User.objects.values_list("email", flat=True)),
        "assignments": sorted(
            CoachAssignment.objects.values_list("coordinator__email", "coach__email", "ends_on")
        ),
        "pages": sorted(HomePage.objects.values_list("locale__language_code", "slug")),
    }


def test_seed_demo_creates_the_demo_people_and_pages_and_a_second_run_adds_nothing():
    # One test for both: seeding takes seconds.
    output = seed()

    staff = User.objects.with_role(Role.REGIONAL_STAFF)
    assert staff.count() == 6
    for region in Region.objects.all():
        assert staff.filter(regions=region).count() == 1, region.code
        region.refresh_from_db()
        assert region.contact in staff
    assert User.objects.coaches().count() == 12
    coordinators = User.objects.coordinators()
    assert coordinators.count() == 62
    for coordinator in coordinators.prefetch_related("regions"):
        assert CoachAssignment.objects.active().filter(coordinator=coordinator).count() == 1
        coach = current_coach(coordinator)
        assert set(coach.regions.all()) & set(coordinator.regions.all()), coordinator.email
    assert User.objects.with_role(Role.EDITOR).count() == 1
    administrator = User.objects.with_role(Role.ADMINISTRATOR).get()
    assert administrator.is_superuser and administrator.is_staff

    pages = HomePage.objects.live()
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "fr", "nl"]
    assert Site.objects.get(is_default_site=True).root_page.specific == pages.get(
        locale__language_code="nl"
    )
    assert "Demo data ready" in output
    # Trajects in every phase of the route, and README's two Antwerpen coordinators.
    phases = set(Traject.objects.values_list("phase", flat=True))
    assert set(Phase.values) - {Phase.FOLLOW_UP_DONE} <= phases
    assert Proposal.objects.pending().filter(coordinator__email=WAITING).exists()
    assert Traject.objects.filter(coordinator__email=PREPARING, phase=Phase.PREPARATION).exists()

    # Coaching: every coordinator with a history of coaches, and each flag on the demo coach's
    # dashboard (README names them).
    for coordinator in coordinators:
        history = CoachAssignment.objects.filter(coordinator=coordinator)
        assert history.filter(ends_on__isnull=False).exists(), coordinator.email
    coach = User.objects.get(email=coaching_demo.DEMO_COACH)
    shown = {flag for row in coach_dashboard(coach=coach) for flag in row.flags}
    assert shown == set(FLAGS)
    assert Session.objects.upcoming().filter(facilitator=coach).exists()
    assert Session.objects.held().filter(facilitator=coach, attendance_recorded_at__isnull=False)
    assert Contact.objects.filter(coach=coach).exists()
    assert not OutboxMessage.objects.filter(topic__startswith="coaching.").exists()

    # Idempotent: a second run finds everyone and every page by their keys.
    first = snapshot()
    again = seed()

    assert snapshot() == first
    assert (
        "(0 new people, 0 new registrations, 0 new trajects, 0 new volunteer applications, "
        "0 new coaching sessions, 0 new contacts)" in again
    )


def test_seed_demo_refuses_to_run_without_debug():
    users_before = User.objects.count()

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == users_before
    assert not HomePage.objects.exists()
