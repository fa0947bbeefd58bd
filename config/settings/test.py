"""Settings for the test suite: fast hashing, eager Celery unless a real broker is asked for."""

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
KRING_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hand-overs after commit run inline (with the broker's short timeouts), so a test sees them
# done; tests of the background hand-over turn it on.
KRING_OUTBOX_DISPATCH_THREAD = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The page cache (cms.pagecache) is on in the tests, as in production; tests/conftest.py
    # empties it before each test.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Unit tests run tasks in the test process; the worker test starts a real worker instead.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
