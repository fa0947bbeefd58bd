"""The learning area's signals: what it tells areas to its right, and what it asks them,
without importing them.

- ``progress_changed`` (``user=``) is sent after anything that can complete a track: a lesson
  completed, attendance at a training day recorded, a sign-off. The certificates area connects
  a receiver that issues what the volunteer has now earned (``TrainingConfig.ready``).
- ``refresher_period_asked`` (``user=``) asks since which day a lesson done before counts as not
  done for the volunteer's refresher: the certificates area answers with the day of the latest
  certificate that was not revoked (or None).
"""

from __future__ import annotations

import datetime
from typing import cast

from django.dispatch import Signal

progress_changed = Signal()
refresher_period_asked = Signal()


def progress_changed_send(*, user) -> None:
    """Call after anything that can complete a track (a lesson, attendance, a sign-off)."""
    progress_changed.send(sender=None, user=user)


def refresher_period_start(*, user) -> datetime.date | None:
    """The latest day any receiver of ``refresher_period_asked`` names for the user, if any."""
    responses = refresher_period_asked.send(sender=None, user=user)
    # django-stubs types every receiver's answer as ``str | None``; this signal's receivers
    # answer a day (see the module docstring).
    days = [cast("datetime.date", day) for _receiver, day in responses if day]
    return max(days, default=None)
