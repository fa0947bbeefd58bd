import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from people.access import access_for
from people.http import client_ip


def landing_url(user) -> str:
    """Where ``user`` starts after log-in: the first of ``KRING_LOGIN_LANDING`` (role, URL
    name) whose role they have, in the current language; the home page for anyone else."""
    access = access_for(user)
    for role, url_name in settings.KRING_LOGIN_LANDING:
        if access.has(role):
            try:
                return reverse(url_name)
            except NoReverseMatch:  # an app that is not installed here
                continue
    return reverse("wagtail_serve", args=[""])


class AccountAdapter(DefaultAccountAdapter):
    """Kring has no public sign-up: staff create accounts or send invitations."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        """Each role lands on its work (coordinators on the portal, coaches on their coach
        page, staff and administrators on the staff inbox, editors in the Wagtail admin).
        allauth asks this only when no ``next`` was given, also after the second factor."""
        return landing_url(request.user)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """The mail on a change of password, e-mail address or second factor
        (``ACCOUNT_EMAIL_NOTIFICATIONS``), in the person's own language, not the one of the
        page where the change was made (site/templates/account/email/base_notification.txt
        leaves out the address and browser: no personal data in mails)."""
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_notification_mail(template_prefix, user, context, email)

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count by: the one ``people.http.client_ip`` gives
        (behind the trusted proxies), never a header a client can choose."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address


def mfa_fernet() -> MultiFernet:
    """The keys for the second factor's secrets: ``MFA_ENCRYPTION_KEY`` (the first encrypts,
    every one decrypts, so a key can be rotated), or without it one derived from SECRET_KEY
    (dev and tests only: production settings refuse to start without the variable)."""
    keys = list(settings.KRING_MFA_ENCRYPTION_KEYS)
    if not keys:
        digest = hashlib.sha256(f"kring-mfa:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def mfa_encrypt(text: str) -> str:
    return mfa_fernet().encrypt(text.encode()).decode()


def mfa_decrypt(token: str) -> str:
    """Raises ``cryptography.fernet.InvalidToken`` for text that is not ours (or not encrypted)."""
    return mfa_fernet().decrypt(token.encode()).decode()


def mfa_is_encrypted(text: str) -> bool:
    try:
        mfa_decrypt(text)
    except (InvalidToken, ValueError):
        return False
    return True


class MFAAdapter(DefaultMFAAdapter):
    """TOTP seeds and recovery-code seeds are stored encrypted: a copy of the database (a
    backup, a dump) does not give anyone the second factor."""

    def encrypt(self, text: str) -> str:
        return mfa_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_decrypt(encrypted_text)
