"""The volunteer portal's home."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms.selectors import page_address
from people.access import require_role
from people.http import AuthenticatedHttpRequest, make_private
from training import access
from training.days.models import TrainingDay
from training.portal import selectors


@login_required
@require_GET
def portal_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The volunteer's home: tracks with progress, where to continue, quiz results, training
    days and certificates."""
    require_role(request.user, *access.PORTAL_ROLES)
    home = selectors.portal_home(request.user)
    tracks = []
    for item in home.tracks:
        modules = []
        for status in item.status.modules:
            page = home.pages.get(status.module.translation_key, status.module)
            modules.append(
                {
                    "status": status,
                    "page": page,
                    "url": page_address(page, request),
                    "prerequisites": [
                        home.pages.get(module.translation_key, module)
                        for module in status.missing_prerequisites
                    ],
                }
            )
        tracks.append({"enrolment": item.enrolment, "status": item.status, "modules": modules})
    certificates = [
        {
            "certificate": certificate,
            "state": selectors.certificate_state(certificate),
            "renewal": selectors.renewal_to_show(certificate),
        }
        for certificate in home.certificates
    ]
    context = {
        "portal_section": "home",
        "tracks": tracks,
        "continue_lesson": home.continue_lesson,
        "continue_url": (
            page_address(home.continue_lesson, request) if home.continue_lesson else ""
        ),
        "attempts": home.attempts,
        "seats": home.seats,
        "certificates": certificates,
        # A trainer (often a coach) finds the attendance pages from here.
        "gives_training_days": TrainingDay.objects.filter(trainer=request.user).exists(),
    }
    return make_private(TemplateResponse(request, "training/portal_home.html", context))
