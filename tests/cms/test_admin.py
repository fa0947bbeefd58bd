"""Editors (the editor persona: the editor role, no superuser) can open every cms page type in
Wagtail's admin, to edit and to add, and only where the page tree allows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["home", "what_is", "regions", "antwerpen", "news", "news_item", "fr_what_is"]
ADDABLE = [
    ("home", "contentpage"),
    ("what_is", "contentpage"),
    ("regions", "regionpage"),
    ("news", "newspage"),
]


def test_every_page_type_opens_in_the_editor(client, login, editor, site_pages):
    login(client, editor)

    for name in PAGES:
        response = client.get(f"/admin/pages/{site_pages[name].pk}/edit/")
        assert response.status_code == 200, name


@pytest.mark.parametrize(("parent", "model"), ADDABLE)
def test_editor_can_add_a_page_where_the_tree_allows(
    client, login, editor, site_pages, parent, model
):
    login(client, editor)

    response = client.get(f"/admin/pages/add/cms/{model}/{site_pages[parent].pk}/")

    assert response.status_code == 200


def test_editor_cannot_add_a_news_item_under_the_home_page(client, login, editor, site_pages):
    login(client, editor)

    response = client.get(f"/admin/pages/add/cms/newspage/{site_pages['home'].pk}/")

    # Wagtail answers a page type the tree does not allow by sending the editor back to the
    # dashboard (with a message), not by showing the form.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
