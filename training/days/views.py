"""Training days: the volunteer's side in the portal (list, detail, enrol, cancel, calendar
file) and the trainer's and staff's side in the staff area (list, plan, edit, attendance).

Volunteer pages are for the portal's audience (``access.PORTAL_ROLES``); others get 404,
anonymous visitors the log-in page. Staff pages are scoped by ``training.access``: staff of the
day's region, the day's trainer, administrators.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from people.access import require_role
from people.http import AuthenticatedHttpRequest, make_private
from training import access
from training.days import calendar, cards, selectors, services
from training.days.filters import TrainingDayManageFilter
from training.days.forms import AttendanceForm, TrainingDayForm, TrainingDaySearchForm
from training.days.models import SeatStatus, TrainingDay, TrainingDayEnrolment, TrainingDayKind
from training.days.tables import PER_PAGE, TrainingDayTable

LIST_PER_PAGE = 20


def _portal_day(request: AuthenticatedHttpRequest, pk: int) -> TrainingDay:
    require_role(request.user, *access.PORTAL_ROLES)
    day = selectors.training_day_for_volunteer(request.user, pk)
    if day is None:
        raise Http404
    return day


def _my_seat(day: TrainingDay, user) -> TrainingDayEnrolment | None:
    return TrainingDayEnrolment.objects.filter(day=day, user=user).first()


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The volunteer's side ---------------------------------------------------------------------


@login_required
def training_day_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upcoming days, filtered by region and track, with the visitor's own place on each."""
    require_role(request.user, *access.PORTAL_ROLES)
    form = TrainingDaySearchForm(request.GET or None)
    region = track = None
    if form.is_bound and form.is_valid():
        region, track = form.cleaned_data["region"], form.cleaned_data["track"]
    # Counted without the places and the visitor's seat (the same days: a cheaper count to
    # build and to run); those are read for the page's days only.
    page = Paginator(selectors.upcoming_days(region=region, track=track), LIST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    first = (page.number - 1) * LIST_PER_PAGE
    page.object_list = days = list(
        selectors.training_days_for_volunteer(request.user, region=region, track=track)[
            first : first + LIST_PER_PAGE
        ]
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/training_day_list.html",
        {
            "form": form,
            "page_obj": page,
            "days": days,
            "day_cards": cards.day_cards_html(days),
            "query": (query.urlencode() + "&") if query else "",
            "filtered": bool(region or track),
            "portal_section": "training_days",
        },
    )


@login_required
def training_day_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    day = _portal_day(request, pk)
    seat = _my_seat(day, request.user)
    status = seat.status if seat else None
    now = timezone.now()
    return render(
        request,
        "training/training_day_detail.html",
        {
            "day": day,
            "seat": seat if status != SeatStatus.CANCELLED else None,
            "confirmed": status == SeatStatus.CONFIRMED,
            "waiting": status == SeatStatus.WAITING,
            "waiting_position": selectors.waiting_position(seat) if seat else None,
            "places_left": selectors.places_left(day),
            "online": day.kind == TrainingDayKind.ONLINE,
            "open_for_enrolment": day.cancelled_at is None and day.starts_at > now,
            "can_enrol": day.cancelled_at is None
            and day.starts_at > now
            and status in (None, SeatStatus.CANCELLED),
            "can_cancel": status in (SeatStatus.CONFIRMED, SeatStatus.WAITING)
            and (day.starts_at > now or day.cancelled_at is not None),
            "can_record_attendance": access.can_record_attendance(request.user, day),
            "can_manage": access.can_manage_day(request.user, day),
            "portal_section": "training_days",
        },
    )


@login_required
@require_POST
def training_day_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    day = _portal_day(request, pk)
    try:
        seat = services.training_day_enrol(day=day, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        if seat.status == SeatStatus.CONFIRMED:
            messages.success(
                request,
                _(
                    "You are enrolled. You receive a reminder two days before the day; "
                    "add it to your calendar with the link below."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "The day is full: you are on the waiting list. When a place becomes free, "
                    "it goes to the first on the list and you receive an e-mail."
                ),
            )
    return redirect("training:training_day_detail", pk=day.pk)


@login_required
@require_POST
def training_day_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    day = _portal_day(request, pk)
    seat = _my_seat(day, request.user)
    if seat is None or seat.status == SeatStatus.CANCELLED:
        messages.info(request, _("You have no place on this training day."))
        return redirect("training:training_day_detail", pk=day.pk)
    was_waiting = seat.status == SeatStatus.WAITING
    try:
        services.training_day_cancel_seat(seat=seat)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        if was_waiting:
            messages.success(request, _("You are no longer on the waiting list for this day."))
        else:
            messages.success(
                request,
                _(
                    "Your place is cancelled; it goes to the first on the waiting list. You "
                    "can enrol again while there are places or a waiting list."
                ),
            )
    return redirect("training:training_day_detail", pk=day.pk)


@login_required
def training_day_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The calendar file, for a volunteer with a place or on the waiting list."""
    require_role(request.user, *access.PORTAL_ROLES)
    seat = (
        TrainingDayEnrolment.objects.select_related("day")
        .filter(
            day_id=pk,
            user=request.user,
            status__in=[SeatStatus.CONFIRMED, SeatStatus.WAITING],
        )
        .first()
    )
    if seat is None:
        raise Http404
    content = calendar.training_day_ics(
        seat.day, request, online_link=seat.status == SeatStatus.CONFIRMED
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opleidingsdag-{seat.day_id}.ics"'
    return make_private(response)


# --- The trainer's and staff's side -----------------------------------------------------------


class TrainingDayManageList(LoginRequiredMixin, SingleTableMixin, FilterView):
    """Staff: their regions' days; anyone: the days they give; administrators: all."""

    table_class = TrainingDayTable
    filterset_class = TrainingDayManageFilter
    table_pagination = {"per_page": PER_PAGE}
    template_name = "training/training_day_manage.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        days_given = TrainingDay.objects.filter(trainer=request.user)
        if not access.may_list_training_days(request.user, days_given):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.training_days_managed_by(self.request.user)

    def get_table_kwargs(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_section"] = "training_days"
        context["can_create"] = access.can_create_days(self.request.user)
        return context


def _day_form_page(request: HttpRequest, form: TrainingDayForm, day: TrainingDay | None):
    return render(
        request,
        "training/training_day_form.html",
        {"form": form, "day": day, "staff_section": "training_days"},
    )


def _save_day_form(request: HttpRequest, form: TrainingDayForm, day: TrainingDay | None):
    if not form.is_valid():
        return _day_form_page(request, form, day)
    try:
        saved = services.training_day_save(day=form.save(commit=False))
    except ValidationError as error:
        form.add_error(None, error)
        return _day_form_page(request, form, day)
    if day is None:
        messages.success(request, _("The training day is planned. Volunteers can now enrol."))
    else:
        messages.success(request, _("The training day is saved."))
    return redirect("training:training_day_detail", pk=saved.pk)


@login_required
def training_day_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_days(request.user):
        raise Http404
    if request.method == "POST":
        form = TrainingDayForm(request.POST, user=request.user)
        return _save_day_form(request, form, None)
    return _day_form_page(request, TrainingDayForm(user=request.user), None)


@login_required
def training_day_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    day = TrainingDay.objects.filter(pk=pk).select_related("trainer").first()
    if day is None or not access.can_manage_day(request.user, day):
        raise Http404
    if request.method == "POST":
        form = TrainingDayForm(request.POST, instance=day, user=request.user)
        return _save_day_form(request, form, day)
    return _day_form_page(request, TrainingDayForm(instance=day, user=request.user), day)


@login_required
def training_day_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Present or absent per confirmed place, once the day has started."""
    day = TrainingDay.objects.filter(pk=pk).select_related("region", "track", "trainer").first()
    if day is None or not access.can_record_attendance(request.user, day):
        raise Http404
    started = day.starts_at <= timezone.now()
    seats = selectors.confirmed_seats(day)
    form = None
    if started and day.cancelled_at is None:
        form = AttendanceForm(request.POST or None, seats=seats)
        if request.method == "POST" and form.is_valid():
            attended = form.attended()
            if not attended:
                form.add_error(None, _("Choose present or absent for at least one volunteer."))
            else:
                try:
                    count = services.training_day_record_attendance(
                        day=day, recorded_by=request.user, attended=attended
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Attendance is recorded for %(count)s volunteer.",
                            "Attendance is recorded for %(count)s volunteers.",
                            count,
                        )
                        % {"count": count},
                    )
                    return redirect("training:training_day_attendance", pk=day.pk)
    elif request.method == "POST":
        messages.error(request, _("Attendance can be recorded once the training day has started."))
        return redirect("training:training_day_attendance", pk=day.pk)
    return render(
        request,
        "training/training_day_attendance.html",
        {
            "day": day,
            "form": form,
            "started": started,
            "seat_count": len(form.seats) if form else seats.count(),
            "staff_section": "training_days",
        },
    )
