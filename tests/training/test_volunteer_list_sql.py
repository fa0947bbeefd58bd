"""The staff's and coaches' volunteer lists filter, sort and paginate in the database
(issue 9): the certificate state in SQL means what ``certificate_state`` says in Python, every
sort orders the rows as their values (ties by name), a filter and a sort hold across page
boundaries, and the queries stay the same at 3 and at 30 volunteers."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.factories import CoachAssignmentFactory, CoordinatorFactory, region
from people.models import User
from people.regions import region_name
from people.tables import MAX_PER_PAGE
from training.certificates.models import Certificate
from training.factories import (
    CertificateFactory,
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
)
from training.learning import selectors as learning
from training.models import LessonProgress, TrainingDayEnrolment
from training.volunteers.selectors import (
    CertificateState,
    certificate_state,
    track_content,
    volunteer_list,
    volunteer_rows,
)

pytestmark = pytest.mark.django_db

STAFF_LIST = "/staf/vrijwilligers/"
COACH_LIST = "/coach/vrijwilligers/"


@dataclass
class Course:
    """The basic track: two modules (two lessons, one lesson), an empty third module, two
    training days required and a sign-off."""

    track: object
    lessons: list = field(default_factory=list)
    days: list = field(default_factory=list)


@pytest.fixture
def course() -> Course:
    first, second, empty = (module_page(title=title) for title in ("Eén", "Twee", "Leeg"))
    lessons = [
        lesson_page(module=first, title="Aanmelding"),
        lesson_page(module=first, title="Voorbereiding"),
        lesson_page(module=second, title="Het plan"),
    ]
    track = TrackFactory(
        code="basis",
        name="Basisopleiding",
        modules=[first, second, empty],
        required_training_days=2,
        sign_off_required=True,
    )
    days = [TrainingDayFactory(track=track) for _ in range(3)]
    return Course(track=track, lessons=lessons, days=days)


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def certificate(user, track, *, issued: int, until: int, revoked: bool = False) -> Certificate:
    """A certificate issued and ending ``issued`` and ``until`` days from today."""
    return CertificateFactory(
        user=user,
        track=track,
        issued_on=days_from_today(issued),
        valid_until=days_from_today(until),
        revoked_at=timezone.now() if revoked else None,
    )


def volunteer(
    course: Course,
    first_name: str,
    last_name: str,
    *,
    regions=("antwerpen",),
    enrolled: bool = True,
    lessons: int = 0,
    days: int = 0,
    signed_off: bool = False,
    coach=None,
) -> User:
    user = CoordinatorFactory(
        first_name=first_name, last_name=last_name, regions=[region(code) for code in regions]
    )
    if enrolled:
        TrackEnrolmentFactory(
            user=user, track=course.track, signed_off_at=timezone.now() if signed_off else None
        )
    for lesson in course.lessons[:lessons]:
        LessonProgress.objects.create(
            user=user, lesson=lesson, lesson_key=lesson.translation_key, completed_at=timezone.now()
        )
    for day in course.days[:days]:
        TrainingDayEnrolment.objects.create(day=day, user=user, attended=True)
    if coach is not None:
        CoachAssignmentFactory(coordinator=user, coach=coach)
    return user


def records(response) -> list:
    assert response.status_code == 200
    return [row.record for row in response.context["table"].paginated_rows]


def every_record(client, url, query=None) -> list:
    return records(client.get(url, {**(query or {}), "per_page": MAX_PER_PAGE}))


def all_pages(client, url, query: dict, per_page: int) -> list[list[str]]:
    """The names on each page of the list, ``per_page`` to a page."""
    pages = []
    number = 1
    while True:
        response = client.get(url, {**query, "per_page": per_page, "page": number})
        pages.append([record.name for record in records(response)])
        if not response.context["table"].page.has_next():
            return pages
        number += 1


# --- The certificate state in SQL -------------------------------------------------------------

# Each volunteer's certificates of the track, as (issued, until, revoked) in days from today.
CERTIFICATE_CASES = {
    "none": [],
    "valid": [(-10, 700, False)],
    "expiring today": [(-700, 0, False)],
    "expiring in 60 days": [(-700, 60, False)],
    "valid from 61 days": [(-700, 61, False)],
    "expired yesterday": [(-800, -1, False)],
    "revoked": [(-10, 700, True)],
    "issued tomorrow": [(1, 700, False)],
    "expiring and valid: the longest counts": [(-700, 30, False), (-10, 700, False)],
    "two expiring: the longest counts": [(-700, 10, False), (-690, 40, False)],
    "expired, then revoked": [(-800, -1, False), (-10, 700, True)],
    "revoked, then expired": [(-900, -200, True), (-800, -1, False)],
    "valid and revoked": [(-10, 700, True), (-20, 500, False)],
    "same day: the later end counts": [(-800, -5, True), (-800, -3, False)],
}


def test_the_certificate_state_in_sql_is_the_one_certificate_state_gives(course):
    other_track = TrackFactory(code="ander")
    users = {}
    for case, certificates in CERTIFICATE_CASES.items():
        user = volunteer(course, case, "Vrijwilliger")
        for issued, until, revoked in certificates:
            certificate(user, course.track, issued=issued, until=until, revoked=revoked)
        # A certificate of another track never counts for this one.
        certificate(user, other_track, issued=-10, until=5)
        users[user.pk] = case

    listed = volunteer_list(User.objects.filter(pk__in=users), track_content(course.track))

    seen = {}
    for user in listed:
        state, chosen = certificate_state(Certificate.objects.filter(user=user, track=course.track))
        expected = (state, chosen.valid_until if chosen else None)
        seen[users[user.pk]] = (user.certificate_state, user.valid_until)
        assert seen[users[user.pk]] == expected, users[user.pk]
    assert len(seen) == len(CERTIFICATE_CASES)
    assert {state for state, _until in seen.values()} == set(CertificateState.order)


def test_without_a_track_every_certificate_counts(course):
    user = volunteer(course, "Zonder", "Traject")
    certificate(user, TrackFactory(code="ander"), issued=-700, until=20)

    (listed,) = volunteer_list(User.objects.filter(pk=user.pk), None)

    assert listed.certificate_state == CertificateState.EXPIRING
    assert listed.valid_until == days_from_today(20)


# --- Filter, sort and pages -------------------------------------------------------------------


def test_a_certificate_filter_sorted_by_end_date_holds_across_pages(client, login, staff, course):
    # Seven expiring certificates, ending in the order of the letters, between others.
    for index, name in enumerate("DAGCFBE"):
        user = volunteer(course, name, "Vervalt")
        certificate(user, course.track, issued=-700, until=ord(name) - ord("A") + 1)
        other = volunteer(course, name, f"Anders{index}")
        certificate(other, course.track, issued=-10, until=100 + index)
    for name in ("Geen", "Nog geen"):
        volunteer(course, name, "Certificaat")
    expired = volunteer(course, "Voorbij", "Vervalt")
    certificate(expired, course.track, issued=-800, until=-3)
    login(client, staff)

    soonest_first = all_pages(
        client, STAFF_LIST, {"certificate": "expiring", "sort": "valid_until"}, 3
    )
    latest_first = all_pages(
        client, STAFF_LIST, {"certificate": "expiring", "sort": "-valid_until"}, 3
    )

    expected = [f"{name} Vervalt" for name in "ABCDEFG"]
    assert soonest_first == [expected[0:3], expected[3:6], expected[6:7]]
    assert latest_first == [expected[::-1][0:3], expected[::-1][3:6], expected[::-1][6:7]]
    assert (
        client.get(STAFF_LIST, {"certificate": "expiring", "per_page": 3})
        .context["table"]
        .paginator.count
        == 7
    )


def test_volunteers_without_a_certificate_come_first_by_end_date_and_last_in_reverse(
    client, login, staff, course
):
    ending = volunteer(course, "Met", "Certificaat")
    certificate(ending, course.track, issued=-10, until=300)
    volunteer(course, "Zonder", "Certificaat")
    login(client, staff)

    ascending = every_record(client, STAFF_LIST, {"sort": "valid_until"})
    descending = every_record(client, STAFF_LIST, {"sort": "-valid_until"})

    assert [record.name for record in ascending] == ["Zonder Certificaat", "Met Certificaat"]
    assert [record.name for record in descending] == ["Met Certificaat", "Zonder Certificaat"]


@pytest.fixture
def varied(course, coach):
    """Volunteers at every stage, in two regions; most coached by ``coach``."""
    specs = [
        ("Anna", "Peeters", {"lessons": 3, "days": 2, "signed_off": True}),
        ("Bert", "Peeters", {"lessons": 2, "days": 1}),
        ("Carl", "De Smet", {"lessons": 1, "days": 3, "regions": ("limburg",)}),
        ("Dirk", "Maes", {"enrolled": False, "lessons": 3, "days": 2}),
        ("Eva", "Maes", {"lessons": 3, "signed_off": True, "regions": ("antwerpen", "limburg")}),
        ("Fien", "Claes", {"days": 2, "regions": ()}),
        ("Gert", "Wouters", {"lessons": 3, "days": 2, "regions": ("limburg", "antwerpen")}),
        ("Hilde", "Aerts", {}),
        ("Ivo", "Aerts", {"enrolled": False}),
        ("Jan", "Van Dam", {"lessons": 2, "signed_off": True}),
        ("Kim", "Van Damme", {"lessons": 3, "days": 1, "regions": ("limburg",)}),
    ]
    users = [volunteer(course, first, last, coach=coach, **spec) for first, last, spec in specs]
    for user, (issued, until, revoked) in zip(
        users,
        [
            (-10, 700, False),
            (-700, 20, False),
            (-800, -4, False),
            (-10, 500, True),
            (-700, 45, False),
            (-10, 400, False),
            (-800, -40, False),
            (-700, 20, False),
        ],
        strict=False,
    ):
        certificate(user, course.track, issued=issued, until=until, revoked=revoked)
    return users


def python_sort_key(column: str):
    """The order the list sorted its rows in Python before issue 9, on a column's value."""
    return {
        "name": lambda r: f"{r.user.last_name} {r.user.first_name}".lower(),
        "region": lambda r: r.region_names,
        "progress": lambda r: r.percent if r.percent is not None else -1,
        "days": lambda r: r.days_attended,
        "sign_off": lambda r: -1 if not r.enrolled else (1 if r.signed_off else 0),
        "certificate": lambda r: CertificateState.order[r.certificate_state],
        "valid_until": lambda r: r.valid_until or datetime.date.min,
    }[column]


COLUMNS = ["name", "region", "progress", "days", "sign_off", "certificate", "valid_until"]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", COLUMNS)
def test_each_column_sorts_the_rows_by_its_values_ties_by_name(
    client, login, administrator, varied, column, descending
):
    login(client, administrator)

    rows = every_record(client, STAFF_LIST, {"sort": f"{'-' if descending else ''}{column}"})

    by_name = sorted(rows, key=lambda r: (python_sort_key("name")(r), r.user.pk))
    expected = sorted(by_name, key=python_sort_key(column), reverse=descending)
    assert [r.user.pk for r in rows] == [r.user.pk for r in expected]
    assert len(rows) == len(varied)
    assert len({python_sort_key(column)(r) for r in rows}) > 2  # the data tell the orders apart


def test_the_progress_on_the_page_is_the_track_status(client, login, administrator, varied):
    login(client, administrator)

    percents = {r.name: r.percent for r in every_record(client, STAFF_LIST, {"sort": "progress"})}

    # 3 modules (one without lessons), 2 days, a sign-off: 6 parts.
    assert percents["Anna Peeters"] == 83  # 2 modules, 2 days, signed off
    assert percents["Bert Peeters"] == 33  # 1 module, 1 day
    assert percents["Dirk Maes"] is None  # not enrolled
    assert percents["Hilde Aerts"] == 0


def test_the_region_sort_follows_the_names_in_the_visitors_language(
    client, login, administrator, course
):
    for code in ("antwerpen", "oost-vlaanderen", "west-vlaanderen"):
        volunteer(course, "Iemand", code, regions=(code,))
    login(client, administrator)

    dutch = every_record(client, STAFF_LIST, {"sort": "region"})
    french = every_record(client, f"/fr{STAFF_LIST}", {"sort": "region"})

    assert [r.region_names for r in dutch] == ["Antwerpen", "Oost-Vlaanderen", "West-Vlaanderen"]
    assert [r.region_names for r in french] == [
        "Anvers",
        "Flandre-Occidentale",
        "Flandre-Orientale",
    ]


def test_filters_combine_with_a_sort_in_the_coach_list(client, login, coach, varied):
    login(client, coach)

    rows = every_record(client, COACH_LIST, {"certificate": "expiring", "sort": "-progress"})

    assert [r.name for r in rows] == ["Eva Maes", "Bert Peeters", "Hilde Aerts"]


@pytest.mark.parametrize("per_page", ["-1", "0", "1000000", "abc"])
def test_an_odd_page_size_is_kept_within_bounds(client, login, staff, varied, per_page):
    login(client, staff)

    response = client.get(STAFF_LIST, {"per_page": per_page})

    assert response.status_code == 200
    assert 1 <= len(records(response)) <= MAX_PER_PAGE


@pytest.mark.parametrize("sort", ["progress", "-days", "sign_off", "-certificate", "valid_until"])
def test_every_sort_works_before_any_track_exists(client, login, administrator, sort):
    CoordinatorFactory(regions=[region("antwerpen")])
    CoordinatorFactory(regions=[])
    login(client, administrator)

    rows = every_record(client, STAFF_LIST, {"sort": sort})

    assert [row.enrolled for row in rows] == [False, False]
    assert [row.certificate_state for row in rows] == [CertificateState.NONE] * 2


# --- The query budget -------------------------------------------------------------------------


def make_volunteers(course: Course, count: int, *, coach=None) -> None:
    """Coordinators in Antwerpen at several stages; their certificates in turn valid, expiring,
    expired, revoked, none."""
    for index in range(count):
        user = volunteer(
            course,
            f"Vrijwilliger{index:03d}",
            f"Achternaam{count:03d}",
            lessons=index % 4,
            days=index % 3,
            signed_off=index % 2 == 0,
            coach=coach,
        )
        state = index % 5
        if state < 4:
            until = {0: 300 + index, 1: 20 + index, 2: -10 - index, 3: 500}[state]
            certificate(user, course.track, issued=-700, until=until, revoked=state == 3)


def count_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


QUERIES = [
    {},
    {"certificate": "valid", "sort": "-valid_until"},
    {"sort": "progress", "per_page": "2", "page": "2"},
    {"q": "vrijwilliger", "sort": "-region"},
    {"sort": "sign_off", "_export": "csv"},
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: "&".join(query) or "plain")
def test_the_staff_list_needs_the_same_queries_for_3_and_30_volunteers(
    client, login, administrator, course, query
):
    login(client, administrator)
    client.get(STAFF_LIST)
    make_volunteers(course, 3)
    small = count_queries(client, STAFF_LIST, query)
    make_volunteers(course, 27)
    large = count_queries(client, STAFF_LIST, query)

    assert small == large


def test_the_coach_list_needs_the_same_queries_for_3_and_30_volunteers(
    client, login, coach, course
):
    login(client, coach)
    client.get(COACH_LIST)
    make_volunteers(course, 3, coach=coach)
    small = count_queries(client, COACH_LIST, {"sort": "certificate"})
    make_volunteers(course, 27, coach=coach)
    large = count_queries(client, COACH_LIST, {"sort": "certificate"})

    assert small == large


def test_the_export_holds_every_filtered_volunteer_in_the_lists_order(
    client, login, administrator, course
):
    make_volunteers(course, 30)
    login(client, administrator)

    response = client.get(
        STAFF_LIST, {"certificate": "valid", "sort": "-valid_until", "_export": "csv"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    shown = every_record(client, STAFF_LIST, {"certificate": "valid", "sort": "-valid_until"})
    assert [row[0] for row in rows] == [record.name for record in shown]
    assert len(rows) == 6  # every fifth


def test_the_modules_done_counted_in_sql_are_those_the_lessons_done_give(course, varied):
    # A lesson opened but not completed counts for nothing.
    hilde = next(user for user in varied if user.first_name == "Hilde")
    LessonProgress.objects.create(
        user=hilde, lesson=course.lessons[2], lesson_key=course.lessons[2].translation_key
    )
    content = track_content(course.track)
    users = [user.pk for user in varied]

    counted = learning.modules_done_by_user(users, content.lesson_keys)

    done = learning.completed_lesson_keys(users)
    expected = {pk: content.modules_done(done.get(pk, set())) for pk in users}
    assert {pk: counted.get(pk, 0) for pk in users} == expected
    assert sorted(set(expected.values())) == [0, 1, 2]  # the data tell the counts apart
    assert learning.modules_done_by_user([], content.lesson_keys) == {}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_pages_regions_are_each_volunteers_regions_by_name_in_the_language(
    course, varied, language
):
    users = User.objects.filter(pk__in=[user.pk for user in varied]).order_by("pk")
    with translation.override(language):
        rows = volunteer_rows(list(volunteer_list(users, track_content(course.track))), None)

        expected = [
            ", ".join(region_name(r) for r in user.regions.order_by("name")) for user in users
        ]
    assert [row.region_names for row in rows] == expected
    assert "" in expected and len({names.count(",") for names in expected}) == 2
    if language == "fr":
        assert "Anvers, Limbourg" in expected
