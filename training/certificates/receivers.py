"""The certificates area's answers to the learning area's signals, connected in
``TrainingConfig.ready``: progress may have earned a certificate; a refresher counts from the
latest certificate."""

from __future__ import annotations

import datetime

from training.certificates.selectors import latest_certification_day
from training.certificates.services import certificates_award_due
from training.learning.signals import progress_changed, refresher_period_asked


def award_due_on_progress(sender, *, user, **kwargs) -> None:
    """Issue the certificate of every track the user has now completed and holds no valid
    certificate for (or renew one whose rules are met). Idempotent."""
    certificates_award_due(user=user)


def refresher_since_latest_certificate(sender, *, user, **kwargs) -> datetime.date | None:
    """A lesson done before the latest certificate counts as not done for the refresher."""
    return latest_certification_day(user)


def connect() -> None:
    progress_changed.connect(award_due_on_progress, dispatch_uid="training.certificates.award")
    refresher_period_asked.connect(
        refresher_since_latest_certificate, dispatch_uid="training.certificates.refresher"
    )
