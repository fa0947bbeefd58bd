"""Matching's pages: staff's shortlist for a traject (propose a coordinator, or keep one off
this family's list), and the coordinator's answer to a proposal in the portal.

The shortlist is for regional staff of the traject's region and administrators; a proposal's
page only for the coordinator it was made to, and only while it waits for an answer: after a
decline it answers 404 like anything out of scope, so nothing of the family stays in view.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from people.access import require_role
from people.audit.services import access_change
from people.http import AuthenticatedHttpRequest, private_response
from people.models import User
from people.roles import Role
from trajects.matching import selectors, services
from trajects.matching.forms import DeclineForm, ProposeForm
from trajects.matching.models import ANSWER_HOURS, Proposal
from trajects.traject.models import Phase
from trajects.traject.selectors import traject_detail_queryset

PER_PAGE = 20


def _traject_url(reference: str) -> str:
    return reverse("trajects:traject_detail", kwargs={"reference": reference})


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def traject_match(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The ranked shortlist; POST proposes one coordinator (or records an exclusion)."""
    require_role(request.user, Role.REGIONAL_STAFF)
    traject = get_object_or_404(
        traject_detail_queryset(user=request.user), registration__reference=reference
    )
    error = ""
    if request.method == "POST":
        form = ProposeForm(request.POST)
        coordinator = (
            User.objects.coordinators().filter(pk=form.cleaned_data["coordinator"]).first()
            if form.is_valid()
            else None
        )
        if coordinator is None:
            error = _("Choose a coordinator from the list.")
        elif form.cleaned_data["action"] == "exclude":
            with access_change(request=request, obj=traject):
                services.exclusion_record(traject=traject, coordinator=coordinator, by=request.user)
            messages.success(
                request,
                _("%(name)s will not be proposed for this family.")
                % {"name": coordinator.get_full_name() or coordinator.email},
            )
            return redirect(request.path)
        else:
            try:
                with access_change(request=request, obj=traject):
                    services.proposal_make(
                        traject=traject, coordinator=coordinator, by=request.user
                    )
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s has been asked by e-mail and has %(hours)s hours to answer in "
                        "the portal. You hear from Kring when they answer."
                    )
                    % {
                        "name": coordinator.get_full_name() or coordinator.email,
                        "hours": ANSWER_HOURS,
                    },
                )
                return redirect(_traject_url(reference))
    pending = selectors.pending_proposal(traject=traject)
    can_propose = traject.phase == Phase.MATCHING and not traject.is_paused and pending is None
    candidates = selectors.shortlist(traject=traject) if traject.phase == Phase.MATCHING else []
    page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trajects/shortlist.html",
        {
            "staff_section": "trajects",
            "traject": traject,
            "pending": pending,
            "can_propose": can_propose,
            "page_obj": page,
            "eligible_count": sum(1 for c in candidates if c.eligible),
            "errors": [error] if error else [],
        },
        status=200,
    )


def _open_proposal(request: AuthenticatedHttpRequest, pk: int) -> Proposal:
    require_role(request.user, Role.COORDINATOR)
    return get_object_or_404(
        Proposal.objects.for_coordinator(request.user)
        .pending()
        .select_related("traject__registration"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def proposal_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What a coordinator may know before saying yes (municipality, conference language,
    whether children are involved), with accept and decline. Names and the question come
    only with a yes."""
    proposal = _open_proposal(request, pk)
    form = DeclineForm()
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                with access_change(request=request, obj=proposal.traject):
                    traject = services.proposal_accept(proposal=proposal, by=request.user)
                messages.success(
                    request, _("Thank you: the traject is yours. Start with the checklist.")
                )
                return redirect("trajects:workspace_detail", reference=traject.reference)
            form = DeclineForm(request.POST)
            if form.is_valid():
                services.proposal_decline(
                    proposal=proposal,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Thank you for answering: staff will ask another coordinator.")
                )
                return redirect("trajects:workspace_list")
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    return render(
        request,
        "trajects/proposal_answer.html",
        {
            "portal_section": "trajects",
            "proposal": proposal,
            "registration": proposal.traject.registration,
            "form": form,
            "errors": [error] if error else [],
        },
        status=200,
    )
