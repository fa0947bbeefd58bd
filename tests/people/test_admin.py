"""The Django admin makes accounts through the user service, like every other path."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from people.models import OutboxMessage, User
from people.services import TOPIC_INVITATION

pytestmark = pytest.mark.django_db

ADD_URL = "/django-admin/people/user/add/"
# The coach-assignment inline's empty formset, as the admin's add page sends it.
INLINE = {
    "coach_assignments-TOTAL_FORMS": "0",
    "coach_assignments-INITIAL_FORMS": "0",
    "coach_assignments-MIN_NUM_FORMS": "0",
    "coach_assignments-MAX_NUM_FORMS": "1000",
}


def test_an_administrator_creates_an_account_that_gets_an_invitation(
    client, login, administrator, django_capture_on_commit_callbacks, mailoutbox
):
    login(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_URL,
            {
                "email": "Nieuw.Persoon@Kring.test",
                "first_name": "Nina",
                "last_name": "Nieuw",
                **INLINE,
            },
        )

    assert response.status_code == 302
    user = User.objects.get(email="nieuw.persoon@kring.test")
    assert response["Location"] == f"/django-admin/people/user/{user.pk}/change/"
    assert (user.first_name, user.last_name) == ("Nina", "Nieuw")
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (user.email, True, True)
    assert OutboxMessage.objects.filter(topic=TOPIC_INVITATION, object_id=user.pk).count() == 1
    assert [message.to for message in mailoutbox] == [[user.email]]


def test_a_second_account_with_the_same_address_is_refused_next_to_the_field(
    client, login, administrator, coach
):
    login(client, administrator)
    response = client.post(
        ADD_URL, {"email": coach.email.upper(), "first_name": "X", "last_name": "Y", **INLINE}
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=coach.email).count() == 1
