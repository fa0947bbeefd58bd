"""The coach's traject list (/coach/trajecten/) a page at a time: the current trajects first,
then the ended ones, each newest first, paged in the database as one list."""

from __future__ import annotations

from django.utils import translation

from people.roles import Role
from tests.trajects import budget_data as data
from trajects.coach.selectors import PER_PAGE, coach_traject_page
from trajects.coach.tables import traject_rows
from trajects.traject.models import Phase


def _coached(coach, antwerpen, *, current: int, ended: int):
    # A coordinator works on one traject at a time: one each for the current ones.
    coordinators = data.people(
        max(current, 1), role=Role.COORDINATOR, region=antwerpen, coach=coach
    )
    made_current = data.trajects(
        current, region=antwerpen, phase=Phase.PREPARATION, coordinators=coordinators
    )
    made_ended = data.trajects(
        ended, region=antwerpen, phase=Phase.CLOSED, coordinators=coordinators
    )
    return made_current, made_ended


def test_the_list_pages_the_current_trajects_first_then_the_ended_ones(coach, antwerpen):
    current, ended = _coached(coach, antwerpen, current=PER_PAGE - 5, ended=10)

    first = coach_traject_page(user=coach, page=None)
    assert [t.pk for t in first.current] == [t.pk for t in reversed(current)]  # newest first
    assert len(first.ended) == 5
    assert first.shows_current and first.shows_ended
    assert first.page_obj.paginator.num_pages == 2

    second = coach_traject_page(user=coach, page="2")
    assert second.current == [] and not second.shows_current
    assert len(second.ended) == 5 and second.shows_ended
    shown = {t.pk for t in first.ended + second.ended}
    assert shown == {t.pk for t in ended}


def test_a_list_without_ended_trajects_says_none_on_its_last_page(coach, antwerpen):
    _coached(coach, antwerpen, current=PER_PAGE + 1, ended=0)
    first = coach_traject_page(user=coach, page="1")
    assert len(first.current) == PER_PAGE and not first.shows_ended
    last = coach_traject_page(user=coach, page="2")
    assert len(last.current) == 1 and last.ended == [] and last.shows_ended
    assert last.shows_current  # rows of the current list: its table is shown


def test_the_page_shows_one_page_with_its_links(client, login, coach, antwerpen):
    current, ended = _coached(coach, antwerpen, current=3, ended=PER_PAGE)
    login(client, coach)
    page = client.get("/en/coach/trajecten/").content.decode()
    assert all(t.reference in page for t in current)
    assert 'href="?page=2"' in page and "Page 1 of 2" in page
    second = client.get("/en/coach/trajecten/?page=2").content.decode()
    assert "Current trajects" not in second and "Ended trajects" in second
    assert not any(t.reference in second for t in current)
    assert sum(t.reference in page + second for t in ended) == PER_PAGE


def test_a_row_links_the_traject_and_marks_a_paused_learning_one(coach, antwerpen):
    current, _ = _coached(coach, antwerpen, current=1, ended=0)
    traject = current[0]
    traject.is_learning = True
    traject.paused_at = traject.started_at
    with translation.override("en"):
        (row,) = traject_rows([traject])
    assert f'href="/en/coach/trajecten/{traject.reference}/"' in row
    assert "status-badge--paused" in row and "status-badge--learning" in row
    assert 'data-label="Coordinator"' in row
