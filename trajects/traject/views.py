"""The staff's trajects: the list of one's regions, one traject with its timeline, and its moves
(pause, resume, stop, withdraw a proposal). Every page is for regional staff (their regions) and administrators; a
traject out of scope answers 404, like anything out of scope.

``move_page`` is the one shape of a move, here and in intake: GET shows the form (pages work
without JavaScript), POST calls the service; a refusal is shown above the form with what was
typed kept, a success is told on the page it leads to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from people.access import require_role
from people.audit.mixins import AuditedObjectMixin
from people.audit.services import access_change
from people.http import AuthenticatedHttpRequest, private_response
from people.roles import Role
from trajects.matching import services as matching
from trajects.matching.selectors import pending_proposal, proposal_history
from trajects.staff import StaffRegionMixin, region_column
from trajects.traject import selectors, services
from trajects.traject.filters import TrajectFilter
from trajects.traject.forms import NoteForm, StopForm
from trajects.traject.models import Traject
from trajects.traject.tables import TrajectTable

PER_PAGE = 25


@dataclass(frozen=True)
class Move:
    """One thing staff can do to a registration or a traject, as a page with a form."""

    title: Any
    explanation: Any
    button: Any
    done: Any
    run: Callable[..., Any]
    form_class: type[forms.Form] = NoteForm
    danger: bool = False
    form_kwargs: Callable[[AuthenticatedHttpRequest], dict] = field(default=lambda request: {})


def move_page(
    request: AuthenticatedHttpRequest,
    *,
    move: Move,
    subject: Any,
    action_url: str,
    back_url: str,
    done_url: Callable[[Any], str],
    context: dict,
) -> HttpResponse:
    form = move.form_class(request.POST or None, **move.form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            # The change and its access-log entry together, or neither.
            with access_change(request=request, obj=subject):
                result = move.run(subject, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, move.done)
            return redirect(done_url(result))
    return render(
        request,
        "trajects/move.html",
        {
            **context,
            "move": move,
            "form": form,
            "action_url": action_url,
            "back_url": back_url,
        },
        status=200,
    )


def _detail_url(traject: Traject) -> str:
    return reverse("trajects:traject_detail", kwargs={"reference": traject.reference})


def _withdraw(traject: Traject, user, note: str) -> Traject:
    """Withdraws the pending proposal; the page then leads back to the traject."""
    matching.proposal_withdraw(traject=traject, by=user, note=note)
    return traject


# By the slug in the URL (Dutch, like the rest of the staff area's paths).
MOVES: dict[str, Move] = {
    "pauzeren": Move(
        title=_("Pause the traject"),
        explanation=_(
            "The family sets the pace. While the traject is paused before its start, the days do "
            "not count against the three-week promise."
        ),
        button=_("Pause"),
        done=_("The traject is paused."),
        run=lambda traject, user, data: services.traject_pause(
            traject=traject, by=user, note=data["note"]
        ),
    ),
    "hervatten": Move(
        title=_("Resume the traject"),
        explanation=_("The traject goes on from the phase it was paused in."),
        button=_("Resume"),
        done=_("The traject goes on."),
        run=lambda traject, user, data: services.traject_resume(
            traject=traject, by=user, note=data["note"]
        ),
    ),
    "voorstel-intrekken": Move(
        title=_("Withdraw the proposal"),
        explanation=_(
            "The coordinator is no longer asked and the proposal leaves their portal; then "
            "propose someone else from the shortlist. No e-mail goes out: call them if they "
            "may already have read it."
        ),
        button=_("Withdraw the proposal"),
        done=_("The proposal has been withdrawn."),
        run=lambda traject, user, data: _withdraw(traject, user, data["note"]),
    ),
    "stoppen": Move(
        title=_("Stop the traject"),
        explanation=_(
            "A stopped traject ends for good and counts in the figures with its reason. "
            "This cannot be undone."
        ),
        button=_("Stop the traject"),
        done=_("The traject has been stopped."),
        run=lambda traject, user, data: services.traject_stop(
            traject=traject, by=user, reason=data["reason"], note=data["note"]
        ),
        form_class=StopForm,
        danger=True,
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def traject_move(request: AuthenticatedHttpRequest, reference: str, action: str) -> HttpResponse:
    require_role(request.user, Role.REGIONAL_STAFF)
    move = MOVES.get(action)
    if move is None:
        raise Http404
    traject = get_object_or_404(
        selectors.traject_detail_queryset(user=request.user), registration__reference=reference
    )
    detail_url = _detail_url(traject)
    return move_page(
        request,
        move=move,
        subject=traject,
        action_url=reverse(
            "trajects:traject_move", kwargs={"reference": reference, "action": action}
        ),
        back_url=detail_url,
        done_url=_detail_url,
        context={"reference": traject.reference, "staff_section": "trajects"},
    )


class TrajectListView(StaffRegionMixin, SingleTableMixin, FilterView):
    staff_section = "trajects"
    table_class = TrajectTable
    filterset_class = TrajectFilter
    template_name = "trajects/traject_list.html"
    table_pagination = {"per_page": PER_PAGE}

    def get_queryset(self):
        return selectors.traject_list(user=self.request.user)

    def get_table_kwargs(self):
        return region_column(self.request.user)


class TrajectDetailView(StaffRegionMixin, AuditedObjectMixin, DetailView):
    staff_section = "trajects"
    slug_field = "registration__reference"
    slug_url_kwarg = "reference"
    context_object_name = "traject"
    template_name = "trajects/traject_detail.html"

    def get_queryset(self):
        return selectors.traject_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = selectors.timeline(registration_id=self.object.registration_id)
        context["pending"] = pending_proposal(traject=self.object)
        context["proposals"] = proposal_history(traject=self.object)
        return context
