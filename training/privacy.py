"""training's entries in the register of personal data (``people.privacy.registry``).

Two subjects: the **applicant** (an ``Application`` and its steps) and the **volunteer** (the
coordinator's account and everything of their training). Erasing anonymises in place: the rows
stay, so the recruitment figures and the training's counts keep counting them; the names, contact
details and texts go. A certificate of an erased volunteer no longer verifies
(``training.certificates.views.certificate_verify``).

The small helpers at the top (``record``, ``matching``, ``years_before``) are shared with trajects' and coaching's
``privacy.py``, which may import this app.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.models import User
from people.privacy.registry import (
    Basis,
    Holding,
    NoPersonalData,
    RetentionRule,
    Subject,
    Whose,
    register,
)
from people.privacy.services import mail_files_forget, outbox_forget, user_anonymise
from training.access import volunteers_for_staff
from training.certificates.models import Certificate
from training.days.models import Reminder
from training.learning.models import QuizAttempt, ReflectionAnswer, TrackEnrolment
from training.recruitment.models import Application, ApplicationStatus, ApplicationStep
from training.recruitment.services import TOPIC_CONFIRMATION, TOPIC_STAFF_NOTICE

# --- Shared helpers -------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """``value`` as JSON can hold it: dates as ISO 8601, files by their stored name."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def record(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """``{field label: value}`` of ``obj``'s ``fields``, choices by their label."""
    row: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if getattr(field, "choices", None) and value not in (None, ""):
            value = getattr(obj, f"get_{name}_display")()
        row[str(getattr(field, "verbose_name", name))] = as_json(value)
    return row


def phone_forms(query: str) -> set[str]:
    """How a phone number typed by staff may be stored: as typed, digits only, and in E.164
    for a Belgian number written with its leading 0."""
    digits = re.sub(r"[^\d+]", "", query)
    forms = {query.strip()}
    if len(digits) >= 6:
        forms.add(digits)
        if digits.startswith("00"):
            forms.add("+" + digits[2:])
        elif digits.startswith("0"):
            forms.add("+32" + digits[1:])
    return {form for form in forms if form}


def matching(
    queryset: models.QuerySet,
    query: str,
    *,
    text: Iterable[str],
    exact: Iterable[str] = (),
    phones: Iterable[str] = (),
) -> models.QuerySet:
    """The rows of ``queryset`` where every word of ``query`` is in one of the ``text`` fields,
    or the whole query is one of the ``exact`` fields (a reference, an e-mail address) or, as a
    phone number, one of the ``phones``. An empty query matches nothing."""
    query = query.strip()
    if not query:
        return queryset.none()
    words = Q()
    for word in query.split():
        any_field = Q()
        for name in text:
            any_field |= Q(**{f"{name}__icontains": word})
        words &= any_field
    condition = words
    for name in exact:
        condition |= Q(**{f"{name}__iexact": query})
    for name in phones:
        condition |= Q(**{f"{name}__in": phone_forms(query)})
    return queryset.filter(condition)


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same moment ``years`` earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


# --- The applicant ----------------------------------------------------------------------------------

APPLICATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "languages",
    "motivation",
    "availability",
    "availability_remarks",
    "heard_of_us_other",
    "user",
)


def applications_visible_to(user) -> models.QuerySet[Application]:
    return Application.objects.visible_to(user).select_related("region")


def application_search(user, query: str) -> models.QuerySet[Application]:
    reference = re.fullmatch(r"\s*[Vv]-?0*(\d+)\s*", query)
    found = matching(
        applications_visible_to(user),
        query,
        text=("first_name", "last_name"),
        exact=("email",),
        phones=("phone",),
    )
    if reference:
        found = found | applications_visible_to(user).filter(pk=int(reference.group(1)))
    return found.order_by("-created_at", "-pk")


def application_describe(application: Application) -> str:
    return f"{application.reference} · {application.created_at:%Y-%m-%d}"


def application_collect(application: Application) -> dict[str, list[dict[str, Any]]]:
    fields = (
        "created_at",
        *APPLICATION_FIELDS[:-1],
        "heard_of_us",
        "status",
        "status_changed_at",
        "stop_reason",
        "language",
    )
    row = {gettext("reference"): application.reference, **record(application, fields)}
    steps = [
        record(step, ("occurred_on", "status", "stop_reason", "note"))
        for step in application.steps.all()
    ]
    return {gettext("Application"): [row], gettext("Steps of the application"): steps}


@transaction.atomic
def application_erase(application: Application, now: datetime.datetime) -> None:
    """Anonymises the application and its steps' notes; keeps its status, region, dates and
    steps, so the recruitment figures keep counting it. Idempotent."""
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None or locked.anonymised_at is not None:
        return
    needles = [locked.email, locked.get_full_name(), locked.phone]
    Application.objects.filter(pk=locked.pk).update(
        first_name="",
        last_name="",
        email="",
        phone="",
        languages=[],
        motivation="",
        availability=[],
        availability_remarks="",
        heard_of_us_other="",
        anonymised_at=now,
    )
    ApplicationStep.objects.filter(application=locked).update(note="")
    outbox_forget(topics=(TOPIC_CONFIRMATION, TOPIC_STAFF_NOTICE), object_id=locked.pk)
    mail_files_forget(needles=[needle for needle in needles if needle])
    application.anonymised_at = now


def unsuccessful_applications_due(now: datetime.datetime) -> models.QuerySet[Application]:
    """Stopped applications whose last change is older than the retention period."""
    cutoff = now - timedelta(days=settings.KRING_RETENTION_APPLICATION_DAYS)
    return (
        Application.objects.filter(status=ApplicationStatus.STOPPED, anonymised_at__isnull=True)
        .alias(stopped_at=Coalesce("status_changed_at", "created_at"))
        .filter(stopped_at__lt=cutoff)
        .order_by("pk")
    )


# --- The volunteer ----------------------------------------------------------------------------------


def volunteers_visible_to(user) -> models.QuerySet[User]:
    """The coordinators staff may open (their regions; administrators all)."""
    return volunteers_for_staff(user)


def volunteer_search(user, query: str) -> models.QuerySet[User]:
    return matching(
        volunteers_visible_to(user),
        query,
        text=("first_name", "last_name"),
        exact=("email",),
        phones=("phone",),
    ).order_by("last_name", "first_name", "pk")


def volunteer_describe(volunteer: User) -> str:
    name = volunteer.get_full_name() or gettext("anonymised volunteer")
    return f"{name} · {volunteer.date_joined:%Y-%m-%d}"


def volunteer_collect(volunteer: User) -> dict[str, list[dict[str, Any]]]:
    account = record(
        volunteer,
        (
            "email",
            "first_name",
            "last_name",
            "phone",
            "postcode",
            "languages",
            "available_from",
            "preferred_language",
            "date_joined",
        ),
    )
    account[gettext("regions")] = [str(region) for region in volunteer.regions.all()]
    sections: dict[str, list[dict[str, Any]]] = {gettext("Account"): [account]}
    sections[gettext("Training tracks")] = [
        {
            gettext("track"): str(enrolment.track),
            **record(enrolment, ("started_on", "signed_off_at", "sign_off_note")),
        }
        for enrolment in volunteer.track_enrolments.select_related("track")
    ]
    sections[gettext("Lessons")] = [
        {
            gettext("lesson"): str(progress.lesson) if progress.lesson else "",
            **record(progress, ("first_opened_at", "last_opened_at", "completed_at")),
        }
        for progress in volunteer.lesson_progress.select_related("lesson")
    ]
    sections[gettext("Quiz attempts")] = [
        record(attempt, ("created_at", "answers", "correct_count", "question_count", "passed"))
        for attempt in volunteer.quiz_attempts.all()
    ]
    sections[gettext("Reflection answers")] = [
        record(answer, ("updated_at", "text")) for answer in volunteer.reflection_answers.all()
    ]
    sections[gettext("Training days")] = [
        {
            gettext("training day"): str(seat.day),
            **record(seat, ("status", "created_at", "attended")),
        }
        for seat in volunteer.training_day_seats.select_related("day")
    ]
    sections[gettext("Certificates")] = [
        record(
            certificate,
            ("holder_name", "title", "code", "issued_on", "valid_until", "revoked_at"),
        )
        for certificate in volunteer.certificates.all()
    ]
    sections[gettext("Renewal activities")] = [
        record(activity, ("kind", "occurred_on")) for activity in volunteer.renewal_activities.all()
    ]
    for application in Application.objects.filter(user=volunteer):
        for title, rows in application_collect(application).items():
            sections.setdefault(title, []).extend(rows)
    return sections


@transaction.atomic
def volunteer_erase(volunteer: User, now: datetime.datetime) -> None:
    """Anonymises the account (``user_anonymise``) and blanks what the volunteer wrote or what was
    written about them in training: reflection answers, sign-off notes, the name on their
    certificates (which stop verifying), the reasons of revoked ones; pending reminders are
    cancelled and their application is anonymised. Rows stay, so counts keep counting.
    Idempotent."""
    user_anonymise(user=volunteer, now=now)
    ReflectionAnswer.objects.filter(user=volunteer).update(text="")
    QuizAttempt.objects.filter(user=volunteer).update(answers={})
    TrackEnrolment.objects.filter(user=volunteer).update(sign_off_note="")
    Certificate.objects.filter(user=volunteer).update(holder_name="", revoked_reason="")
    Reminder.objects.filter(user=volunteer, sent_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    for application in Application.objects.filter(user=volunteer):
        application_erase(application, now)


def volunteer_is_erased(volunteer: User) -> bool:
    return volunteer.anonymised_at is not None


# --- The register ----------------------------------------------------------------------------------

APPLICATION_RETENTION = _(
    "One year after an unsuccessful (stopped) application; otherwise until the applicant "
    "became a volunteer or asks for it to be deleted."
)
VOLUNTEER_RETENTION = _(
    "As long as the person volunteers; erased on request or when they leave (the rows stay "
    "for the counts, without name)."
)

register(
    Holding(
        model="training.Application",
        fields=APPLICATION_FIELDS,
        whose=(Whose.APPLICANT,),
        basis=Basis.CONSENT,
        retention=APPLICATION_RETENTION,
    ),
    Holding(
        model="training.ApplicationStep",
        fields=("note",),
        whose=(Whose.APPLICANT,),
        basis=Basis.LEGITIMATE_INTEREST,
        retention=APPLICATION_RETENTION,
    ),
    Holding(
        model="training.Certificate",
        fields=("user", "holder_name", "revoked_reason"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("code", "title", "title_fr", "title_en"),
    ),
    Holding(
        model="training.RenewalActivity",
        fields=("user",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("reference",),
    ),
    Holding(
        model="training.TrackEnrolment",
        fields=("user", "sign_off_note"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="training.LessonProgress",
        fields=("user",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="training.QuizAttempt",
        fields=("user", "answers"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("block_id",),
    ),
    Holding(
        model="training.ReflectionAnswer",
        fields=("user", "text"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("block_id",),
    ),
    Holding(
        model="training.TrainingDay",
        fields=("trainer",),
        whose=(Whose.STAFF, Whose.COACH),
        basis=Basis.LEGITIMATE_INTEREST,
        retention=_("As long as the training day is kept."),
        not_personal_fields=(
            "title",
            "title_fr",
            "title_en",
            "location",
            "online_url",
            "description",
        ),
    ),
    Holding(
        model="training.TrainingDayEnrolment",
        fields=("user", "attended"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="training.Reminder",
        fields=("user",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=_("Until it is sent; cancelled when the volunteer is erased."),
    ),
    NoPersonalData(
        "training.Track",
        why="a training track's description",
        reviewed_fields=("name", "name_fr", "name_en"),  # the track's name, not a person's
    ),
    NoPersonalData("training.TrackModule", why="the modules of a track"),
    NoPersonalData("training.TrainingIndexPage", why="page content"),
    NoPersonalData("training.ModulePage", why="page content"),
    NoPersonalData("training.LessonPage", why="page content"),
    NoPersonalData("training.RecruitmentPage", why="page content"),
    NoPersonalData("training.RecruitmentCall", why="page content: a region's call for volunteers"),
    Subject(
        kind="applicant",
        label=_("Applicant (volunteer application)"),
        model="training.Application",
        search=application_search,
        visible_to=applications_visible_to,
        describe=application_describe,
        collect=application_collect,
        erase=application_erase,
        is_erased=lambda application: application.anonymised_at is not None,
    ),
    Subject(
        kind="volunteer",
        label=_("Volunteer (coordinator)"),
        model="people.User",
        search=volunteer_search,
        visible_to=volunteers_visible_to,
        describe=volunteer_describe,
        collect=volunteer_collect,
        erase=volunteer_erase,
        is_erased=volunteer_is_erased,
    ),
    RetentionRule(
        name="training.unsuccessful_application",
        label=_("Stopped applications, after their retention period"),
        due=unsuccessful_applications_due,
        apply=application_erase,
    ),
)
