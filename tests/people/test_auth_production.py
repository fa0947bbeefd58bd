"""Production settings for log-in: __Host- cookies, messages in the session, and a required
encryption key for the second factor's secrets (each case imports the settings fresh in a
subprocess, as tests/config/test_settings.py does)."""

from __future__ import annotations

from tests.config.test_settings import GOOD_KEY, run

SHOW = (
    "import config.settings.production as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, "
    "s.CSRF_COOKIE_DOMAIN, s.MESSAGE_STORAGE.rsplit('.', 1)[-1])"
)


def production(tmp_path, code: str = SHOW, **variables: str):
    return run(
        ["-c", code], tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kring.example", **variables
    )


def test_production_cookies_carry_the_host_prefix_and_messages_stay_in_the_session(tmp_path):
    result = production(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "/",
        "None",
        "None",
        "SessionStorage",
    ]


def test_production_refuses_to_start_without_an_mfa_encryption_key(tmp_path):
    result = production(tmp_path, MFA_ENCRYPTION_KEY="")

    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY must be set" in result.stderr


def test_production_refuses_a_malformed_mfa_encryption_key(tmp_path):
    result = production(tmp_path, MFA_ENCRYPTION_KEY="not-a-fernet-key")

    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY is not a valid Fernet key" in result.stderr
