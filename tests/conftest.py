"""Fixed personas and shared fixtures.

The personas (see STYLE.md): two coordinators in Antwerpen, each with their own coach;
regional staff of two regions; an editor; an administrator; an anonymous visitor. Regions
come from the migrations. Log a persona in with the ``login`` fixture::

    def test_something(client, login, coach):
        login(client, coach)  # force_login, plus a TOTP authenticator for MFA roles
"""

from __future__ import annotations

import time

import pytest
import time_machine
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from people.access import access_for
from people.factories import (
    CoachAssignmentFactory,
    CoachFactory,
    CoordinatorFactory,
    StaffFactory,
    UserFactory,
    region,
)
from people.models import User
from people.roles import Role
from tests import brokers, clock, parts

PERSONA_NAMES = (
    "anonymous",
    "coordinator",
    "other_coordinator",
    "coach",
    "other_coach",
    "staff",
    "other_staff",
    "editor",
    "administrator",
)


def requires_mfa(user: User) -> bool:
    """Whether RequireMfaMiddleware may send ``user`` to set up a second factor first: by role,
    or by a role that needs one once they hold something (a coordinator once a traject is
    theirs, which a test may arrange after logging in)."""
    return access_for(user).has(
        *settings.KRING_MFA_REQUIRED_ROLES, *settings.KRING_MFA_REQUIRED_HOLDERS
    )


def give_totp(user: User) -> str:
    """Gives ``user`` a TOTP authenticator (unless they have one); returns the secret, or ""."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return ""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def log_in(client, user: User | None, *, reauthenticated: bool = True) -> None:
    """Logs ``user`` in on ``client`` (anonymous: logs out), past the compulsory second factor,
    as if they had just confirmed their password (exports, erasure, revoking a certificate and
    making an account ask for that: tests of that rule pass ``reauthenticated=False``)."""
    client.logout()
    if user is None:
        return
    if requires_mfa(user):
        give_totp(user)
    client.force_login(user)
    if reauthenticated:
        reauthenticate(client, user)


def reauthenticate(client, user: User) -> None:
    """Marks ``client``'s session as if ``user`` had just given their password again, as
    allauth's reauthenticate page records it (``record_authentication``), so views behind
    ``people.access.require_reauthentication`` let them through for the next minutes."""
    session = client.session
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    records.append({"method": "password", "at": time.time(), "reauthenticated": True})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def pytest_addoption(parser: pytest.Parser) -> None:
    clock.addoption(parser)
    parts.addoption(parser)


def pytest_configure(config: pytest.Config) -> None:
    clock.configure(config)
    parts.configure(config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [line for line in (clock.report_header(config), parts.report_header(config)) if line]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    parts.select(config, items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed test's report says the moment it started at (tests/clock.py); the browser and
    two-server tests keep the wall clock."""
    report = yield
    at_wall_clock = any(item.get_closest_marker(name) for name in ("browser", "scaleout"))
    if report.failed and not at_wall_clock:
        report.sections.append(("clock", clock.rerun_hint(item.config, clock.module_of(item))))
    return report


@pytest.fixture(autouse=True, scope="module")
def _module_clock(request):
    """Module-scoped fixtures (the demo data) are made at the module's moment, the clock
    standing still, so that every test, which starts at that moment too, finds them in its
    past."""
    moment = clock.moment_for(request.config, clock.module_of(request.node))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture(autouse=True)
def _clock(request):
    """Every test starts at its module's moment (tests/clock.py); its clock ticks from there."""
    moment = clock.moment_for(request.config, clock.module_of(request.node))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /fr/ or /en/ leaves its language active in this thread: start each test
    in Dutch, so that reverse() gives the default addresses."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _storages_at_load() -> dict:
    """The storage objects the file fields got when the models loaded (a callable storage, as
    Plan.document's ``storages["private"]``, is resolved once, then)."""
    from django.core.files.storage import storages

    loaded = dict(storages._storages)
    assert "private" in loaded, "the models had not loaded: no private storage yet"
    return loaded


@pytest.fixture(autouse=True, scope="session")
def _stable_message_ids(django_test_environment):
    """Django's test set-up replaces EMAIL_BACKEND with its locmem backend; put Kring's wrapper
    (people.mail, stable Message-IDs in outbox deliveries) back in front of it, as in production.
    Mails still land in ``mail.outbox``."""
    from people.mail import WRAPPER

    settings.EMAIL_BACKEND = WRAPPER
    settings.KRING_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _storages_as_loaded(_storages_at_load):
    """A test that changes STORAGES makes Django build new storage objects, and afterwards
    ``storages["private"]`` would no longer be the object Plan.document writes to: put the
    first ones back after each test."""
    yield
    from django.core.files.storage import storages

    for alias, storage in _storages_at_load.items():
        storages._storages[alias] = storage


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and TOTP replay markers live in the (locmem) cache, public pages in the page
    cache (cms.pagecache), locales in the process's map (cms.models; a rolled-back test's ids
    come back with other languages), sites in the process's map (cms.sites): start each test
    clean."""
    from cms import models as cms_models
    from cms import pagecache, sites

    cache.clear()
    pagecache.page_cache().clear()
    pagecache.reset()
    cms_models._LOCALES.clear()
    sites.forget()
    yield
    cache.clear()
    pagecache.page_cache().clear()
    cms_models._LOCALES.clear()
    sites.forget()


@pytest.fixture
def no_page_cache(settings):
    """Every page rendered (cms.pagecache off): for tests that count what rendering costs."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, tasks not run in-process: publishing
    fails at once, as with the broker down."""
    with brokers.celery_broker(brokers.NOWHERE):
        yield


@pytest.fixture
def login():
    return log_in


@pytest.fixture
def reauthenticated():
    """``reauthenticated(client, user)``: as if ``user`` had just confirmed their password,
    for exports, erasure, revoking a certificate and making an account."""
    return reauthenticate


@pytest.fixture
def antwerpen(db):
    return region("antwerpen")


@pytest.fixture
def limburg(db):
    return region("limburg")


@pytest.fixture
def coach(antwerpen):
    return CoachFactory(email="coach@kring.test", first_name="Carla", regions=[antwerpen])


@pytest.fixture
def other_coach(antwerpen):
    return CoachFactory(email="other.coach@kring.test", first_name="Omer", regions=[antwerpen])


@pytest.fixture
def coordinator(antwerpen, coach):
    user = CoordinatorFactory(email="coordinator@kring.test", first_name="Cor", regions=[antwerpen])
    CoachAssignmentFactory(coordinator=user, coach=coach)
    return user


@pytest.fixture
def other_coordinator(antwerpen, other_coach):
    user = CoordinatorFactory(
        email="other.coordinator@kring.test", first_name="Olga", regions=[antwerpen]
    )
    CoachAssignmentFactory(coordinator=user, coach=other_coach)
    return user


@pytest.fixture
def staff(antwerpen):
    return StaffFactory(email="staff@kring.test", first_name="Sien", regions=[antwerpen])


@pytest.fixture
def other_staff(limburg):
    return StaffFactory(email="other.staff@kring.test", first_name="Stan", regions=[limburg])


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@kring.test", first_name="Eddy", roles=[Role.EDITOR])


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="administrator@kring.test",
        first_name="Ada",
        roles=[Role.ADMINISTRATOR],
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def anonymous():
    """The anonymous visitor: no user at all."""
    return None


@pytest.fixture
def personas(
    anonymous,
    coordinator,
    other_coordinator,
    coach,
    other_coach,
    staff,
    other_staff,
    editor,
    administrator,
) -> dict[str, User | None]:
    """Every persona by name; ``None`` for the anonymous visitor."""
    return {
        "anonymous": anonymous,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "coach": coach,
        "other_coach": other_coach,
        "staff": staff,
        "other_staff": other_staff,
        "editor": editor,
        "administrator": administrator,
    }


@pytest.fixture(scope="module")
def _demo_pages_for_module(django_db_setup, django_db_blocker):
    """Seeds the demo pages once per test module, in a transaction that is rolled back when
    the module is done. Each test runs in a savepoint inside it (pytest-django's ``db``), so
    a test's own changes are still undone after it. Seeding takes seconds; once per module
    keeps this folder quick."""
    from cms.demo import seed_pages

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_pages()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def home_page(_demo_pages_for_module, db):
    """The demo pages (cms.demo.seed_pages); returns the Dutch home page, the default site's root,
    with its fr and en translations. Seeded once per test module (see above)."""
    from cms.models import HomePage

    return HomePage.objects.get(locale__language_code="nl")
