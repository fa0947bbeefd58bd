"""A per-visitor rate limit for public forms, kept in the default cache (the database, never
Redis, so the forms keep working when Redis is down). The visitor's address is hashed with the
secret key: no IP address is stored."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _visitor_key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{address}".encode()).hexdigest()[:32]
    return f"kring:rl:{scope}:{digest}"


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, period: int) -> bool:
    """Counts one attempt; True when the visitor has gone over ``limit`` in ``period`` seconds."""
    key = _visitor_key(request, scope)
    if cache.add(key, 1, timeout=period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return False
    return count > limit
