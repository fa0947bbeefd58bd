from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Kring has no public sign-up: staff create accounts or send invitations."""

    def is_open_for_signup(self, request) -> bool:
        return False
