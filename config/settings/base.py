"""Settings shared by every environment.

Everything that differs between machines is read here, once, from the environment (see
``.env.example``). The defaults give the embedded setup of ``make run``: SQLite, a file-system
Celery broker with a real worker, e-mail written to files, all under ``var/``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

from config.env import env
from config.storage import asset_origin, s3_config_from_env, static_url_from_env, storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("KRING_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", "")

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    # Kring's own apps, in the order of the layering: people <- cms <- training <- trajects <- coaching
    "people",
    "cms",
    "training",
    "trajects",
    "coaching",
    "config",  # holds seed_demo, which calls every app's demo module
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    # Editors translate a page in the admin ("Translate"): a linked copy in another language.
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.locales",  # Settings > Locales, for administrators
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Log-in
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Each person sees (and ends) their own sessions under /accounts/sessions/.
    "allauth.usersessions",
    # Tables, filters, tasks
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's sessions page ("3 minutes ago")
    # FORM_RENDERER (TemplatesSetting) finds Django's own widget templates through this app.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost after the static files, so every page's response gets the headers, also one that a
    # middleware below answers itself (config/headers.py): CSP with a nonce, Permissions-Policy,
    # and no-store for logged-in users and downloads.
    "config.headers.ContentSecurityPolicyMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "config.headers.PrivateResponseMiddleware",
    # Before anything reads the body (CSRF reads the form): an over-size request answers 413.
    "config.errors.RequestSizeLimitMiddleware",
    # Anonymous visitors' public pages from the page cache: below the headers above (a cached
    # page still gets a fresh CSP nonce, HSTS...), above sessions, log-in and CSRF, which a
    # cached page skips.
    "cms.pagecache.PageCacheMiddleware",
    # The Wagtail site and its root paths from the process's map (cms.sites), not a query.
    "cms.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it adds a message when it ends a session.
    "people.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth.usersessions' activity record, once a minute (allauth's own writes every request).
    "people.middleware.UserSessionsMiddleware",
    # request.htmx: a view answers an htmx request with the fragment it swaps in.
    "django_htmx.middleware.HtmxMiddleware",
    "people.middleware.RequireMfaMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A read whose access-log entry cannot be written answers 503 instead of the data.
    "people.audit.middleware.AuditUnavailableMiddleware",
    # Wagtail's page for a GET from the page kept for its address (cms.routes): last, so that
    # every check above has run before a route is looked up.
    "cms.routes.KeptRouteMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "people.context_processors.access",
            ],
        },
    },
]

FORM_RENDERER = "cms.forms.KringFormRenderer"

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kring.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server, the worker and beat share the file without "database is locked";
    # IMMEDIATE takes the write lock at the start of a transaction instead of failing halfway.
    # A process keeps its connection: opening one (and reading the schema into it) cost each
    # request about 3 ms (docs/performance.md). A file on the same machine cannot freeze the way a
    # database server can, so the reason PostgreSQL connects anew (below) does not apply.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A frozen or unreachable PostgreSQL must not hold a request until gunicorn kills it: every
    # connection gives up after KRING_DB_CONNECT_TIMEOUT, and web requests connect anew (so a
    # frozen database answers the 503 page within that time, config.errors). A statement runs at
    # most 15 s in the web processes (KRING_PROCESS=web, set by config.wsgi and config.asgi) and
    # 10 minutes in tasks, migrations and commands; a transaction left open is ended after 60 s.
    _web = os.environ.get("KRING_PROCESS") == "web"
    _statement_seconds = (
        env.int("KRING_DB_STATEMENT_TIMEOUT_WEB", 15, minimum=1)
        if _web
        else env.int("KRING_DB_STATEMENT_TIMEOUT", 600, minimum=1)
    )
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int(
        "KRING_DB_CONNECT_TIMEOUT", 3, minimum=1
    )
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c statement_timeout={_statement_seconds * 1000}"
        " -c idle_in_transaction_session_timeout=60000"
    )
    if _web:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache holds allauth's rate limits and TOTP replay markers: it lives in the
# database, never in Redis, so that log-in keeps working when Redis is down.
CACHES: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kring_cache",
    }
}

# --- Page cache and CDN (cms.pagecache; docs/deployment.md#page-cache-and-cdn) ------------------
# Anonymous visitors' public pages come from the "pages" cache, shared by every web server:
# a table of its own in the database (PAGE_CACHE_URL empty; made by migrate), or Redis
# (redis://host:port/db). It is emptied by a generation key, never by clearing the whole
# cache, so a Redis database shared with other data is safe (a dedicated one is still better).
PAGE_CACHE_URL = env.str("PAGE_CACHE_URL", "")
if PAGE_CACHE_URL:
    env.url("PAGE_CACHE_URL", schemes=("redis", "rediss"))
# How long a page is kept, in seconds, here and (s-maxage) in a CDN in front; 0 turns the page
# cache off. Off by default with DEBUG, so that a template edited in development shows at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300, minimum=0)
# How long a browser keeps a public page (Cache-Control max-age): short, because a browser's
# copy cannot be purged when an editor publishes.
KRING_PAGE_CACHE_BROWSER_SECONDS = min(60, PAGE_CACHE_SECONDS)
# The release in every page's cache key: a deploy starts with an empty page cache. Default: a
# hash of the collected static files' manifest (cms.pagecache.release); set it to the commit.
KRING_RELEASE = env.str("KRING_RELEASE", "")
# A page cache that fails is skipped (the page is rendered, a warning logged) for this many
# seconds in that process, so a hung Redis costs one time-out, not one per request.
KRING_PAGE_CACHE_RETRY_SECONDS = 15
# Like the broker's (CELERY_BROKER_TRANSPORT_OPTIONS), but shorter: a page can always be rendered
# instead, so waiting on Redis is never worth more than half a second.
KRING_PAGE_CACHE_REDIS_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    "retry_on_timeout": False,
}
if PAGE_CACHE_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": PAGE_CACHE_URL,
        "KEY_PREFIX": "kring-pages",
        "OPTIONS": KRING_PAGE_CACHE_REDIS_OPTIONS,
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kring_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
# Wagtail's front-end cache invalidation (wagtail.contrib.frontend_cache's backends, called by
# cms.pagecache after every change the pages show): a purging proxy (Varnish, nginx) answering
# HTTP PURGE at FRONTEND_CACHE_PURGE_URL, and/or Cloudflare (an API token allowed to purge the
# zone). Nothing is configured, and nothing is ever fetched, when these are empty.
FRONTEND_CACHE_PURGE_URL = env.str("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    env.url("FRONTEND_CACHE_PURGE_URL", schemes=("http", "https"))
CLOUDFLARE_API_TOKEN = env.str("CLOUDFLARE_API_TOKEN", "")
CLOUDFLARE_ZONEID = env.str("CLOUDFLARE_ZONEID", "")
if bool(CLOUDFLARE_API_TOKEN) != bool(CLOUDFLARE_ZONEID):
    raise ImproperlyConfigured("Set both CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONEID, or neither.")
WAGTAILFRONTENDCACHE: dict[str, dict[str, str]] = {}
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["proxy"] = {
        # Wagtail's HTTPBackend with a time-out: a hung proxy must not hold a publish.
        "BACKEND": "cms.pagecache.HTTPPurgeBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
if CLOUDFLARE_API_TOKEN:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": CLOUDFLARE_API_TOKEN,
        "ZONEID": CLOUDFLARE_ZONEID,
    }
# cms.pagecache purges every language's addresses itself: Wagtail must not rewrite them.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

# --- Users, log-in and sessions -----------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Refuses Kring's own words ("kring", "eigen kracht", "coördinator"...).
    {"NAME": "people.passwords.ContextWordsValidator"},
]
LOGIN_URL = "account_login"
# The home page in the visitor's language ("/", "/fr/" or "/en/"), resolved at use time.
LOGIN_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])
LOGOUT_REDIRECT_URL = LOGIN_REDIRECT_URL
# Where each role lands after log-in when no ``next`` is given (people.adapters), first match wins.
KRING_LOGIN_LANDING = [
    ("administrator", "trajects:registration_list"),
    ("regional_staff", "trajects:registration_list"),
    ("coach", "coaching:dashboard"),
    ("coordinator", "training:portal"),
    ("editor", "wagtailadmin_home"),
]

ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Show the log-in page to a logged-in user who lacks access to an admin, instead of bouncing
# them back to ?next= (which would loop between the admin and the log-in page).
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kring] "
# The client's address behind the reverse proxy (people.http.client_ip): every rate limit, the
# access log and the log lines count by it. TRUSTED_PROXY_COUNT proxies each append to
# X-Forwarded-For; the client's address is the one the outermost trusted proxy saw. Or a header
# the proxy always sets (overwriting what the client sent), e.g. X-Real-IP. 0 and empty: the
# peer's address (REMOTE_ADDR), for a server without a proxy in front.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", "") or None
# Failed log-ins: one address gets 10 failures in 5 minutes, fewer than the 15 in 3 minutes that
# lock an account, so nobody can lock out a known address from one place; a locked account opens
# again 3 minutes after the last failure.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/5m/ip,15/3m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# A mail to the person on every change of their password, e-mail address or second factor.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Exports, erasure, revoking a certificate and making an account ask for the password (or the
# second factor) again when it was not given in the last REAUTHENTICATION_MINUTES; never a
# code by e-mail (whoever reads the mailbox would pass).
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_MINUTES", 10, minimum=1) * 60
MFA_ADAPTER = "people.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kring"
# TOTP seeds and recovery-code seeds are stored encrypted (Fernet) with this key; several keys,
# comma-separated, to rotate (the first encrypts, all decrypt). Empty: a key derived from
# SECRET_KEY (dev and tests; production refuses to start without one).
KRING_MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEY", "")
# Roles that must have a second factor before they can use anything past log-in. Editors and
# administrators open the Wagtail admin.
KRING_MFA_REQUIRED_ROLES = env.list(
    "MFA_REQUIRED_ROLES", "coach,regional_staff,editor,administrator"
)
# Besides those roles: a person with the role who is named in the field of any row of the model
# ("app.Model", "field") must have a second factor too: a coordinator as soon as a traject is
# theirs (people.middleware reads this; people imports no app to its right).
KRING_MFA_REQUIRED_HOLDERS = {"coordinator": [("trajects.Traject", "coordinator")]}
if (
    env.bool("MFA_REQUIRED_FOR_COORDINATORS", False)
    and "coordinator" not in KRING_MFA_REQUIRED_ROLES
):
    KRING_MFA_REQUIRED_ROLES.append("coordinator")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
KRING_SESSION_IDLE = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", 30, minimum=1))
KRING_SESSION_MAX = timedelta(hours=env.int("SESSION_MAX_HOURS", 12, minimum=1))
SESSION_COOKIE_AGE = int(KRING_SESSION_MAX.total_seconds())
# The access log (people.audit) keeps events this many days; the retention run prunes the rest.
KRING_AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", 730, minimum=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Messages live in the session, never in a cookie of their own (they may name a person).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# /accounts/sessions/ shows each session's last activity and address (allauth's client address,
# through ALLAUTH_TRUSTED_PROXY_COUNT), updated once a minute (people.middleware).
USERSESSIONS_TRACK_ACTIVITY = True

# --- Languages and time -------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # 4 december 2026, 04/12/2026 in every language
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# No automatic copies: a new Dutch page stays Dutch-only until an editor translates it, and the
# language switch leads to the home page meanwhile (docs/editors.md). With True, every new page
# would get an untranslated alias in French and English at once.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False
WAGTAIL_SITE_NAME = "Kring"
# The site's one public address: canonical and hreflang links, og:url, the sitemap, the default
# Wagtail Site (seed_demo), and links in e-mails, PDFs and calendar files (people.links).
SITE_URL = env.url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Password resets go through allauth (rate-limited); Wagtail's own reset form would not be.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars from gravatar.com: nothing fetched from another site (the CSP refuses it too), and no
# hash of an editor's e-mail address sent there.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# mp4/webm/vtt: self-hosted videos and their captions for the video block (nothing is embedded
# from outside).
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"),
    *("mp4", "webm", "vtt"),
]
# Documents: checked by content as well as extension (cms.documents), at most
# DOCUMENT_MAX_UPLOAD_MB, and served only through Wagtail's view, which checks a private
# collection's restriction first (never from MEDIA_URL: docs/deployment.md). Images are checked
# by Wagtail itself (WAGTAILIMAGES_MAX_UPLOAD_SIZE, 10 MB by default).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.documents.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", 50, minimum=1) * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# A request whose body is larger than this is answered 413 before anything reads it
# (config.errors.RequestSizeLimitMiddleware). It must stay above the largest upload: documents
# (DOCUMENT_MAX_UPLOAD_MB, 50 MB by default; plans and images allow 10 MB) with some room for the
# rest of the form. Default: that limit plus 5 MB; the proxy's own limit matches it.
KRING_MAX_REQUEST_BYTES = env.int(
    "KRING_MAX_REQUEST_BYTES",
    WAGTAILDOCS_MAX_UPLOAD_SIZE + 5 * 1024 * 1024,
    minimum=WAGTAILDOCS_MAX_UPLOAD_SIZE + 1024 * 1024,
)
# The non-file part of a form read into memory (Django's default, 2.5 MB, set here on purpose).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440

# --- Static and media files ---------------------------------------------------------------------
# Static files get hashed names (WhiteNoise's manifest storage) and are served by WhiteNoise with
# a ten-year, immutable Cache-Control. STATIC_URL may be a CDN's address whose origin is this site
# (https://cdn.example.org/static/): the pages then load them from there, and the
# Content-Security-Policy allows that origin (STATIC_ORIGIN).
STATIC_URL = static_url_from_env(env)
STATIC_ORIGIN = asset_origin(STATIC_URL)
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Confidential uploads (the network's plans): never under MEDIA_URL, served only by views that
# check access (trajects.workspace).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Uploads on disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) unless S3_BUCKET names a bucket that every web
# server and worker shares: then "default" (original images, documents), "private" (plans) and
# "renditions" (the images pages show, publicly readable) are three prefixes of it
# (config/storage.py; docs/deployment.md, "Files on S3-compatible storage").
KRING_S3 = s3_config_from_env(env)
STORAGES = storages_from_env(
    env,
    private_media_root=PRIVATE_MEDIA_ROOT,
    staticfiles_backend="whitenoise.storage.CompressedManifestStaticFilesStorage",
)
WAGTAILIMAGES_RENDITION_STORAGE = "config.storage.rendition_storage"
# The origins the Content-Security-Policy allows besides this site: the static files' CDN
# (scripts, styles, fonts, images) and the bucket or CDN of the images pages show.
KRING_STATIC_ORIGINS = [STATIC_ORIGIN] if STATIC_ORIGIN else []
KRING_IMAGE_ORIGINS = [*KRING_STATIC_ORIGINS, *([KRING_S3.public_url] if KRING_S3 else [])]

# --- E-mail -------------------------------------------------------------------------------------
# The backend that sends (EMAIL_BACKEND in the environment), behind people.mail's wrapper that
# gives mails of one outbox delivery a stable Message-ID.
KRING_EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_BACKEND = "people.mail.StableMessageIdBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
# Seconds an SMTP connection may wait for the server before the send fails (and is tried again).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Kring <kring@eigenkrachtcentrale.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.url(
    "CELERY_BROKER_URL",
    "filesystem://",
    schemes=("filesystem", "redis", "rediss", "memory", "amqp"),
)
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "store_processed": False,
        # Broadcast messages (worker control, pidbox); kombu's default is ./control.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
    }
    # The broker is a folder: make it exist for the web process, the worker and beat alike.
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A web request that enqueues work must not hang on an unreachable Redis: fail fast, and
    # the outbox (people.outbox) hands the work over once the broker answers again.
    # Requests never publish (people.outbox hands over on a background thread); these keep that
    # thread, the flush and /health/ from hanging on a frozen Redis.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "socket_keepalive": True,
        "retry_on_timeout": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# Every task is stopped after 120 s (SoftTimeLimitExceeded) and killed after 150 s; an outbox
# delivery's claim (KRING_OUTBOX_LEASE_SECONDS) outlasts the hard limit.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 150, minimum=2)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "people.outbox_flush", "schedule": 30.0},
    # /health/ reports a worker whose last heartbeat is older than KRING_HEALTH_WORKER_LATE.
    "worker-heartbeat": {"task": "people.heartbeat", "schedule": 60.0},
    # Training days two days ahead, certificates 60 and 14 days before expiry (training.Reminder).
    "training-send-due-reminders": {"task": "training.send_due_reminders", "schedule": 15 * 60.0},
    # Matching proposals unanswered after 48 hours go back to staff (trajects.Proposal).
    "trajects-expire-proposals": {"task": "trajects.expire_proposals", "schedule": 15 * 60.0},
    # Staff alerts (trajects.Alert): day 10 and day 18 of a traject that has not started, no step
    # for 14 days, a follow-up overdue.
    "trajects-send-due-alerts": {"task": "trajects.send_due_alerts", "schedule": 15 * 60.0},
    # The coordinator's follow-up a month after the plan was distributed (trajects.FollowUp).
    "trajects-send-follow-up-reminders": {
        "task": "trajects.send_follow_up_reminders",
        "schedule": 15 * 60.0,
    },
    # Coaching: the invitees' reminder the day before a session (coaching.Invitation), and the
    # coaches' weekly digest from Monday 07:00 Brussels time, caught up later in the week when
    # beat was down then (coaching.WeeklyDigest).
    "coaching-send-session-reminders": {
        "task": "coaching.send_session_reminders",
        "schedule": 15 * 60.0,
    },
    "coaching-send-weekly-digests": {
        "task": "coaching.send_weekly_digests",
        "schedule": 15 * 60.0,
    },
    "clear-rate-limits": {"task": "cms.clear_rate_limits", "schedule": crontab(hour=3, minute=27)},
    "clear-expired-sessions": {
        "task": "people.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    # The retention rules of the register of personal data (people.privacy.retention).
    "retention-run": {"task": "people.retention_run", "schedule": crontab(hour=3, minute=47)},
}

# --- Privacy: retention periods (people.privacy.retention; docs/privacy.md) ---------------------
# The nightly retention run anonymises or deletes what has passed these periods.
# A declined, withdrawn or duplicate registration, in days after it was set so.
KRING_RETENTION_DECLINED_REGISTRATION_DAYS = env.int(
    "KRING_RETENTION_DECLINED_REGISTRATION_DAYS", 183, minimum=1
)
# A closed or stopped traject (its registration and participants), in years after it ended.
KRING_RETENTION_TRAJECT_YEARS = env.int("KRING_RETENTION_TRAJECT_YEARS", 5, minimum=1)
# An unsuccessful (declined or withdrawn) volunteer application, in days.
KRING_RETENTION_APPLICATION_DAYS = env.int("KRING_RETENTION_APPLICATION_DAYS", 365, minimum=1)
# Sent outbox rows (ids only, but still a trace of who was written to), in days.
KRING_RETENTION_OUTBOX_DAYS = env.int("KRING_RETENTION_OUTBOX_DAYS", 90, minimum=1)

# --- Outbox delivery (people.outbox) ------------------------------------------------------------
# Tries before a message is set failed and shown to administrators (1, 2, 4 … 60 minutes apart).
KRING_OUTBOX_MAX_ATTEMPTS = env.int("KRING_OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
# How long a delivery holds its message: longer than the task's hard time limit, so a killed
# worker's message goes again after this, and only then.
KRING_OUTBOX_LEASE_SECONDS = env.int(
    "KRING_OUTBOX_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 30, minimum=CELERY_TASK_TIME_LIMIT + 1
)
# Hand messages to the broker on a background thread after commit (never on the request's).
KRING_OUTBOX_DISPATCH_THREAD = env.bool("KRING_OUTBOX_DISPATCH_THREAD", True)
# Stored mail files in EMAIL_FILE_PATH (file e-mail backend only), in days.
KRING_RETENTION_MAIL_DAYS = env.int("KRING_RETENTION_MAIL_DAYS", 30, minimum=1)
# At most this many rows in a dry run's list of what it would handle (per rule).
KRING_RETENTION_DRY_RUN_LIST = 200


# --- Health and error reports (config.views.health, config.errors; docs/deployment.md) ----------
def _env_number(name: str, default: str, *, minimum: float, maximum: float) -> float:
    """A decimal number from the environment, from ``minimum`` to ``maximum``."""
    text = env.str(name, default)
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not minimum <= value <= maximum:  # also refuses nan
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a number from {minimum} to {maximum}, "
            f"not {text!r}."
        )
    return value


# /health/ answers within this many seconds whatever hangs; a check not done by then is down.
KRING_HEALTH_DEADLINE = _env_number("KRING_HEALTH_DEADLINE", "1.5", minimum=0.1, maximum=10)
# Degraded when the worker's last heartbeat (people.heartbeat, every minute) is older than this...
KRING_HEALTH_WORKER_LATE = env.int("KRING_HEALTH_WORKER_LATE", 300, minimum=1)
# ...or the oldest outbox message still to send is older than this (seconds).
KRING_HEALTH_OUTBOX_LATE = env.int("KRING_HEALTH_OUTBOX_LATE", 600, minimum=1)
# Sentry (config.errors.sentry_init, called by config.settings.production): off when the DSN is
# empty. Reports carry no personal data: no request bodies, cookies, local variables or user
# fields other than the id.
SENTRY_DSN = env.str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = _env_number("SENTRY_TRACES_SAMPLE_RATE", "0", minimum=0, maximum=1)
# Error mails (Django's mail_admins, when DEBUG is off), the fallback without Sentry:
# comma-separated e-mail addresses, may be empty. Their reports hide every POST value, cookie
# and local variable (config.errors).
ADMINS = [(address, address) for address in env.list("ADMINS", "")]
for _name, _address in ADMINS:
    if "@" not in _address:
        raise ImproperlyConfigured(f"The environment variable ADMINS holds {_address!r}.")
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "config.errors.PrivateExceptionReporter"

# --- Security that holds everywhere ------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview sets SAMEORIGIN on its own views
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; config/headers.py). Kring's own pages: scripts and styles
# from our static files or with the response's nonce ({{ request.csp_nonce }}), never inline
# without one; nothing from another site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *KRING_STATIC_ORIGINS],
        "style-src": [SELF, NONCE, *KRING_STATIC_ORIGINS],
        "img-src": [SELF, "data:", *KRING_IMAGE_ORIGINS],
        "font-src": [SELF, *KRING_STATIC_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/) and the Django admin (/django-admin/) carry inline scripts and style
# attributes in their own templates: there, and only there, inline code is allowed (a nonce in the
# list would switch 'unsafe-inline' off). Wagtail's preview shows a page in a frame of the admin.
KRING_CSP_ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE, *KRING_STATIC_ORIGINS],
    "style-src": [SELF, UNSAFE_INLINE, *KRING_STATIC_ORIGINS],
    "img-src": [SELF, "data:", "blob:", *KRING_IMAGE_ORIGINS],
    "font-src": [SELF, "data:", *KRING_STATIC_ORIGINS],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Permissions-Policy (config/headers.py): every powerful browser feature off; Kring uses none.
KRING_PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Logging: no names, e-mail addresses or case data; the client address only (security) -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{client}]: {message}", "style": "{"}
    },
    # [client]: the client's address on lines about a request (behind the trusted proxies), "-"
    # on others.
    "filters": {"client": {"()": "people.request_log.ClientAddressFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail's in-request background work logs every task at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
