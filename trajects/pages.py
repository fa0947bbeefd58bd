"""The registration page (aanmelden): editors write its texts, the form is Kring's own.

One page per language, under the home page. It serves the form on GET; a valid post shows
"Check your answers" (GOV.UK's pattern), whose "Send" stores the registration and redirects
(Post/Redirect/Get) to ``bedankt/<token>/``, which shows the reference. Everything is POST: no
personal data in an address.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BODY_BLOCKS, SHORT_RICH_TEXT_FEATURES
from cms.models import KringPage
from cms.ratelimit import rate_limit_hit
from people.regions import GENERAL_PHONE, contact_for

# A social worker may register many families from one office: generous, but not unlimited.
RATE_LIMIT = 20
RATE_PERIOD = 60 * 60
RATE_SCOPE = "trajects.registration"

# The buttons' values: see RegistrationPage._post.
STEP_CHECK, STEP_CHANGE, STEP_SEND = "check", "change", "send"
STEPS = (STEP_CHECK, STEP_CHANGE, STEP_SEND)


class RegistrationPage(RoutablePageMixin, KringPage):
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
        if self.privacy_page_id:
            page = self.privacy_page
            if page is not None and page.live:
                return page.localized.url or ""
        return self.privacy_url

    def _confirmation_url(self, request, token: uuid.UUID) -> str:
        return self.get_url(request) + self.reverse_subpage("confirmation", args=[token])

    def _form(self, data=None):
        from trajects.forms import RegistrationForm

        return RegistrationForm(
            data, language=self.locale.language_code, privacy_url=self.privacy_link()
        )

    @path("", name="form")
    def form_view(self, request):
        if request.method == "POST":
            return self._post(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return self.render(request, context_overrides={"form": self._form()})

    def _post(self, request):
        """One address, three steps, told apart by the button pressed (``step``):

        - ``check`` (the form's button): a valid form shows "Check your answers";
        - ``change`` (a button on the check page): the form again, everything kept;
        - ``send`` (the check page's button): validated again, then stored once.

        A post that came too fast shows the form again to send again; only a filled honeypot
        gets the quiet answer. Nothing is stored before ``send``.
        """
        form = self._form(request.POST)
        if form.honeypot_filled():
            # An ordinary-looking answer for a bot: nothing stored, nothing to learn from.
            return redirect(self.get_url(request) + self.reverse_subpage("thanks"))
        step = request.POST.get("step")
        if step not in STEPS:
            step = STEP_CHECK
        if step == STEP_CHANGE:
            form.keep_protection_fresh()
            return self._render_form(request, form)
        if not form.is_valid():
            form.keep_protection_fresh()
            return self._render_form(request, form)
        if form.sent_too_fast():
            form.ask_to_send_again()
            return self._render_form(request, form)
        if step == STEP_CHECK:
            return self.render(
                request,
                template=self.check_template,
                context_overrides={"form": form, "answers": form.answers()},
            )
        return self._send(request, form)

    def _render_form(self, request, form) -> TemplateResponse:
        return self.render(request, context_overrides={"form": form})

    def _send(self, request, form):
        from trajects.models import Registration
        from trajects.services import registration_submit

        token = form.submission_token()
        if Registration.objects.filter(submission_token=token).exists():
            return redirect(self._confirmation_url(request, token))
        if rate_limit_hit(request, scope=RATE_SCOPE, limit=RATE_LIMIT, period=RATE_PERIOD):
            form.add_error(
                None,
                _(
                    "Many registrations were sent from your address in the last hour, so this "
                    "form takes no more for now. Nothing is lost: your details are still below. "
                    "Please call us on %(phone)s, or send the form again in an hour."
                )
                % {"phone": GENERAL_PHONE},
            )
            form.keep_protection_fresh()
            response = self._render_form(request, form)
            response.status_code = 429
            return response
        registration, _created = registration_submit(
            data=form.registration_data(),
            submission_token=token,
            language=self.locale.language_code,
        )
        return redirect(self._confirmation_url(request, registration.submission_token))

    @path("bedankt/<uuid:token>/", name="confirmation")
    def confirmation_view(self, request, token: uuid.UUID):
        from trajects.models import Registration

        registration = (
            Registration.objects.select_related("region", "postcode")
            .filter(submission_token=token)
            .first()
        )
        if registration is None:
            raise Http404
        return self._confirmation(request, registration)

    @path("bedankt/", name="thanks")
    def thanks_view(self, request):
        return self._confirmation(request, None)

    def _confirmation(self, request, registration) -> TemplateResponse:
        region = registration.region if registration else None
        return self.render(
            request,
            template=self.confirmation_template,
            context_overrides={
                "registration": registration,
                **contact_for(region),
                "outside_service_area": bool(
                    registration and registration.postcode.outside_service_area
                ),
            },
        )
