"""The staff's and coaches' view of volunteers' training: a table per scope (staff: their
regions' coordinators; administrators: all; a coach: their current coordinators), one
volunteer's progress, and the sign-off a track may need.

What a volunteer wrote (reflection answers) and which answers they chose in a quiz are theirs
alone: these pages show scores and dates, never that content.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from people.access import ReauthRequiredExportMixin, access_for, require_role
from people.audit.mixins import AuditedExportMixin
from people.audit.models import AccessAction
from people.audit.services import access_change, access_record
from people.http import AuthenticatedHttpRequest
from people.models import Region, User
from people.roles import Role
from training import access
from training.certificates.models import Certificate
from training.certificates.selectors import track_status
from training.days.models import SeatStatus, TrainingDayEnrolment
from training.exports import EXPORT_FORMATS, SafeTableExport
from training.learning import selectors as learning
from training.learning import services as learning_services
from training.learning.models import QuizAttempt, TrackEnrolment
from training.learning.pages import LessonPage
from training.learning.signals import progress_changed_send
from training.volunteers.filters import VolunteerFilter
from training.volunteers.forms import SignOffForm
from training.volunteers.tables import PER_PAGE, VolunteerData, VolunteerTable


class VolunteerListBase(
    LoginRequiredMixin,
    ReauthRequiredExportMixin,
    AuditedExportMixin,
    ExportMixin,
    SingleTableMixin,
    TemplateView,
):
    """A filtered table of volunteers in the viewer's scope, with CSV and XLSX export.

    Filtered, sorted and paginated in the database (``filters.py``, ``tables.py``); progress is
    computed for the volunteers of the page shown only."""

    template_name = "training/volunteer_list.html"
    table_class = VolunteerTable
    table_pagination = {"per_page": PER_PAGE}
    export_class = SafeTableExport
    export_formats = EXPORT_FORMATS
    audit_export_type = "people.user"
    roles: tuple[Role, ...] = ()
    base_template = "staff_base.html"
    show_region_filter = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_role(request.user, *self.roles)
        return super().dispatch(request, *args, **kwargs)

    def scope(self) -> QuerySet[User]:
        raise NotImplementedError

    @cached_property
    def filterset(self) -> VolunteerFilter:
        return VolunteerFilter(
            self.request.GET,
            queryset=self.scope(),
            request=self.request,
            show_region=self.show_region_filter,
        )

    def get_table_data(self) -> VolunteerData:
        filterset = self.filterset
        volunteers = filterset.qs if filterset.is_valid() else filterset.qs.none()
        return VolunteerData(volunteers, filterset.content)

    def get_table_kwargs(self):
        shows_region = access.volunteer_list_shows_region(self.request.user)
        if self.show_region_filter and not shows_region:
            return {"exclude": ("region",)}
        return {}

    def get_export_filename(self, export_format):
        return f"vrijwilligers-{timezone.localdate().isoformat()}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": gettext("Volunteers")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filterset.form,
            track=self.filterset.chosen_track,
            base_template=self.base_template,
            list_url=self.request.path,
        )
        return context


class StaffVolunteerList(VolunteerListBase):
    """/staf/vrijwilligers/: regional staff see the coordinators of their regions,
    administrators all."""

    roles = (Role.REGIONAL_STAFF,)

    def scope(self) -> QuerySet[User]:
        return access.volunteers_for_staff(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_section"] = "volunteers"
        return context


class CoachVolunteerList(VolunteerListBase):
    """/coach/vrijwilligers/: a coach sees the coordinators they coach today."""

    roles = (Role.COACH,)
    base_template = "base.html"
    show_region_filter = False

    def scope(self) -> QuerySet[User]:
        return access.volunteers_for_coach(self.request.user)

    def get_table_kwargs(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coach_view"] = True
        return context


# --- One volunteer ------------------------------------------------------------------------------


def _volunteer_for(request: HttpRequest, pk: int, may=access.volunteer_visible_to) -> User:
    """The coordinator, if the user is staff of one of their regions, their current coach or
    an administrator; else 404."""
    require_role(request.user, Role.REGIONAL_STAFF, Role.COACH)
    volunteer = get_object_or_404(
        # The regions, in one query, serve the access rules and the page.
        User.objects.coordinators().prefetch_related(
            Prefetch("regions", queryset=Region.objects.order_by("name"))
        ),
        pk=pk,
    )
    if not may(volunteer, request.user):
        raise Http404
    return volunteer


def _quiz_results(volunteer: User, modules, lessons) -> dict[int, list[dict]]:
    """Per module: each quiz lesson's number of attempts, best score and whether it passed.
    Scores only, never the answers chosen."""
    keys = {lesson.translation_key: lesson for module in modules for lesson in lessons[module.pk]}
    # The lessons' titles in the active language: a track names its lessons in Dutch.
    keys.update(learning.localized_pages(keys.values(), LessonPage))
    summary: dict[tuple, dict] = {}
    attempts = (
        QuizAttempt.objects.filter(user=volunteer, lesson_key__in=list(keys))
        .order_by("created_at")
        .values_list("lesson_key", "block_id", "score", "passed", "created_at")
    )
    for lesson_key, block_id, score, passed, created_at in attempts:
        item = summary.setdefault(
            (lesson_key, block_id),
            {"lesson": keys[lesson_key], "attempts": 0, "best": 0, "passed": False},
        )
        item["attempts"] += 1
        item["best"] = max(item["best"], score)
        item["passed"] = item["passed"] or passed
        item["last"] = created_at
    by_lesson: dict = defaultdict(list)
    for (lesson_key, _block_id), item in summary.items():
        by_lesson[lesson_key].append(item)
    return {
        module.pk: [
            item for lesson in lessons[module.pk] for item in by_lesson[lesson.translation_key]
        ]
        for module in modules
    }


def _render_detail(
    request: HttpRequest,
    volunteer: User,
    *,
    sign_off_form: SignOffForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = access_for(request.user)
    can_revoke = access.may_revoke_certificate_of(volunteer, request.user)
    enrolments = list(
        TrackEnrolment.objects.filter(user=volunteer).select_related("track", "signed_off_by")
    )
    tracks = []
    done_keys = learning.user_done_keys(volunteer) if enrolments else set()
    for enrolment in enrolments:
        track = enrolment.track
        days = list(
            TrainingDayEnrolment.objects.filter(
                user=volunteer, day__track=track, attended=True, status=SeatStatus.CONFIRMED
            )
            .select_related("day")
            .order_by("day__starts_at")
        )
        status_ = track_status(
            volunteer,
            track,
            enrolment=enrolment,
            done_keys=done_keys,
            # One seat per day and volunteer: the days listed are the days attended.
            days_attended=len(days),
        )
        modules = [module_status.module for module_status in status_.modules]
        lessons = {
            module_status.module.pk: module_status.lessons for module_status in status_.modules
        }
        quiz = _quiz_results(volunteer, modules, lessons)
        form = None
        if track.sign_off_required and enrolment.signed_off_at is None:
            if sign_off_form is not None and str(sign_off_form.data.get("track")) == str(track.pk):
                form = sign_off_form
            else:
                form = SignOffForm(initial={"track": track.pk}, auto_id=f"signoff-{track.pk}-%s")
        tracks.append(
            {
                "enrolment": enrolment,
                "track": track,
                "status": status_,
                "modules": [
                    {"status": module_status, "quizzes": quiz.get(module_status.module.pk, [])}
                    for module_status in status_.modules
                ],
                "days": days,
                "sign_off_form": form,
            }
        )
    certificates = list(
        Certificate.objects.filter(user=volunteer).select_related("track", "revoked_by")
    )
    today = timezone.localdate()
    context = {
        "volunteer": volunteer,
        "regions": list(volunteer.regions.all()),
        "tracks": tracks,
        "certificates": [
            {"certificate": certificate, "valid": certificate.is_valid_on(today)}
            for certificate in certificates
        ],
        "can_revoke": can_revoke,
        "base_template": "staff_base.html" if viewer.has(Role.REGIONAL_STAFF) else "base.html",
        "staff_section": "volunteers" if viewer.has(Role.REGIONAL_STAFF) else "",
        "back_url": (
            "training:volunteer_list"
            if viewer.has(Role.REGIONAL_STAFF) or viewer.is_administrator
            else "training:coach_volunteers"
        ),
    }
    return render(request, "training/volunteer_detail.html", context, status=status)


@login_required
def volunteer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer_for(request, pk)
    access_record(request=request, action=AccessAction.VIEW, obj=volunteer)
    return _render_detail(request, volunteer)


@login_required
@require_POST
def volunteer_sign_off(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Records the sign-off of one of the volunteer's tracks, then issues the certificate if
    the rest of the track is done too."""
    volunteer = _volunteer_for(request, pk, may=access.may_sign_off)
    form = SignOffForm(request.POST, auto_id="signoff-%s")
    if not form.is_valid():
        return _render_detail(request, volunteer, sign_off_form=form, status=400)
    enrolment = (
        TrackEnrolment.objects.filter(user=volunteer, track_id=form.cleaned_data["track"])
        .select_related("track")
        .first()
    )
    if enrolment is None:
        raise Http404
    try:
        with access_change(request=request, obj=volunteer):
            learning_services.track_enrolment_sign_off(
                enrolment=enrolment, signed_off_by=request.user, note=form.cleaned_data["note"]
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, volunteer, sign_off_form=form, status=400)
    progress_changed_send(user=volunteer)
    certified = (
        Certificate.objects.valid_on().filter(user=volunteer, track=enrolment.track).exists()
    )
    if certified:
        messages.success(
            request,
            gettext("The sign-off is recorded and the certificate of %(track)s is issued.")
            % {"track": enrolment.track.local_name},
        )
    else:
        messages.success(
            request,
            gettext(
                "The sign-off is recorded. The certificate follows once the modules and "
                "training days are done too."
            ),
        )
    return redirect("training:volunteer_detail", pk=volunteer.pk)
