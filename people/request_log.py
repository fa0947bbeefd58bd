"""The client's address on log lines about a request (``django.request``: 4xx and 5xx answers),
found as the rate limits find it (``people.http.client_ip``), not the proxy's address."""

from __future__ import annotations

import logging

from django.http import HttpRequest


class ClientAddressFilter(logging.Filter):
    """Sets ``record.client``: the client's address for a record about a request, else "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Logging is configured before the apps load, and people.http imports people.models.
        from people.http import client_ip

        request = getattr(record, "request", None)
        address = client_ip(request) if isinstance(request, HttpRequest) else None
        record.client = address or "-"
        return True
