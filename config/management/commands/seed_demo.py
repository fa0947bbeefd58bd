"""``manage.py seed_demo``: the demo data that ``make run`` shows. Deterministic and idempotent.

Each app keeps its own demo data in ``<app>/demo.py``; this command calls them in the order of
the layering. It refuses to run when DEBUG is off, on any database but the embedded one, and
on one that holds real data (``config/demo_guard.py``), so no demo account reaches production.
``--i-know-this-is-not-the-demo-database`` lifts the database checks (a staging database, say),
never the DEBUG one.
"""

from __future__ import annotations

import random
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import demo as cms_demo
from coaching import demo as coaching_demo
from config.demo_guard import seeding_refusal
from people import demo as people_demo
from training import demo as training_demo
from trajects import demo as trajects_demo


class Command(BaseCommand):
    help = (
        "Creates the demo data (regions' staff, coaches, coordinators, pages). Only with DEBUG "
        "on, and only in the embedded database while it holds no real data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--i-know-this-is-not-the-demo-database",
            action="store_true",
            dest="not_the_demo_database",
            help="Seed even though the database is not the embedded one or holds real data.",
        )

    def handle(self, *args, **options):
        refusal = seeding_refusal(check_database=not options["not_the_demo_database"])
        if refusal:
            raise CommandError(
                f"seed_demo wrote nothing. {refusal} (--i-know-this-is-not-the-demo-database "
                "seeds anyway, with DEBUG on.)"
            )
        rng = random.Random(2026)
        with transaction.atomic():
            people = people_demo.seed(rng=rng)
            cms_demo.seed_pages()
            training = training_demo.seed(rng=rng)
            trajects = trajects_demo.seed(rng=rng)
            cms_demo.seed_front_door()  # once the registration and recruitment pages exist
            coaching = coaching_demo.seed(rng=rng)
            people_demo.seed_second_factors()  # coordinators who now have a traject
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({people.created} new people, "
                f"{trajects.registrations} new registrations, {trajects.trajects} new trajects, "
                f"{training.applications_created} new volunteer applications, "
                f"{coaching.sessions} new coaching sessions, {coaching.contacts} new contacts)."
            )
        )
        self.stdout.write(
            f"Demo log-ins at /accounts/login/, password: {people_demo.DEFAULT_PASSWORD}"
        )
        for what, email in people.logins:
            self.stdout.write(f"  {what:<45} {email}")
        if getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None):
            self.stdout.write(
                "Coaches, staff, editors, the administrator and coordinators with a traject "
                "also need a second factor: in this demo, "
                f"the code {settings.MFA_TOTP_INSECURE_BYPASS_CODE} works."
            )
