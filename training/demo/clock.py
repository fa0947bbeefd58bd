"""The demo's rows are made through the services, at the moments they would have happened:
the services read the clock (``timezone.now()``), so the demo moves it there and back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.utils import timezone


def at_time(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def moment(when: datetime.datetime) -> Iterator[None]:
    """The clock stands at ``when`` inside the block."""
    with time_machine.travel(when, tick=False):
        yield
