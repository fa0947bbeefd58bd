"""The recruitment pipeline: staff record each step of an application (forward only, stopping
with a reason, reopening with a note, never a future date), turn an applicant into a volunteer
account with an invitation, and export the filtered list as CSV or XLSX."""

from __future__ import annotations

import csv
import io
import threading
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from people.access import access_for
from people.factories import CoordinatorFactory, StaffFactory, postcode, region
from people.models import User
from people.roles import Role
from training.factories import ApplicationFactory, TrackFactory
from training.models import Application, ApplicationStatus, ApplicationStep, TrackEnrolment
from training.recruitment import services

pytestmark = pytest.mark.django_db

LIST = "/staf/kandidaten/"


def detail_url(application) -> str:
    return f"/staf/kandidaten/{application.pk}/"


def step_url(application) -> str:
    return f"/staf/kandidaten/{application.pk}/stap/"


def account_url(application) -> str:
    return f"/staf/kandidaten/{application.pk}/account/"


def today():
    return timezone.localdate()


def record(application, status, *, when=None, note="", stop_reason="", by=None):
    return services.application_step_record(
        application=application,
        status=status,
        occurred_on=when or today(),
        note=note,
        stop_reason=stop_reason,
        recorded_by=by,
    )


@pytest.fixture
def application(db):
    return ApplicationFactory(
        first_name="Fatima",
        last_name="El Amrani",
        email="fatima@example.org",
        phone="+32470123456",
        postcode=postcode("2000"),
        languages=["nl", "ar"],
        language="fr",
        created_at=timezone.now() - timedelta(days=30),
    )


def step_post(**overrides) -> dict:
    data = {
        "status": "intake",
        "occurred_on": today().isoformat(),
        "stop_reason": "",
        "note": "Goed gesprek.",
    }
    data.update(overrides)
    return data


# --- The rules of the pipeline (service) ------------------------------------------------------


def test_an_application_moves_forward_one_step_and_the_step_is_kept(application, staff):
    step = record(application, ApplicationStatus.INTAKE, note="Gebeld", by=staff)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTAKE
    assert application.status_changed_at is not None
    assert (step.status, step.note, step.recorded_by, step.occurred_on) == (
        "intake",
        "Gebeld",
        staff,
        today(),
    )


def test_an_application_may_skip_steps_forward(application):
    record(application, ApplicationStatus.IN_TRAINING)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_TRAINING


def test_an_application_cannot_go_back(application):
    record(application, ApplicationStatus.INVITED)

    with pytest.raises(ValidationError) as raised:
        record(application, ApplicationStatus.INTAKE)

    assert "status" in raised.value.message_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED
    assert application.steps.count() == 1


def test_the_same_status_again_is_refused(application):
    record(application, ApplicationStatus.INTAKE)

    with pytest.raises(ValidationError) as raised:
        record(application, ApplicationStatus.INTAKE)

    assert "status" in raised.value.message_dict


def test_stopping_needs_a_reason(application):
    with pytest.raises(ValidationError) as raised:
        record(application, ApplicationStatus.STOPPED)

    assert list(raised.value.message_dict) == ["stop_reason"]

    record(application, ApplicationStatus.STOPPED, stop_reason="no_time")
    application.refresh_from_db()
    assert (application.status, application.stop_reason) == ("stopped", "no_time")


def test_a_certified_application_cannot_stop(application):
    record(application, ApplicationStatus.CERTIFIED)

    with pytest.raises(ValidationError) as raised:
        record(application, ApplicationStatus.STOPPED, stop_reason="other")

    assert "status" in raised.value.message_dict


def test_a_stopped_application_reopens_at_the_intake_with_a_note_only(application):
    record(application, ApplicationStatus.STOPPED, stop_reason="no_contact")

    with pytest.raises(ValidationError) as no_note:
        record(application, ApplicationStatus.INTAKE)
    with pytest.raises(ValidationError) as elsewhere:
        record(application, ApplicationStatus.INVITED, note="Toch")
    assert list(no_note.value.message_dict) == ["note"]
    assert "status" in elsewhere.value.message_dict

    record(application, ApplicationStatus.INTAKE, note="Belde zelf terug.")
    application.refresh_from_db()
    assert (application.status, application.stop_reason) == ("intake", "")


def test_a_reason_given_for_a_step_that_is_not_stopping_is_not_stored(application):
    step = record(application, ApplicationStatus.INTAKE, stop_reason="other")

    assert step.stop_reason == ""


def test_a_date_in_the_future_is_refused(application):
    with pytest.raises(ValidationError) as raised:
        record(application, ApplicationStatus.INTAKE, when=today() + timedelta(days=1))

    assert list(raised.value.message_dict) == ["occurred_on"]
    assert not application.steps.exists()


def test_a_date_before_the_previous_step_or_the_application_is_refused(application):
    record(application, ApplicationStatus.INTAKE, when=today() - timedelta(days=2))

    with pytest.raises(ValidationError) as before_step:
        record(application, ApplicationStatus.INVITED, when=today() - timedelta(days=5))
    with pytest.raises(ValidationError) as before_application:
        record(application, ApplicationStatus.INVITED, when=today() - timedelta(days=60))

    assert list(before_step.value.message_dict) == ["occurred_on"]
    assert list(before_application.value.message_dict) == ["occurred_on"]


# --- The step form on the detail page ---------------------------------------------------------


def test_staff_record_a_step_and_see_it_in_the_history(client, login, staff, application):
    login(client, staff)

    response = client.post(step_url(application), step_post(note="Intake gepland"))

    assert response.status_code == 302
    assert response["Location"].startswith(detail_url(application))
    page = client.get(detail_url(application)).content.decode()
    assert "Intake gepland" in page
    assert escape(staff.get_full_name()) in page
    assert ApplicationStep.objects.filter(application=application).count() == 1


def test_the_history_lists_every_step_in_order(client, login, staff, application):
    record(application, ApplicationStatus.INTAKE, when=today() - timedelta(days=3), note="Eerste")
    record(
        application,
        ApplicationStatus.STOPPED,
        when=today() - timedelta(days=2),
        stop_reason="no_time",
        note="Tweede",
    )
    record(application, ApplicationStatus.INTAKE, when=today(), note="Derde")
    login(client, staff)

    response = client.get(detail_url(application))

    assert [step.note for step in response.context["steps"]] == ["Eerste", "Tweede", "Derde"]
    content = response.content.decode()
    assert content.index("Eerste") < content.index("Tweede") < content.index("Derde")


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"status": "new"}, "status"),  # backwards
        ({"status": "stopped", "stop_reason": ""}, "stop_reason"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"occurred_on": "not a date"}, "occurred_on"),
        ({"status": "nonsense"}, "status"),
        ({"stop_reason": "nonsense", "status": "stopped"}, "stop_reason"),
    ],
    ids=["backwards", "stop-without-reason", "future", "bad-date", "bad-status", "bad-reason"],
)
def test_bad_step_shows_the_detail_again_with_the_error_next_to_the_field(
    client, login, staff, application, post, field
):
    record(application, ApplicationStatus.INTAKE, when=today() - timedelta(days=1))
    login(client, staff)

    response = client.post(step_url(application), step_post(note="Kept text", **post))

    assert response.status_code == 200
    form = response.context["step_form"]
    assert field in form.errors
    content = response.content.decode()
    assert "Kept text" in content  # the input is kept
    assert f'id="id_{field}_error"' in content or 'aria-invalid="true"' in content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTAKE
    assert application.steps.count() == 1


def test_a_step_can_only_be_posted(client, login, staff, application):
    login(client, staff)

    assert client.get(step_url(application)).status_code == 405


def test_staff_of_another_region_cannot_record_a_step(client, login, other_staff, application):
    login(client, other_staff)

    assert client.post(step_url(application), step_post()).status_code == 404
    assert not application.steps.exists()


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_others_cannot_record_a_step(client, login, personas, persona, application):
    login(client, personas[persona])

    assert client.post(step_url(application), step_post()).status_code == 404


def test_anonymous_step_goes_to_log_in(client, application):
    response = client.post(step_url(application), step_post())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Making the volunteer account -------------------------------------------------------------


def test_making_a_volunteer_carries_the_data_over_and_invites(
    client, login, staff, application, mailoutbox, django_capture_on_commit_callbacks
):
    record(application, ApplicationStatus.INTAKE)
    track = TrackFactory(code="basis", name="Basisopleiding")
    login(client, staff)

    assert client.get(account_url(application)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(account_url(application), {"action": "create"})

    assert response.status_code == 302
    user = User.objects.get(email="fatima@example.org")
    assert (user.first_name, user.last_name, user.phone) == ("Fatima", "El Amrani", "+32470123456")
    assert user.postcode == postcode("2000")
    assert user.languages == ["nl", "ar"]
    assert user.preferred_language == "fr"
    assert list(user.regions.all()) == [region("antwerpen")]
    assert access_for(user).roles == {Role.COORDINATOR}
    assert not user.has_usable_password()
    application.refresh_from_db()
    assert application.user == user
    assert application.status == ApplicationStatus.INVITED
    assert application.steps.last().status == ApplicationStatus.INVITED
    assert TrackEnrolment.objects.filter(user=user, track=track).exists()
    # The invitation to choose a password, to the applicant only.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fatima@example.org"]
    assert "/password/reset/key/" in mailoutbox[0].body
    message = [str(m) for m in response.wsgi_request._messages]
    assert any("fatima@example.org" in text for text in message)


def test_the_invitation_carries_the_id_only(application, staff):
    from people.models import OutboxMessage

    record(application, ApplicationStatus.INTAKE)

    user = services.application_make_volunteer(application=application, invited_by=staff)

    message = OutboxMessage.objects.get(topic="people.invitation")
    assert message.object_id == user.pk


def test_a_double_post_makes_one_account(
    client, login, staff, application, mailoutbox, django_capture_on_commit_callbacks
):
    record(application, ApplicationStatus.INTAKE)
    login(client, staff)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(account_url(application), {"action": "create"})
        second = client.post(account_url(application), {"action": "create"})

    assert first.status_code == second.status_code == 302
    assert User.objects.filter(email__iexact="fatima@example.org").count() == 1
    assert len(mailoutbox) == 1
    assert application.steps.filter(status=ApplicationStatus.INVITED).count() == 1


def test_an_existing_email_address_is_refused_without_a_second_account(
    client, login, staff, application
):
    record(application, ApplicationStatus.INTAKE)
    existing = CoordinatorFactory(email="Fatima@Example.org")
    login(client, staff)

    page = client.get(account_url(application))
    refused = client.post(account_url(application), {"action": "create"})

    assert page.status_code == 200
    assert page.context["existing_account"] and page.context["linkable"]
    assert refused.status_code == 400
    assert "already exists" in refused.content.decode() or refused.context["errors"]
    assert User.objects.filter(email__iexact="fatima@example.org").count() == 1
    application.refresh_from_db()
    assert application.user is None

    linked = client.post(account_url(application), {"action": "link"})

    assert linked.status_code == 302
    application.refresh_from_db()
    assert application.user == existing
    assert User.objects.filter(email__iexact="fatima@example.org").count() == 1


def test_an_account_that_belongs_to_another_application_is_not_linked(staff, application):
    record(application, ApplicationStatus.INTAKE)
    existing = CoordinatorFactory(email="fatima@example.org")
    ApplicationFactory(user=existing)

    with pytest.raises(ValidationError):
        services.application_link_account(application=application, linked_by=staff)

    application.refresh_from_db()
    assert application.user is None


@pytest.mark.parametrize(
    "status", [ApplicationStatus.NEW, ApplicationStatus.STOPPED], ids=["new", "stopped"]
)
def test_no_account_before_the_intake_or_when_stopped(client, login, staff, application, status):
    if status == ApplicationStatus.STOPPED:
        record(application, status, stop_reason="withdrawn")
    login(client, staff)

    response = client.post(account_url(application), {"action": "create"})

    assert response.status_code == 400
    assert not User.objects.filter(email__iexact=application.email).exists()


def test_a_junk_post_to_the_account_page_is_no_500(client, login, staff, application):
    record(application, ApplicationStatus.INTAKE)
    login(client, staff)

    response = client.post(account_url(application), {"action": "explode"})

    assert response.status_code == 400
    assert not User.objects.filter(email__iexact=application.email).exists()


def test_the_detail_offers_the_account_button_after_the_intake_only(
    client, login, staff, application
):
    login(client, staff)
    before = client.get(detail_url(application)).content.decode()
    record(application, ApplicationStatus.INTAKE)
    after = client.get(detail_url(application)).content.decode()

    assert account_url(application) not in before
    assert account_url(application) in after


def test_staff_of_another_region_cannot_make_the_account(client, login, other_staff, application):
    record(application, ApplicationStatus.INTAKE)
    login(client, other_staff)

    assert client.get(account_url(application)).status_code == 404
    assert client.post(account_url(application), {"action": "create"}).status_code == 404
    assert not User.objects.filter(email__iexact=application.email).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_posts_make_one_account():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    staff = StaffFactory(email="race.staff@kring.test", regions=[region("antwerpen")])
    application = ApplicationFactory(email="race@example.org")
    record(application, ApplicationStatus.INTAKE)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def make() -> None:
        try:
            barrier.wait()
            services.application_make_volunteer(
                application=Application.objects.get(pk=application.pk), invited_by=staff
            )
            outcomes.append("made")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=make) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["made", "refused"]
    assert User.objects.filter(email="race@example.org").count() == 1


# --- Export -----------------------------------------------------------------------------------


@pytest.fixture
def mixed_applications(db):
    ApplicationFactory(first_name="Anna", last_name="Peeters", postcode=postcode("2000"))
    ApplicationFactory(
        first_name="Bart",
        last_name="Wouters",
        postcode=postcode("2800"),
        status=ApplicationStatus.STOPPED,
    )
    ApplicationFactory(first_name="Lotte", last_name="Janssens", postcode=postcode("3500"))


def test_csv_export_holds_the_filtered_rows_of_the_staff_members_region_only(
    client, login, staff, mixed_applications
):
    login(client, staff)

    response = client.get(LIST, {"status": "new", "_export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = "\n".join(",".join(row) for row in rows[1:])
    assert len(rows) == 2
    assert "Anna Peeters" in body
    assert "Bart" not in body  # filtered out
    assert "Lotte" not in body  # another region
    assert "<span" not in body  # plain values, no HTML


def test_xlsx_export_holds_the_filtered_rows_only(client, login, staff, mixed_applications):
    login(client, staff)

    response = client.get(LIST, {"q": "wouters", "_export": "xlsx"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert "Bart Wouters" in values[1]


def test_export_of_all_pages(client, login, staff):
    ApplicationFactory.create_batch(30)
    login(client, staff)

    response = client.get(LIST, {"_export": "csv", "page": "2"})

    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 31


def test_export_neutralises_formulas_typed_by_an_applicant(client, login, staff):
    ApplicationFactory(first_name="=HYPERLINK(1)", last_name="X")
    login(client, staff)

    response = client.get(LIST, {"_export": "csv"})

    assert "'=HYPERLINK(1) X" in response.content.decode("utf-8-sig")


def test_administrator_export_holds_every_region(client, login, administrator, mixed_applications):
    login(client, administrator)

    response = client.get(LIST, {"_export": "csv"})

    content = response.content.decode("utf-8-sig")
    assert "Anna" in content and "Bart" in content and "Lotte" in content


def test_an_unknown_export_format_shows_the_page(client, login, staff, mixed_applications):
    login(client, staff)

    response = client.get(LIST, {"_export": "yaml"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_list_links_to_both_exports(client, login, staff, mixed_applications):
    login(client, staff)

    content = client.get(LIST, {"status": "new"}).content.decode()

    assert "_export=csv" in content and "_export=xlsx" in content
    assert "status=new" in content
