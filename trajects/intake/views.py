"""Intake's decisions on one registration, each a page with a small form (``move_page``):
take into intake, accept (it becomes a traject), not accepted, withdrawn, duplicate.

For regional staff of the registration's region and administrators; 404 for anyone else.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from people.access import require_role
from people.http import AuthenticatedHttpRequest, private_response
from people.roles import Role
from trajects.intake import services
from trajects.intake.forms import DeclineForm, DuplicateForm
from trajects.models.registrations import Registration
from trajects.traject.views import Move, move_page


def _registration_url(registration: Registration) -> str:
    return reverse("trajects:registration_detail", kwargs={"reference": registration.reference})


# By the slug in the URL (Dutch, like the rest of the staff area's paths).
DECISIONS: dict[str, Move] = {
    "intake": Move(
        title=_("Take into intake"),
        explanation=_(
            "You contact the registrant and, where possible, the core person, to see whether an "
            "Eigen Kracht-conference fits their question."
        ),
        button=_("Take into intake"),
        done=_("The registration is in intake."),
        run=lambda registration, user, data: services.registration_intake_start(
            registration=registration, by=user, note=data["note"]
        ),
    ),
    "aanvaarden": Move(
        title=_("Accept: start a traject"),
        explanation=_(
            "The registration becomes a traject, and the search for a coordinator begins. The "
            "three-week promise counts from the day of the registration."
        ),
        button=_("Accept and start the traject"),
        done=_("The registration has been accepted: the traject is looking for a coordinator."),
        run=lambda registration, user, data: services.registration_accept(
            registration=registration, by=user, note=data["note"]
        ),
    ),
    "niet-aanvaard": Move(
        title=_("Not accepted"),
        explanation=_("Say why: the registrant is told by the staff member who handles it."),
        button=_("Record as not accepted"),
        done=_("The registration has been recorded as not accepted."),
        run=lambda registration, user, data: services.registration_decline(
            registration=registration, by=user, reason=data["reason"]
        ),
        form_class=DeclineForm,
        danger=True,
    ),
    "ingetrokken": Move(
        title=_("Withdrawn"),
        explanation=_("The registrant or the core person withdrew the registration."),
        button=_("Record as withdrawn"),
        done=_("The registration has been recorded as withdrawn."),
        run=lambda registration, user, data: services.registration_withdraw(
            registration=registration, by=user, note=data["note"]
        ),
        danger=True,
    ),
    "dubbel": Move(
        title=_("A duplicate"),
        explanation=_(
            "The same family was registered twice: name the registration that is kept. This one "
            "closes and points to it."
        ),
        button=_("Record as a duplicate"),
        done=_("The registration has been recorded as a duplicate."),
        run=lambda registration, user, data: services.registration_mark_duplicate(
            registration=registration, of=data["reference"], by=user, note=data["note"]
        ),
        form_class=DuplicateForm,
        danger=True,
        form_kwargs=lambda request: {
            "registrations": Registration.objects.visible_to(request.user)
        },
    ),
}


def _done_url(registration: Registration, result) -> str:
    if result is not None:  # accepting gives the new traject
        return reverse("trajects:traject_detail", kwargs={"reference": registration.reference})
    return _registration_url(registration)


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def registration_decide(
    request: AuthenticatedHttpRequest, reference: str, action: str
) -> HttpResponse:
    require_role(request.user, Role.REGIONAL_STAFF)
    decision = DECISIONS.get(action)
    if decision is None:
        raise Http404
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user), reference=reference
    )
    return move_page(
        request,
        move=decision,
        subject=registration,
        action_url=reverse(
            "trajects:registration_decide", kwargs={"reference": reference, "action": action}
        ),
        back_url=_registration_url(registration),
        done_url=lambda result: _done_url(registration, result),
        context={"reference": registration.reference, "staff_section": "registrations"},
    )
