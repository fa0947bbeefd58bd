"""Factories for registrations, reused by the tests and by the demo data."""

from __future__ import annotations

import uuid

import factory
from django.utils import timezone

from people.models import Postcode
from trajects.models import ChildrenInvolved, RegistrantType, Registration
from trajects.services import reference_next


def _place_name(postcode: Postcode) -> str:
    return postcode.places.order_by("name").values_list("name", flat=True).first() or "?"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration by the core person in Antwerpen (2000) unless told otherwise:
    ``RegistrationFactory(postcode=postcode("3500"))`` is one in Limburg."""

    class Meta:
        model = Registration

    created_at = factory.LazyFunction(timezone.now)
    reference = factory.LazyAttribute(
        lambda o: reference_next(year=timezone.localdate(o.created_at).year)
    )
    submission_token = factory.LazyFunction(uuid.uuid4)
    registrant_type = RegistrantType.CORE_PERSON
    registrant_name = factory.Faker("name", locale="nl_BE")
    registrant_email = factory.Sequence(lambda n: f"aanmelder{n}@example.org")
    registrant_phone = "+32470123456"
    core_name = factory.LazyAttribute(lambda o: o.registrant_name)
    postcode = factory.LazyFunction(lambda: Postcode.objects.get(code="2000"))
    municipality = factory.LazyAttribute(lambda o: _place_name(o.postcode))
    region = factory.LazyAttribute(lambda o: o.postcode.region)
    core_phone = "+32470123456"
    languages = factory.LazyFunction(lambda: ["nl"])
    children_involved = ChildrenInvolved.YES
    question = "We willen samen met de familie een plan maken voor de kinderen."
    core_person_agrees = True
    privacy_acknowledged = True
