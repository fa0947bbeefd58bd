"""The e-learning's views: the training pages as Wagtail serves them (index, modules, lessons),
the lesson's actions (complete, quiz, reflection), a quiz attempt's result, and the volunteer
portal's home.

Only logged-in volunteers, coaches, staff, editors and administrators read the training pages;
everyone else gets the log-in page (anonymous) or a 404. A lesson in a module whose
prerequisites are unfinished sends the volunteer to the module page, which explains what to
finish first. What a volunteer does here (attempts, reflections) is shown to them alone.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from people.access import require_role
from training import learning
from training.forms_learning import QuizForm, ReflectionForm
from training.models import LessonPage, ModulePage, QuizAttempt, TrainingDay, TrainingIndexPage

ROBOTS = "noindex, nofollow"


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = ROBOTS
    return response


def _page_url(request: HttpRequest, page) -> str:
    return page.get_url(request) or "/"


# --- The training pages (served by Wagtail) ----------------------------------------------------


def learning_page_serve(request: HttpRequest, page, serve, *args, **kwargs) -> HttpResponse:
    """Serve a training index, module or lesson page to those who may read it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require_role(request.user, *learning.LEARNING_ROLES)
    if isinstance(page, LessonPage):
        status = learning.module_lock(request.user, learning.lesson_module(page))
        if status is not None:
            messages.warning(request, learning.locked_message(status))
            return _private(redirect(_page_url(request, status.module)))
        learning.lesson_open(user=request.user, lesson=page)
    response = serve(request, *args, **kwargs)
    if hasattr(response, "context_data"):
        if response.context_data is None:
            response.context_data = {}
        response.context_data.update(learning_page_context(request, page))
    return _private(response)


def learning_page_context(request: HttpRequest, page, **forms) -> dict:
    """The extra template context of a training page for the user who reads it."""
    if isinstance(page, LessonPage):
        return lesson_context(request, page, **forms)
    if isinstance(page, ModulePage):
        return module_context(request, page)
    if isinstance(page, TrainingIndexPage):
        return index_context(request, page)
    return {}


def index_context(request: HttpRequest, index: TrainingIndexPage) -> dict:
    user = request.user
    statuses = learning.module_statuses(user, learning.index_modules(index))
    done_keys = statuses[0].done_keys if statuses else set()
    return {
        "portal_section": "learning",
        "module_statuses": statuses,
        "may_preview": learning.may_preview_everything(user),
        "continue_lesson": learning.continue_lesson(user, statuses, done_keys),
    }


def module_context(request: HttpRequest, module: ModulePage) -> dict:
    user = request.user
    status = learning.module_statuses(user, [module])[0]
    may_preview = learning.may_preview_everything(user)
    return {
        "portal_section": "learning",
        "status": status,
        "locked": status.locked and not may_preview,
        "may_preview": may_preview,
        "lessons": learning.module_lessons(module, status.done_keys),
        "index": module.get_parent(),
    }


def lesson_context(
    request: HttpRequest,
    lesson: LessonPage,
    *,
    quiz_form: QuizForm | None = None,
    reflection_form: ReflectionForm | None = None,
) -> dict:
    """The lesson's blocks with the user's forms, previous answers and latest attempts; the
    module, the previous and next lesson, and whether the lesson is completed."""
    user = request.user
    state = learning.lesson_state(user, lesson)
    module = learning.lesson_module(lesson)
    siblings = list(LessonPage.objects.live().child_of(module).order_by("path")) if module else []
    position = next((i for i, item in enumerate(siblings) if item.pk == lesson.pk), None)
    previous_lesson = next_lesson = None
    if position is not None:
        previous_lesson = siblings[position - 1] if position > 0 else None
        next_lesson = siblings[position + 1] if position + 1 < len(siblings) else None
    blocks, quizzes_to_pass = [], []
    for block in lesson.body:
        item = {"block": block, "type": block.block_type}
        if block.block_type == "quiz":
            form = quiz_form if quiz_form is not None and quiz_form.block_id == block.id else None
            item["quiz"] = {
                "form": form or QuizForm(block),
                "latest": state.latest_attempts.get(block.id),
                "passed": block.id in state.passed_quizzes,
                "action": reverse(
                    "training:quiz_submit", kwargs={"pk": lesson.pk, "block_id": block.id}
                ),
            }
            if block.id not in state.passed_quizzes:
                quizzes_to_pass.append(block.value["title"])
        elif block.block_type == "reflection":
            answer = state.reflections.get(block.id)
            form = (
                reflection_form
                if reflection_form is not None and reflection_form.block_id == block.id
                else None
            )
            item["reflection"] = {
                "form": form
                or ReflectionForm(block, initial={"text": answer.text if answer else ""}),
                "answer": answer,
                "action": reverse(
                    "training:reflection_save", kwargs={"pk": lesson.pk, "block_id": block.id}
                ),
            }
        blocks.append(item)
    return {
        "portal_section": "learning",
        "lesson_blocks": blocks,
        "lesson_state": state,
        "completed": state.completed,
        "quizzes_to_pass": quizzes_to_pass,
        "module": module,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "complete_action": reverse("training:lesson_complete", kwargs={"pk": lesson.pk}),
    }


def _render_lesson(request: HttpRequest, lesson: LessonPage, **forms) -> HttpResponse:
    """The lesson page again, with a form in error (the input kept)."""
    context = lesson.get_context(request)
    context.update(lesson_context(request, lesson, **forms))
    return _private(TemplateResponse(request, lesson.get_template(request), context))


# --- The lesson's actions -----------------------------------------------------------------------


def _lesson_or_404(request: HttpRequest, pk: int) -> LessonPage:
    require_role(request.user, *learning.LEARNING_ROLES)
    lesson = LessonPage.objects.live().filter(pk=pk).first()
    if lesson is None:
        raise Http404
    return lesson


def _refuse_locked(request: HttpRequest, error: ValidationError, lesson: LessonPage):
    """The redirect for a refused action on a locked lesson, or None for other errors."""
    if getattr(error, "code", None) != "locked":
        return None
    messages.error(request, " ".join(error.messages))
    module = learning.lesson_module(lesson)
    return _private(redirect(_page_url(request, module or lesson)))


@login_required
@require_POST
def lesson_complete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    try:
        learning.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        refused = _refuse_locked(request, error, lesson)
        if refused is not None:
            return refused
        messages.error(request, " ".join(error.messages))
        return _private(redirect(_page_url(request, lesson) + "#lesson-complete"))
    messages.success(request, _("Lesson completed. Well done!"))
    return _private(redirect(_page_url(request, lesson) + "#lesson-complete"))


@login_required
@require_POST
def quiz_submit(request: HttpRequest, pk: int, block_id: str) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    quiz = lesson.quiz_block(block_id)
    if quiz is None:
        raise Http404
    form = QuizForm(quiz, request.POST)
    if form.is_valid():
        try:
            attempt = learning.quiz_submit(
                user=request.user, lesson=lesson, block_id=block_id, answers=form.answers()
            )
        except ValidationError as error:
            refused = _refuse_locked(request, error, lesson)
            if refused is not None:
                return refused
            form.add_error(None, error)
        else:
            return _private(redirect("training:quiz_attempt", pk=attempt.pk))
    return _render_lesson(request, lesson, quiz_form=form)


@login_required
@require_POST
def reflection_save(request: HttpRequest, pk: int, block_id: str) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    block = lesson.reflection_block(block_id)
    if block is None:
        raise Http404
    status = learning.module_lock(request.user, learning.lesson_module(lesson))
    if status is not None:
        messages.error(request, learning.locked_message(status))
        return _private(redirect(_page_url(request, status.module)))
    form = ReflectionForm(block, request.POST)
    if form.is_valid():
        try:
            learning.reflection_save(
                user=request.user,
                lesson=lesson,
                block_id=block_id,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your answer is saved. Only you can read it."))
            return _private(redirect(_page_url(request, lesson) + f"#reflection-{block_id}"))
    return _render_lesson(request, lesson, reflection_form=form)


@login_required
@require_GET
def quiz_attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The score and, per question, the answers chosen with their feedback: for its owner only
    (everyone else, staff too, gets a 404)."""
    require_role(request.user, *learning.LEARNING_ROLES)
    attempt = get_object_or_404(QuizAttempt, pk=pk, user=request.user)
    candidates = list(LessonPage.objects.live().filter(translation_key=attempt.lesson_key))
    lesson = learning.in_active_language(candidates) or attempt.lesson
    quiz = lesson.quiz_block(attempt.block_id) if lesson is not None else None
    rows = []
    if quiz is not None:
        for question in learning.quiz_questions(quiz):
            chosen_ids = attempt.answers.get(question.id, [])
            chosen = [answer for answer in question.answers if answer.id in chosen_ids]
            correct = bool(chosen_ids) and set(chosen_ids) == question.correct_ids
            missed = bool(question.correct_ids - set(chosen_ids)) and question.kind == "multiple"
            rows.append(
                {"question": question, "chosen": chosen, "correct": correct, "missed": missed}
            )
    context = {
        "attempt": attempt,
        "lesson": lesson,
        "quiz": quiz,
        "quiz_title": quiz.value["title"] if quiz is not None else "",
        "rows": rows,
        "lesson_url": lesson.get_url(request) if lesson is not None else "",
        "portal_section": "learning",
    }
    return _private(TemplateResponse(request, "training/quiz_attempt.html", context))


# --- The portal home ----------------------------------------------------------------------------


def _renewal_to_show(certificate):
    """What is still needed to renew ``certificate``, once its renewal window is open (or it has
    expired); None otherwise. A few queries per certificate: a volunteer holds one or two."""
    from training.certification import RENEWAL_OPENS_DAYS, renewal_status

    opens_on = certificate.valid_until - datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    if certificate.revoked_at is not None or timezone.localdate() < opens_on:
        return None  # no queries for the certificates whose renewal is far off
    status = renewal_status(certificate=certificate)
    return None if status.renewed_by is not None else status


@login_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    """The volunteer's home: tracks with progress, where to continue, quiz results, training
    days and certificates."""
    require_role(request.user, *learning.PORTAL_ROLES)
    home = learning.portal_home(request.user)
    tracks = []
    for item in home.tracks:
        modules = []
        for status in item.status.modules:
            page = home.pages.get(status.module.translation_key, status.module)
            modules.append(
                {
                    "status": status,
                    "page": page,
                    "url": page.get_url(request),
                    "prerequisites": [
                        home.pages.get(module.translation_key, module)
                        for module in status.missing_prerequisites
                    ],
                }
            )
        tracks.append({"enrolment": item.enrolment, "status": item.status, "modules": modules})
    certificates = [
        {
            "certificate": certificate,
            "state": learning.certificate_state(certificate),
            "renewal": _renewal_to_show(certificate),
        }
        for certificate in home.certificates
    ]
    context = {
        "portal_section": "home",
        "tracks": tracks,
        "continue_lesson": home.continue_lesson,
        "continue_url": home.continue_lesson.get_url(request) if home.continue_lesson else "",
        "attempts": home.attempts,
        "seats": home.seats,
        "certificates": certificates,
        # A trainer (often a coach) finds the attendance pages from here.
        "gives_training_days": TrainingDay.objects.filter(trainer=request.user).exists(),
    }
    return _private(TemplateResponse(request, "training/portal_home.html", context))
