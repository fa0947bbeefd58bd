"""Factories for the training app, reused by the tests."""

from __future__ import annotations

import datetime
import secrets
import uuid

import factory
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.models import HomePage
from people.factories import region as region_by_code
from people.models import Postcode
from training.learning.models import TrackModule
from training.learning.pages import LessonPage, ModulePage, TrainingIndexPage
from training.recruitment.models import Application, Availability, HeardOfUs


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application from postcode 2000 (Antwerpen) unless told otherwise; the region always
    follows the postcode."""

    class Meta:
        model = Application
        django_get_or_create = ("submission_token",)

    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"kandidaat{n}@example.org")
    phone = "+32470123456"
    postcode = factory.LazyFunction(lambda: Postcode.objects.get(code="2000"))
    region = factory.LazyAttribute(lambda application: application.postcode.region)
    languages = factory.LazyFunction(lambda: ["nl"])
    motivation = "Ik wil gezinnen helpen om zelf een plan te maken."
    availability = factory.LazyFunction(lambda: [Availability.WEEKDAY_EVENING.value])
    heard_of_us = HeardOfUs.WEBSITE
    consent = True
    submission_token = factory.LazyFunction(uuid.uuid4)
    language = "nl"


# --- The e-learning, tracks, training days and certificates -----------------------------------


def quiz_value(
    *, title: str = "Quiz", pass_mark: int = 50, questions: list[dict] | None = None
) -> dict:
    """The raw value of a quiz block with fixed ids, for a LessonPage body.

    ``questions``: ``[{"id", "question", "kind", "answers": [{"id", "text", "correct",
    "feedback"}]}]``; by default one single-choice question (id ``q1``) with a correct answer
    ``a1`` and a wrong one ``a2``.
    """
    questions = questions or [
        {
            "id": "q1",
            "question": "Wie maakt het plan?",
            "kind": "single",
            "answers": [
                {"id": "a1", "text": "De familie", "correct": True, "feedback": "Juist."},
                {"id": "a2", "text": "De hulpverlener", "correct": False, "feedback": "Nee."},
            ],
        }
    ]
    return {
        "title": title,
        "intro": "",
        "pass_mark": pass_mark,
        "questions": [
            {
                "type": "item",
                "id": question["id"],
                "value": {
                    "question": question["question"],
                    "kind": question.get("kind", "single"),
                    "answers": [
                        {
                            "type": "item",
                            "id": answer["id"],
                            "value": {
                                "text": answer["text"],
                                "correct": answer["correct"],
                                "feedback": answer.get("feedback", ""),
                            },
                        }
                        for answer in question["answers"]
                    ],
                },
            }
            for question in questions
        ],
    }


def training_index(home=None):
    """The training index under the (Dutch) home page, made once."""
    home = home or HomePage.objects.filter(locale__language_code="nl").first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code="nl")
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Kring", slug="kring-test", locale=locale))
    existing = TrainingIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(
        instance=TrainingIndexPage(title="Opleiding", slug="opleiding", locale=home.locale)
    )


def module_page(*, index=None, title: str = "Module", prerequisites=(), **fields):
    index = index or training_index()
    slug = fields.pop("slug", None) or f"module-{uuid.uuid4().hex[:8]}"
    module = index.add_child(
        instance=ModulePage(title=title, slug=slug, locale=index.locale, **fields)
    )
    if prerequisites:
        module.prerequisites.set(prerequisites)
        module.save_revision().publish()
    return module


def lesson_page(*, module, title: str = "Les", quiz: dict | None = None, body=None, **fields):
    """A lesson under ``module``: a paragraph, and a quiz (``quiz_value()``) when given, with
    block ids ``p1`` and ``quiz1``; a reflection question ``r1`` when ``reflection=True``."""
    reflection = fields.pop("reflection", False)
    if body is None:
        body = [{"type": "paragraph", "id": "p1", "value": "<p>De familie maakt het plan.</p>"}]
        if reflection:
            body.append(
                {
                    "type": "reflection",
                    "id": "r1",
                    "value": {"question": "Wie hoort in jouw kring?", "help_text": ""},
                }
            )
        if quiz is not None:
            body.append({"type": "quiz", "id": "quiz1", "value": quiz})
    slug = fields.pop("slug", None) or f"les-{uuid.uuid4().hex[:8]}"
    return module.add_child(
        instance=LessonPage(title=title, slug=slug, locale=module.locale, body=body, **fields)
    )


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Track"
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Basisopleiding {n}")
    code = factory.Sequence(lambda n: f"basis-{n}")
    certificate_title = "Gecertificeerd Eigen Kracht-coördinator"
    required_training_days = 0
    validity_months = 24
    qualifies_for_matching = True

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        for order, module in enumerate(extracted or []):
            TrackModule.objects.create(track=self, module=module, sort_order=order)


class TrackEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrackEnrolment"

    track = factory.SubFactory(TrackFactory)


class TrainingDayFactory(factory.django.DjangoModelFactory):
    """A classroom day in Antwerpen, a week from now, 9:30 to 16:30."""

    class Meta:
        model = "training.TrainingDay"

    title = factory.Sequence(lambda n: f"Opleidingsdag {n}")
    kind = "classroom"
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=7)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda day: day.starts_at + datetime.timedelta(hours=7))
    region = factory.LazyFunction(lambda: region_by_code("antwerpen"))
    location = "Eigen Kracht Centrale, Antwerpen"
    capacity = 12


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate issued today, valid two years; prefer ``certificates.services.certificate_issue``
    in tests of behaviour (it also plans the reminders)."""

    class Meta:
        model = "training.Certificate"

    track = factory.SubFactory(TrackFactory)
    code = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    holder_name = factory.LazyAttribute(lambda cert: cert.user.get_full_name())
    title = factory.LazyAttribute(lambda cert: cert.track.certificate_title)
    issued_on = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyAttribute(lambda cert: cert.issued_on + datetime.timedelta(days=730))
