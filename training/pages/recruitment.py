"""The recruitment page ("word vrijwilliger"): what the role is, the open calls per region, and
the application form. Editors write the texts; the form saves into ``training.Application``.

The page serves the form itself (GET shows it, POST handles it) and a confirmation at
``bedankt/<token>/`` (Post/Redirect/Get). The request handling lives in ``training.views.recruitment``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BODY_BLOCKS, SHORT_RICH_TEXT_FEATURES
from cms.models import KringPage
from people.models import Region


class RecruitmentPage(RoutablePageMixin, KringPage):
    """Become a volunteer: the role, the regions that look for volunteers, and the form."""

    body = StreamField(
        BODY_BLOCKS,
        blank=True,
        verbose_name=_("body"),
        help_text=_(
            "What the role is: an independent coordinator, one traject at a time, the training, "
            "a coach and intervision."
        ),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=SHORT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown above the form: what happens with the applicant's data."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The full privacy statement, linked from the consent box."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        features=SHORT_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown after the application was sent."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt")],
            heading=_("Image"),
            help_text=_("Shown at the top of the page and when the page is shared."),
        ),
        FieldPanel("body"),
        InlinePanel("calls", heading=_("Open calls per region"), label=_("call")),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("privacy_page")], heading=_("Privacy")
        ),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    template = "training/recruitment_page.html"
    thanks_template = "training/recruitment_page_thanks.html"

    class Meta:
        verbose_name = _("recruitment page")
        verbose_name_plural = _("recruitment pages")

    def open_calls(self) -> models.QuerySet[RecruitmentCall]:
        """The calls whose closing date has not passed, by region; one query."""
        today = timezone.localdate()
        return (
            self.calls.filter(models.Q(open_until__isnull=True) | models.Q(open_until__gte=today))
            .select_related("region")
            .order_by("region__name", "sort_order")
        )

    def privacy_url(self) -> str:
        """The full statement if chosen, else the notice on this page."""
        if self.privacy_page_id and self.privacy_page.live:
            return self.privacy_page.url or "#privacy"
        return "#privacy"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["open_calls"] = self.open_calls()
        return context

    def thanks_url(self, request, token) -> str:
        return self.get_url(request) + self.reverse_subpage("thanks", kwargs={"token": token})

    @path("")
    def apply(self, request):
        from training.views.recruitment import recruitment_apply

        return recruitment_apply(request, self)

    @path("bedankt/<uuid:token>/")
    def thanks(self, request, token):
        from training.views.recruitment import recruitment_thanks

        return recruitment_thanks(request, self, token)


class RecruitmentCall(Orderable):
    """A region that looks for volunteers now, with what it asks and until when."""

    page = ParentalKey(RecruitmentPage, on_delete=models.CASCADE, related_name="calls")
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    text = RichTextField(_("text"), features=SHORT_RICH_TEXT_FEATURES, blank=True)
    open_until = models.DateField(
        _("open until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a call without an end date. Past calls are not shown."),
    )

    panels = [
        FieldPanel("region"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("open_until"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")

    def __str__(self) -> str:
        return self.title
