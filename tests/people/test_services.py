"""people/services.py: coach assignments with history, account creation and invitations."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from people.factories import CoachFactory, CoordinatorFactory, StaffFactory, UserFactory
from people.models import CoachAssignment, User
from people.roles import Role
from people.services import (
    coach_assign,
    coach_assignment_end,
    invitation_send,
    user_create,
    user_invite,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zonnig-nieuw-wachtwoord-7"


# --- Coach assignments ---------------------------------------------------------------------------


@pytest.fixture
def started(coordinator, coach):
    """The coordinator's assignment to ``coach``, dated from 1 January 2026."""
    assignment = CoachAssignment.objects.get(coordinator=coordinator)
    assignment.starts_on = date(2026, 1, 1)
    assignment.save()
    return assignment


def test_coach_assign_gives_a_coordinator_without_coach_one(antwerpen, coach):
    newcomer = CoordinatorFactory(regions=[antwerpen])

    assignment = coach_assign(coordinator=newcomer, coach=coach, starts_on=date(2026, 2, 1))

    assert (assignment.coordinator, assignment.coach) == (newcomer, coach)
    assert assignment.starts_on == date(2026, 2, 1)
    assert assignment.is_active


def test_coach_assign_ends_the_current_assignment_and_keeps_it_as_history(
    coordinator, coach, other_coach, started
):
    new = coach_assign(coordinator=coordinator, coach=other_coach, starts_on=date(2026, 3, 1))

    started.refresh_from_db()
    assert started.ends_on == date(2026, 3, 1)  # the first day without this coach
    assert not started.is_active
    assert new.coach == other_coach
    assert (new.starts_on, new.ends_on) == (date(2026, 3, 1), None)
    history = list(CoachAssignment.objects.filter(coordinator=coordinator).order_by("starts_on"))
    assert [(a.coach, a.starts_on, a.ends_on) for a in history] == [
        (coach, date(2026, 1, 1), date(2026, 3, 1)),
        (other_coach, date(2026, 3, 1), None),
    ]


def test_coach_change_leaves_no_day_without_a_coach_and_none_with_two(
    coordinator, coach, other_coach, started
):
    coach_assign(coordinator=coordinator, coach=other_coach, starts_on=date(2026, 3, 1))

    def coaches_on(day: date) -> list:
        return [a.coach for a in CoachAssignment.objects.on(day).filter(coordinator=coordinator)]

    assert coaches_on(date(2026, 2, 27)) == [coach]
    assert coaches_on(date(2026, 2, 28)) == [coach]
    assert coaches_on(date(2026, 3, 1)) == [other_coach]
    assert coaches_on(date(2026, 3, 2)) == [other_coach]


def test_coach_assign_on_the_day_the_current_one_started_ends_it_that_day(
    coordinator, other_coach, started
):
    coach_assign(coordinator=coordinator, coach=other_coach, starts_on=date(2026, 1, 1))

    started.refresh_from_db()
    assert started.ends_on == date(2026, 1, 1)
    assert CoachAssignment.objects.active().get(coordinator=coordinator).coach == other_coach


def test_coach_assign_to_the_current_coach_changes_nothing(coordinator, coach, started):
    again = coach_assign(coordinator=coordinator, coach=coach, starts_on=date(2026, 5, 1))

    assert again == started
    assert CoachAssignment.objects.filter(coordinator=coordinator).count() == 1


def test_coach_assign_refuses_a_start_before_the_current_one(coordinator, other_coach, started):
    with pytest.raises(ValidationError):
        coach_assign(coordinator=coordinator, coach=other_coach, starts_on=date(2025, 12, 31))

    assert CoachAssignment.objects.active().get(coordinator=coordinator) == started


def test_coach_cannot_coach_themselves(antwerpen):
    both = UserFactory(roles=[Role.COACH, Role.COORDINATOR], regions=[antwerpen])

    with pytest.raises(ValidationError):
        coach_assign(coordinator=both, coach=both)

    assert not CoachAssignment.objects.filter(coordinator=both).exists()


@pytest.mark.parametrize("not_a_coach", ["other_coordinator", "staff", "editor"])
def test_coach_assign_refuses_a_coach_who_is_not_a_coach(personas, coordinator, not_a_coach):
    with pytest.raises(ValidationError):
        coach_assign(coordinator=coordinator, coach=personas[not_a_coach])


@pytest.mark.parametrize("not_a_coordinator", ["other_coach", "staff", "editor"])
def test_coach_assign_refuses_someone_who_is_not_a_coordinator(personas, coach, not_a_coordinator):
    with pytest.raises(ValidationError):
        coach_assign(coordinator=personas[not_a_coordinator], coach=coach)

    assert not CoachAssignment.objects.filter(coordinator=personas[not_a_coordinator]).exists()


def test_coach_assignment_end_keeps_the_row_with_an_end_date(coordinator, started):
    coach_assignment_end(assignment=started, ends_on=date(2026, 4, 30))

    started.refresh_from_db()
    assert started.ends_on == date(2026, 4, 30)
    assert not CoachAssignment.objects.active().filter(coordinator=coordinator).exists()


def test_coach_assignment_end_refuses_a_date_before_the_start(started):
    with pytest.raises(ValidationError):
        coach_assignment_end(assignment=started, ends_on=date(2025, 12, 31))

    started.refresh_from_db()
    assert started.ends_on is None


# --- Accounts -------------------------------------------------------------------------------------


def test_user_create_sets_roles_regions_and_a_verified_address(antwerpen):
    user = user_create(
        email=" Nieuwe.Coach@Kring.TEST ",
        first_name="Nina",
        roles=[Role.COACH],
        regions=[antwerpen],
    )

    assert user.email == "nieuwe.coach@kring.test"
    assert set(user.groups.values_list("name", flat=True)) == {"coach"}
    assert list(user.regions.all()) == [antwerpen]
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(
        user=user, email=user.email, primary=True, verified=True
    ).exists()


def test_user_create_refuses_an_existing_address_in_any_case(coordinator):
    with pytest.raises(ValidationError) as raised:
        user_create(email="COORDINATOR@Kring.test")

    assert "email" in raised.value.message_dict
    assert User.objects.filter(email__iexact=coordinator.email).count() == 1


def test_user_invite_sends_nothing_before_commit(
    antwerpen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = user_create(email="later@kring.test", roles=[Role.COORDINATOR], regions=[antwerpen])
        user_invite(user=user)

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_invitation_is_one_mail_after_commit_with_a_working_password_link(
    client, personas, antwerpen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(
            email="invited@kring.test",
            first_name="Ines",
            last_name="Vermeulen",
            roles=[Role.COORDINATOR],
            regions=[antwerpen],
        )
        user_invite(user=user)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["invited@kring.test"]
    assert "Ines" in mail.body

    # The mail names nobody else.
    for other in filter(None, personas.values()):
        for value in (other.email, other.first_name, other.last_name):
            assert value not in mail.body and value not in mail.subject, value

    # The link lets the person choose a password, then log in with it.
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.body).group(0)
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else urlsplit(link).path
    assert "password1" in response.context["form"].fields
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.post("/accounts/login/", {"login": "invited@kring.test", "password": NEW_PASSWORD})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_invitation_link_works_only_once(
    client, antwerpen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(email="once@kring.test", roles=[Role.COORDINATOR], regions=[antwerpen])
        user_invite(user=user)
    path = urlsplit(
        re.search(r"https?://\S+/password/reset/key/\S+", mailoutbox[0].body).group(0)
    ).path
    first = client.get(path, follow=True)
    client.post(first.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    second = client.get(path, follow=True)

    assert second.status_code == 200
    assert second.context["token_fail"] is True


def test_invitation_mail_is_in_the_persons_language(antwerpen, mailoutbox):
    user = StaffFactory(email="fr@kring.test", preferred_language="fr", regions=[antwerpen])

    assert invitation_send(user_id=user.pk) is True

    assert "/fr/accounts/password/reset/key/" in mailoutbox[0].body


def test_invitation_to_an_inactive_or_deleted_account_sends_nothing(antwerpen, mailoutbox):
    inactive = CoachFactory(is_active=False, regions=[antwerpen])

    assert invitation_send(user_id=inactive.pk) is False
    assert invitation_send(user_id=999_999) is False
    assert mailoutbox == []


def test_invitation_goes_through_the_outbox_with_the_id_only(antwerpen):
    """With the broker down, the account is still saved and the invitation waits in the outbox
    (people.outbox): no 500 for the staff member who made the account."""
    from people.models import OutboxMessage

    with transaction.atomic():
        user = user_create(email="outbox@kring.test", roles=[Role.COORDINATOR], regions=[antwerpen])
        user_invite(user=user)

    message = OutboxMessage.objects.get(topic="people.invitation")
    assert message.object_id == user.pk


def test_a_second_invitation_after_the_first_was_sent_goes_out_again(
    antwerpen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(email="again@kring.test", roles=[Role.COORDINATOR], regions=[antwerpen])
        user_invite(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(user=user)

    assert [mail.to for mail in mailoutbox] == [["again@kring.test"], ["again@kring.test"]]
