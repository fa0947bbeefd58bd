"""Session limits and compulsory second factor."""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from people.access import access_for

STARTED = "kring_started"
SEEN = "kring_seen"
MFA_OK = "kring_mfa_ok"
# Only touch the session for activity once a minute, not on every request.
_SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """Ends a session after ``KRING_SESSION_IDLE`` without activity or ``KRING_SESSION_MAX`` in all."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.idle = settings.KRING_SESSION_IDLE.total_seconds()
        self.maximum = settings.KRING_SESSION_MAX.total_seconds()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(STARTED, now)
            seen = request.session.get(SEEN, now)
            if now - seen > self.idle or now - started > self.maximum:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{settings_login_url()}?next={request.path}")
            if now - seen >= _SEEN_RESOLUTION or SEEN not in request.session:
                request.session[SEEN] = now
        return self.get_response(request)


TRACKED = "kring_session_tracked"


class UserSessionsMiddleware:
    """allauth.usersessions' record of a session's last activity and address (shown on the
    person's Sessions page), refreshed at most once a minute per session: allauth's own
    middleware writes on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session and session.session_key:
            now = time.time()
            if now - session.get(TRACKED, 0) >= _SEEN_RESOLUTION:
                from allauth.usersessions.models import UserSession

                UserSession.objects.create_from_request(request, user=user, session=session)
                session[TRACKED] = now
        return self.get_response(request)


def settings_login_url() -> str:
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)


# URL names a user without a second factor may still reach: setting it up, and leaving.
_MFA_EXEMPT_PREFIXES = ("mfa_", "account_reset_password")
_MFA_EXEMPT_NAMES = {
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
    "set_language",
    "switch_language",
    "health",
    "health_live",
}


def holds_what_needs_mfa(user) -> bool:
    """Whether ``user`` is named in a row that ``KRING_MFA_REQUIRED_HOLDERS`` lists for one of
    their roles (a coordinator with a traject of their own): one ``EXISTS`` query per rule.
    The rules come from the settings, so ``people`` imports none of the apps that own them."""
    access = access_for(user)
    for role, rules in settings.KRING_MFA_REQUIRED_HOLDERS.items():
        if not access.has(role):
            continue
        for label, field in rules:
            if apps.get_model(label)._default_manager.filter(**{field: user}).exists():
                return True
    return False


def mfa_required(user) -> bool:
    """Whether ``user`` must have a second factor: by role (``KRING_MFA_REQUIRED_ROLES``), or
    by what they hold (``holds_what_needs_mfa``)."""
    return access_for(user).has(*settings.KRING_MFA_REQUIRED_ROLES) or holds_what_needs_mfa(user)


class RequireMfaMiddleware:
    """Sends users who must have a second factor (``mfa_required``) to set one up before
    anything else. A user with one is remembered in the session, so this costs no query after
    the first request; a coordinator without a traject costs one ``EXISTS`` query a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "Your role works with confidential data: set up two-factor authentication first."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(MFA_OK) == user.pk:
            return False
        if not mfa_required(user):
            return False
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[MFA_OK] = user.pk
            return False
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return False
        try:
            name = resolve(path).url_name or ""
        except Resolver404:
            return False
        return not (name.startswith(_MFA_EXEMPT_PREFIXES) or name in _MFA_EXEMPT_NAMES)
