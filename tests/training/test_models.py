"""Application: who may see it, what the database refuses, and what it says about itself."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from wagtail.snippets.models import get_snippet_models

from people.factories import postcode
from training.factories import ApplicationFactory
from training.models import Application, ApplicationStatus
from training.recruitment.pages import RecruitmentCall

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(db):
    return {
        "antwerpen": ApplicationFactory(postcode=postcode("2000")),
        "limburg": ApplicationFactory(postcode=postcode("3500")),
    }


def test_regional_staff_see_only_their_regions_applications(staff, applications):
    assert list(Application.objects.visible_to(staff)) == [applications["antwerpen"]]


def test_administrator_sees_every_application(administrator, applications):
    assert Application.objects.visible_to(administrator).count() == 2


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "coach", "editor"])
def test_everyone_else_sees_no_application(personas, persona, applications):
    user = personas[persona]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()

    assert Application.objects.visible_to(user).count() == 0


def test_staff_who_lost_their_role_see_nothing(staff, applications):
    staff.groups.clear()
    staff = type(staff).objects.get(pk=staff.pk)  # a fresh object: access is cached per object

    assert Application.objects.visible_to(staff).count() == 0


def test_database_refuses_an_application_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(consent=False)


def test_database_refuses_a_second_application_with_the_same_token():
    copy = ApplicationFactory()
    copy.pk = None  # saving inserts a second row with the same token

    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_a_new_application_has_the_status_new_and_all_later_statuses_exist():
    assert ApplicationFactory().status == ApplicationStatus.NEW
    assert ApplicationStatus.values == [
        "new",
        "intake",
        "invited",
        "in_training",
        "certified",
        "stopped",
    ]


def test_an_application_names_itself_by_reference_never_by_the_persons_name():
    application = ApplicationFactory(first_name="Fatima", last_name="El Amrani")

    assert str(application) == f"V-{application.pk:05d}"
    assert "Fatima" not in str(application)


def test_applications_are_in_neither_admin():
    """Personal data stays out of the Wagtail admin and the Django admin."""
    assert Application not in admin.site._registry
    assert Application not in get_snippet_models()
    assert RecruitmentCall not in get_snippet_models()
