"""The coordinator's workspace through its pages: each section's form posts to its own address and
comes back to the page with a message, or shows the refusal next to the field with the input
kept; the uploads checked by their content; read-only after the distribution except the
follow-up; the plan's document served only to its coordinator and to staff of its region (never
from /media/); 404 to everyone else; the same number of queries for 2 and 30 participants and
actions.

Messages are checked in English, on /en/ pages: Dutch and French wording belongs to the
translators."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from people.factories import postcode
from tests.trajects.conftest import assert_error_shown, html
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import (
    ChecklistTick,
    Conference,
    FollowUp,
    Outcome,
    Participant,
    ParticipantState,
    Phase,
    Plan,
    PlanAction,
    Preparation,
    Relation,
    Traject,
)
from trajects.workspace import files, services

pytestmark = pytest.mark.django_db

CHECKS = {
    "safe": "yes",
    "safe_note": "Grandmother takes the children on Wednesdays.",
    "legal": "yes",
    "legal_note": "Nothing against the law.",
    "workable": "adjusted",
    "workable_note": "The uncle drives only at weekends.",
}
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def traject(staff, coordinator, antwerpen) -> Traject:
    """A traject in preparation with the ``coordinator`` persona, registered five days ago."""
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    return Traject.objects.get(pk=traject.pk)


@pytest.fixture
def as_coordinator(client, login, coordinator):
    login(client, coordinator)
    return client


def page_url(traject: Traject, section: str = "") -> str:
    url = f"/en/portaal/trajecten/{traject.reference}/"
    return f"{url}{section}/" if section else url


def phase(traject: Traject) -> str:
    return Traject.objects.get(pk=traject.pk).phase


def post(client, traject: Traject, section: str, data: dict | None = None, **kwargs):
    return client.post(page_url(traject, section), data or {}, **kwargs)


def assert_done(response, traject: Traject, anchor: str, message: str, client) -> None:
    """PRG: back to the workspace at the section, with the message on the page."""
    assert response.status_code == 302, html(response)[:3000]
    assert response["Location"] == page_url(traject) + f"#{anchor}"
    assert message in html(client.get(page_url(traject)))


def form_of(content: str, action: str) -> str:
    """The HTML of the form that posts to ``action`` (a path, the fragment left out)."""
    match = re.search(
        rf'<form[^>]*action="{re.escape(action)}(?:#[^"]*)?".*?</form>', content, re.S
    )
    assert match, f"no form posting to {action}"
    return unescape(match.group(0))


def conference_held(traject, coordinator) -> Conference:
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    return services.conference_held(traject=traject, by=coordinator)


def plan_made(traject, coordinator, **plan) -> Plan:
    conference_held(traject, coordinator)
    return services.plan_save(
        traject=traject,
        by=coordinator,
        actions=[{"what": "Children to grandmother on Wednesdays", "who": "Grandmother"}],
        checks=plan.pop("checks", CHECKS),
        reconvener="The aunt",
        **plan,
    )


def distributed(traject, coordinator) -> Plan:
    plan_made(traject, coordinator)
    return services.plan_distribute(traject=traject, by=coordinator, distributed_to="All")


def plan_data(**overrides) -> dict:
    """A complete post of the plan's form: one action, the three checks, who reconvenes."""
    data = {
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "50",
        "actions-0-what": "Children to grandmother on Wednesdays",
        "actions-0-who": "Grandmother",
        "actions-0-by_when": "",
        "actions-1-what": "",
        "actions-1-who": "",
        "actions-2-what": "",
        "actions-2-who": "",
        **CHECKS,
        "reconvener": "The aunt",
    }
    data.update(overrides)
    return data


def docx_bytes(main: str = files.DOCX_MAIN) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def private_files() -> set[str]:
    """The plans' documents in the private storage (kept in memory by the test settings, for
    the whole run: compare before and after)."""
    try:
        return set(storages["private"].listdir("plans")[1])
    except FileNotFoundError:
        return set()


# --- The page ---------------------------------------------------------------------------------


def test_the_workspace_shows_where_the_traject_stands_and_the_preparation(as_coordinator, traject):
    response = as_coordinator.get(page_url(traject))

    content = html(response)
    assert response.status_code == 200
    assert re.search(r'aria-current="step">\s*Preparation', content)
    assert "Meet the core person and the family" in content
    for section in ("checklist", "vraag", "deelnemers", "conferentie"):
        form_of(content, page_url(traject, section))
    # Not yet: the conference was not held, so no plan, no distribution, no follow-up.
    for section in ("conferentie-gehouden", "plan", "verspreiden", "opvolging", "afsluiten"):
        assert f'action="{page_url(traject, section)}' not in content
    assert "/media/" not in content


def test_a_section_address_opened_with_get_leads_back_to_the_page(as_coordinator, traject):
    response = as_coordinator.get(page_url(traject, "conferentie"))

    assert response.status_code == 302
    assert response["Location"] == page_url(traject) + "#conference"
    assert as_coordinator.get(page_url(traject, "no-such-section")).status_code == 404


# --- Phase 1: checklist, question, participants ------------------------------------------------


def test_the_checklist_is_ticked_and_unticked(as_coordinator, traject):
    response = post(
        as_coordinator, traject, "checklist", {"items": ["meet_core_person", "practical"]}
    )

    assert_done(response, traject, "checklist", "The checklist has been saved.", as_coordinator)
    assert set(ChecklistTick.objects.values_list("item", flat=True)) == {
        "meet_core_person",
        "practical",
    }
    checked = re.findall(
        r'<input type="checkbox"[^>]*value="(\w+)"[^>]*checked',
        html(as_coordinator.get(page_url(traject))),
    )
    assert sorted(checked) == ["meet_core_person", "practical"]

    post(as_coordinator, traject, "checklist", {"items": ["practical"]})
    assert list(ChecklistTick.objects.values_list("item", flat=True)) == ["practical"]


def test_the_agreed_question_is_saved(as_coordinator, traject):
    question = "How do the children get to school safely every day?"

    response = post(as_coordinator, traject, "vraag", {"agreed_question": question})

    assert_done(
        response, traject, "question", "The agreed question has been saved.", as_coordinator
    )
    assert Preparation.objects.get(traject=traject).agreed_question == question


def test_a_participant_is_added_and_moved_on_one_state_at_a_time(as_coordinator, traject):
    response = post(
        as_coordinator,
        traject,
        "deelnemers",
        {"name": "Aunt Rita", "relation": "family", "organisation": "", "reach": "0470 11 22 33"},
    )
    assert_done(
        response, traject, "participants", "The participant has been added.", as_coordinator
    )
    aunt = Participant.objects.get(traject=traject)
    assert (aunt.name, aunt.relation, aunt.reach) == ("Aunt Rita", "family", "0470 11 22 33")

    state_url = page_url(traject) + f"deelnemers/{aunt.pk}/"
    row = form_of(html(as_coordinator.get(page_url(traject))), state_url)
    # Only the states that may follow "to invite".
    assert re.findall(r'<option value="(\w+)"', row) == ["contacted", "declined"]
    assert "Next state for Aunt Rita" in row

    for state in ("contacted", "confirmed"):
        response = as_coordinator.post(state_url, {f"participant-{aunt.pk}-state": state})
        assert response.status_code == 302
        assert response["Location"] == page_url(traject) + "#participants"
    aunt.refresh_from_db()
    assert aunt.state == ParticipantState.CONFIRMED
    assert aunt.contacted_at is not None
    # Attended is offered only once the conference was held.
    row = form_of(html(as_coordinator.get(page_url(traject))), state_url)
    assert re.findall(r'<option value="(\w+)"', row) == ["declined"]


def test_a_state_that_does_not_follow_is_refused_next_to_the_choice(as_coordinator, traject):
    aunt = Participant.objects.create(traject=traject, name="Aunt Rita", relation="family")

    response = as_coordinator.post(
        page_url(traject) + f"deelnemers/{aunt.pk}/", {f"participant-{aunt.pk}-state": "attended"}
    )

    assert_error_shown(
        response,
        f"participant-{aunt.pk}-state",
        "A participant moves on one step at a time: choose the next state.",
    )
    aunt.refresh_from_db()
    assert aunt.state == ParticipantState.TO_INVITE


def test_a_professional_without_organisation_is_refused_with_the_input_kept(
    as_coordinator, traject
):
    response = post(
        as_coordinator,
        traject,
        "deelnemers",
        {"name": "Mr Peeters", "relation": "professional", "organisation": "", "reach": "CLB"},
    )

    assert_error_shown(response, "organisation", "Fill in the organisation of the professional.")
    content = html(response)
    assert 'value="Mr Peeters"' in content
    assert re.search(r'value="professional"[^>]*checked', content)
    assert not Participant.objects.exists()


# --- Phase 2: the conference -------------------------------------------------------------------


def conference_data(starts_at: datetime.datetime, **overrides) -> dict:
    local = timezone.localtime(starts_at)
    data = {
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "place": "Het buurthuis, Kerkstraat 1",
        "language": "Dutch",
        "interpreter": "on",
        "practical": "Soup and sandwiches; the neighbour minds the baby.",
    }
    data.update(overrides)
    return data


def test_the_conference_is_planned(as_coordinator, traject):
    starts_at = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)

    response = post(as_coordinator, traject, "conferentie", conference_data(starts_at))

    assert_done(response, traject, "conference", "The conference has been planned.", as_coordinator)
    conference = Conference.objects.get(traject=traject)
    assert conference.starts_at == starts_at
    assert (conference.place, conference.interpreter) == ("Het buurthuis, Kerkstraat 1", True)
    assert phase(traject) == Phase.CONFERENCE_PLANNED
    content = html(as_coordinator.get(page_url(traject)))
    # Still to come: it cannot be marked as held yet.
    assert "Once the conference has taken place" in content
    assert f'action="{page_url(traject, "conferentie-gehouden")}' not in content


def test_a_conference_before_the_registration_is_refused_next_to_its_date(as_coordinator, traject):
    before = traject.registration.created_at - datetime.timedelta(days=3)

    response = post(as_coordinator, traject, "conferentie", conference_data(before))

    assert_error_shown(response, "date", "The conference cannot be before the registration.")
    content = html(response)
    assert 'value="Het buurthuis, Kerkstraat 1"' in content
    assert f'value="{timezone.localtime(before).date().isoformat()}"' in content
    assert "the neighbour minds the baby" in content
    assert not Conference.objects.exists()
    assert phase(traject) == Phase.PREPARATION


def test_the_conference_is_marked_held_with_the_private_time_only(
    as_coordinator, traject, coordinator
):
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    content = html(as_coordinator.get(page_url(traject)))
    held_form = form_of(content, page_url(traject, "conferentie-gehouden"))
    assert set(re.findall(r'name="(\w+)"', held_form)) == {
        "csrfmiddlewaretoken",
        "private_time_start",
        "private_time_end",
    }
    assert "nothing of what is said there is recorded" in content

    response = post(
        as_coordinator,
        traject,
        "conferentie-gehouden",
        {"private_time_start": "15:00", "private_time_end": "16:10"},
    )

    assert_done(
        response, traject, "conference", "The conference has been recorded as held.", as_coordinator
    )
    conference = Conference.objects.get(traject=traject)
    assert conference.held_at is not None
    assert (conference.private_time_start, conference.private_time_end) == (
        datetime.time(15, 0),
        datetime.time(16, 10),
    )


def test_held_is_refused_while_a_confirmed_participant_was_never_contacted(
    as_coordinator, traject, coordinator
):
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    neighbour = services.participant_add(
        traject=traject, by=coordinator, name="Neighbour", relation=Relation.FRIEND_OR_NEIGHBOUR
    )
    Participant.objects.filter(pk=neighbour.pk).update(state=ParticipantState.CONFIRMED)

    response = post(
        as_coordinator,
        traject,
        "conferentie-gehouden",
        {"private_time_start": "15:00", "private_time_end": "16:10"},
    )

    assert response.status_code == 200
    held_form = form_of(html(response), page_url(traject, "conferentie-gehouden"))
    assert 'class="form-errors"' in held_form
    assert "Every participant must be contacted beforehand" in held_form
    assert "never contacted. Record the contact first." in held_form
    assert 'value="15:00"' in held_form and 'value="16:10"' in held_form
    assert Conference.objects.get(traject=traject).held_at is None


def test_private_time_that_ends_before_it_begins_is_refused_next_to_its_end(
    as_coordinator, traject, coordinator
):
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )

    response = post(
        as_coordinator,
        traject,
        "conferentie-gehouden",
        {"private_time_start": "16:00", "private_time_end": "15:00"},
    )

    assert_error_shown(response, "private_time_end", "The private time ends after it begins.")
    assert Conference.objects.get(traject=traject).held_at is None


# --- Phase 3: the plan, the checks and the distribution ----------------------------------------


def test_the_plan_is_recorded_with_a_pdf_actions_and_the_three_checks(
    as_coordinator, traject, coordinator
):
    conference_held(traject, coordinator)
    assert f'action="{page_url(traject, "plan")}' in html(as_coordinator.get(page_url(traject)))

    response = post(
        as_coordinator,
        traject,
        "plan",
        plan_data(
            document=SimpleUploadedFile("Plan van de familie.pdf", PDF, "application/pdf"),
            **{
                "actions-1-what": "Uncle drives to football",
                "actions-1-who": "Uncle Jef",
                "actions-1-by_when": "2030-03-01",
            },
        ),
    )

    assert_done(response, traject, "plan", "The plan has been saved.", as_coordinator)
    plan = Plan.objects.get(traject=traject)
    assert plan.document_type == "pdf"
    assert plan.document.name.startswith("plans/")
    assert "familie" not in plan.document.name
    assert plan.checks_answered
    assert plan.reconvener == "The aunt"
    assert list(PlanAction.objects.values_list("what", "who", "by_when")) == [
        ("Children to grandmother on Wednesdays", "Grandmother", None),
        ("Uncle drives to football", "Uncle Jef", datetime.date(2030, 3, 1)),
    ]
    assert phase(traject) == Phase.PLAN_MADE
    content = html(as_coordinator.get(page_url(traject)))
    assert f'href="{page_url(traject)}plan/document/"' in content
    # The saved actions come back in the form, with three empty rows for more.
    assert 'value="Uncle drives to football"' in content
    assert 'name="actions-TOTAL_FORMS" value="5"' in content


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.docx", docx_bytes(), "docx"),
        ("plan.odt", odt_bytes(), "odt"),
        ("no-extension", PDF, "pdf"),
    ],
)
def test_docx_and_odt_are_accepted_by_their_content(
    as_coordinator, traject, coordinator, name, content, kind
):
    conference_held(traject, coordinator)

    response = post(
        as_coordinator,
        traject,
        "plan",
        plan_data(document=SimpleUploadedFile(name, content, "application/octet-stream")),
    )

    assert response.status_code == 302
    assert Plan.objects.get(traject=traject).document_type == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"This is a text file, renamed to .pdf.\n"),
        ("plan.pdf", b"%PDF-1.4 but nothing more: not a whole PDF"),
        ("plan.docx", b"PK\x03\x04 not really a zip"),
        ("plan.docx", docx_bytes(main="application/vnd.ms-word.document.macroEnabled.main+xml")),
        ("plan.odt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ],
    ids=["text-as-pdf", "pdf-header-only", "broken-zip", "macro-document", "png-as-odt"],
)
def test_a_file_that_is_not_a_pdf_docx_or_odt_is_refused_and_not_kept(
    as_coordinator, traject, coordinator, name, content
):
    conference_held(traject, coordinator)
    stored = private_files()

    response = post(
        as_coordinator,
        traject,
        "plan",
        plan_data(document=SimpleUploadedFile(name, content, "application/pdf")),
    )

    assert_error_shown(
        response,
        "document",
        "Upload the plan as a PDF, Word (.docx) or OpenDocument (.odt) file.",
    )
    content_html = html(response)
    assert 'value="The aunt"' in content_html
    assert 'value="Children to grandmother on Wednesdays"' in content_html
    assert "Grandmother takes the children on Wednesdays." in content_html
    assert not Plan.objects.exists()
    assert private_files() == stored
    assert phase(traject) == Phase.CONFERENCE_PLANNED


def test_a_file_over_the_limit_is_refused_and_not_kept(
    as_coordinator, traject, coordinator, monkeypatch
):
    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", len(PDF) - 1)
    conference_held(traject, coordinator)
    stored = private_files()

    response = post(
        as_coordinator,
        traject,
        "plan",
        plan_data(document=SimpleUploadedFile("plan.pdf", PDF, "application/pdf")),
    )

    assert_error_shown(response, "document", "upload a file of at most")
    assert not Plan.objects.exists()
    assert private_files() == stored


def test_the_limit_is_ten_megabytes():
    assert files.MAX_DOCUMENT_BYTES == 10 * 1024 * 1024


def test_an_action_without_who_is_refused_in_its_row(as_coordinator, traject, coordinator):
    conference_held(traject, coordinator)

    response = post(as_coordinator, traject, "plan", plan_data(**{"actions-0-who": ""}))

    content = html(response)
    assert response.status_code == 200
    assert "Check the actions of the plan" in content
    cell = re.search(r'<td class="field--error".*?</td>', content, re.S)
    assert cell and "Say who does it." in cell.group(0) and 'name="actions-0-who"' in cell.group(0)
    assert 'value="Children to grandmother on Wednesdays"' in content
    assert not Plan.objects.exists()


def test_a_plan_without_document_or_action_is_refused_next_to_the_document(
    as_coordinator, traject, coordinator
):
    conference_held(traject, coordinator)

    response = post(
        as_coordinator,
        traject,
        "plan",
        plan_data(**{"actions-0-what": "", "actions-0-who": ""}),
    )

    assert_error_shown(
        response, "document", "Upload the plan or write at least one of its actions."
    )
    assert 'value="The aunt"' in html(response)
    assert phase(traject) == Phase.CONFERENCE_PLANNED


def test_distributing_without_the_three_checks_is_refused_with_the_input_kept(
    as_coordinator, traject, coordinator
):
    plan_made(traject, coordinator, checks={"safe": "yes", "safe_note": "Safe."})

    response = post(
        as_coordinator, traject, "verspreiden", {"distributed_to": "Everyone who attended"}
    )

    assert response.status_code == 200
    form = form_of(html(response), page_url(traject, "verspreiden"))
    assert "Answer the three checks (safe, legal, workable), each with a note, first." in form
    assert "Everyone who attended" in form
    assert phase(traject) == Phase.PLAN_MADE


def test_distributing_without_saying_to_whom_is_refused_next_to_the_field(
    as_coordinator, traject, coordinator
):
    plan_made(traject, coordinator)

    response = post(as_coordinator, traject, "verspreiden", {"distributed_to": ""})

    assert_error_shown(response, "distributed_to", "Say to whom the plan was distributed.")
    assert phase(traject) == Phase.PLAN_MADE


def test_the_plan_is_distributed_and_the_workspace_becomes_read_only(
    as_coordinator, traject, coordinator
):
    plan_made(traject, coordinator)
    Participant.objects.create(traject=traject, name="Aunt Rita", relation="family")

    response = post(
        as_coordinator, traject, "verspreiden", {"distributed_to": "Everyone who attended"}
    )

    assert_done(response, traject, "distribution", "The plan has been distributed.", as_coordinator)
    assert phase(traject) == Phase.PLAN_DISTRIBUTED
    content = html(as_coordinator.get(page_url(traject)))
    due_on = FollowUp.objects.get(traject=traject).due_on
    assert "Due on" in content
    assert date_format(due_on, "DATE_FORMAT") in content
    posting = set(re.findall(r'<form[^>]*action="([^"#]+)', content))
    assert posting == {page_url(traject, "opvolging"), page_url(traject, "afsluiten")}
    assert "Aunt Rita" in content and "Children to grandmother on Wednesdays" in content


def test_after_distribution_a_section_post_is_refused_and_changes_nothing(
    as_coordinator, traject, coordinator
):
    distributed(traject, coordinator)

    response = post(as_coordinator, traject, "deelnemers", {"name": "Late", "relation": "family"})

    assert response.status_code == 200
    form = form_of(html(response), page_url(traject, "deelnemers"))
    assert "The plan has been distributed: only the follow-up can be recorded now." in form
    assert 'value="Late"' in form
    assert not Participant.objects.exists()


# --- The follow-up ------------------------------------------------------------------------------


def test_a_follow_up_before_the_distribution_is_refused_with_the_input_kept(
    as_coordinator, traject, coordinator
):
    plan_made(traject, coordinator)

    response = post(
        as_coordinator, traject, "opvolging", {"outcome": "fully", "note": "Going well."}
    )

    assert response.status_code == 200
    form = form_of(html(response), page_url(traject, "opvolging"))
    assert 'class="form-errors"' in form
    assert "The follow-up comes a month after the plan is distributed: distribute it first." in form
    assert re.search(r'value="fully"[^>]*checked', form)
    assert "Going well." in form
    assert not FollowUp.objects.exists()


def test_a_follow_up_long_before_its_day_is_refused(as_coordinator, traject, coordinator):
    distributed(traject, coordinator)

    response = post(as_coordinator, traject, "opvolging", {"outcome": "fully", "note": ""})

    assert response.status_code == 200
    form = form_of(html(response), page_url(traject, "opvolging"))
    assert "The follow-up is a month after the distribution" in form
    assert phase(traject) == Phase.PLAN_DISTRIBUTED


def test_a_follow_up_without_an_outcome_is_refused_next_to_it(as_coordinator, traject, coordinator):
    distributed(traject, coordinator)

    response = post(as_coordinator, traject, "opvolging", {"note": "Called the aunt."})

    assert_error_shown(
        response, "outcome", "Choose how the plan was carried out.", in_summary="Choose how"
    )
    assert "Called the aunt." in html(response)


def test_the_follow_up_is_recorded_on_its_day_and_the_traject_closes(
    as_coordinator, login, traject, coordinator, time_machine
):
    distributed(traject, coordinator)
    due_on = FollowUp.objects.get(traject=traject).due_on
    time_machine.move_to(
        timezone.make_aware(datetime.datetime.combine(due_on, datetime.time(10))), tick=False
    )
    login(as_coordinator, coordinator)  # a month on: a new session

    response = post(
        as_coordinator, traject, "opvolging", {"outcome": Outcome.PARTLY, "note": "Mostly."}
    )

    assert_done(
        response,
        traject,
        "follow-up",
        "The follow-up has been recorded and the traject is closed.",
        as_coordinator,
    )
    assert phase(traject) == Phase.CLOSED
    content = html(as_coordinator.get(page_url(traject)))
    assert "Carried out partly" in content
    assert not re.search(r'<form[^>]*action="/en/portaal/trajecten/', content)


def test_a_traject_closes_without_follow_up_only_with_a_reason(
    as_coordinator, traject, coordinator
):
    distributed(traject, coordinator)

    response = post(as_coordinator, traject, "afsluiten", {"reason": "  "})
    assert_error_shown(response, "reason", "Say why there was no follow-up.")
    assert phase(traject) == Phase.PLAN_DISTRIBUTED

    response = post(as_coordinator, traject, "afsluiten", {"reason": "The family moved abroad."})

    assert_done(
        response,
        traject,
        "follow-up",
        "The traject is closed without a follow-up.",
        as_coordinator,
    )
    assert phase(traject) == Phase.CLOSED
    assert "The family moved abroad." in html(as_coordinator.get(page_url(traject)))


# --- Who may see what ---------------------------------------------------------------------------


def test_only_the_trajects_coordinator_sees_and_posts_to_the_workspace(
    client, login, traject, other_coordinator, coach, staff, other_staff, administrator
):
    aunt = Participant.objects.create(traject=traject, name="Aunt Rita", relation="family")
    for somebody in (other_coordinator, coach, staff, other_staff, administrator):
        login(client, somebody)
        assert client.get(page_url(traject)).status_code == 404, somebody
        assert client.get(page_url(traject, "checklist")).status_code == 404, somebody
        response = post(client, traject, "deelnemers", {"name": "X", "relation": "family"})
        assert response.status_code == 404, somebody
        response = client.post(
            page_url(traject) + f"deelnemers/{aunt.pk}/",
            {f"participant-{aunt.pk}-state": "contacted"},
        )
        assert response.status_code == 404, somebody
    assert list(Participant.objects.values_list("name", "state")) == [("Aunt Rita", "to_invite")]

    client.logout()
    for url in (
        page_url(traject),
        page_url(traject, "checklist"),
        page_url(traject) + "plan/document/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_participant_of_another_traject_answers_404(
    as_coordinator, traject, staff, other_coordinator
):
    registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    other = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=other.pk).update(
        coordinator=other_coordinator, phase=Phase.PREPARATION
    )
    theirs = Participant.objects.create(traject=other, name="Someone", relation="family")

    response = as_coordinator.post(
        page_url(traject) + f"deelnemers/{theirs.pk}/",
        {f"participant-{theirs.pk}-state": "contacted"},
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == ParticipantState.TO_INVITE


@pytest.fixture
def plan_with_document(traject, coordinator) -> Plan:
    return plan_made(
        traject,
        coordinator,
        document=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        document_type="pdf",
    )


def test_the_document_is_served_to_the_coordinator_as_an_attachment(
    as_coordinator, traject, plan_with_document
):
    response = as_coordinator.get(page_url(traject) + "plan/document/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-{traject.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_the_document_is_read_by_staff_of_the_region_and_administrators(
    client, login, traject, plan_with_document, staff, administrator
):
    for reader in (staff, administrator):
        login(client, reader)
        response = client.get(page_url(traject) + "plan/document/")
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF


def test_the_coordinators_coach_reads_the_document(
    client, login, traject, plan_with_document, coach
):
    login(client, coach)
    response = client.get(page_url(traject) + "plan/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_document_answers_404_to_everyone_else(
    client, login, traject, plan_with_document, other_coordinator, other_staff, other_coach, editor
):
    for somebody in (other_coordinator, other_staff, other_coach, editor):
        login(client, somebody)
        assert client.get(page_url(traject) + "plan/document/").status_code == 404, somebody


def test_a_plan_without_document_answers_404(as_coordinator, traject, coordinator):
    plan_made(traject, coordinator)

    assert as_coordinator.get(page_url(traject) + "plan/document/").status_code == 404


def test_the_plan_is_never_under_media(as_coordinator, client, traject, plan_with_document):
    name = plan_with_document.document.name

    assert Plan._meta.get_field("document").storage is storages["private"]
    assert storages["private"].exists(name)
    assert not storages["default"].exists(name)
    content = html(as_coordinator.get(page_url(traject)))
    assert "/media/" not in content
    assert name not in content
    assert as_coordinator.get("/media/" + name).status_code == 404


# --- Query budget -------------------------------------------------------------------------------


def test_the_workspace_makes_the_same_number_of_queries_for_2_and_30_participants_and_actions(
    as_coordinator, traject, coordinator
):
    plan = plan_made(traject, coordinator)

    def grow_to(count: int) -> None:
        for number in range(Participant.objects.filter(traject=traject).count(), count):
            Participant.objects.create(
                traject=traject,
                name=f"Participant {number}",
                relation=Relation.FAMILY,
                state=ParticipantState.CONTACTED,
                contacted_at=timezone.now(),
            )
        for number in range(PlanAction.objects.filter(plan=plan).count(), count):
            PlanAction.objects.create(plan=plan, what=f"Action {number}", who="Someone")

    def queries() -> int:
        as_coordinator.get(page_url(traject))  # once per site: the front door's settings row
        with CaptureQueriesContext(connection) as captured:
            response = as_coordinator.get(page_url(traject))
        assert response.status_code == 200
        return len(captured)

    grow_to(2)
    few = queries()
    grow_to(30)
    many = queries()

    assert "Participant 29" in html(as_coordinator.get(page_url(traject)))
    assert few == many
