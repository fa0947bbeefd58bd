"""Password rules of Kring's own, beside Django's validators (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone guessing a Kring password tries first: the site, the method and its roles.
# Compared without case, spaces, hyphens or accents ("Eigen Kracht", "coördinator").
CONTEXT_WORDS = (
    "kring",
    "eigenkracht",
    "ekc",
    "conferentie",
    "coordinator",
    "coordinatrice",
    "coordinateur",
    "coach",
)


def _plain(text: str) -> str:
    """Lower case, accents removed, only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


class ContextWordsValidator:
    """Refuses a password that contains one of ``CONTEXT_WORDS`` (or the ``words`` option)."""

    def __init__(self, words: tuple[str, ...] | list[str] | None = None):
        self.words = tuple(_plain(word) for word in (words or CONTEXT_WORDS))

    def validate(self, password: str, user=None) -> None:
        plain = _plain(password)
        if any(word in plain for word in self.words):
            raise ValidationError(
                _(
                    "This password contains a word that has to do with Kring or Eigen Kracht "
                    "(such as “kring” or “coordinator”): anyone guessing would try it first."
                ),
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot contain words that have to do with Kring or Eigen Kracht, "
            "such as “kring”, “eigen kracht” or “coordinator”."
        )
