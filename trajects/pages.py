"""The registration page (aanmelden): editors write its texts, the form is Kring's own.

One page per language, under the home page. The form's handling is ``cms.form_flow``'s: the
form on GET; a valid post shows "Check your answers" (GOV.UK's pattern), whose "Send" stores
the registration and redirects (Post/Redirect/Get) to ``bedankt/<token>/``, which shows the
reference. Everything is POST: no personal data in an address.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BODY_BLOCKS, SHORT_RICH_TEXT_FEATURES
from cms.form_flow import ProtectedFormPage, RateLimit
from cms.models import KringPage, active_language, attach_locale
from cms.pagecache import kept
from people.regions import GENERAL_PHONE, contact_for
from trajects.forms import RegistrationForm
from trajects.models.registrations import Registration
from trajects.services import registration_submit

# A social worker may register many families from one office: generous, but not unlimited.
RATE_LIMIT = 20
RATE_PERIOD = 60 * 60
RATE_SCOPE = "trajects.registration"


class RegistrationPage(ProtectedFormPage, KringPage):
    body = StreamField(
        BODY_BLOCKS,
        blank=True,
        verbose_name=_("text above the form"),
        help_text=_("What a conference is, who can register and what happens next."),
    )
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_url = models.URLField(
        _("or the address of the privacy notice"),
        blank=True,
        help_text=_("Only when no page is chosen."),
    )
    thank_you_text = RichTextField(
        _("text on the confirmation page"),
        blank=True,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_("Shown below the reference after a registration."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("privacy_url")],
            heading=_("Privacy notice"),
            help_text=_("The form links to it; visitors confirm they have read it."),
        ),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    # One per home page, that is one per language.
    max_count_per_parent = 1

    template = "trajects/registration_page.html"
    check_template = "trajects/registration_check.html"
    confirmation_template = "trajects/registration_confirmation.html"

    class Meta:
        verbose_name = _("registration page")
        verbose_name_plural = _("registration pages")

    def clean(self):
        super().clean()
        if not self.privacy_page_id and not self.privacy_url:
            raise ValidationError(
                {"privacy_page": _("Choose the privacy notice page or give its address.")}
            )

    def privacy_link(self) -> str:
        """The chosen privacy page in the active language (its live translation, else itself);
        the typed address otherwise. Kept in the process until the public pages change
        (``cms.pagecache.kept``): the form shows it on every visit."""
        if not self.privacy_page_id:
            return self.privacy_url
        key = ("privacy_link", self.privacy_page_id, self.privacy_url, active_language())
        return kept(key, self._privacy_link)

    def _privacy_link(self) -> str:
        """As ``privacy_link`` for a chosen page, read now: two queries (the pages, the sites'
        root paths); the typed address when the page is not live."""
        source = Page.objects.filter(pk=self.privacy_page_id, live=True)
        versions = {
            version.pk: version
            for version in Page.objects.filter(
                Q(pk=self.privacy_page_id)
                | Q(
                    translation_key__in=source.values("translation_key"),
                    locale__language_code=active_language(),
                ),
                live=True,
            ).only("url_path", "locale_id")
        }
        if self.privacy_page_id in versions:
            page = next(
                (v for pk, v in versions.items() if pk != self.privacy_page_id),
                versions[self.privacy_page_id],
            )
            return page.url or ""
        return self.privacy_url

    # --- The form's flow (cms.form_flow) --------------------------------------------------------

    form_class = RegistrationForm
    submitted_model = Registration
    submit_service = staticmethod(registration_submit)

    def get_form_kwargs(self) -> dict[str, Any]:
        attach_locale(self)
        return {"language": self.locale.language_code, "privacy_url": self.privacy_link()}

    def get_rate_limit(self) -> RateLimit:
        return RateLimit(
            scope=RATE_SCOPE,
            limit=RATE_LIMIT,
            period=RATE_PERIOD,
            message=_(
                "Many registrations were sent from your address in the last hour, so this "
                "form takes no more for now. Nothing is lost: your details are still below. "
                "Please call us on %(phone)s, or send the form again in an hour."
            )
            % {"phone": GENERAL_PHONE},
        )

    def submitted_queryset(self) -> models.QuerySet[Registration]:
        return Registration.objects.select_related("region", "postcode")

    def confirmation_context(self, registration: Registration | None) -> dict[str, Any]:
        region = registration.region if registration else None
        return {
            "registration": registration,
            **contact_for(region),
            "outside_service_area": bool(
                registration and registration.postcode.outside_service_area
            ),
        }
