"""``manage.py seed_scale``: the scaled data set that ``make bench`` measures (``config/scale``).

Fast (``bulk_create``), in the database it is pointed at, with any settings (the bench runs the
production ones: no DEBUG needed). It refuses a database that holds real data (accounts
outside the demo domains, registrations made by neither seed_demo nor seed_scale), unless
``--i-know-this-is-a-bench-database``; and a database that already holds the scaled set gets
nothing new (delete the bench database to change the sizes).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config import scale


def _at_least(minimum: int):
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise ValueError(f"at least {minimum}")
        return value

    parse.__name__ = f"a number of at least {minimum}"
    return parse


class Command(BaseCommand):
    help = (
        "Creates the scaled data set for the benchmark (make bench): coordinators, coaches, "
        "registrations, trajects, sessions, training, and four personas with a known password "
        "and TOTP secret. Never on a database holding real data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        default = scale.Sizes()
        parser.add_argument("--coordinators", type=_at_least(1), default=default.coordinators)
        parser.add_argument("--coaches", type=_at_least(1), default=default.coaches)
        parser.add_argument("--registrations", type=_at_least(0), default=default.registrations)
        parser.add_argument(
            "--sessions-per-month", type=_at_least(0), default=default.sessions_per_month
        )
        parser.add_argument("--months", type=_at_least(1), default=default.months)
        parser.add_argument("--applications", type=_at_least(0), default=default.applications)
        parser.add_argument(
            "--i-know-this-is-a-bench-database",
            action="store_true",
            dest="bench_database",
            help="Seed even though the database holds data that seed_demo and seed_scale did "
            "not make (personas with a known password and TOTP secret end up in it).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if not options["bench_database"]:
            refusal = scale.refusal()
            if refusal:
                raise CommandError(
                    f"seed_scale wrote nothing. {refusal} (--i-know-this-is-a-bench-database "
                    "seeds anyway.)"
                )
        if scale.is_seeded():
            self.stdout.write("The scaled data set is already there: nothing to do.")
            return
        sizes = scale.Sizes(
            coordinators=options["coordinators"],
            coaches=options["coaches"],
            registrations=options["registrations"],
            sessions_per_month=options["sessions_per_month"],
            months=options["months"],
            applications=options["applications"],
        )
        started = time.monotonic()

        def log(line: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:6.1f} s] {line}")

        made = scale.seed(sizes=sizes, log=log)
        self.stdout.write(
            self.style.SUCCESS(
                f"Scaled data set ready in {time.monotonic() - started:.0f} s: "
                + ", ".join(f"{count} {what}" for what, count in made.counts.items())
                + "."
            )
        )
        self.stdout.write(
            f"Bench log-ins (password {scale.BENCH_PASSWORD}, TOTP secret "
            f"{scale.BENCH_TOTP_SECRET}):"
        )
        for role, email in scale.PERSONAS.items():
            self.stdout.write(f"  {role:<14} {email}")
