"""The retention run: every rule of the register (``RetentionRule``) applied to what has passed
its period, nightly (the Celery task ``people.retention_run``) or by hand
(``manage.py retention [--dry-run]``).

Each row is handled in its own transaction, so a row that fails is rolled back whole (nothing is
left half-anonymised), counted as an error, and the run goes on with the next row; a later run
picks it up again, for a handled row is no longer due. The report holds counts per rule and, for
a dry run, the type and id of what would be handled: never a name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from people.privacy.models import RetentionRun
from people.privacy.registry import REGISTER, RetentionRule

logger = logging.getLogger(__name__)


def _row_ref(row: Any) -> dict[str, str]:
    """What a dry run lists about one row: its type, its id and the type in words."""
    if isinstance(row, models.Model):
        return {
            "type": row._meta.label_lower,
            "id": str(row.pk),
            "label": str(row._meta.verbose_name),
        }
    if isinstance(row, Path):
        return {"type": "file", "id": row.name, "label": "file"}
    return {"type": type(row).__name__, "id": str(getattr(row, "pk", "")), "label": str(row)}


def _rules(names: Iterable[str] | None) -> list[RetentionRule]:
    if names is None:
        return list(REGISTER.retention_rules.values())
    try:
        return [REGISTER.retention_rules[name] for name in names]
    except KeyError as exc:
        raise LookupError(f"No retention rule {exc.args[0]!r}") from None


def _apply_rule(rule: RetentionRule, *, now: datetime, dry_run: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"label": str(rule.label), "count": 0, "errors": 0}
    items: list[dict[str, str]] = []
    try:
        rows = rule.due(now)
        for row in rows:
            if dry_run:
                # A row that stands for many (a batch delete) says how many.
                entry["count"] += getattr(row, "retention_size", 1)
                if len(items) < settings.KRING_RETENTION_DRY_RUN_LIST:
                    items.append(_row_ref(row))
                continue
            try:
                with transaction.atomic():
                    handled = rule.apply(row, now)
            except Exception as exc:  # one row fails: roll it back, count it, go on
                entry["errors"] += 1
                ref = _row_ref(row)
                logger.error(
                    "retention: %s failed on %s #%s (%s)",
                    rule.name,
                    ref["type"],
                    ref["id"],
                    type(exc).__name__,
                )
                continue
            entry["count"] += handled if isinstance(handled, int) else 1
    except Exception as exc:  # the rule could not even list its rows: next rule
        entry["errors"] += 1
        logger.error("retention: %s could not run (%s)", rule.name, type(exc).__name__)
    if dry_run:
        entry["items"] = items
        entry["more"] = entry["count"] - len(items)
    return entry


def retention_run(
    *, now: datetime, dry_run: bool = False, rules: Iterable[str] | None = None
) -> RetentionRun:
    """Applies the retention rules (all, or those named) to what is due at ``now``; a dry run
    only counts and lists. Returns the stored run with its report per rule; the report is saved
    after each rule, so an interrupted run shows how far it got (``finished_at`` stays empty)."""
    selected = _rules(rules)
    run = RetentionRun.objects.create(started_at=now, dry_run=dry_run, report={})
    for rule in selected:
        run.report[rule.name] = _apply_rule(rule, now=now, dry_run=dry_run)
        run.save(update_fields=["report"])
    run.finished_at = max(now, timezone.now())
    run.save(update_fields=["finished_at"])
    logger.info(
        "retention: %s run done: %s",
        "dry" if dry_run else "real",
        ", ".join(f"{name} {entry['count']}" for name, entry in run.report.items()),
    )
    return run
