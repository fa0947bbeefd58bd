"""The embedded setup of ``make run``: debug on, a throw-away secret, demo log-ins allowed."""

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
# Demo only: lets the demo coaches and staff pass their second factor with this code, so the
# demo can be tried without an authenticator app. allauth refuses it when DEBUG is off.
MFA_TOTP_INSECURE_BYPASS_CODE = env.str("MFA_DEMO_BYPASS_CODE", "000000") if DEBUG else None
# The page cache off with DEBUG (base.py read DEBUG before this module turned it on), so that a
# template being edited shows at once; PAGE_CACHE_SECONDS=300 tries it.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300, minimum=0)
KRING_PAGE_CACHE_BROWSER_SECONDS = min(60, PAGE_CACHE_SECONDS)
