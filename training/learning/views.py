"""The lesson's actions (complete, quiz, reflection) and a quiz attempt's result. The lessons
themselves are Wagtail pages (``pages.py``).

A lesson in a module whose prerequisites are unfinished sends the volunteer to the module page,
which explains what to finish first. What a volunteer does here (attempts, reflections) is shown
to them alone, and every answer is private (``people.http.make_private``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from people.access import require_role
from people.http import make_private
from training import access
from training.learning import selectors, services
from training.learning.blocks import quiz_questions
from training.learning.forms import QuizForm, ReflectionForm
from training.learning.models import QuizAttempt
from training.learning.pages import LessonPage


def _page_url(request: HttpRequest, page) -> str:
    return page.get_url(request) or "/"


def _render_lesson(request: HttpRequest, lesson: LessonPage, **forms) -> HttpResponse:
    """The lesson page again, with a form in error (the input kept)."""
    context = lesson.get_context(request)
    context.update(lesson.reader_context(request, **forms))
    return make_private(TemplateResponse(request, lesson.get_template(request), context))


def _lesson_or_404(request: HttpRequest, pk: int) -> LessonPage:
    require_role(request.user, *access.LEARNING_ROLES)
    lesson = LessonPage.objects.live().filter(pk=pk).first()
    if lesson is None:
        raise Http404
    return lesson


def _refuse_locked(request: HttpRequest, error: ValidationError, lesson: LessonPage):
    """The redirect for a refused action on a locked lesson, or None for other errors."""
    if getattr(error, "code", None) != "locked":
        return None
    messages.error(request, " ".join(error.messages))
    module = selectors.lesson_module(lesson)
    return make_private(redirect(_page_url(request, module or lesson)))


@login_required
@require_POST
def lesson_complete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        refused = _refuse_locked(request, error, lesson)
        if refused is not None:
            return refused
        messages.error(request, " ".join(error.messages))
        return make_private(redirect(_page_url(request, lesson) + "#lesson-complete"))
    messages.success(request, _("Lesson completed. Well done!"))
    return make_private(redirect(_page_url(request, lesson) + "#lesson-complete"))


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
            attempt = services.quiz_submit(
                user=request.user, lesson=lesson, block_id=block_id, answers=form.answers()
            )
        except ValidationError as error:
            refused = _refuse_locked(request, error, lesson)
            if refused is not None:
                return refused
            form.add_error(None, error)
        else:
            return make_private(redirect("training:quiz_attempt", pk=attempt.pk))
    return _render_lesson(request, lesson, quiz_form=form)


@login_required
@require_POST
def reflection_save(request: HttpRequest, pk: int, block_id: str) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    block = lesson.reflection_block(block_id)
    if block is None:
        raise Http404
    status = selectors.module_lock(request.user, selectors.lesson_module(lesson))
    if status is not None:
        messages.error(request, selectors.locked_message(status))
        return make_private(redirect(_page_url(request, status.module)))
    form = ReflectionForm(block, request.POST)
    if form.is_valid():
        try:
            services.reflection_save(
                user=request.user,
                lesson=lesson,
                block_id=block_id,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your answer is saved. Only you can read it."))
            return make_private(redirect(_page_url(request, lesson) + f"#reflection-{block_id}"))
    return _render_lesson(request, lesson, reflection_form=form)


@login_required
@require_GET
def quiz_attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The score and, per question, the answers chosen with their feedback: for its owner only
    (everyone else, staff too, gets a 404)."""
    require_role(request.user, *access.LEARNING_ROLES)
    attempt = get_object_or_404(QuizAttempt, pk=pk, user=request.user)
    candidates = list(LessonPage.objects.live().filter(translation_key=attempt.lesson_key))
    lesson = selectors.in_active_language(candidates) or attempt.lesson
    quiz = lesson.quiz_block(attempt.block_id) if lesson is not None else None
    rows = []
    if quiz is not None:
        for question in quiz_questions(quiz):
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
    return make_private(TemplateResponse(request, "training/quiz_attempt.html", context))
