"""The compulsory second factor for editors and for coordinators with a traject, and TOTP seeds
encrypted at rest (people.middleware, people.adapters.MFAAdapter, migration people 0009)."""

from __future__ import annotations

from importlib import import_module

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps as global_apps
from django.test import override_settings
from django.utils import translation

from people.adapters import mfa_decrypt, mfa_encrypt, mfa_is_encrypted
from people.factories import DEFAULT_PASSWORD, postcode
from people.middleware import mfa_required
from tests.conftest import give_totp
from tests.people.test_login import MFA_SETUP, logged_in_user_id, post_login, totp_code
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Traject

pytestmark = pytest.mark.django_db

PORTAL = "/portaal/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def give_traject(coordinator, staff) -> Traject:
    registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(coordinator=coordinator)
    return traject


# --- Who must have a second factor ---------------------------------------------------------


def test_editor_without_totp_is_sent_to_set_it_up(client, editor):
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP


def test_editor_with_totp_opens_the_wagtail_admin(client, editor):
    give_totp(editor)
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_coordinator_without_a_traject_needs_no_second_factor(client, coordinator):
    client.force_login(coordinator)

    assert not mfa_required(coordinator)
    assert client.get(PORTAL).status_code == 200


def test_coordinator_with_a_traject_is_sent_to_set_up_a_second_factor(client, coordinator, staff):
    give_traject(coordinator, staff)
    client.force_login(coordinator)

    response = client.get(PORTAL)

    assert mfa_required(coordinator)
    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP


def test_coordinator_with_a_traject_and_totp_uses_the_portal(client, coordinator, staff):
    give_traject(coordinator, staff)
    give_totp(coordinator)
    client.force_login(coordinator)

    assert client.get(PORTAL).status_code == 200


def test_a_coach_does_not_need_a_traject_rule_to_need_a_second_factor(coach):
    with override_settings(KRING_MFA_REQUIRED_HOLDERS={}):
        assert mfa_required(coach)


def test_the_traject_rule_applies_only_to_the_role_it_names(staff, coordinator):
    """Regional staff are never a traject's coordinator; a rule for coordinators does not look
    at other roles' rows."""
    give_traject(coordinator, staff)
    with override_settings(KRING_MFA_REQUIRED_ROLES=[]):
        assert mfa_required(coordinator)
        assert not mfa_required(staff)


# --- Seeds encrypted at rest -----------------------------------------------------------------


def test_the_stored_totp_seed_is_not_the_plaintext(coach):
    secret = generate_totp_secret()
    TOTP.activate(coach, secret)

    stored = Authenticator.objects.get(user=coach, type=Authenticator.Type.TOTP).data["secret"]

    assert stored != secret
    assert secret not in stored
    assert mfa_decrypt(stored) == secret


def test_the_stored_recovery_code_seed_is_encrypted(coach):
    give_totp(coach)
    codes = RecoveryCodes.activate(coach)

    stored = Authenticator.objects.get(pk=codes.instance.pk).data["seed"]

    assert mfa_is_encrypted(stored)


def test_log_in_with_an_encrypted_totp_seed_still_works(client, coach):
    secret = give_totp(coach)

    response = post_login(client, coach.email, DEFAULT_PASSWORD)
    assert "/accounts/2fa/authenticate/" in response["Location"]
    client.post(response["Location"], {"code": totp_code(secret)})

    assert logged_in_user_id(client) == coach.pk


def test_a_wrong_key_cannot_read_the_seed(coach):
    give_totp(coach)
    stored = Authenticator.objects.get(user=coach, type=Authenticator.Type.TOTP).data["secret"]

    with override_settings(KRING_MFA_ENCRYPTION_KEYS=["A" * 43 + "="]):
        assert not mfa_is_encrypted(stored)


def test_a_rotated_key_still_reads_seeds_of_the_old_one(coach):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(KRING_MFA_ENCRYPTION_KEYS=[old]):
        token = mfa_encrypt("JBSWY3DPEHPK3PXP")
    with override_settings(KRING_MFA_ENCRYPTION_KEYS=[new, old]):
        assert mfa_decrypt(token) == "JBSWY3DPEHPK3PXP"


def test_the_migration_encrypts_plaintext_seeds_and_its_reverse_decrypts_them(coach, other_coach):
    migration = import_module("people.migrations.0009_encrypt_totp_seeds")
    plain = generate_totp_secret()
    Authenticator.objects.create(user=coach, type=Authenticator.Type.TOTP, data={"secret": plain})
    already = give_totp(other_coach)

    migration.encrypt_seeds(global_apps, None)
    migration.encrypt_seeds(global_apps, None)  # twice: already encrypted values stay as they are

    stored = Authenticator.objects.get(user=coach).data["secret"]
    assert stored != plain
    assert mfa_decrypt(stored) == plain
    other = Authenticator.objects.get(user=other_coach).data["secret"]
    assert mfa_decrypt(other) == already

    migration.decrypt_seeds(global_apps, None)

    assert Authenticator.objects.get(user=coach).data["secret"] == plain
    assert Authenticator.objects.get(user=other_coach).data["secret"] == already


# --- Never in an admin ------------------------------------------------------------------------


def test_the_django_admin_never_shows_a_totp_seed(client, login, administrator, coach):
    give_totp(coach)
    authenticator = Authenticator.objects.get(user=coach, type=Authenticator.Type.TOTP)
    stored = authenticator.data["secret"]
    login(client, administrator)

    listing = client.get("/django-admin/mfa/authenticator/")
    detail = client.get(f"/django-admin/mfa/authenticator/{authenticator.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    for response in (listing, detail):
        content = response.content.decode()
        assert stored not in content
        assert mfa_decrypt(stored) not in content
        assert "secret" not in content


# --- The demo -------------------------------------------------------------------------------


def test_demo_coordinators_with_a_traject_get_a_second_factor_and_others_not(staff):
    from people.demo import DOMAIN, seed_second_factors
    from people.factories import CoordinatorFactory

    busy = CoordinatorFactory(email=f"busy@{DOMAIN}")
    idle = CoordinatorFactory(email=f"idle@{DOMAIN}")
    give_traject(busy, staff)

    assert seed_second_factors() == 1
    assert Authenticator.objects.filter(user=busy, type=Authenticator.Type.TOTP).exists()
    assert not Authenticator.objects.filter(user=idle).exists()
    assert seed_second_factors() == 0
