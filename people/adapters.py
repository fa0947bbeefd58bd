from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from people.access import access_for


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
