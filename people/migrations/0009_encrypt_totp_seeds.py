"""Encrypts the second factor's stored secrets (TOTP seeds, recovery-code seeds) with the key of
``people.adapters.MFAAdapter``. Values already encrypted are left alone, so it can run twice;
the reverse decrypts them again."""

from django.db import migrations

# The secrets in allauth.mfa's ``Authenticator.data``, by type: single values and lists.
_SECRETS = {"totp": ("secret",), "recovery_codes": ("seed",)}
_SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


def _convert(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(_SECRETS)).iterator():
        data = dict(authenticator.data or {})
        for key in _SECRETS.get(authenticator.type, ()):
            if isinstance(data.get(key), str):
                data[key] = change(data[key])
        for key in _SECRET_LISTS.get(authenticator.type, ()):
            if isinstance(data.get(key), list):
                data[key] = [change(value) for value in data[key]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_seeds(apps, schema_editor):
    from people.adapters import mfa_encrypt, mfa_is_encrypted

    _convert(apps, lambda value: value if mfa_is_encrypted(value) else mfa_encrypt(value))


def decrypt_seeds(apps, schema_editor):
    from people.adapters import mfa_decrypt, mfa_is_encrypted

    _convert(apps, lambda value: mfa_decrypt(value) if mfa_is_encrypted(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_privacy_and_audit"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_seeds, decrypt_seeds)]
