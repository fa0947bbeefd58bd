"""``manage.py backup [FOLDER]``: the database and the upload folders in one new folder
(``config/backups.py``; ``make backup``; docs/deployment.md#backups)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_create, default_destination


class Command(BaseCommand):
    help = (
        "Backs up the database (sqlite3's backup API or pg_dump) and MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT into a new folder (default: var/backups/kring-<date>-<time>)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "destination", nargs="?", type=Path, help="The folder to make; it must not exist."
        )

    def handle(self, *args: object, **options: Any) -> None:
        destination = options["destination"] or default_destination()
        try:
            summary = backup_create(destination=destination)
        except BackupError as exc:
            raise CommandError(f"No backup made: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {summary.path}: {summary.describe()}.")
        )
        self.stdout.write(
            "It holds personal data: keep it encrypted and off this server (docs/deployment.md)."
        )
