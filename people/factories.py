"""Factories for people, reused by the tests and by seed_demo."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from people.models import CoachAssignment, Postcode, Region, User
from people.roles import Role

DEFAULT_PASSWORD = "kring-demo-2026"  # noqa: S105 -- demo and test accounts only


def _set_roles(user: User, create: bool, roles, default=()) -> None:
    roles = roles if roles is not None else default
    if create and roles:
        user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))


def _with_default_roles(*default: Role):
    return factory.PostGeneration(
        lambda user, create, extracted, **kw: _set_roles(user, create, extracted, default)
    )


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user with a verified e-mail address and the password ``DEFAULT_PASSWORD``.

    ``UserFactory(roles=[Role.COACH], regions=[region])`` sets groups and regions.
    """

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)
    languages = factory.LazyFunction(lambda: ["nl"])

    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: _set_roles(user, create, extracted)
    )

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"primary": True, "verified": True}
            )


class CoordinatorFactory(UserFactory):
    roles = _with_default_roles(Role.COORDINATOR)


class CoachFactory(UserFactory):
    roles = _with_default_roles(Role.COACH)


class StaffFactory(UserFactory):
    roles = _with_default_roles(Role.REGIONAL_STAFF)


def region(code: str) -> Region:
    """A seeded region by code (the migrations create them)."""
    return Region.objects.get(code=code)


def postcode(code: str) -> Postcode:
    return Postcode.objects.get(code=code)


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    coordinator = factory.SubFactory(CoordinatorFactory)
    coach = factory.SubFactory(CoachFactory)
