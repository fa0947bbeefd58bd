"""The training content, authored by editors in Wagtail: a training index, its modules and their
lessons.

Only logged-in volunteers, coaches, staff and editors may read them: never the public, never a
search engine. ``serve`` refuses everyone else, the pages stay out of the sitemap and the site
search, and ``training.learning.training_index_protect`` puts a log-in view restriction on the index so that
Wagtail's own ``public()`` filters leave the whole tree out.

Progress is kept per ``translation_key``: a lesson done in Dutch is done in French too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BODY_BLOCKS
from cms.models import KringPage
from training.blocks import LESSON_BLOCKS


class LearningPage(KringPage):
    """What the index, modules and lessons share: members only, out of search and sitemaps."""

    # Wagtail search indexes the title and intro only; the site search also skips private pages.
    search_fields = KringPage.search_fields

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Wagtail's preview renders without serve(): give editors the same context.
        if getattr(request, "is_preview", False) and request.user.is_authenticated:
            from training.views.learning import learning_page_context

            context.update(learning_page_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from training.views.learning import learning_page_serve

        return learning_page_serve(request, self, super().serve, *args, **kwargs)


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
