"""The coach's read-only view of the trajects of the coordinators they coach today
(/coach/trajecten/): a list, one page per traject (the workspace without its forms), and the
sign-off from a closed learning traject. Anyone else, and a traject of a coordinator the coach
does not coach (any more), answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from people.access import require_role
from people.audit.models import AccessAction
from people.audit.services import access_change, access_record
from people.http import AuthenticatedHttpRequest, private_response
from people.roles import Role
from trajects.coach import selectors, services, tables
from trajects.coach.forms import LearningSignOffForm
from trajects.traject.models import Phase, Traject
from trajects.workspace.selectors import workspace_detail


@login_required
@require_GET
@private_response
def coach_traject_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.COACH)
    listing = selectors.coach_traject_page(user=request.user, page=request.GET.get("page"))
    return render(
        request,
        "trajects/coach_traject_list.html",
        {
            "listing": listing,
            "page_obj": listing.page_obj,
            "current_rows": tables.traject_rows(listing.current),
            "ended_rows": tables.traject_rows(listing.ended),
        },
    )


def _coached_traject(request: AuthenticatedHttpRequest, reference: str) -> Traject:
    require_role(request.user, Role.COACH)
    return get_object_or_404(
        selectors.coach_queryset(user=request.user), registration__reference=reference
    )


def _may_sign_off(traject: Traject) -> bool:
    return (
        traject.is_learning
        and traject.phase == Phase.CLOSED
        and bool(getattr(traject, "awaiting_sign_off", False))
    )


def _render(
    request: AuthenticatedHttpRequest,
    traject: Traject,
    form: LearningSignOffForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = workspace_detail(traject=traject)
    if form is None and _may_sign_off(traject):
        form = LearningSignOffForm()
    return render(
        request,
        "trajects/coach_traject_detail.html",
        {
            "traject": traject,
            "registration": traject.registration,
            "workspace": workspace,
            "read_only": True,
            "forms": {},
            "participant_rows": [(participant, None) for participant in workspace.participants],
            "steps": workspace.steps,
            "document_url": reverse(
                "trajects:workspace_plan_document", kwargs={"reference": traject.reference}
            ),
            "sign_off_form": form,
        },
        status=status,
    )


@login_required
@require_GET
@private_response
def coach_traject_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    traject = _coached_traject(request, reference)
    access_record(request=request, action=AccessAction.VIEW, obj=traject)
    return _render(request, traject)


@login_required
@require_POST
@private_response
def coach_traject_sign_off(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The coach signs off the coordinator's track from their closed learning traject."""
    traject = _coached_traject(request, reference)
    form = LearningSignOffForm(request.POST)
    if form.is_valid():
        try:
            with access_change(request=request, obj=traject):
                services.learning_traject_sign_off(
                    traject=traject, coach=request.user, note=form.cleaned_data["note"]
                )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _(
                    "The sign-off is recorded. The certificate is issued once the rest of the "
                    "track is done, which it should be already."
                ),
            )
            return redirect("trajects:coach_traject_detail", reference=traject.reference)
    return _render(request, traject, form=form, status=400)
