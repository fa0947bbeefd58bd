"""The facilitator's session pages (/coach/sessies/...): their sessions, scheduling and changing
one, cancelling, recording attendance, the summary and their private note, and the .ics file.

Every page goes through ``coaching.sessions.access``: only a facilitator (a coach, a staff
member marked as supervisor, an administrator) opens them, and a session answers 404 unless
the reader leads it or is an administrator. The create and attendance forms answer an htmx
request with their fragment only (the dashboard embeds them); without JavaScript they are
plain pages that redirect with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from coaching import calendars
from coaching.models import Session, SessionKind
from coaching.sessions import selectors, services, tables
from coaching.sessions.access import require_facilitator, session_for
from coaching.sessions.forms import (
    AttendanceForm,
    PrivateNoteForm,
    SessionForm,
    SummaryForm,
    add_service_errors,
)
from people.http import AuthenticatedHttpRequest, private_response
from people.links import absolute_url

PER_PAGE = 20


class HtmxRequest(AuthenticatedHttpRequest):
    """A logged-in request with django-htmx's ``request.htmx`` (an annotation only)."""

    htmx: HtmxDetails


# Lets a page that embeds a form (the dashboard) refresh what the saved session changes.
SAVED_EVENT = "coaching:session-saved"


def _status(request: HtmxRequest, status: int) -> int:
    # htmx swaps only 2xx answers: a form with its errors must still replace the old one.
    return 200 if request.htmx else status


def _saved(request: HtmxRequest, session: Session, message: str) -> HttpResponse:
    """After a successful post: htmx gets a small fragment saying what was saved, with a link;
    a plain post a redirect to the session's page with the message."""
    if request.htmx:
        response = render(
            request,
            "coaching/includes/session_saved.html",
            {"session": session, "message": message},
        )
        response["HX-Trigger"] = SAVED_EVENT
        return response
    messages.success(request, message)
    return redirect("coaching:session_detail", pk=session.pk)


@login_required
@require_GET
@private_response
def session_list(request: HtmxRequest) -> HttpResponse:
    access = require_facilitator(request.user)
    now = timezone.now()
    shows_facilitator = access.is_administrator
    upcoming = list(
        selectors.sessions_upcoming(user=request.user, now=now, with_facilitator=shows_facilitator)
    )
    past = selectors.sessions_past_page(
        user=request.user,
        page=request.GET.get("page"),
        per_page=PER_PAGE,
        now=now,
        with_facilitator=shows_facilitator,
    )
    return render(
        request,
        "coaching/session_list.html",
        {
            "upcoming": upcoming,
            "upcoming_rows": tables.session_rows(
                upcoming, past=False, shows_facilitator=shows_facilitator
            ),
            "page_obj": past,
            "past": past.object_list,
            "past_rows": tables.session_rows(
                past.object_list, past=True, shows_facilitator=shows_facilitator
            ),
            "shows_facilitator": shows_facilitator,
        },
    )


def _form_page(
    request: HtmxRequest,
    form: SessionForm,
    session: Session | None,
    status: int = 200,
) -> HttpResponse:
    if session is None:
        action = reverse("coaching:session_create")
    else:
        action = reverse("coaching:session_update", kwargs={"pk": session.pk})
    context = {"form": form, "session": session, "form_action": action}
    template = (
        "coaching/includes/session_form.html" if request.htmx else "coaching/session_form.html"
    )
    return render(request, template, context, status=_status(request, status))


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def session_create(request: HtmxRequest) -> HttpResponse:
    """Schedules a session led by the reader; ``?kind=intervision`` preselects the kind."""
    require_facilitator(request.user)
    if request.method == "POST":
        form = SessionForm(request.POST, facilitator=request.user, user=request.user)
        if form.is_valid():
            try:
                session = services.session_schedule(
                    facilitator=request.user,
                    created_by=request.user,
                    save_group_as=form.group_to_save(),
                    **form.service_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _saved(
                    request,
                    session,
                    _("The session is scheduled. The invitees receive an invitation by e-mail."),
                )
        return _form_page(request, form, None, status=400)
    kind = request.GET.get("kind", "")
    initial: dict[str, Any] = {"kind": kind} if kind in SessionKind.values else {}
    form = SessionForm(initial=initial, facilitator=request.user, user=request.user)
    return _form_page(request, form, None)


def _detail_page(
    request: HtmxRequest,
    session: Session,
    *,
    summary_form: SummaryForm | None = None,
    note_form: PrivateNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_facilitator = session.facilitator_id == request.user.pk
    if is_facilitator and note_form is None:
        note = selectors.private_note_of(session=session, author=request.user)
        note_form = PrivateNoteForm(initial={"text": note.text if note else ""})
    if is_facilitator and summary_form is None and not session.is_cancelled:
        summary_form = SummaryForm(initial={"summary": session.summary})
    ended = session.has_ended()
    return render(
        request,
        "coaching/session_detail.html",
        {
            "session": session,
            "invitations": selectors.session_invitations(session),
            "is_facilitator": is_facilitator,
            "summary_form": summary_form if is_facilitator else None,
            "note_form": note_form if is_facilitator else None,
            "can_change": not session.is_cancelled and session.attendance_recorded_at is None,
            "can_cancel": not session.is_cancelled and not ended,
            "can_record": not session.is_cancelled and ended,
            "ended": ended,
        },
        status=status,
    )


@login_required
@require_GET
@private_response
def session_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    return _detail_page(request, session_for(request.user, pk))


@login_required
@require_POST
@private_response
def session_summary(request: HtmxRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.session_summary_save(
                session=session, summary=form.cleaned_data["summary"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The summary is saved."))
            return redirect("coaching:session_detail", pk=session.pk)
    return _detail_page(request, session, summary_form=form, status=400)


@login_required
@require_POST
@private_response
def session_note(request: HtmxRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        try:
            note = services.private_note_save(
                session=session, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if note is None:
                messages.success(request, _("Your private note is deleted."))
            else:
                messages.success(request, _("Your private note is saved."))
            return redirect("coaching:session_detail", pk=session.pk)
    return _detail_page(request, session, note_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def session_update(request: HtmxRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    if session.is_cancelled or session.attendance_recorded_at is not None:
        messages.error(
            request,
            _(
                "This session was cancelled or its attendance recorded: it can no longer be changed."
            ),
        )
        return redirect("coaching:session_detail", pk=session.pk)
    kwargs: dict[str, Any] = {
        "facilitator": session.facilitator,
        "user": request.user,
        "instance": session,
    }
    if request.method == "POST":
        form = SessionForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                session = services.session_update(
                    session=session, by=request.user, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _saved(request, session, _("The session is saved. The invitees are told."))
        return _form_page(request, form, session, status=400)
    return _form_page(request, SessionForm(**kwargs), session)


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def session_cancel(request: HtmxRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST cancels and tells the invitees."""
    session = session_for(request.user, pk)
    if request.method == "POST":
        try:
            services.session_cancel(session=session, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The session is cancelled. The invitees are told."))
        return redirect("coaching:session_detail", pk=session.pk)
    return render(
        request,
        "coaching/session_cancel.html",
        {
            "session": session,
            "can_cancel": not session.is_cancelled and not session.has_ended(),
            "invited": session.invitations.count(),
        },
    )


def _attendance_refusal(session: Session, invited: int) -> str:
    if session.is_cancelled:
        return _("This session was cancelled: there is no attendance to record.")
    if not session.has_ended():
        return _(
            "Attendance can be recorded once the session has ended. Come back after it, "
            "on %(day)s from %(time)s."
        ) % {
            "day": formats.date_format(timezone.localtime(session.ends_at), "DATE_FORMAT"),
            "time": formats.time_format(timezone.localtime(session.ends_at), "H:i"),
        }
    if not invited:
        return _("Nobody was invited to this session: there is no attendance to record.")
    return ""


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def session_attendance(request: HtmxRequest, pk: int) -> HttpResponse:
    """Who attended, once the session has ended; prefilled from the replies."""
    session = session_for(request.user, pk)
    invitations = selectors.session_invitations(session)
    refusal = _attendance_refusal(session, len(invitations))
    form: AttendanceForm | None = None
    status = 200
    if refusal:
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST":
        form = AttendanceForm(request.POST, invitations=invitations)
        if form.is_valid():
            try:
                present = services.attendance_record(
                    session=session,
                    attended_ids=form.cleaned_data["attended"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                message = _("Attendance is recorded: %(present)s of %(invited)s were there.") % {
                    "present": present,
                    "invited": len(invitations),
                }
                return _saved(request, session, message)
        status = 400
    else:
        form = AttendanceForm(invitations=invitations)
    context = {
        "session": session,
        "form": form,
        "refusal": refusal,
        "form_action": reverse("coaching:session_attendance", kwargs={"pk": session.pk}),
    }
    if request.htmx:
        return render(
            request,
            "coaching/includes/session_attendance_form.html",
            context,
            status=_status(request, status),
        )
    return render(request, "coaching/session_attendance.html", context, status=status)


@login_required
@require_GET
@private_response
def session_ics(request: HtmxRequest, pk: int) -> HttpResponse:
    """The session's calendar file: no names in it, times in UTC, a stable UID."""
    session = session_for(request.user, pk)
    link = absolute_url(reverse("coaching:session_detail", kwargs={"pk": session.pk}))
    response = HttpResponse(
        calendars.session_ics(session, stamp=timezone.now(), link=link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="sessie-{session.pk}.ics"'
    return response
