"""``manage.py seed_demo``: the demo people and pages; idempotent; refuses to run without DEBUG,
on any database but the embedded one and on one with real data (``config/demo_guard.py``);
``make run`` asks ``manage.py demo_check`` instead of DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import override_settings
from wagtail.models import Site

from cms.models import HomePage
from coaching import demo as coaching_demo
from coaching.dashboard.selectors import FLAGS, coach_dashboard
from coaching.models import Contact, Session
from config import demo_guard
from people.access import current_coach
from people.factories import UserFactory
from people.models import CoachAssignment, OutboxMessage, Region, User
from people.roles import Role
from trajects.demo import PREPARING, WAITING
from trajects.factories import RegistrationFactory
from trajects.models import Phase, Proposal, Registration, Traject

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[2]
FLAG = "--i-know-this-is-not-the-demo-database"
SQLITE = "django.db.backends.sqlite3"


def seed(*args: str) -> str:
    """Seeds with DEBUG on. The test database is the embedded kind on SQLite only, so the tests
    of what seeding makes pass the flag: they also run on PostgreSQL in CI."""
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", *(args or (FLAG,)), stdout=out)
    return out.getvalue()


@pytest.fixture
def embedded(monkeypatch):
    """The test database counts as the embedded one, on PostgreSQL too."""
    monkeypatch.setattr(demo_guard, "is_embedded", lambda database, **kwargs: True)


@pytest.fixture
def not_embedded(monkeypatch):
    """The test database counts as someone's real one, on SQLite too."""
    monkeypatch.setattr(demo_guard, "is_embedded", lambda database, **kwargs: False)


def snapshot() -> dict:
    return {
        "emails": sorted(User.objects.values_list("email", flat=True)),
        "assignments": sorted(
            CoachAssignment.objects.values_list("coordinator__email", "coach__email", "ends_on")
        ),
        "pages": sorted(HomePage.objects.values_list("locale__language_code", "slug")),
    }


def test_seed_demo_creates_the_demo_people_and_pages_and_a_second_run_adds_nothing(not_embedded):
    # One test for both: seeding takes seconds. The database counts as not the embedded one:
    # seed() passes the flag, so this is also the test that the flag lets seed_demo run there.
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
    # The guard's rule recognises every row seed_demo makes, so make run seeds again next time.
    assert demo_guard.real_data_found() == []
    # Trajects in every phase of the route, and README's two Antwerpen coordinators.
    phases = set(Traject.objects.values_list("phase", flat=True))
    # The demo moves steps back in time: each traject still carries its newest step's moment.
    assert dict(Traject.objects.values_list("pk", "newest_step_at")) == dict(
        Traject.objects.annotate(newest=Max("registration__steps__at")).values_list("pk", "newest")
    )
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


# --- The guard --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "embedded"),
    [
        ({"ENGINE": SQLITE, "NAME": "{var}/kring.sqlite3"}, True),
        ({"ENGINE": SQLITE, "NAME": "{var}/sub/other.sqlite3"}, True),
        ({"ENGINE": SQLITE, "NAME": ":memory:"}, True),
        ({"ENGINE": SQLITE, "NAME": "file:memorydb_default?mode=memory&cache=shared"}, True),
        ({"ENGINE": SQLITE, "NAME": "{var}/../kring.sqlite3"}, False),
        ({"ENGINE": SQLITE, "NAME": "/srv/kring/kring.sqlite3"}, False),
        ({"ENGINE": SQLITE, "NAME": ""}, False),
        (
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "kring",
                "HOST": "127.0.0.1",
                "USER": "kring",
            },
            False,
        ),
        # A PostgreSQL database whose name looks like a path under var/ is still PostgreSQL.
        ({"ENGINE": "django.db.backends.postgresql", "NAME": "{var}/kring.sqlite3"}, False),
    ],
)
def test_only_sqlite_under_var_or_in_memory_is_the_embedded_database(tmp_path, database, embedded):
    var = tmp_path / "var"
    var.mkdir()
    described = {key: value.replace("{var}", str(var)) for key, value in database.items()}

    assert demo_guard.is_embedded(described, var_dir=var) is embedded


def test_a_symbolic_link_out_of_var_is_not_the_embedded_database(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    (tmp_path / "elsewhere.sqlite3").touch()
    (var / "kring.sqlite3").symlink_to(tmp_path / "elsewhere.sqlite3")

    database = {"ENGINE": SQLITE, "NAME": str(var / "kring.sqlite3")}
    assert demo_guard.is_embedded(database, var_dir=var) is False


def test_the_guard_describes_the_settings_database_by_default(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    assert demo_guard.is_embedded({"ENGINE": SQLITE, "NAME": str(tmp_path / "x.sqlite3")})
    settings.VAR_DIR = tmp_path / "var"
    assert not demo_guard.is_embedded({"ENGINE": SQLITE, "NAME": str(tmp_path / "x.sqlite3")})


def test_a_person_outside_the_demo_domain_or_a_registration_of_ones_own_is_real_data():
    assert demo_guard.real_data_found() == []
    UserFactory(email="coach1.antwerpen@kring.example")  # demo addresses: not real data
    UserFactory(email="kandidaat.2025@example.org")

    assert demo_guard.real_data_found() == []

    UserFactory(email="iemand@gemeente.be")
    assert demo_guard.real_data_found() == [
        "1 account(s) outside the demo domains kring.example, example.org"
    ]

    User.objects.filter(email="iemand@gemeente.be").delete()
    RegistrationFactory()
    assert demo_guard.real_data_found() == ["1 registration(s) not made by seed_demo"]


# --- seed_demo refuses ------------------------------------------------------------------------


def test_seed_demo_refuses_a_database_that_is_not_the_embedded_one(not_embedded):
    with pytest.raises(CommandError, match="not the embedded one") as refused:
        seed("--no-color")  # any argument but the flag

    assert FLAG in str(refused.value)
    assert not User.objects.exists()
    assert not HomePage.objects.exists()


def test_seed_demo_refuses_an_embedded_database_with_a_real_person(embedded):
    UserFactory(email="iemand@gemeente.be")

    with pytest.raises(CommandError, match="real data: 1 account"):
        seed("--no-color")

    assert list(User.objects.values_list("email", flat=True)) == ["iemand@gemeente.be"]
    assert not HomePage.objects.exists()


def test_seed_demo_refuses_an_embedded_database_with_a_real_registration(embedded):
    RegistrationFactory()

    with pytest.raises(CommandError, match="real data: 1 registration"):
        seed("--no-color")

    assert Registration.objects.count() == 1
    assert not User.objects.filter(email__endswith="@kring.example").exists()


def test_the_refusal_names_no_person(embedded):
    UserFactory(email="iemand@gemeente.be", first_name="Iemand")

    with pytest.raises(CommandError) as refused:
        seed("--no-color")

    assert "iemand" not in str(refused.value).lower()


def test_the_flag_does_not_lift_the_debug_rule(not_embedded):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", FLAG, stdout=StringIO())

    assert not User.objects.exists()


# --- demo_check, which make run asks ------------------------------------------------------------


def test_demo_check_says_yes_on_an_empty_embedded_database(embedded):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("demo_check", stdout=out)

    assert "may run" in out.getvalue()


def test_demo_check_exits_1_on_an_embedded_database_with_real_data(embedded):
    UserFactory(email="iemand@gemeente.be")
    out = StringIO()

    with override_settings(DEBUG=True), pytest.raises(SystemExit) as exited:
        call_command("demo_check", stdout=out)

    assert exited.value.code == 1
    assert "real data" in out.getvalue()


def demo_check_process(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KRING_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "true",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "demo_check"],
        cwd=REPO_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_check_refuses_a_postgresql_database_url_without_connecting(tmp_path):
    # Port 9 (discard) on a name nothing answers on: a connection attempt would fail differently.
    result = demo_check_process(
        tmp_path, DATABASE_URL="postgres://kring:secret@db.invalid:9/kring_production"
    )

    assert result.returncode == 1, result.stderr
    assert "not the embedded one" in result.stdout
    assert "secret" not in result.stdout + result.stderr
    assert "kring_production" not in result.stdout


def test_demo_check_refuses_a_sqlite_file_outside_var(tmp_path):
    result = demo_check_process(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")

    assert result.returncode == 1, result.stderr
    assert "not the embedded one" in result.stdout


def test_make_run_seeds_when_demo_check_says_so_not_when_debug_is_on():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n.PHONY:", 1)[0]

    assert "manage.py demo_check" in run
    assert run.index("manage.py demo_check") < run.index("manage.py seed_demo")
    seeding = run[run.index("manage.py demo_check") : run.index("manage.py seed_demo")]
    assert "DEBUG" not in seeding and "debug" not in seeding
