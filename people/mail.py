"""Mail that can be sent twice without reaching anyone twice.

Outbox delivery is at least once (``people.outbox``): a worker killed after the mail server took
a message but before the row was marked sent delivers it again. ``StableMessageIdBackend`` (the
``EMAIL_BACKEND``) gives every mail sent during one outbox delivery a Message-ID made from the
outbox row and the mail's place in that delivery, so the second copy carries the same Message-ID
as the first and a receiving server or mail client can drop it. Mails sent outside a delivery
keep Django's random Message-ID. The backend that really sends is ``KRING_EMAIL_BACKEND``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

WRAPPER = "people.mail.StableMessageIdBackend"
_DELIVERY: ContextVar[tuple[str, Iterator[int]] | None] = ContextVar(
    "kring_outbox_delivery", default=None
)


@contextmanager
def stable_message_ids(key: str) -> Iterator[None]:
    """Mails sent inside get Message-IDs ``<key.1@domain>``, ``<key.2@domain>`` … in order."""
    token = _DELIVERY.set((key, itertools.count(1)))
    try:
        yield
    finally:
        _DELIVERY.reset(token)


def delivering_backend() -> str:
    """The dotted path of the backend that really sends (the wrapper's inner one)."""
    if settings.EMAIL_BACKEND == WRAPPER:
        return settings.KRING_EMAIL_BACKEND
    return settings.EMAIL_BACKEND


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >")
    return address or "kring.invalid"


class StableMessageIdBackend(BaseEmailBackend):
    """Sets a stable Message-ID inside an outbox delivery, then hands over to the real backend."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(
            settings.KRING_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        delivery = _DELIVERY.get()
        if delivery is not None:
            key, numbers = delivery
            for message in email_messages:
                headers = message.extra_headers
                if not any(name.lower() == "message-id" for name in headers):
                    headers["Message-ID"] = f"<{key}.{next(numbers)}@{_domain()}>"
        return self.inner.send_messages(email_messages)
