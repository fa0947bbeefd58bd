"""The training content, authored by editors in Wagtail: a training index, its modules and their
lessons.

Only logged-in volunteers, coaches, staff and editors may read them: never the public, never a
search engine. ``MembersOnlyPageMixin.serve`` refuses everyone else, the pages stay out of the
sitemap and the site search, and ``services.training_index_protect`` puts a log-in view
restriction on the index so that Wagtail's own ``public()`` filters leave the whole tree out.
Each page builds the reader's context (``reader_context``) from this area's selectors.

Progress is kept per ``translation_key``: a lesson done in Dutch is done in French too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from cms.blocks import BODY_BLOCKS
from cms.models import KringPage
from people.access import require_role
from people.http import make_private
from training import access
from training.languages import remember_locale
from training.learning import selectors, services
from training.learning.blocks import LESSON_BLOCKS
from training.learning.forms import QuizForm, ReflectionForm


class MembersOnlyPageMixin:
    """The HTTP side of serving a training page: an anonymous visitor gets the log-in page,
    anyone without a learning role a 404; a page may refuse its reader (``refuse_reader``: a
    locked lesson); the reader's context (``reader_context``) is added, also to Wagtail's
    preview; every answer is private (not indexed, not stored)."""

    def reader_context(self, request: HttpRequest) -> dict:
        return {}

    def refuse_reader(self, request: HttpRequest) -> HttpResponse | None:
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Wagtail's preview renders without serve(): give editors the same context.
        if getattr(request, "is_preview", False) and request.user.is_authenticated:
            context.update(self.reader_context(request))
        return context

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_role(request.user, *access.LEARNING_ROLES)
        refused = self.refuse_reader(request)
        if refused is not None:
            return make_private(refused)
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "context_data"):
            if response.context_data is None:
                response.context_data = {}
            response.context_data.update(self.reader_context(request))
        return make_private(response)


class LearningPage(MembersOnlyPageMixin, KringPage):
    """What the index, modules and lessons share: members only, out of search and sitemaps."""

    # Wagtail search indexes the title and intro only; the site search also skips private pages.
    search_fields = KringPage.search_fields

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        return []

    def get_view_restrictions(self):
        """Wagtail's rule in one query instead of two: the restrictions of this page and its
        ancestors, an alias counting its source page's instead of its own."""
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        pages = Page.objects.filter(
            Q(path__in=paths, alias_of__isnull=True) | Q(aliases__path__in=paths)
        )
        return PageViewRestriction.objects.filter(page_id__in=pages.values("pk"))


class TrainingIndexPage(LearningPage):
    """The start of the e-learning: what the training is and the modules in order."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["training.ModulePage"]
    max_count_per_parent = 1

    template = "training/training_index_page.html"

    class Meta:
        verbose_name = _("training index")
        verbose_name_plural = _("training indexes")

    def route(self, request, path_components):
        """A lesson's address in one query (Wagtail's routing asks two per level: the child,
        then its specific page); anything else the way Wagtail routes it."""
        if len(path_components) == 2:
            lesson = (
                LessonPage.objects.filter(
                    url_path=f"{self.url_path}{path_components[0]}/{path_components[1]}/",
                    depth=self.depth + 2,
                    path__startswith=self.path,
                )
                .select_related("locale")
                .first()
            )
            if lesson is not None:
                remember_locale(lesson.locale)
                lesson._kring_index = self
                return lesson.route(request, [])
        return super().route(request, path_components)

    def reader_context(self, request: HttpRequest) -> dict:
        user = request.user
        statuses = selectors.module_statuses(user, selectors.index_modules(self))
        done_keys = statuses[0].done_keys if statuses else set()
        return {
            "portal_section": "learning",
            "module_statuses": statuses,
            "may_preview": access.may_preview_everything(user),
            "continue_lesson": selectors.continue_lesson(user, statuses, done_keys),
        }


class ModulePage(LearningPage):
    """A module of the training: a few lessons on one subject, maybe after other modules."""

    body = StreamField(
        BODY_BLOCKS,
        blank=True,
        verbose_name=_("introduction"),
        help_text=_("What the volunteer learns in this module and why it matters."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        help_text=_("About how long the module takes."),
    )
    prerequisites = ParentalManyToManyField(
        "training.ModulePage",
        verbose_name=_("modules to finish first"),
        blank=True,
        symmetrical=False,
        related_name="unlocks",
        help_text=_("The module stays locked until these are finished."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("duration_minutes"),
        FieldPanel("prerequisites"),
    ]

    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = ["training.LessonPage"]

    template = "training/module_page.html"

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")

    def reader_context(self, request: HttpRequest) -> dict:
        user = request.user
        status = selectors.module_statuses(user, [self])[0]
        may_preview = access.may_preview_everything(user)
        return {
            "portal_section": "learning",
            "status": status,
            "locked": status.locked and not may_preview,
            "may_preview": may_preview,
            "lessons": selectors.module_lessons(self, status.done_keys),
            "index": self.get_parent(),
        }


class LessonPage(LearningPage):
    """A lesson: text, images, video, documents, reflection questions and quizzes."""

    body = StreamField(LESSON_BLOCKS, verbose_name=_("lesson"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("duration_minutes"),
    ]

    parent_page_types = ["training.ModulePage"]
    subpage_types: list[str] = []

    template = "training/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def _reading(self, request: HttpRequest) -> selectors.LessonReading:
        """The module and its status for the reader, read once per request (``serve`` asks
        in ``refuse_reader`` and again in ``reader_context``)."""
        cached = self.__dict__.get("_kring_reading")
        if cached is not None and cached[0] is request:
            return cached[1]
        reading = selectors.lesson_reading(request.user, self)
        self.__dict__["_kring_reading"] = (request, reading)
        return reading

    def refuse_reader(self, request: HttpRequest) -> HttpResponse | None:
        """A lesson in a locked module sends the volunteer to the module page, which says what
        to finish first; else the visit is recorded (for "continue where you left off")."""
        reading = self._reading(request)
        if reading.locked and reading.status is not None:
            messages.warning(request, selectors.locked_message(reading.status))
            return redirect(reading.status.module.get_url(request) or "/")
        self.__dict__["_kring_opened"] = (
            request,
            services.lesson_open(user=request.user, lesson=self),
        )
        return None

    def reader_context(
        self,
        request: HttpRequest,
        *,
        quiz_form: QuizForm | None = None,
        reflection_form: ReflectionForm | None = None,
    ) -> dict:
        """The lesson's blocks with the user's forms, previous answers and latest attempts; the
        module, the previous and next lesson, and whether the lesson is completed."""
        lesson = self
        user = request.user
        opened = self.__dict__.get("_kring_opened")
        if opened is not None and opened[0] is request:
            state = selectors.lesson_state(user, lesson, progress=opened[1])
        else:
            state = selectors.lesson_state(user, lesson)
        reading = self._reading(request)
        module = reading.module
        index = self.__dict__.get("_kring_index")
        if module is not None and index is not None and module.path[: -self.steplen] == index.path:
            module._cached_parent_obj = index  # the breadcrumb's index, known from routing
        siblings = reading.siblings
        position = next((i for i, item in enumerate(siblings) if item.pk == lesson.pk), None)
        previous_lesson = next_lesson = None
        if position is not None:
            previous_lesson = siblings[position - 1] if position > 0 else None
            next_lesson = siblings[position + 1] if position + 1 < len(siblings) else None
        blocks, quizzes_to_pass = [], []
        for block in lesson.body:
            item = {"block": block, "type": block.block_type}
            if block.block_type == "quiz":
                form: QuizForm | ReflectionForm | None = (
                    quiz_form if quiz_form is not None and quiz_form.block_id == block.id else None
                )
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

    def quiz_blocks(self) -> list:
        return [block for block in self.body if block.block_type == "quiz"]

    def quiz_block(self, block_id: str):
        """The quiz with this id on this lesson, or None."""
        return next((block for block in self.quiz_blocks() if block.id == block_id), None)

    def reflection_block(self, block_id: str):
        return next(
            (
                block
                for block in self.body
                if block.block_type == "reflection" and block.id == block_id
            ),
            None,
        )
