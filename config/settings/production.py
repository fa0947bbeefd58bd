"""Production: hardening only. Everything else comes from the environment via base.py."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import env
from config.errors import sentry_init
from config.settings.base import *  # noqa: F403
from config.storage import is_loopback_url

DEBUG = env.bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off with config.settings.production.")
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters of good randomness.")
if not env.list("ALLOWED_HOSTS", ""):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) Kring is served on.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The __Host- prefix: the browser keeps these cookies only when Secure, Path=/ and without a
# Domain, so no other host (a subdomain) can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None

# TOTP seeds are encrypted with a key of their own, never one derived from SECRET_KEY.
if not KRING_MFA_ENCRYPTION_KEYS:  # noqa: F405
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEY must be set (a Fernet key: "
        'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
    )
for _key in KRING_MFA_ENCRYPTION_KEYS:  # noqa: F405
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY is not a valid Fernet key.") from None

# Files on S3 (config/storage.py) and static files from a CDN travel over HTTPS: the families'
# plans must not cross a network in the clear, and an http: image or script on an https: page
# is blocked by the browser. http:// only to this machine (a local S3-compatible server).
for _name, _url in (
    ("S3_ENDPOINT_URL", KRING_S3.endpoint_url if KRING_S3 else None),  # noqa: F405
    ("S3_MEDIA_URL", KRING_S3.media_url if KRING_S3 else None),  # noqa: F405
    ("STATIC_URL", STATIC_URL if STATIC_ORIGIN else None),  # noqa: F405
):
    if _url and not _url.startswith("https://") and not is_loopback_url(_url):
        raise ImproperlyConfigured(f"{_name} must start with https:// in production.")

# Error reports to Sentry when SENTRY_DSN is set, without personal data (config.errors).
sentry_init(
    dsn=SENTRY_DSN,  # noqa: F405
    environment=SENTRY_ENVIRONMENT,  # noqa: F405
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,  # noqa: F405
)
