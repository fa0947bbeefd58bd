"""The coordinator's workspace in the portal (/portaal/trajecten/): proposals waiting for an
answer, their trajects, and from when they are available; one page per traject where the
coordinator works through the route: the checklist and the agreed question, the participants,
the conference, the plan, its distribution and the follow-up.

Only for coordinators, each seeing only the trajects they took on: anything else answers 404.
The plan's document is also read, not changed, by staff of the traject's region and
administrators; it is served from the private storage, never from a public media address.

Each section of a traject's page is a small form that posts to its own address (``SECTIONS``,
by the slug in the URL, like the staff's moves): a success redirects back to the page with a
message, a refusal shows the page again with the error next to the field and the input kept.
Everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.access import require_role
from people.audit.models import AccessAction
from people.audit.services import access_change, access_record
from people.http import AuthenticatedHttpRequest, private_response
from people.models import User
from people.roles import Role
from trajects.matching.forms import AvailabilityForm
from trajects.matching.selectors import proposals_for
from trajects.matching.services import availability_set
from trajects.traject.models import Traject
from trajects.workspace import forms, selectors, services
from trajects.workspace.files import CONTENT_TYPES
from trajects.workspace.models import Participant
from trajects.workspace.selectors import Workspace


def _list_context(request: AuthenticatedHttpRequest, form: AvailabilityForm) -> dict:
    current, ended = selectors.workspace_trajects(user=request.user)
    return {
        "portal_section": "trajects",
        "proposals": proposals_for(user=request.user),
        "current": current,
        "ended": ended,
        "availability_form": form,
    }


@login_required
@require_GET
@private_response
def workspace_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.COORDINATOR)
    form = AvailabilityForm(initial={"available_from": request.user.available_from})
    return render(request, "trajects/workspace_list.html", _list_context(request, form))


@login_required
@require_POST
@private_response
def availability_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """From when staff may propose the coordinator again (empty: now)."""
    require_role(request.user, Role.COORDINATOR)
    form = AvailabilityForm(request.POST)
    if not form.is_valid():
        return render(request, "trajects/workspace_list.html", _list_context(request, form))
    day = form.cleaned_data["available_from"]
    availability_set(coordinator=request.user, available_from=day)
    if day:
        messages.success(
            request,
            _("Saved: staff will not propose a traject to you before %(date)s.")
            % {"date": date_format(day, "DATE_FORMAT")},
        )
    else:
        messages.success(request, _("Saved: you are available for a traject."))
    return redirect("trajects:workspace_list")


# --- One traject's workspace ----------------------------------------------------------------


def _run_checklist(workspace: Workspace, user: User, form: django_forms.Form) -> None:
    wanted = set(form.cleaned_data["items"])
    for item in sorted(wanted ^ workspace.ticks):
        services.checklist_set(traject=workspace.traject, by=user, item=item, done=item in wanted)


@dataclass(frozen=True)
class Section:
    """One section's form on a traject's page: what it calls and what it says when done."""

    form_class: type[django_forms.Form]
    run: Callable[[Workspace, User, Any], Any]
    done: Any
    anchor: str
    # Is the form shown in the traject's current state?
    shown: Callable[[Workspace], bool]
    form_kwargs: Callable[[Workspace], dict] = field(default=lambda workspace: {})


def _conference_initial(workspace: Workspace) -> dict:
    conference = workspace.conference
    if conference is None:
        registration = workspace.traject.registration
        return {"initial": {"language": registration.get_conference_language_display()}}
    starts_at = timezone.localtime(conference.starts_at)
    return {
        "initial": {
            "date": starts_at.date(),
            "time": starts_at.time().replace(second=0, microsecond=0),
            "place": conference.place,
            "language": conference.language,
            "interpreter": conference.interpreter,
            "practical": conference.practical,
        }
    }


def _plan_initial(workspace: Workspace) -> dict:
    plan = workspace.plan
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {name: getattr(plan, name) for name in forms.PlanForm.CHECK_FIELDS}
        initial["reconvener"] = plan.reconvener
    return {
        "initial": initial,
        "actions_initial": [
            {"what": action.what, "who": action.who, "by_when": action.by_when}
            for action in workspace.actions
        ],
    }


# By the slug in the URL (Dutch, like the rest of the portal's paths).
SECTIONS: dict[str, Section] = {
    "checklist": Section(
        form_class=forms.ChecklistForm,
        run=_run_checklist,
        done=gettext_lazy("The checklist has been saved."),
        anchor="checklist",
        shown=lambda workspace: workspace.can_prepare,
        form_kwargs=lambda workspace: {"initial": {"items": sorted(workspace.ticks)}},
    ),
    "vraag": Section(
        form_class=forms.QuestionForm,
        run=lambda workspace, user, form: services.question_save(
            traject=workspace.traject,
            by=user,
            agreed_question=form.cleaned_data["agreed_question"],
        ),
        done=gettext_lazy("The agreed question has been saved."),
        anchor="question",
        shown=lambda workspace: workspace.can_prepare,
        form_kwargs=lambda workspace: {
            "initial": {
                "agreed_question": workspace.preparation.agreed_question
                if workspace.preparation
                else ""
            }
        },
    ),
    "deelnemers": Section(
        form_class=forms.ParticipantForm,
        run=lambda workspace, user, form: services.participant_add(
            traject=workspace.traject, by=user, **form.cleaned_data
        ),
        done=gettext_lazy("The participant has been added."),
        anchor="participants",
        shown=lambda workspace: workspace.can_prepare,
    ),
    "conferentie": Section(
        form_class=forms.ConferenceForm,
        run=lambda workspace, user, form: services.conference_plan(
            traject=workspace.traject,
            by=user,
            starts_at=form.starts_at(),
            place=form.cleaned_data["place"],
            language=form.cleaned_data["language"],
            interpreter=form.cleaned_data["interpreter"],
            practical=form.cleaned_data["practical"],
        ),
        done=gettext_lazy("The conference has been planned."),
        anchor="conference",
        shown=lambda workspace: workspace.can_plan_conference,
        form_kwargs=_conference_initial,
    ),
    "conferentie-gehouden": Section(
        form_class=forms.ConferenceHeldForm,
        run=lambda workspace, user, form: services.conference_held(
            traject=workspace.traject, by=user, **form.cleaned_data
        ),
        done=gettext_lazy("The conference has been recorded as held."),
        anchor="conference",
        shown=lambda workspace: workspace.can_mark_held,
    ),
    "plan": Section(
        form_class=forms.PlanForm,
        run=lambda workspace, user, form: services.plan_save(
            traject=workspace.traject,
            by=user,
            document=form.cleaned_data["document"] or None,
            document_type=form.document_type,
            actions=form.action_rows(),
            checks=form.checks(),
            reconvener=form.cleaned_data["reconvener"],
        ),
        done=gettext_lazy("The plan has been saved."),
        anchor="plan",
        shown=lambda workspace: workspace.can_record_plan,
        form_kwargs=_plan_initial,
    ),
    "verspreiden": Section(
        form_class=forms.DistributeForm,
        run=lambda workspace, user, form: services.plan_distribute(
            traject=workspace.traject,
            by=user,
            distributed_to=form.cleaned_data["distributed_to"],
        ),
        done=gettext_lazy(
            "The plan has been distributed. Your task ends here, until the follow-up a month "
            "from now."
        ),
        anchor="distribution",
        shown=lambda workspace: workspace.can_distribute,
    ),
    "opvolging": Section(
        form_class=forms.FollowUpForm,
        run=lambda workspace, user, form: services.follow_up_record(
            traject=workspace.traject,
            by=user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        ),
        done=gettext_lazy("The follow-up has been recorded and the traject is closed."),
        anchor="follow-up",
        shown=lambda workspace: workspace.can_follow_up,
    ),
    "afsluiten": Section(
        form_class=forms.CloseForm,
        run=lambda workspace, user, form: services.traject_close_without_follow_up(
            traject=workspace.traject, by=user, reason=form.cleaned_data["reason"]
        ),
        done=gettext_lazy("The traject is closed without a follow-up."),
        anchor="follow-up",
        shown=lambda workspace: workspace.can_follow_up,
    ),
}


def _show_refusal(form: django_forms.Form, refusal: ValidationError) -> None:
    """A service's refusal on the form: keyed messages next to their field (through the form's
    ``service_fields`` where the names differ), anything else on top of the form."""
    renamed: dict[str, str] = getattr(form, "service_fields", {})
    if not hasattr(refusal, "error_dict"):
        form.add_error(None, refusal)
        return
    for key, errors in refusal.error_dict.items():
        name = renamed.get(key, key)
        form.add_error(name if name in form.fields else None, errors)


def _workspace_url(traject: Traject, anchor: str = "") -> str:
    url = reverse("trajects:workspace_detail", kwargs={"reference": traject.reference})
    return f"{url}#{anchor}" if anchor else url


def _own_traject(request: AuthenticatedHttpRequest, reference: str) -> Traject:
    require_role(request.user, Role.COORDINATOR)
    return get_object_or_404(
        selectors.workspace_queryset(user=request.user), registration__reference=reference
    )


def _participant_rows(
    workspace: Workspace, bound: dict[int, django_forms.Form]
) -> list[tuple[Participant, django_forms.Form | None]]:
    rows: list[tuple[Participant, django_forms.Form | None]] = []
    for participant in workspace.participants:
        choices = workspace.next_states(participant) if workspace.can_prepare else []
        form = bound.get(participant.pk)
        if form is None and choices:
            form = forms.ParticipantStateForm(
                prefix=f"participant-{participant.pk}",
                participant_name=participant.name,
                choices=choices,
            )
        rows.append((participant, form))
    return rows


def _render_workspace(
    request: AuthenticatedHttpRequest,
    workspace: Workspace,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    bound_participants: dict[int, django_forms.Form] | None = None,
) -> HttpResponse:
    """The page: every section's form that the traject's state allows, or the one that was just
    refused (bound, with its errors)."""
    bound = bound or {}
    section_forms = {
        key: bound.get(key) or section.form_class(**section.form_kwargs(workspace))
        for key, section in SECTIONS.items()
        if key in bound or section.shown(workspace)
    }
    traject = workspace.traject
    return render(
        request,
        "trajects/workspace_detail.html",
        {
            "portal_section": "trajects",
            "traject": traject,
            "registration": traject.registration,
            "workspace": workspace,
            "forms": {key.replace("-", "_"): form for key, form in section_forms.items()},
            "participant_rows": _participant_rows(workspace, bound_participants or {}),
            "steps": workspace.steps,
            "document_url": reverse(
                "trajects:workspace_plan_document", kwargs={"reference": traject.reference}
            ),
        },
        status=200,
    )


@login_required
@require_GET
@private_response
def workspace_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    traject = _own_traject(request, reference)
    access_record(request=request, action=AccessAction.VIEW, obj=traject)
    return _render_workspace(request, selectors.workspace_detail(traject=traject))


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def workspace_section(
    request: AuthenticatedHttpRequest, reference: str, section: str
) -> HttpResponse:
    """POST: one section's form (``SECTIONS``). GET (a reload, a bookmark): back to the page."""
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    traject = _own_traject(request, reference)
    if request.method != "POST":
        return redirect(_workspace_url(traject, spec.anchor))
    workspace = selectors.workspace_detail(traject=traject)
    form = spec.form_class(request.POST, request.FILES, **spec.form_kwargs(workspace))
    if form.is_valid():
        try:
            # The change and its access-log entry together, or neither.
            with access_change(request=request, obj=traject):
                spec.run(workspace, request.user, form)
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, spec.done)
            return redirect(_workspace_url(traject, spec.anchor))
        # What a refused service may have changed before it refused (a checklist half saved).
        workspace = selectors.workspace_detail(traject=traject)
    return _render_workspace(request, workspace, bound={section: form})


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def participant_state(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    """POST: moves one participant to their next state. GET: back to the page."""
    traject = _own_traject(request, reference)
    participant = get_object_or_404(Participant.objects.filter(traject=traject), pk=pk)
    if request.method != "POST":
        return redirect(_workspace_url(traject, "participants"))
    workspace = selectors.workspace_detail(traject=traject)
    form = forms.ParticipantStateForm(
        request.POST,
        prefix=f"participant-{participant.pk}",
        participant_name=participant.name,
        choices=workspace.next_states(participant),
    )
    if form.is_valid():
        try:
            with access_change(request=request, obj=participant):
                moved = services.participant_set_state(
                    participant=participant, by=request.user, state=form.cleaned_data["state"]
                )
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.")
                % {"name": moved.name, "state": moved.get_state_display()},
            )
            return redirect(_workspace_url(traject, "participants"))
    return _render_workspace(request, workspace, bound_participants={participant.pk: form})


# A download is sent in pieces of this size, whatever its length.
STREAM_BLOCK_BYTES = 64 * 1024


def _open_streaming(document: FieldFile) -> tuple[IO[bytes], int | None]:
    """The stored file and its size (None: FileResponse finds it), read as it is sent. On disk:
    the file itself. In an S3 bucket (config/storage.py): the object's body as it arrives,
    never django-storages' S3File, which downloads the whole object into memory before the
    first byte goes out. Raises FileNotFoundError when the file is gone."""
    if not document.name:
        raise FileNotFoundError("no file")
    opened = document.storage.open(document.name, "rb")
    s3_object = getattr(opened, "obj", None)  # django-storages' S3File (its HEAD found it)
    if s3_object is None:
        return opened, None
    try:
        answer = s3_object.get()
    except s3_object.meta.client.exceptions.NoSuchKey:
        raise FileNotFoundError(document.name) from None
    return answer["Body"], answer["ContentLength"]


@login_required
@require_GET
@private_response
def plan_document(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The plan's document, as a download: for the traject's coordinator, and read-only for
    staff of its region and administrators. Anyone else, and a plan without a document: 404."""
    traject = get_object_or_404(
        selectors.plan_document_queryset(user=request.user), registration__reference=reference
    )
    plan = selectors.plan_of(traject)
    if plan is None or not plan.document or plan.document_type not in CONTENT_TYPES:
        raise Http404
    access_record(request=request, action=AccessAction.DOWNLOAD, obj=plan)
    try:
        document, size = _open_streaming(plan.document)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        document,
        as_attachment=True,
        filename=f"plan-{traject.reference}.{plan.document_type}",
        content_type=CONTENT_TYPES[plan.document_type],
    )
    response.block_size = STREAM_BLOCK_BYTES
    if size is not None:
        response["Content-Length"] = str(size)
    # A streamed response: ``private_response`` only sets headers, which it has too (the
    # decorator's annotation names HttpResponse alone).
    return cast(HttpResponse, response)
