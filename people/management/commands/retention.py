"""``manage.py retention [--dry-run] [--rule NAME ...]``: the retention run by hand
(people.privacy.retention); the nightly task does the same."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from people.privacy.registry import REGISTER
from people.privacy.retention import retention_run


class Command(BaseCommand):
    help = (
        "Anonymises or deletes what has passed its retention period; with --dry-run, only "
        "lists what it would handle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Change nothing; list what is due."
        )
        parser.add_argument(
            "--rule",
            action="append",
            dest="rules",
            metavar="NAME",
            help=f"Only this rule (repeatable): {', '.join(REGISTER.retention_rules)}.",
        )

    def handle(self, *args, dry_run: bool = False, rules=None, **options):
        try:
            run = retention_run(now=timezone.now(), dry_run=dry_run, rules=rules)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        verb = "would handle" if dry_run else "handled"
        for name, entry in run.report.items():
            line = f"{name} ({entry['label']}): {verb} {entry['count']}"
            if entry["errors"]:
                line += f", {entry['errors']} failed"
            self.stdout.write(line)
            for item in entry.get("items", []):
                self.stdout.write(f"    {item['label']} {item['type']} #{item['id']}")
            if entry.get("more"):
                self.stdout.write(f"    ... and {entry['more']} more")
        failed = sum(entry["errors"] for entry in run.report.values())
        summary = f"Retention run #{run.pk}{' (dry run)' if dry_run else ''} done."
        if failed:
            # A non-zero exit, so a scheduler or monitoring sees it.
            raise CommandError(f"{summary} {failed} failed: see the log; the next run retries.")
        self.stdout.write(self.style.SUCCESS(summary))
