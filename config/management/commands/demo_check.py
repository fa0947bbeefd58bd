"""``manage.py demo_check``: exits 0 when ``seed_demo`` may run here, 1 (saying why) when not.

``make run`` asks it before seeding, so the demo accounts go only into the embedded database
(``config/demo_guard.py``): a ``DATABASE_URL`` pointing at PostgreSQL gets no demo data.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from config.demo_guard import seeding_refusal


class Command(BaseCommand):
    help = (
        "Exits 0 when seed_demo may run (DEBUG on, the embedded database, no real data in it), "
        "1 when not."
    )

    def handle(self, *args: object, **options: Any) -> None:
        refusal = seeding_refusal()
        if refusal:
            self.stdout.write(f"No demo data: {refusal}")
            sys.exit(1)
        self.stdout.write("The embedded database holds no real data: seed_demo may run.")
