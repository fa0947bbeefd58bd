"""The staff's form to revoke a certificate, and the public form to look one up by its code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

REVOKE_REASON_MAX_LENGTH = 2000


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=REVOKE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kept with the certificate for staff; the public page only says “revoked”."),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is revoked."))
        return reason


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=300,
        help_text=_("As printed at the bottom of the certificate; you may also paste its address."),
        error_messages={"required": _("Enter the code printed on the certificate.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        # Accept the whole verification address as well as the bare code: keep the last part.
        parts = [part.strip() for part in self.cleaned_data["code"].split("/")]
        parts = [part for part in parts if part and part not in {".", ".."}]
        if not parts:
            raise forms.ValidationError(_("Enter the code printed on the certificate."))
        return parts[-1].strip()
