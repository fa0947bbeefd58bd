"""The staff's pages for data-subject requests (/staf/privacy/...).

- the start page: find a person (registrations, participants, applicants, volunteers), and the
  erasure requests of the staff member's regions that wait for a colleague's confirmation;
- a record's page: what Kring holds about the person (opening it is logged), the exports (JSON
  and a printable page) and the erasure form;
- confirming or cancelling an erasure request;
- for administrators, the retention runs and a dry run on demand.

Regional staff (their regions) and administrators (every region); anyone else, and a record out
of scope or of an unknown kind, gets 404. The exports and the erasure ask for the password (or
the second factor) again: allauth's re-authentication. The engine is
``people.privacy.services``; the views only turn its answers and refusals into pages and
messages, never a 500.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.access import require_reauthentication, require_role
from people.audit.models import AccessAction
from people.audit.services import access_record
from people.http import AuthenticatedHttpRequest, make_private, private_response
from people.privacy import registry, services
from people.privacy.forms import EraseForm, FindForm
from people.privacy.models import ErasureRequest, RetentionRun
from people.privacy.retention import retention_run
from people.roles import Role

STAFF_SECTION = "privacy"
RETENTION_RUNS_SHOWN = 5


@dataclass(frozen=True)
class Found:
    """One record in the search results or the list of open requests."""

    kind: str
    pk: int
    label: str
    url: str


@dataclass(frozen=True)
class OpenRequest:
    erasure: ErasureRequest
    subject_label: str
    record: Found
    mine: bool


def _subject_or_404(kind: str) -> registry.Subject:
    try:
        return registry.subject(kind)
    except LookupError:
        raise Http404 from None


def _record_or_404(user, kind: str, pk: int) -> tuple[registry.Subject, models.Model]:
    """The record of ``kind`` that ``user`` may see, or 404 (unknown kind, unknown or out of
    scope record alike)."""
    subject = _subject_or_404(kind)
    obj = subject.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return subject, obj


def _found(subject: registry.Subject, obj: models.Model) -> Found:
    return Found(
        kind=subject.kind,
        pk=obj.pk,
        label=subject.describe(obj),
        url=reverse("privacy:subject", args=[subject.kind, obj.pk]),
    )


def _results(user, query: str) -> list[tuple[registry.Subject, list[Found]]]:
    """The search results grouped by subject kind, in the register's order, empty kinds left
    out."""
    return [
        (subject, [_found(subject, obj) for obj in records])
        for subject, records in services.person_find(user=user, query=query)
    ]


def open_requests(user) -> list[OpenRequest]:
    """The open erasure requests about records ``user`` may see, oldest first: one query for
    the requests, one per subject kind that has any."""
    pending = list(
        services.erasure_requests_visible_to(user)
        .filter(done_at__isnull=True, cancelled_at__isnull=True)
        .order_by("requested_at", "pk")
    )
    by_kind: dict[str, list[ErasureRequest]] = {}
    for erasure in pending:
        by_kind.setdefault(erasure.subject_kind, []).append(erasure)
    records: dict[tuple[str, int], Found] = {}
    for kind, erasures in by_kind.items():
        try:
            subject = registry.subject(kind)
        except LookupError:
            continue
        visible = subject.visible_to(user).in_bulk([e.object_id for e in erasures])
        for pk, obj in visible.items():
            records[(kind, pk)] = _found(subject, obj)
    return [
        OpenRequest(
            erasure=erasure,
            subject_label=str(registry.subject(erasure.subject_kind).label),
            record=records[(erasure.subject_kind, erasure.object_id)],
            mine=erasure.requested_by_id == user.pk,
        )
        for erasure in pending
        if (erasure.subject_kind, erasure.object_id) in records
    ]


def _open_request_or_404(user, request_id: int) -> ErasureRequest:
    """The erasure request ``request_id`` about a record ``user`` may see (open or not)."""
    erasure = get_object_or_404(ErasureRequest, pk=request_id)
    _record_or_404(user, erasure.subject_kind, erasure.object_id)
    return erasure


@login_required
@require_GET
@private_response
def privacy_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a person; and the erasure requests waiting for a colleague."""
    require_role(request.user, Role.REGIONAL_STAFF)
    form = FindForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = _results(request.user, form.cleaned_data["q"])
    context = {
        "form": form,
        "results": results,
        "requests": open_requests(request.user),
        "staff_section": STAFF_SECTION,
    }
    return render(request, "people/privacy/home.html", context)


def _render_subject(
    request: AuthenticatedHttpRequest,
    subject: registry.Subject,
    obj: models.Model,
    *,
    form: EraseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    erased = subject.is_erased(obj)
    # Opening the page is a read of the record: logged before anything is shown.
    access_record(request=request, action=AccessAction.VIEW, obj=obj)
    sections = _summary(subject, obj) if not erased else []
    open_request = ErasureRequest.objects.filter(
        subject_kind=subject.kind,
        object_id=obj.pk,
        done_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()
    done = (
        ErasureRequest.objects.filter(
            subject_kind=subject.kind, object_id=obj.pk, done_at__isnull=False
        )
        .select_related("requested_by", "confirmed_by")
        .first()
    )
    context = {
        "subject": subject,
        "record": _found(subject, obj),
        "object": obj,
        "erased": erased,
        "done": done,
        "sections": sections,
        "open_request": open_request,
        "open_request_mine": open_request is not None
        and open_request.requested_by_id == request.user.pk,
        "form": form if form is not None else EraseForm(),
        "staff_section": STAFF_SECTION,
    }
    return render(request, "people/privacy/subject.html", context, status=status)


def _summary(subject: registry.Subject, obj: models.Model) -> list[tuple[str, int]]:
    """What Kring holds, in outline: each section of the export and how many entries it has
    (the entries themselves are in the exports)."""
    sections = services.person_collect(subj=subject, obj=obj)
    return [(title, len(rows)) for title, rows in sections.items()]


@login_required
@require_GET
@private_response
def subject_detail(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    subject, obj = _in_scope(request, kind, pk)
    return _render_subject(request, subject, obj)


def _in_scope(request: AuthenticatedHttpRequest, kind: str, pk: int):
    """The record, after the role and scope checks: these come before re-authentication, so an
    outsider gets 404, never a password prompt that tells them the record exists."""
    require_role(request.user, Role.REGIONAL_STAFF)
    return _record_or_404(request.user, kind, pk)


def _export(request: AuthenticatedHttpRequest, subject, obj) -> tuple[Found, dict]:
    data = services.person_export(user=request.user, request=request, kind=subject.kind, pk=obj.pk)
    return _found(subject, obj), data


@login_required
@require_GET
def subject_export_json(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Everything Kring holds about the person, as a JSON download (logged as an export)."""
    subject, obj = _in_scope(request, kind, pk)
    require_reauthentication(request)
    record, data = _export(request, subject, obj)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="kring-{record.kind}-{record.pk}-{stamp}.json"'
    )
    return make_private(response, no_referrer=True)


@login_required
@require_GET
def subject_export_page(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """The same, as a readable page to print or save as PDF (logged as an export)."""
    subject, obj = _in_scope(request, kind, pk)
    require_reauthentication(request)
    record, data = _export(request, subject, obj)
    context = {"record": record, "sections": _readable(data), "made_at": timezone.now()}
    response = render(request, "people/privacy/export.html", context)
    return make_private(response, no_referrer=True)


def _text(value: Any) -> str:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    if value is None:
        return ""
    return str(value)


def _readable(data: dict) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """The export's sections (``{title: [{label: value}]}``) as text for the page."""
    sections = data.get("sections", data) if isinstance(data, dict) else {}
    return [
        (
            str(title),
            [[(str(label), _text(value)) for label, value in row.items()] for row in rows],
        )
        for title, rows in sections.items()
        if isinstance(rows, list)
    ]


@login_required
@require_POST
@private_response
def subject_erase(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Asks to erase the record (registrations: a colleague confirms; the others are erased at
    once). A second click, or an erased record, only says so."""
    subject, obj = _in_scope(request, kind, pk)
    require_reauthentication(request)
    back = redirect("privacy:subject", subject.kind, obj.pk)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _render_subject(request, subject, obj, form=form)
    try:
        erasure = services.erasure_request(
            user=request.user,
            request=request,
            kind=subject.kind,
            pk=obj.pk,
            reason=form.cleaned_data["reason"],
        )
    except services.ReasonRequired as error:
        form.add_error("reason", str(error.message))
        return _render_subject(request, subject, obj, form=form)
    except (services.AlreadyErased, services.ErasureAlreadyRequested) as error:
        # A second click, or a colleague who was quicker: nothing more to do.
        messages.info(request, str(error.message))
        return back
    except services.PrivacyError as error:
        messages.error(request, str(error.message))
        return back
    if erasure.done_at is not None:
        messages.success(
            request, gettext("The record has been erased. The figures keep counting it.")
        )
    else:
        messages.success(
            request,
            gettext(
                "Erasure requested. A colleague must confirm it under Privacy before the record "
                "is erased."
            ),
        )
    return back


@login_required
@require_POST
@private_response
def erasure_confirm(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """A colleague confirms an erasure request: the record is erased."""
    require_role(request.user, Role.REGIONAL_STAFF)
    erasure = _open_request_or_404(request.user, request_id)
    require_reauthentication(request)
    back = redirect("privacy:home")
    if erasure.done_at is not None:
        messages.info(request, gettext("This record has already been erased."))
        return back
    if erasure.cancelled_at is not None:
        messages.info(request, gettext("This erasure request was cancelled."))
        return back
    try:
        services.erasure_confirm(user=request.user, request=request, request_id=erasure.pk)
    except services.SameStaffMember:
        messages.error(
            request,
            gettext(
                "You asked for this erasure yourself: a colleague must confirm it. You can "
                "cancel it."
            ),
        )
        return back
    except services.AlreadyErased as error:
        messages.info(request, str(error.message))
        return back
    except services.PrivacyError as error:  # closed in the meantime (a double click)
        messages.info(request, str(error.message))
        return back
    messages.success(
        request, gettext("Confirmed: the record has been erased. The figures keep counting it.")
    )
    return back


@login_required
@require_POST
@private_response
def erasure_cancel(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """The requester withdraws their erasure request (nothing was erased yet)."""
    require_role(request.user, Role.REGIONAL_STAFF)
    erasure = _open_request_or_404(request.user, request_id)
    back = redirect("privacy:home")
    if not erasure.is_open:
        messages.info(request, gettext("This erasure request is no longer open."))
        return back
    try:
        services.erasure_cancel(user=request.user, request_id=erasure.pk)
    except services.PrivacyError as error:
        messages.info(request, str(error.message))
        return back
    messages.success(request, gettext("The erasure request has been cancelled."))
    return back


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest retention runs' reports, and a dry run on demand (administrators)."""
    require_role(request.user, Role.ADMINISTRATOR)
    if request.method == "POST":
        retention_run(now=timezone.now(), dry_run=True)
        messages.success(
            request, gettext("Dry run done: nothing was changed. Its report is at the top.")
        )
        return redirect("privacy:retention")
    runs = list(RetentionRun.objects.order_by("-started_at", "-pk")[:RETENTION_RUNS_SHOWN])
    context = {
        "runs": [(run, _report_rows(run)) for run in runs],
        "rules": list(registry.REGISTER.retention_rules.values()),
        "staff_section": STAFF_SECTION,
    }
    return render(request, "people/privacy/retention.html", context)


def _report_rows(run: RetentionRun) -> list[dict[str, Any]]:
    """A run's report (``people.privacy.retention``) as rows: the rule, how many, errors, and for
    a dry run the records it would handle, by type and id (never a name)."""
    rules = registry.REGISTER.retention_rules
    rows = []
    for name, entry in (run.report or {}).items():
        if not isinstance(entry, dict):
            continue
        rule = rules.get(name)
        items = entry.get("items") or []
        rows.append(
            {
                "name": name,
                "label": str(rule.label) if rule else entry.get("label", name),
                "count": entry.get("count", 0),
                "errors": entry.get("errors", 0),
                "items": [f"{item.get('label', '')} #{item.get('id', '')}" for item in items],
                "more": entry.get("more", 0),
            }
        )
    return rows
