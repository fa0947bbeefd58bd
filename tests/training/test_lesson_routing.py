"""The training index finds a lesson's address in one query, and the training pages read their
view restrictions in one (issue 14): both answer what Wagtail's own routing and
``Page.get_view_restrictions`` answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from training.factories import lesson_page, module_page, training_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    index = training_index(home)
    module = module_page(index=index, title="Eén", slug="een")
    lesson = lesson_page(module=module, title="Aanmelding", slug="aanmelding")
    return index, module, lesson


def test_a_lesson_is_served_at_its_address(client, login, coordinator, course):
    _index, _module, lesson = course
    login(client, coordinator)

    response = client.get(lesson.url)

    assert response.status_code == 200
    assert response.context["page"].pk == lesson.pk
    assert response.context["module"].title == "Eén"


def test_a_module_is_served_at_its_address(client, login, coordinator, course):
    _index, module, _lesson = course
    login(client, coordinator)

    assert client.get(module.url).status_code == 200


def test_a_lesson_under_another_modules_slug_is_not_found(client, login, coordinator, course):
    index, _module, lesson = course
    module_page(index=index, title="Twee", slug="twee")
    login(client, coordinator)

    assert client.get(lesson.url.replace("/een/", "/twee/")).status_code == 404
    assert client.get(lesson.url.replace("/aanmelding/", "/onbekend/")).status_code == 404


def test_an_unpublished_lesson_is_not_found(client, login, coordinator, course):
    _index, _module, lesson = course
    url = lesson.url
    lesson.unpublish()
    login(client, coordinator)

    assert client.get(url).status_code == 404


def test_a_restriction_on_the_module_holds_for_its_lessons(client, login, coordinator, course):
    _index, module, lesson = course
    restriction = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="editor")])
    login(client, coordinator)

    assert client.get(lesson.url).status_code != 200


def wagtail_restrictions(page) -> set[int]:
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def test_the_view_restrictions_are_wagtails_also_for_an_alias(course):
    index, module, lesson = course
    on_index = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    on_module = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.LOGIN
    )
    alias = module.create_alias(recursive=True, update_slug="een-alias")
    alias_lesson = alias.get_children().first().specific

    for page in (index, module, lesson, alias, alias_lesson):
        page = page.specific
        assert set(page.get_view_restrictions().values_list("pk", flat=True)) == (
            wagtail_restrictions(page)
        )
    assert wagtail_restrictions(alias_lesson.specific) == {on_index.pk, on_module.pk}
