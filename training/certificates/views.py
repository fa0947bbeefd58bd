"""Certificates: the PDF a holder (or their coach, or staff) downloads, revoking by staff, and the
public verification page anyone with a code can open.

The verification page shows the holder's name, the title, the issue date and whether the
certificate is valid today, nothing else. An unknown code and a malformed one get the same
answer, and the page is rate-limited per visitor, so codes cannot be enumerated. It is nobody's
business but the reader's: not indexed, not stored, and the code in its address is not passed
on to other sites (``make_private(..., no_referrer=True)``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from cms.ratelimit import rate_limit_hit
from people.access import require_reauthentication, require_role
from people.audit.services import access_change
from people.http import AuthenticatedHttpRequest, make_private
from people.roles import Role
from training.certificates import services
from training.certificates.forms import CertificateLookupForm, CertificateRevokeForm
from training.certificates.models import Certificate
from training.certificates.pdf import certificate_pdf_render

# Lookups of the verification page per visitor (hashed address, see cms.ratelimit).
VERIFY_RATE_LIMIT = 30


VERIFY_RATE_LIMIT_PERIOD = 10 * 60


VERIFY_RATE_LIMIT_SCOPE = "training.certificate_verify"


@login_required
@require_GET
def certificate_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The certificate as a PDF: for the holder, their coach, staff of the holder's region and
    administrators (``Certificate.objects.visible_to``); 404 for anyone else."""
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("track"), pk=pk
    )
    pdf = certificate_pdf_render(certificate=certificate, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    # No name in the file name: downloads lists and shared folders show it.
    filename = f"certificate-{certificate.issued_on.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return make_private(response)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for the reason; POST revokes. Staff of the holder's region and administrators,
    who give their password again first (``require_reauthentication``)."""
    require_role(request.user, Role.REGIONAL_STAFF)
    certificates = Certificate.objects.revocable_by(request.user).select_related("track", "user")
    certificate = get_object_or_404(certificates, pk=pk)
    detail_url = reverse("training:volunteer_detail", kwargs={"pk": certificate.user_id})
    if certificate.revoked_at is None:
        require_reauthentication(request)
    if certificate.revoked_at is not None:
        if request.method == "POST":
            messages.info(request, gettext("This certificate had already been revoked."))
            return redirect(detail_url)
        form = None
    elif request.method == "POST":
        form = CertificateRevokeForm(request.POST)
        if form.is_valid():
            try:
                # In the holder's access log, as a change of their volunteer record.
                with access_change(request=request, obj=certificate.user):
                    services.certificate_revoke(
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


@require_safe
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """A form where anyone types a code; it submits by GET and is sent on to the code's page."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("training:certificate_verify", code=form.cleaned_data["code"])
    response = render(request, "training/certificate_lookup.html", {"form": form})
    return make_private(response, no_referrer=True)


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
        return make_private(response, no_referrer=True)

    # One query either way: a malformed code looks up a code that never exists. A certificate
    # of an erased volunteer (people.privacy) is unknown here: it names no one any more.
    lookup = code if services.certificate_code_well_formed(code) else ""
    certificate = (
        Certificate.objects.filter(code=lookup, user__anonymised_at__isnull=True)
        .exclude(holder_name="")
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
        return make_private(response, no_referrer=True)

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
    return make_private(response, no_referrer=True)
