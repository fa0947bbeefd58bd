"""Matching's pages: staff's shortlist for a traject (propose a coordinator, keep one off this
family's list, withdraw a proposal), the coordinator's side in the portal (the proposal without
the family's name or question, accept, decline, a proposal that ran out, from when they are
available), who gets 404, and the query counts of the shortlist and the workspace list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from people.factories import CoordinatorFactory, postcode
from people.models import User
from tests.trajects.conftest import assert_error_shown
from training.factories import CertificateFactory, TrackFactory
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.matching import services
from trajects.models import (
    DeclineReason,
    Exclusion,
    Phase,
    Proposal,
    ProposalState,
    Step,
    StepKind,
    Traject,
)

pytestmark = pytest.mark.django_db

CORE_NAME = "Samira El Amrani"
REGISTRANT_NAME = "Hilde Peeters"
QUESTION = "Vertrouwelijke vraag over de zorg voor de kinderen van Samira."
MUNICIPALITY = "Berchem"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (on /en/ for pages): Dutch and French wording belongs to
    the translators."""
    with translation.override("en"):
        yield


# --- Helpers ------------------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def certify(user: User) -> User:
    """Gives ``user`` a certificate, valid today, of a track that qualifies for matching."""
    CertificateFactory(user=user, track=TrackFactory(code="matching-views"))
    return user


def certified(**fields) -> User:
    return certify(CoordinatorFactory(**fields))


def accepted(staff, **registration_fields) -> Traject:
    """A traject looking for a coordinator, from a registration in Berchem (Antwerpen)."""
    fields = {
        "postcode": postcode("2600"),
        "municipality": MUNICIPALITY,
        "registrant_name": REGISTRANT_NAME,
        "core_name": CORE_NAME,
        "question": QUESTION,
        **registration_fields,
    }
    registration = RegistrationFactory(**fields)
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


def make_busy(coordinator: User, staff) -> Traject:
    """Another family's traject, in preparation with ``coordinator``."""
    other = accepted(staff, core_name="Iemand Anders", question="Een andere vraag.")
    Traject.objects.filter(pk=other.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    return other


def name_of(user: User) -> str:
    return escape(user.get_full_name())


def shortlist_url(traject) -> str:
    return f"/en/staf/trajecten/{traject.reference}/koppelen/"


def traject_url(traject) -> str:
    return f"/en/staf/trajecten/{traject.reference}/"


def withdraw_url(traject) -> str:
    return f"/en/staf/trajecten/{traject.reference}/voorstel-intrekken/"


def proposal_url(proposal) -> str:
    return f"/en/portaal/trajecten/voorstel/{proposal.pk}/"


def workspace_url(traject) -> str:
    return f"/en/portaal/trajecten/{traject.reference}/"


WORKSPACE_LIST = "/en/portaal/trajecten/"
AVAILABILITY = "/en/portaal/trajecten/beschikbaarheid/"


def row(content: str, user: User) -> str:
    """The shortlist's table row of ``user``."""
    rows = [
        found
        for found in re.findall(r"<tr[ >].*?</tr>", content, re.S)
        if f'name="coordinator" value="{user.pk}"' in found or name_of(user) in found
    ]
    assert len(rows) == 1, f"{user} is not on the shortlist once ({len(rows)} rows)"
    return rows[0]


def has_propose_button(row_html: str) -> bool:
    return 'name="action" value="propose"' in row_html


def has_exclude_button(row_html: str) -> bool:
    return 'name="action" value="exclude"' in row_html


def propose(client, traject, coordinator, action: str = "propose"):
    return client.post(shortlist_url(traject), {"coordinator": coordinator.pk, "action": action})


def assert_nothing_of_the_family(content: str) -> None:
    for secret in (CORE_NAME, REGISTRANT_NAME, QUESTION, escape(QUESTION)):
        assert secret not in content


@pytest.fixture
def traject(staff, antwerpen):
    return accepted(staff)


@pytest.fixture
def proposal(traject, staff, coordinator) -> Proposal:
    """The certified coordinator, proposed for the traject and not yet answered."""
    certify(coordinator)
    return services.proposal_make(traject=traject, coordinator=coordinator, by=staff)


# --- Staff: the shortlist -----------------------------------------------------------------------


def test_the_shortlist_shows_who_can_be_proposed_with_the_reasons(
    client, login, staff, traject, coordinator, other_coordinator
):
    certify(coordinator)
    certify(other_coordinator)
    make_busy(other_coordinator, staff)
    uncertified = CoordinatorFactory(first_name="Zonder", last_name="Certificaat")
    login(client, staff)

    response = client.get(shortlist_url(traject))

    assert response.status_code == 200
    content = html(response)
    assert f"Find a coordinator for {traject.reference}" in content
    assert "1 of 2 coordinators can be proposed now" in content
    eligible = row(content, coordinator)
    assert has_propose_button(eligible)
    assert f'Propose <span class="visually-hidden">{name_of(coordinator)}</span>' in eligible
    for reason in ("Works in the region", "Valid certificate", "Has not had a traject yet"):
        assert reason in eligible
    busy = row(content, other_coordinator)
    assert "Busy with a traject" in busy
    assert not has_propose_button(busy)
    # The eligible coordinator comes first.
    assert content.index(name_of(coordinator)) < content.index(name_of(other_coordinator))
    # Without a valid certificate, a coordinator is not on the list at all.
    assert name_of(uncertified) not in content


def test_staff_propose_a_coordinator_and_land_on_the_traject_page(
    client, login, staff, traject, coordinator
):
    certify(coordinator)
    login(client, staff)

    response = propose(client, traject, coordinator)

    assert response.status_code == 302
    assert response.url == traject_url(traject)
    content = html(client.get(response.url))
    assert f"{name_of(coordinator)} has been asked by e-mail" in content
    assert f"{name_of(coordinator)} has been asked and can answer until" in content
    assert withdraw_url(traject) in content
    proposal = Proposal.objects.get()
    assert (proposal.traject, proposal.coordinator, proposal.proposed_by) == (
        traject,
        coordinator,
        staff,
    )
    assert proposal.state == ProposalState.PENDING
    assert proposal.answer_due_at == proposal.proposed_at + timedelta(hours=48)
    step = Step.objects.get(kind=StepKind.PROPOSED)
    assert (step.registration_id, step.by, step.coordinator) == (
        traject.registration_id,
        staff,
        coordinator,
    )
    # While the coordinator has not answered, nobody else can be proposed from the shortlist.
    shortlist = html(client.get(shortlist_url(traject)))
    assert "has been asked and can answer until" in shortlist
    assert 'value="propose"' not in shortlist


def test_proposing_a_busy_coordinator_is_refused_on_the_page(
    client, login, staff, traject, coordinator
):
    certify(coordinator)
    make_busy(coordinator, staff)
    steps = Step.objects.count()
    login(client, staff)

    response = propose(client, traject, coordinator)

    assert response.status_code == 200
    content = html(response)
    assert "The proposal was not made" in content
    assert "This coordinator cannot be proposed now: busy with a traject." in content
    assert not Proposal.objects.exists()
    assert Step.objects.count() == steps
    traject.refresh_from_db()
    assert traject.phase == Phase.MATCHING
    assert traject.coordinator is None


def test_proposing_someone_who_is_not_a_coordinator_is_refused(client, login, staff, traject):
    login(client, staff)

    response = propose(client, traject, staff)

    assert response.status_code == 200
    assert "Choose a coordinator from the list." in html(response)
    assert not Proposal.objects.exists()


def test_staff_keep_a_coordinator_off_this_family(client, login, staff, traject, coordinator):
    certify(coordinator)
    login(client, staff)

    response = propose(client, traject, coordinator, action="exclude")

    assert response.status_code == 302
    assert response.url == shortlist_url(traject)
    exclusion = Exclusion.objects.get()
    assert (exclusion.registration_id, exclusion.coordinator, exclusion.recorded_by) == (
        traject.registration_id,
        coordinator,
        staff,
    )
    content = html(client.get(response.url))
    assert f"{name_of(coordinator)} will not be proposed for this family." in content
    excluded = row(content, coordinator)
    assert "Excluded for this family" in excluded
    assert not has_propose_button(excluded)
    assert not has_exclude_button(excluded)
    assert "0 of 1 coordinators can be proposed now" in content
    # Proposing them anyway (an old page) is refused.
    refused = propose(client, traject, coordinator)
    assert refused.status_code == 200
    assert "cannot be proposed now: excluded for this family." in html(refused)
    assert not Proposal.objects.exists()


def test_the_shortlist_is_404_for_staff_of_another_region_and_for_a_coordinator(
    client, login, traject, coordinator, other_staff
):
    certify(coordinator)
    client.raise_request_exception = False

    login(client, other_staff)
    assert client.get(shortlist_url(traject)).status_code == 404
    assert propose(client, traject, coordinator).status_code == 404
    assert propose(client, traject, coordinator, action="exclude").status_code == 404

    login(client, coordinator)
    assert client.get(shortlist_url(traject)).status_code == 404
    assert propose(client, traject, coordinator).status_code == 404

    assert not Proposal.objects.exists()
    assert not Exclusion.objects.exists()


def test_an_administrator_may_use_the_shortlist(client, login, administrator, traject, coordinator):
    certify(coordinator)
    login(client, administrator)

    assert has_propose_button(row(html(client.get(shortlist_url(traject))), coordinator))
    assert propose(client, traject, coordinator).status_code == 302
    assert Proposal.objects.get().proposed_by == administrator


def test_staff_withdraw_the_proposal_from_its_page(
    client, login, staff, traject, proposal, coordinator
):
    login(client, staff)
    page = client.get(withdraw_url(traject))
    assert page.status_code == 200
    assert "Withdraw the proposal" in html(page)

    response = client.post(withdraw_url(traject), {"note": "Verkeerde coördinator gekozen."})

    assert response.status_code == 302
    assert response.url == traject_url(traject)
    content = html(client.get(response.url))
    assert "The proposal has been withdrawn." in content
    assert "No coordinator has been asked yet." in content
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    step = Step.objects.get(kind=StepKind.PROPOSAL_WITHDRAWN)
    assert (step.by, step.coordinator, step.note) == (
        staff,
        coordinator,
        "Verkeerde coördinator gekozen.",
    )


def test_after_a_withdrawal_the_shortlist_proposes_again(
    client, login, staff, traject, proposal, coordinator
):
    services.proposal_withdraw(traject=traject, by=staff)
    # The proposal has left the coordinator's portal.
    login(client, coordinator)
    client.raise_request_exception = False
    assert client.get(proposal_url(proposal)).status_code == 404
    assert proposal_url(proposal) not in html(client.get(WORKSPACE_LIST))

    login(client, staff)
    shortlist = html(client.get(shortlist_url(traject)))
    assert "has been asked and can answer until" not in shortlist
    assert has_propose_button(row(shortlist, coordinator))
    assert propose(client, traject, coordinator).status_code == 302
    assert Proposal.objects.pending().get().coordinator == coordinator
    assert Proposal.objects.count() == 2


# --- The coordinator: the proposal --------------------------------------------------------------


def test_the_list_shows_the_proposal_without_the_familys_name_or_question(
    client, login, coordinator, proposal
):
    login(client, coordinator)

    response = client.get(WORKSPACE_LIST)

    assert response.status_code == 200
    content = html(response)
    assert "Waiting for your answer" in content
    assert f'<a href="{proposal_url(proposal)}">A traject in {MUNICIPALITY}</a>' in content
    assert_nothing_of_the_family(content)


def test_the_proposal_page_shows_no_name_or_question(client, login, coordinator, proposal):
    login(client, coordinator)

    response = client.get(proposal_url(proposal))

    assert response.status_code == 200
    content = html(response)
    assert "A traject is proposed to you" in content
    assert MUNICIPALITY in content
    assert "Accept the traject" in content
    assert "Decline the traject" in content
    assert_nothing_of_the_family(content)


def test_accepting_opens_the_workspace_with_the_familys_details(
    client, login, coordinator, proposal, traject
):
    login(client, coordinator)

    response = client.post(proposal_url(proposal), {"answer": "accept"})

    assert response.status_code == 302
    assert response.url == workspace_url(traject)
    content = html(client.get(response.url))
    assert "Thank you: the traject is yours." in content
    assert CORE_NAME in content
    assert escape(QUESTION) in content
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    traject.refresh_from_db()
    assert (traject.phase, traject.coordinator) == (Phase.PREPARATION, coordinator)
    assert traject.started_at is not None
    assert Step.objects.filter(kind=StepKind.PROPOSAL_ACCEPTED, by=coordinator).exists()
    # The list now shows it as the current traject, and the proposal is gone.
    listing = html(client.get(WORKSPACE_LIST))
    assert workspace_url(traject) in listing
    assert proposal_url(proposal) not in listing


def test_another_coordinator_gets_404_on_the_proposal_and_the_workspace(
    client, login, coordinator, other_coordinator, proposal, traject
):
    client.raise_request_exception = False
    login(client, other_coordinator)

    assert client.get(proposal_url(proposal)).status_code == 404
    assert client.post(proposal_url(proposal), {"answer": "accept"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert proposal_url(proposal) not in html(client.get(WORKSPACE_LIST))

    login(client, coordinator)
    assert client.post(proposal_url(proposal), {"answer": "accept"}).status_code == 302

    login(client, other_coordinator)
    response = client.get(workspace_url(traject))
    assert response.status_code == 404
    assert CORE_NAME not in html(response)


def test_declining_for_a_conflict_of_interest_closes_the_page_and_excludes(
    client, login, coordinator, proposal, traject
):
    login(client, coordinator)

    response = client.post(
        proposal_url(proposal),
        {
            "answer": "decline",
            "reason": DeclineReason.CONFLICT_OF_INTEREST,
            "note": "Ik ken de buren.",
        },
    )

    assert response.status_code == 302
    assert response.url == WORKSPACE_LIST
    assert "staff will ask another coordinator" in html(client.get(response.url))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert proposal.decline_reason == DeclineReason.CONFLICT_OF_INTEREST
    assert proposal.note == "Ik ken de buren."
    assert Exclusion.objects.filter(
        registration_id=traject.registration_id, coordinator=coordinator
    ).exists()
    client.raise_request_exception = False
    answer_page = client.get(proposal_url(proposal))
    assert answer_page.status_code == 404
    assert MUNICIPALITY not in html(answer_page)
    traject.refresh_from_db()
    assert (traject.phase, traject.coordinator) == (Phase.MATCHING, None)


def test_declining_without_a_reason_is_refused_next_to_the_field(
    client, login, coordinator, proposal
):
    login(client, coordinator)

    response = client.post(
        proposal_url(proposal), {"answer": "decline", "reason": "", "note": "Geen tijd."}
    )

    assert_error_shown(response, "reason", "Choose why you decline.")
    assert "Geen tijd." in html(response)  # what was typed is kept
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert proposal.decline_reason == ""
    assert not Exclusion.objects.exists()
    assert not Step.objects.filter(kind=StepKind.PROPOSAL_DECLINED).exists()


def test_a_proposal_past_its_48_hours_cannot_be_accepted(
    client, login, coordinator, proposal, traject, time_machine
):
    time_machine.move_to(timezone.now() + timedelta(hours=49))
    login(client, coordinator)  # after the move: a session idle for 49 hours has ended

    response = client.post(proposal_url(proposal), {"answer": "accept"})

    assert response.status_code == 200
    assert "This proposal is no longer open: staff will contact you if they need you." in html(
        response
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING  # the periodic job marks it expired
    assert proposal.answered_at is None
    traject.refresh_from_db()
    assert (traject.phase, traject.coordinator, traject.started_at) == (
        Phase.MATCHING,
        None,
        None,
    )
    assert not Step.objects.filter(kind=StepKind.PROPOSAL_ACCEPTED).exists()


# --- The coordinator: availability --------------------------------------------------------------


def test_a_break_is_saved_and_shown_on_the_shortlist(client, login, staff, coordinator, traject):
    certify(coordinator)
    day = timezone.localdate() + timedelta(days=10)
    login(client, coordinator)

    response = client.post(AVAILABILITY, {"available_from": day.isoformat()})

    assert response.status_code == 302
    assert response.url == WORKSPACE_LIST
    content = html(client.get(response.url))
    assert f"staff will not propose a traject to you before {date_format(day, 'DATE_FORMAT')}" in (
        content
    )
    assert f'value="{day.isoformat()}"' in content  # the form shows the saved day
    coordinator.refresh_from_db()
    assert coordinator.available_from == day

    login(client, staff)
    on_break = row(html(client.get(shortlist_url(traject))), coordinator)
    assert f"On a break until {date_format(day, 'DATE_FORMAT')}" in on_break
    assert not has_propose_button(on_break)


@pytest.mark.parametrize("value", ["morgen", "2025-02-30"])
def test_an_invalid_date_is_refused_next_to_the_field(client, login, coordinator, value):
    login(client, coordinator)

    response = client.post(AVAILABILITY, {"available_from": value})

    assert_error_shown(response, "available_from", "Enter a date like 31/12/2025.")
    coordinator.refresh_from_db()
    assert coordinator.available_from is None


def test_a_date_more_than_a_year_ahead_is_refused(client, login, coordinator):
    login(client, coordinator)
    day = timezone.localdate() + timedelta(days=400)

    response = client.post(AVAILABILITY, {"available_from": day.isoformat()})

    assert_error_shown(response, "available_from", "Choose a date within a year.")
    coordinator.refresh_from_db()
    assert coordinator.available_from is None


def test_an_empty_date_means_available_now(client, login, staff, coordinator, traject):
    certify(coordinator)
    coordinator.available_from = timezone.localdate() + timedelta(days=10)
    coordinator.save(update_fields=["available_from"])
    login(client, coordinator)

    response = client.post(AVAILABILITY, {"available_from": ""})

    assert response.status_code == 302
    assert "Saved: you are available for a traject." in html(client.get(response.url))
    coordinator.refresh_from_db()
    assert coordinator.available_from is None

    login(client, staff)
    available = row(html(client.get(shortlist_url(traject))), coordinator)
    assert "On a break" not in available
    assert has_propose_button(available)


def test_availability_is_for_coordinators_only(client, login, staff):
    client.raise_request_exception = False
    login(client, staff)

    assert client.get(WORKSPACE_LIST).status_code == 404
    day = timezone.localdate() + timedelta(days=10)
    assert client.post(AVAILABILITY, {"available_from": day.isoformat()}).status_code == 404
    staff.refresh_from_db()
    assert staff.available_from is None


# --- Query counts -------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_coordinators(count: int, staff, antwerpen, start: int) -> None:
    """``count`` certified coordinators of several kinds: in the region or not, with a postcode
    or not, on a break, busy, or with an earlier traject."""
    for index in range(start, start + count):
        user = certified(
            first_name="Coordinator",
            last_name=f"{index:03d}",
            regions=[antwerpen] if index % 2 else [],
            postcode=postcode("2600") if index % 3 else None,
            languages=["nl", "fr"] if index % 4 else ["fr"],
        )
        if index % 5 == 1:
            user.available_from = timezone.localdate() + timedelta(days=5)
            user.save(update_fields=["available_from"])
        elif index % 5 == 2:
            make_busy(user, staff)
        elif index % 5 == 3:
            Traject.objects.filter(pk=make_busy(user, staff).pk).update(phase=Phase.CLOSED)


def test_the_shortlist_makes_as_many_queries_for_30_coordinators_as_for_5(
    client, login, staff, antwerpen, traject
):
    login(client, staff)
    add_coordinators(5, staff, antwerpen, start=0)
    url = shortlist_url(traject)
    client.get(url)  # the session's first request: log-in and language look-ups
    assert "of 5 coordinators" in html(client.get(url))
    few = count_queries(client, url)

    add_coordinators(25, staff, antwerpen, start=5)

    assert "of 30 coordinators" in html(client.get(url))
    assert count_queries(client, url) == few


def close_traject_of(coordinator, staff) -> Traject:
    ended = accepted(staff, core_name="Vroeger Gezin", question="Een vraag van vroeger.")
    Traject.objects.filter(pk=ended.pk).update(
        coordinator=coordinator, phase=Phase.CLOSED, started_at=timezone.now()
    )
    return ended


def test_the_workspace_list_makes_as_many_queries_for_10_ended_trajects_as_for_1(
    client, login, staff, coordinator, proposal
):
    login(client, coordinator)
    first = close_traject_of(coordinator, staff)
    client.get(WORKSPACE_LIST)  # the session's first request: log-in and language look-ups
    content = html(client.get(WORKSPACE_LIST))
    assert workspace_url(first) in content
    assert proposal_url(proposal) in content
    few = count_queries(client, WORKSPACE_LIST)

    ended = [close_traject_of(coordinator, staff) for _ in range(9)]

    content = html(client.get(WORKSPACE_LIST))
    assert all(workspace_url(traject) in content for traject in ended)
    assert count_queries(client, WORKSPACE_LIST) == few
