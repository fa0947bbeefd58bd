"""``manage.py seed_demo``: the demo data that ``make run`` shows. Deterministic and idempotent.

Each app keeps its own demo data in ``<app>/demo.py``; this command calls them in the order of
the layering. It refuses to run when DEBUG is off, so no demo account reaches production.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import demo as cms_demo
from coaching import demo as coaching_demo
from people import demo as people_demo
from training import demo as training_demo
from trajects import demo as trajects_demo


class Command(BaseCommand):
    help = (
        "Creates the demo data (regions' staff, coaches, coordinators, pages). Only with DEBUG on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates demo accounts with a known password: it only runs with DEBUG on."
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
