"""Every staff and coach table takes any ``?per_page=`` and ``?page=`` without a 500."""

from __future__ import annotations

import pytest

from people.tables import MAX_PER_PAGE

pytestmark = pytest.mark.django_db

LISTS = [
    "/staf/aanmeldingen/",
    "/staf/kandidaten/",
    "/staf/opleidingsdagen/",
    "/staf/vrijwilligers/",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", ["per_page=-1", "per_page=0", "per_page=100000", "per_page=x"])
def test_a_strange_page_size_still_shows_the_list(client, login, administrator, url, query):
    login(client, administrator)

    response = client.get(f"{url}?{query}")

    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= MAX_PER_PAGE
