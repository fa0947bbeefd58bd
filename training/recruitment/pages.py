"""The recruitment page ("word vrijwilliger"): what the role is, the open calls per region, and
the application form. Editors write the texts; the form saves into ``training.Application``.

The form's handling is ``cms.form_flow``'s, without a check step: the form on GET; a valid post
stores the application (``services.application_submit``) and redirects (Post/Redirect/Get) to
``bedankt/<token>/``, which shows the reference; a bot that filled the honeypot is redirected
to ``bedankt/``, the same thank-you without a reference, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BODY_BLOCKS, SHORT_RICH_TEXT_FEATURES
from cms.form_flow import ProtectedFormPage, RateLimit
from cms.forms import ProtectedForm
from cms.models import KringPage
from people.models import Region
from people.regions import contact_for
from training.recruitment.forms import ApplicationForm
from training.recruitment.models import Application
from training.recruitment.services import application_delete_url, application_submit

# New applications from one address (hashed, see cms.ratelimit) per hour. Generous: a family
# or an office shares one address; a spammer sends more.
RATE_LIMIT = 5
RATE_LIMIT_PERIOD = 60 * 60
RATE_LIMIT_SCOPE = "training.application"


class RecruitmentPage(ProtectedFormPage, KringPage):
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
    confirmation_template = "training/recruitment_page_thanks.html"

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
        page = self.privacy_page
        if page is not None and page.live:
            return page.url or "#privacy"
        return "#privacy"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["open_calls"] = self.open_calls()
        return context

    # --- The form's flow (cms.form_flow) --------------------------------------------------------

    form_class = ApplicationForm
    submitted_model = Application
    submit_service = staticmethod(application_submit)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"privacy_url": self.privacy_url()}

    def get_rate_limit(self) -> RateLimit:
        return RateLimit(
            scope=RATE_LIMIT_SCOPE,
            limit=RATE_LIMIT,
            period=RATE_LIMIT_PERIOD,
            message=_(
                "We received several applications from your connection in a short time. "
                "Please try again in an hour, or call us."
            ),
        )

    def submitted_queryset(self) -> models.QuerySet[Application]:
        return Application.objects.select_related("region")

    def bot_answer(self, request: HttpRequest, form: ProtectedForm) -> HttpResponse:
        """The thank-you at once, as a person would see it: the region of a postcode the bot
        typed is named (it learns nothing it did not send); nothing is stored."""
        region = form.cleaned_data["postcode"].region if form.is_valid() else None
        return self.render_confirmation(
            request, {"application": None, "region": region, **contact_for(region)}
        )

    def confirmation_context(self, application: Application | None) -> dict[str, Any]:
        """Names no one, only the region that will call; the bot's answer (``None``) has no
        region and the general contact."""
        region = application.region if application else None
        delete_url = application_delete_url(application) if application else ""
        return {
            "application": application,
            "region": region,
            "delete_url": delete_url,
            **contact_for(region),
        }


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
