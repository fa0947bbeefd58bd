"""The bench's part in its own process, on the bench database with the production settings:
the data, the personas' log-ins, queries per page, the CPU to accept a form's submission."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.parse import FORM_ACCEPTED, Row
from bench.plan import FORWARDED, PAGE_CACHE_HEADER, say


def prepare_database(*, quick: bool, sizes: dict[str, int]) -> None:
    from django.core.management import call_command

    from config import scale

    say("migrate")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    if scale.is_seeded():
        say("the scaled data set is there (delete the bench database to seed it again)")
    else:
        say("seed_scale " + " ".join(f"--{name} {value}" for name, value in sizes.items()))
        args = [item for name, value in sizes.items() for item in (f"--{name}", str(value))]
        call_command("seed_scale", *args)
    say("collectstatic")
    call_command("collectstatic", interactive=False, verbosity=0)


def find_paths() -> dict[str, str]:
    """The addresses of the pages that depend on the data: the first live Dutch page of each
    type, and the persona coordinator's lesson, quiz attempt and current traject."""
    from urllib.parse import urlsplit

    from wagtail.models import Page as WagtailPage

    from cms.models import ContentPage, NewsIndexPage, NewsPage, RegionIndexPage, RegionPage
    from config.scale import PERSONAS
    from people.models import User
    from training.learning.models import LessonProgress, QuizAttempt
    from training.models import RecruitmentPage
    from trajects.models import RegistrationPage
    from trajects.traject.models import COORDINATOR_BUSY, Traject

    def first(model: type[WagtailPage]) -> str:
        page = model.objects.live().filter(locale__language_code="nl").order_by("path").first()
        if model is NewsPage:
            page = model.objects.live().filter(locale__language_code="nl").order_by("-pk").first()
        return urlsplit(page.get_url()).path if page is not None else ""

    paths = {
        "content": first(ContentPage),
        "news-index": first(NewsIndexPage),
        "news": first(NewsPage),
        "regions": first(RegionIndexPage),
        "region": first(RegionPage),
        "register": first(RegistrationPage),
        "recruit": first(RecruitmentPage),
    }
    persona = User.objects.filter(email=PERSONAS["coordinator"]).first()
    if persona is not None:
        progress = (
            LessonProgress.objects.filter(user=persona, lesson__isnull=False)
            .order_by("-last_opened_at")
            .select_related("lesson")
            .first()
        )
        if progress is not None and progress.lesson is not None:
            paths["lesson"] = urlsplit(progress.lesson.get_url()).path
        attempt = QuizAttempt.objects.filter(user=persona).order_by("-pk").first()
        if attempt is not None:
            paths["quiz"] = f"/portaal/pogingen/{attempt.pk}/"
        traject = (
            Traject.objects.filter(coordinator=persona, phase__in=COORDINATOR_BUSY)
            .select_related("registration")
            .first()
        )
        if traject is not None:
            paths["workspace"] = f"/portaal/trajecten/{traject.reference}/"
    return paths


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def log_in(persona: str) -> Any:
    """A test Client logged in as the persona the way a person does: password, then the TOTP
    code. A code is accepted once (allauth's replay marker): when a second run comes within the
    same 30 seconds, it waits for the next code."""
    from django.conf import settings
    from django.test import Client

    from config.scale import BENCH_PASSWORD, BENCH_TOTP_SECRET, PERSONAS

    email = PERSONAS[persona]
    for attempt in range(2):
        client = Client(headers=FORWARDED)
        client.post("/accounts/login/", {"login": email, "password": BENCH_PASSWORD}, secure=True)
        client.post(
            "/accounts/2fa/authenticate/", {"code": _totp_code(BENCH_TOTP_SECRET)}, secure=True
        )
        if "_auth_user_id" in client.session and settings.SESSION_COOKIE_NAME in client.cookies:
            return client
        if attempt == 0:
            say(f"  {persona}: log-in refused, trying again with the next TOTP code")
            time.sleep(31 - time.time() % 30)
    raise SystemExit(f"The persona {email} could not log in: is the bench data set complete?")


@dataclass
class InProcess:
    status: int
    queries: int
    cache: str


def count_queries(client: Any, path: str) -> InProcess:
    """One request after a warm-up: its status, its queries and its page cache header."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True)
    return InProcess(response.status_code, len(queries), response.get(PAGE_CACHE_HEADER, ""))


def registration_post(n: int) -> dict[str, Any]:
    from cms.forms import sign_protection

    token = str(uuid.uuid4())
    return {
        "registrant_type": "professional",
        "organisation_type": "caw",
        "organisation_name": "CAW Antwerpen",
        "registrant_name": "Hilde Peeters",
        "registrant_email": f"bench{n}@caw.example",
        "registrant_phone": "03 123 45 67",
        "core_name": "Samira El Amrani",
        "postcode": "2000",
        "municipality": "Antwerpen",
        "core_phone": "0470 12 34 56",
        "core_email": "",
        "languages": ["nl", "ar"],
        "conference_language": "nl",
        "children_involved": "yes",
        "question": "Samira wil met haar familie een plan maken voor de zorg voor de kinderen.",
        "wished_start": "asap",
        "heard_of_us": "professional",
        "core_person_agrees": "yes",
        "privacy_acknowledged": "on",
        "website": "",
        "started": sign_protection(token, time.time() - 60),
        "submission": token,
        "step": "send",
    }


def application_post(n: int) -> dict[str, Any]:
    from cms.forms import sign_protection

    token = str(uuid.uuid4())
    return {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": f"bench{n}@example.org",
        "phone": "0470 12 34 56",
        "postcode": "2000",
        "languages": ["nl", "ar"],
        "motivation": "Ik wil gezinnen helpen om zelf een plan te maken.",
        "availability": ["weekday_evening", "weekend"],
        "heard_of_us": "website",
        "consent": "on",
        "website": "",
        "started": sign_protection(token, time.time() - 60),
        "submission": token,
    }


class _Rollback(Exception):
    pass


def submission_cpu(path: str, make_post: Callable[[int], dict[str, Any]], posts: int) -> Row:
    """CPU (this process) and queries to accept one valid submission, over ``posts`` posts;
    the rate limit lifted and everything rolled back afterwards."""
    from unittest import mock

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.form_flow import RateLimit

    client = Client(headers=FORWARDED)
    client.get(path, secure=True)
    statuses: set[int] = set()
    cpu = 0.0
    queries = 0
    with (
        mock.patch.object(RateLimit, "hit", return_value=False),
        contextlib.suppress(_Rollback),
        transaction.atomic(),
    ):
        client.post(path, make_post(-1), secure=True)  # warm-up
        for n in range(posts):
            data = make_post(n)
            with CaptureQueriesContext(connection) as captured:
                started = time.process_time()
                response = client.post(path, data, secure=True)
                cpu += time.process_time() - started
            queries += len(captured)
            statuses.add(response.status_code)
        raise _Rollback
    note = "" if statuses == {302} else f"answers {sorted(statuses)}: not accepted!"
    return Row(
        page="",
        path=path,
        mode="POST in-process",
        budget=FORM_ACCEPTED,
        status=302 if statuses == {302} else min(statuses),
        cpu_ms=cpu * 1000 / posts,
        queries=round(queries / posts),
        note=note or f"mean of {posts} posts",
    )
