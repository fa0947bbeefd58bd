"""Fixtures for the browser tests: Playwright driving Debian's Chromium against pytest-django's
``live_server``, with axe-core for accessibility.

Run them with ``make test-browser``: it installs Chromium (``apt-get install chromium``, never
``playwright install``) and axe-core (``npm ci``) when they are missing. ``make test`` leaves
this folder out, so nothing here affects the other tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django would then refuse the
# test's own database calls (SynchronousOnlyOperation). This conftest is only loaded when
# tests/browser is collected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/lib/chromium/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

COORDINATOR_EMAIL = "coordinator.browser@kring.example"


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright 0.10's own ``base_url`` fixture trips a pytest 9 deprecation: not ours.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test (``-m "not browser"`` leaves them out)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium instead of a browser that Playwright downloads."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test-browser`, or `apt-get install -y chromium`."
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A visitor in Belgium whose browser prefers Dutch."""
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


@dataclass(frozen=True)
class KringSite:
    url: str
    coordinator_email: str
    password: str


@pytest.fixture
def kring_site(django_db_serialized_rollback, transactional_db, live_server) -> KringSite:
    """The home pages (nl, fr, en) and a coordinator, in the database the live server reads.

    ``transactional_db`` empties the tables after each test, including the rows that the
    migrations made (roles, regions, postcodes, Wagtail's root page); the serialized rollback
    puts those back for the next test.
    """
    from cms.demo import seed_pages
    from people.factories import DEFAULT_PASSWORD, CoordinatorFactory, region

    seed_pages()
    coordinator = CoordinatorFactory(email=COORDINATOR_EMAIL, regions=[region("antwerpen")])
    return KringSite(
        url=live_server.url.rstrip("/"),
        coordinator_email=coordinator.email,
        password=DEFAULT_PASSWORD,
    )


def totp_code(secret: str) -> str:
    """The authenticator's current code for ``secret``. Near the end of a 30-second period it
    waits for the next one: the server checks the code a moment later (seconds, on a loaded
    machine) and takes only the current period's."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page, base_url: str, email: str, password: str, secret: str | None = None) -> None:
    """Logs in through allauth's form, with the authenticator's code when ``secret`` is given,
    and waits for the logged-in menu."""
    from playwright.sync_api import expect

    page.goto(base_url + "/accounts/login/")
    form = page.locator('form:has(input[name="password"])')
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(password)
    form.locator('button[type="submit"]').click()
    if secret:
        code_form = page.locator('form:has(input[name="code"])')
        expect(code_form).to_be_visible()
        code_form.locator('input[name="code"]').fill(totp_code(secret))
        code_form.locator('button[type="submit"]:not([form])').click()
    expect(page.locator('a[href$="/accounts/logout/"]').first).to_be_visible()


def _format_violations(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) found by axe-core:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}  {violation.get('helpUrl', '')}"
        )
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
    return "\n".join(lines)


class Axe:
    """Runs axe-core in the page; ``axe.assert_no_violations(page)`` fails with a readable list."""

    def run(self, page) -> list[dict]:
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS} is missing: run `npm ci` (or `make test-browser`).")
        # Evaluated through the DevTools protocol, not added as a <script>: the page's
        # Content-Security-Policy refuses inline scripts without its nonce (config/headers.py).
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
        return page.evaluate("async () => (await axe.run(document)).violations")

    def assert_no_violations(self, page) -> None:
        violations = self.run(page)
        assert violations == [], f"{page.url}\n{_format_violations(violations)}"


@pytest.fixture
def axe() -> Axe:
    return Axe()


class CspViolations(list):
    """The console's Content-Security-Policy errors of a page (the browser refuses the script or
    style and says so only there)."""

    def watch(self, page) -> CspViolations:
        page.on("console", self._console)
        return self

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.append(f"{message.type}: {message.text}")


@pytest.fixture
def csp_violations(page) -> CspViolations:
    """Collects ``page``'s CSP and Permissions-Policy console errors: ``assert not csp_violations``."""
    return CspViolations().watch(page)


@pytest.fixture(autouse=True, scope="module")
def _module_clock():
    """The browser keeps the wall clock (cookies and their expiry are the browser's), so the
    browser tests run at the wall clock too, and use dates relative to it."""
    yield


@pytest.fixture(autouse=True)
def _clock():
    """See ``_module_clock``: no time travel in the browser tests."""
    yield


def authenticator_for(user) -> str:
    """Gives ``user`` an authenticator (TOTP); returns its secret (for ``log_in``'s ``secret``).
    Staff, coaches, editors and a coordinator who holds a traject must have one (people.middleware)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def staff_with_authenticator(email: str, region_code: str) -> str:
    """A staff member of the region ``region_code`` with an authenticator; returns its secret
    (for ``log_in``'s ``secret``)."""
    from people.factories import StaffFactory, region

    return authenticator_for(StaffFactory(email=email, regions=[region(region_code)]))
