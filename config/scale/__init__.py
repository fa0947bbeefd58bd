"""The scaled data set of ``manage.py seed_scale``: what ``make bench`` (bench/run.py) measures.

Built fast, with ``bulk_create`` (rows of the real models, in the states the services would
leave them in), on top of the public pages of ``seed_demo`` (its content part: the pages in
three languages, the registration and recruitment pages, the training with its lessons and
quizzes, the tracks). By default: 1,000 coordinators spread over the regions, each coached by
one of 50 coaches; 10,000 registrations over two years in every status, most of them accepted
as trajects in every phase (a coordinator works on at most one at a time, as the database
holds); 200 coaching sessions a month over twelve months with their invitations; training
days with their seats, lesson progress, track enrolments, certificates; 500 applications.

Four persona accounts log in for the bench (``PERSONAS``), with ``BENCH_PASSWORD`` and a TOTP
authenticator on the fixed secret ``BENCH_TOTP_SECRET``: a coordinator with trajects of their
own (one in preparation, the others closed), a coach of 20 coordinators, a staff member of
every region (the largest lists) and an administrator. Known credentials: this data set is for
a bench database only, and every account is on the reserved demo domain.

The guard (``refusal``) follows ``config/demo_guard.py``: people outside the demo domains, or
registrations made neither by ``seed_demo`` (its tokens) nor by this module (tokens in the
range of ``scale_token``), are real data, and seed_scale writes nothing then. Unlike
``seed_demo`` it needs no DEBUG (the bench runs the production settings) and no SQLite.
"""

from __future__ import annotations

import random
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from faker import Faker

from cms import demo as cms_demo
from config import demo_guard
from config.scale.cases import seed_registrations
from config.scale.crowd import seed_people
from config.scale.meetings import seed_coaching
from config.scale.rows import (
    BENCH_PASSWORD,
    BENCH_TOTP_SECRET,
    LOG,
    PERSONAS,
    TOKEN_BASE,
    TOKEN_SPAN,
    Made,
    Sizes,
    scale_token,
)
from config.scale.schooling import finish_personas, seed_training
from people.models import User
from training.demo import learning as learning_pages
from training.demo import seed_page as recruitment_seed_page
from training.demo.content import basic_lessons
from training.demo.rows import seed_tracks
from training.learning.models import Track
from training.models import LessonPage
from trajects import demo as trajects_demo

__all__ = [
    "BENCH_PASSWORD",
    "BENCH_TOTP_SECRET",
    "PERSONAS",
    "Made",
    "Sizes",
    "is_seeded",
    "real_data_found",
    "refusal",
    "scale_token",
    "seed",
]


def _scale_tokens() -> Q:
    return Q(
        submission_token__gte=uuid.UUID(int=TOKEN_BASE),
        submission_token__lt=uuid.UUID(int=TOKEN_BASE + TOKEN_SPAN),
    )


def real_data_found(*, using: str = "default") -> list[str]:
    """What in the database neither ``seed_demo`` nor this module made, as counts."""
    return demo_guard.real_data_found(
        using=using,
        also_made=_scale_tokens(),
        made_by="made by neither seed_demo nor seed_scale",
    )


def refusal(*, using: str = "default") -> str | None:
    """Why the scaled data set must not go into this database, or None when it may."""
    found = real_data_found(using=using)
    if found:
        return f"The database holds real data: {'; '.join(found)}."
    return None


def is_seeded() -> bool:
    """Whether the scaled data set is there (its administrator persona; ``seed`` writes the
    set in one transaction)."""
    return User.objects.filter(email=PERSONAS["administrator"]).exists()


# --- The whole set ------------------------------------------------------------------------------


def seed(*, sizes: Sizes, log: LOG = lambda _line: None) -> Made:
    """Builds the scaled data set: the pages first (idempotent), then every row in one
    transaction, so the set is there whole or not at all (``is_seeded``)."""
    made = Made()
    rng = random.Random(2026_14)  # noqa: S311 -- bench data
    faker = Faker("nl_BE")
    faker.seed_instance(2026_14)
    now = timezone.now()
    log("pages (the content part of seed_demo)")
    tracks, lessons = _content()
    with transaction.atomic():
        log(f"people: {sizes.coordinators} coordinators, {sizes.coaches} coaches, personas")
        crowd = seed_people(sizes, rng, faker, now, made)
        log(f"{sizes.registrations} registrations and their trajects")
        seed_registrations(sizes, crowd, rng, faker, now, made)
        log(f"{sizes.sessions_per_month} coaching sessions a month over {sizes.months} months")
        seed_coaching(sizes, crowd, rng, now, made)
        log("training: days, seats, enrolments, lesson progress, certificates, applications")
        seed_training(sizes, crowd, tracks, lessons, rng, faker, now, made)
        log("second factors of the personas")
        finish_personas(crowd, lessons, made)
    return made


def _content() -> tuple[dict[str, Track], list[tuple[str, LessonPage]]]:
    """seed_demo's pages (idempotent): the site, the registration and recruitment pages, the
    training pages and the tracks. Returns the tracks and the basic lessons (key, Dutch page)."""
    cms_demo.seed_pages()
    recruitment_seed_page()
    learning = learning_pages.seed()
    tracks = seed_tracks(learning)
    trajects_demo.seed_page()
    cms_demo.seed_front_door()
    lessons = [(key, learning.lessons[key]) for key in basic_lessons() if key in learning.lessons]
    return tracks, lessons
