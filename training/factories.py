"""Factories for the training app, reused by the tests."""

from __future__ import annotations

import uuid

import factory

from people.models import Postcode
from training.models import Application, Availability, HeardOfUs


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
