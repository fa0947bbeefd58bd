"""Log-in, log-out and account changes in the access log (connected in ``PeopleConfig.ready``).

None of these blocks what the person is doing when the log cannot be written: the event is
dropped and the failure logged (without personal data). Log-out must never be blocked. Log-in
is not blocked either: by the time allauth's signal fires the session is already logged in,
and refusing it then would protect nothing, while every record read afterwards is itself
recorded and fails closed. A failed log-in is stored with the address only: no actor, and
never the e-mail address that was typed.
"""

from __future__ import annotations

import logging

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.models import AnonymousUser
from django.dispatch import receiver

from people.audit.models import AccessAction
from people.audit.services import AuditUnavailable, access_record

logger = logging.getLogger(__name__)


def _record(request, action: AccessAction, user=None) -> None:
    actor = user if user is not None and getattr(user, "pk", None) is not None else None
    try:
        access_record(request=request, action=action, actor=actor)
    except AuditUnavailable:
        logger.error("audit: a %s event was not recorded", action)


@receiver(account_signals.user_logged_in, dispatch_uid="audit_login")
def on_logged_in(sender, request=None, user=None, **kwargs) -> None:
    _record(request, AccessAction.LOGIN, user)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    # The credentials (the typed e-mail address) are never stored, and nobody is named.
    _record(_anonymous(request), AccessAction.LOGIN_FAILED)


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_mfa_failed")
def on_mfa_failed(sender, request=None, **kwargs) -> None:
    _record(_anonymous(request), AccessAction.LOGIN_FAILED)


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def on_logged_out(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:  # logging out an anonymous visitor ends nobody's session
        _record(request, AccessAction.LOGOUT, user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_mfa_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit_mfa_reset")
def on_mfa_changed(sender, request=None, user=None, **kwargs) -> None:
    _record(request, AccessAction.MFA_CHANGE, user)


@receiver(account_signals.password_changed, dispatch_uid="audit_password_changed")
@receiver(account_signals.password_set, dispatch_uid="audit_password_set")
@receiver(account_signals.password_reset, dispatch_uid="audit_password_reset")
def on_password_changed(sender, request=None, user=None, **kwargs) -> None:
    _record(request, AccessAction.PASSWORD_CHANGE, user)


@receiver(account_signals.email_changed, dispatch_uid="audit_email_changed")
@receiver(account_signals.email_added, dispatch_uid="audit_email_added")
@receiver(account_signals.email_removed, dispatch_uid="audit_email_removed")
def on_email_changed(sender, request=None, user=None, **kwargs) -> None:
    _record(request, AccessAction.EMAIL_CHANGE, user)


class _AnonymousRequest:
    """A request's address without its user: a failed log-in names nobody, even when the
    session already belongs to someone (a failed re-authentication)."""

    def __init__(self, request) -> None:
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    @property
    def user(self) -> AnonymousUser:
        return AnonymousUser()


def _anonymous(request):
    return _AnonymousRequest(request) if request is not None else None
