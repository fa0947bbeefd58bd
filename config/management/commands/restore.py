"""``manage.py restore FOLDER [--yes]``: replaces the database and the upload folders with a
backup made by ``manage.py backup`` (``config/backups.py``; ``make restore``;
docs/deployment.md#backups). Stop the web server, the worker and beat first."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_read, backup_restore, media_roots


class Command(BaseCommand):
    help = (
        "Replaces the database and MEDIA_ROOT and PRIVATE_MEDIA_ROOT with a backup. Asks for "
        "confirmation unless given --yes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", type=Path, help="A folder made by manage.py backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask: replace the current database and uploads.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        source: Path = options["source"]
        try:
            manifest = backup_read(source)
        except BackupError as exc:
            raise CommandError(f"Nothing restored: {exc}") from exc
        if not options["yes"]:
            self._confirm(source, manifest)
        try:
            summary = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}: {summary.describe()}."))
        self.stdout.write(
            "Run manage.py migrate (a backup of an older release), then start the processes."
        )

    def _confirm(self, source: Path, manifest: dict[str, Any]) -> None:
        if not sys.stdin.isatty():
            raise CommandError("Nothing restored: confirm with --yes (no terminal to ask on).")
        folders = ", ".join(str(root) for root in media_roots().values())
        self.stdout.write(
            f"This replaces the whole database and everything in {folders} with the backup in "
            f"{source} (made {manifest.get('created_at', '?')}). What they hold now is lost."
        )
        answer = input("Type 'restore' to go on: ")
        if answer.strip() != "restore":
            raise CommandError("Nothing restored.")
