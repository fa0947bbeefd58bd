"""The registrant's status page (public, the token is the key) and staff's revoking of a link.

The status page is nobody's business but the reader's: not indexed, not stored by a browser or
a cache, and its address (the token) is passed on to no one, not even this site's other pages
(``make_private(..., no_referrer=True)``). An unknown, malformed, revoked or expired token gets
the same 404 page, and every look-up counts towards a per-visitor rate limit, like the
certificate verification, so tokens cannot be tried in bulk.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cms.ratelimit import rate_limit_hit
from people.access import require_role
from people.audit.services import access_change
from people.http import AuthenticatedHttpRequest, make_private, private_response
from people.regions import contact_for
from people.roles import Role
from trajects.models.registrations import Registration
from trajects.status import selectors, services

# Look-ups of status pages per visitor (hashed address, see cms.ratelimit): a registrant opens
# their page now and then; guessing needs thousands of tries.
STATUS_RATE_LIMIT = 30
STATUS_RATE_LIMIT_PERIOD = 10 * 60
STATUS_RATE_LIMIT_SCOPE = "trajects.status_page"


@require_safe
def status_page(request: HttpRequest, token: str) -> HttpResponse:
    """Where the question behind ``token`` stands, in the page's language."""
    if rate_limit_hit(
        request,
        scope=STATUS_RATE_LIMIT_SCOPE,
        limit=STATUS_RATE_LIMIT,
        period=STATUS_RATE_LIMIT_PERIOD,
    ):
        response = render(
            request,
            "trajects/status_rate_limited.html",
            {"minutes": STATUS_RATE_LIMIT_PERIOD // 60, **contact_for(None)},
            status=429,
        )
        response["Retry-After"] = str(STATUS_RATE_LIMIT_PERIOD)
        return make_private(response, no_referrer=True)

    status = selectors.status_for_token(token=token)
    if status is None:
        response = render(request, "trajects/status_unknown.html", contact_for(None), status=404)
        return make_private(response, no_referrer=True)
    response = render(request, "trajects/status_page.html", {"status": status})
    return make_private(response, no_referrer=True)


@login_required
@require_POST
@private_response
def status_link_revoke(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Staff of the registration's region (and administrators) revoke its status link; anyone
    else gets 404. POST only: the button is on the registration's page."""
    require_role(request.user, Role.REGIONAL_STAFF)
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user), reference=reference
    )
    try:
        with access_change(request=request, obj=registration):
            services.status_link_revoke(registration=registration, by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The status link has been revoked: it no longer opens. No new link is made."),
        )
    return redirect("trajects:registration_detail", reference=registration.reference)
