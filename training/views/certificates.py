"""Certificates: the PDF a holder (or their coach, or staff) downloads, revoking by staff, and the
public verification page anyone with a code can open.

The verification page shows the holder's name, the title, the issue date and whether the
certificate is valid today, nothing else. An unknown code and a malformed one get the same
answer, and the page is rate-limited per visitor, so codes cannot be enumerated.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from cms.ratelimit import rate_limit_hit
from people.access import require_role
from people.roles import Role
from training import certification
from training.models import Certificate

# Lookups of the verification page per visitor (hashed address, see cms.ratelimit).
VERIFY_RATE_LIMIT = 30
VERIFY_RATE_LIMIT_PERIOD = 10 * 60
VERIFY_RATE_LIMIT_SCOPE = "training.certificate_verify"

REVOKE_REASON_MAX_LENGTH = 2000

# The verification page is nobody's business but the reader's: not indexed, not cached, and the
# code in its address is not passed on to other sites.
PRIVATE_PUBLIC_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE_PUBLIC_HEADERS.items():
        response[header] = value
    return response


# --- The PDF ----------------------------------------------------------------------------------


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate as a PDF: for the holder, their coach, staff of the holder's region and
    administrators (``Certificate.objects.visible_to``); 404 for anyone else."""
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("track"), pk=pk
    )
    pdf = certification.certificate_pdf_render(certificate=certificate, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    # No name in the file name: downloads lists and shared folders show it.
    filename = f"certificate-{certificate.issued_on.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Revoking (staff) -------------------------------------------------------------------------


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


def _revocable_certificates(user):
    """Certificates ``user`` may revoke: those of holders in their regions (administrators: all).
    Not ``visible_to``: a coach who is also staff may not revoke because they coach someone."""
    access = require_role(user, Role.REGIONAL_STAFF)
    certificates = Certificate.objects.select_related("track", "user")
    if access.is_administrator:
        return certificates
    return certificates.filter(user__regions__in=access.region_ids).distinct()


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for the reason; POST revokes. Staff of the holder's region and administrators."""
    certificate = get_object_or_404(_revocable_certificates(request.user), pk=pk)
    detail_url = reverse("training:volunteer_detail", kwargs={"pk": certificate.user_id})
    if certificate.revoked_at is not None:
        if request.method == "POST":
            messages.info(request, gettext("This certificate had already been revoked."))
            return redirect(detail_url)
        form = None
    elif request.method == "POST":
        form = CertificateRevokeForm(request.POST)
        if form.is_valid():
            try:
                certification.certificate_revoke(
                    certificate=certificate,
                    revoked_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("The certificate has been revoked. Its public page now says so."),
                )
                return redirect(detail_url)
    else:
        form = CertificateRevokeForm()
    return render(
        request,
        "training/certificate_revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "detail_url": detail_url,
            "staff_section": "volunteers",
        },
    )


# --- Public verification ----------------------------------------------------------------------


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


@require_safe
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """A form where anyone types a code; it submits by GET and is sent on to the code's page."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("training:certificate_verify", code=form.cleaned_data["code"])
    response = render(request, "training/certificate_lookup.html", {"form": form})
    return _private(response)


@require_safe
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Whether the certificate with this code is valid today. Unknown and malformed codes get the
    same 404 page; more than ``VERIFY_RATE_LIMIT`` lookups from one visitor in the period get a
    429 page."""
    if rate_limit_hit(
        request,
        scope=VERIFY_RATE_LIMIT_SCOPE,
        limit=VERIFY_RATE_LIMIT,
        period=VERIFY_RATE_LIMIT_PERIOD,
    ):
        response = render(
            request,
            "training/certificate_rate_limited.html",
            {"minutes": VERIFY_RATE_LIMIT_PERIOD // 60},
            status=429,
        )
        response["Retry-After"] = str(VERIFY_RATE_LIMIT_PERIOD)
        return _private(response)

    # One query either way: a malformed code looks up a code that never exists.
    lookup = code if certification.certificate_code_well_formed(code) else ""
    certificate = (
        Certificate.objects.filter(code=lookup)
        .only(
            "code",
            "holder_name",
            "title",
            "title_fr",
            "title_en",
            "issued_on",
            "valid_until",
            "revoked_at",
        )
        .first()
    )
    if certificate is None or not lookup:
        response = render(
            request, "training/certificate_verify.html", {"certificate": None}, status=404
        )
        return _private(response)

    today = timezone.localdate()
    if certificate.revoked_at is not None:
        state = "revoked"
    elif certificate.valid_until < today:
        state = "expired"
    elif certificate.issued_on > today:
        state = "not_yet_valid"
    else:
        state = "valid"
    response = render(
        request,
        "training/certificate_verify.html",
        {"certificate": certificate, "state": state, "today": today},
    )
    return _private(response)
