"""Intake: recording a registration received by phone, and the decisions on one registration,
each a page with a small form (``move_page``): take into intake, accept (it becomes a traject),
not accepted, withdrawn, duplicate.

For regional staff (of the registration's region) and administrators; 404 for anyone else.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from people.access import require_role
from people.http import AuthenticatedHttpRequest, private_response
from people.roles import Role
from trajects.intake import services
from trajects.intake.forms import DeclineForm, DuplicateForm, PhoneRegistrationForm
from trajects.models import RegistrationPage
from trajects.models.registrations import Channel, Registration
from trajects.services import registration_submit
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


# --- A registration received by phone -----------------------------------------------------------


def _privacy_url(language: str) -> str:
    """The privacy notice the registration page links to (in ``language`` where there is one),
    so staff can tell the caller about it."""
    pages = RegistrationPage.objects.live().select_related("privacy_page")
    page = pages.filter(locale__language_code=language).first() or pages.first()
    return page.privacy_link() if page else ""


def _mail_language(conference_language: str, page_language: str) -> str:
    """The confirmation's language: the caller's conference language when the site speaks it
    (a French-speaking caller on a Dutch staff page), else the staff page's."""
    codes = {code for code, _name in settings.LANGUAGES}
    return conference_language if conference_language in codes else page_language


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def registration_phone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff type in a registration a caller gives by phone; it is stored as the public form's
    (``registration_submit``), received by phone and taken by the staff member, and the page
    leads to the registration with its reference to tell the caller."""
    require_role(request.user, Role.REGIONAL_STAFF)
    language = get_language() or settings.LANGUAGE_CODE
    form = PhoneRegistrationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        language=language,
        privacy_url=_privacy_url(language),
    )
    if request.method == "POST":
        if form.is_valid():
            registration, created = registration_submit(
                data=form.submitted_data(),
                submission_token=form.submission_token(),
                language=_mail_language(form.cleaned_data["conference_language"], language),
                channel=Channel.PHONE,
                taken_by=request.user,
            )
            if Registration.objects.visible_to(request.user).filter(pk=registration.pk).exists():
                _tell_recorded(request, registration, created=created)
                return redirect(_registration_url(registration))
            # A token that stored someone else's registration: never name it.
            form.add_error(
                None,
                _("This form was already sent. Open a new form to record another registration."),
            )
        form.keep_protection_fresh()
    return render(
        request,
        "trajects/registration_phone.html",
        {"form": form, "staff_section": "registrations"},
    )


def _tell_recorded(
    request: AuthenticatedHttpRequest, registration: Registration, *, created: bool
) -> None:
    """The message on the registration's page: its reference, to tell the caller, and whether
    a confirmation e-mail goes out."""
    reference = registration.reference
    if not created:
        messages.info(
            request,
            gettext("This registration was already recorded, with reference %(reference)s.")
            % {"reference": reference},
        )
        return
    if registration.registrant_email:
        text = gettext(
            "The phone registration has been recorded with reference %(reference)s: give it "
            "to the caller. A confirmation e-mail with a link to follow the registration goes "
            "to the address the caller gave."
        )
    else:
        text = gettext(
            "The phone registration has been recorded with reference %(reference)s: give it "
            "to the caller. The caller gave no e-mail address, so no confirmation is sent."
        )
    messages.success(request, text % {"reference": reference})
