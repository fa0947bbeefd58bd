"""One protected public form, from the first GET to the thank-you page, written once.

Every public form that stores something (the registration page, the recruitment page) goes
through ``FormFlow``. The rule that holds it together: **nobody sees a confirmation for
something that was not stored**, and nothing is stored twice.

A post takes these steps, in this order:

1. **Honeypot** filled (``ProtectedForm.honeypot_filled``): a bot, answered quietly by
   ``bot_answer`` (a page: a redirect to its ``bedankt/``). Nothing stored.
2. **Change** (``step=change``, with a check step only): the form again, everything kept.
3. **Invalid**: the form again, each message next to its field and in the error summary, the
   input, the submission token and the fill timer kept (a forged stamp replaced).
4. **Too fast** or without a valid stamp: it may be a person, so the form comes back with
   "send it again" on top (``ask_to_send_again``); the next send goes through at once.
5. **Check** (``step=check`` or no step, with a check step only): "Check your answers"
   (``check_template``, with ``answers``: the form must be a ``SectionedForm``). The answers
   travel back in hidden fields (``form.carried_data``); nothing is stored yet.
6. **Already stored**: the same submission token (a double click, the back button, two tabs)
   is redirected to what the first post stored, and does not count against the rate limit.
   The token is the one signed together with the fill timer (``ProtectedForm``), so a shown
   form stores at most once: a reused token and timer store nothing new, whatever the answers,
   and a timer with another token counts as forged (step 4).
7. **Rate limit** passed (``get_rate_limit``, ``cms.ratelimit``): the form again with the
   limit's message on top and status 429, input kept.
8. **Submit**: the domain's service stores it, and the visitor is redirected (Post/Redirect/
   Get) to ``submitted_url``: on a page ``bedankt/<token>/``, the only page that names what was
   stored (a private response: not indexed, not stored, no ``Referer``).

Every submit service has the same shape (``SubmitService``): keyword-only
``(*, data, submission_token, language)``, where ``data`` is ``form.submitted_data()``,
returning ``(object, created)``; a token already used returns the first object.

A Wagtail page uses the flow through ``ProtectedFormPage``, which routes ``""`` (the form),
``bedankt/<uuid:token>/`` (route name ``confirmation``) and ``bedankt/`` (``thanks``, the bot's
answer) to it::

    class RegistrationPage(ProtectedFormPage, KringPage):
        form_class = RegistrationForm
        submitted_model = Registration
        submit_service = staticmethod(registration_submit)
        check_template = "trajects/registration_check.html"  # leave out: no check step
        confirmation_template = "trajects/registration_confirmation.html"

        def get_form_kwargs(self):
            return {"privacy_url": self.privacy_link()}

        def get_rate_limit(self):
            return RateLimit(scope="trajects.registration", limit=20, period=3600,
                             message=_("Too many registrations from your address ..."))

        def confirmation_context(self, registration):  # None: the bot's answer
            return {"registration": registration}

The page's template gets ``form``; the check template ``form`` and ``answers``; the
confirmation template what ``confirmation_context`` gives. A plain view can subclass
``FormFlow`` itself and fill ``render_step``, ``submitted_url`` and ``bot_answer``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.forms import ProtectedForm, SectionedForm
from cms.ratelimit import rate_limit_hit
from people.http import make_private

logger = logging.getLogger(__name__)

# The buttons' values (``name="step"``) on a form with a check step.
STEP_CHECK, STEP_CHANGE, STEP_SEND = "check", "change", "send"
STEPS = (STEP_CHECK, STEP_CHANGE, STEP_SEND)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` stored posts per visitor (a hashed address) in ``period`` seconds;
    over it, ``message`` on top of the form (say what to do instead: call, or wait)."""

    scope: str
    limit: int
    period: int
    message: str | Promise

    def hit(self, request: HttpRequest) -> bool:
        """Counts one attempt; True when the visitor is over the limit."""
        return rate_limit_hit(request, scope=self.scope, limit=self.limit, period=self.period)


class SubmitService(Protocol):
    """The shape of every public form's submit service (``registration_submit``, …)."""

    def __call__(
        self, *, data: Mapping[str, Any], submission_token: uuid.UUID, language: str
    ) -> tuple[Any, bool]: ...


class FormFlow:
    """The steps of the module's docstring. Set the attributes and fill the hooks marked
    "required"; ``ProtectedFormPage`` fills them for a Wagtail page."""

    form_class: ClassVar[type[ProtectedForm]]
    # What the service stores: a model with a unique ``submission_token``.
    submitted_model: ClassVar[type[models.Model]]
    submit_service: ClassVar[SubmitService]
    # A template here adds "Check your answers" between the form and the send.
    check_template: ClassVar[str] = ""

    # --- Hooks --------------------------------------------------------------------------------

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form(self, data=None) -> ProtectedForm:
        return self.form_class(data, **self.get_form_kwargs())

    def get_rate_limit(self) -> RateLimit:
        """Required. Built per request, so that a limit read from settings can change."""
        raise NotImplementedError

    def submission_language(self, request: HttpRequest) -> str:
        """The language the visitor used: their mails are in it."""
        return get_language() or ""

    def submitted_queryset(self) -> models.QuerySet:
        """Where the flow looks up what a token stored (add what the confirmation shows)."""
        return self.submitted_model._default_manager.all()

    def find_submitted(self, token: uuid.UUID) -> Any:
        return self.submitted_queryset().filter(submission_token=token).first()

    def render_step(
        self,
        request: HttpRequest,
        form: ProtectedForm,
        *,
        template: str | None = None,
        context: dict[str, Any] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        """Required. The form (or, with ``template``, another step) with ``form`` in context."""
        raise NotImplementedError

    def submitted_url(self, request: HttpRequest, submitted: Any) -> str:
        """Required. Where a stored post is redirected: its confirmation."""
        raise NotImplementedError

    def bot_answer(self, request: HttpRequest, form: ProtectedForm) -> HttpResponse:
        """Required. What a filled honeypot gets: an ordinary-looking thank-you."""
        raise NotImplementedError

    # --- The flow -----------------------------------------------------------------------------

    def serve_form(self, request: HttpRequest) -> HttpResponse:
        """GET (and HEAD) shows a fresh form, POST takes the steps; other methods get 405."""
        if request.method == "POST":
            return self.post_form(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return self.render_step(request, self.get_form())

    def post_form(self, request: HttpRequest) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.honeypot_filled():
            logger.info("%s: a post that filled the honeypot was ignored", type(self).__name__)
            return self.bot_answer(request, form)
        step = request.POST.get("step") if self.check_template else STEP_SEND
        if step not in STEPS:
            step = STEP_CHECK
        if step == STEP_CHANGE:
            return self._form_again(request, form)
        if not form.is_valid():
            return self._form_again(request, form)
        if form.sent_too_fast():
            form.ask_to_send_again()
            return self.render_step(request, form)
        if step == STEP_CHECK:
            answers = form.answers() if isinstance(form, SectionedForm) else []
            return self.render_step(
                request, form, template=self.check_template, context={"answers": answers}
            )
        return self._send(request, form)

    def _form_again(
        self, request: HttpRequest, form: ProtectedForm, status: int = 200
    ) -> HttpResponse:
        form.keep_protection_fresh()
        return self.render_step(request, form, status=status)

    def _send(self, request: HttpRequest, form: ProtectedForm) -> HttpResponse:
        token = form.submission_token()
        stored = self.find_submitted(token)
        if stored is None:
            limit = self.get_rate_limit()
            if limit.hit(request):
                form.add_error(None, str(limit.message))
                return self._form_again(request, form, status=429)
            stored, _created = self.submit_service(
                data=form.submitted_data(),
                submission_token=token,
                language=self.submission_language(request),
            )
        return redirect(self.submitted_url(request, stored))

    def serve_submitted(self, request: HttpRequest, token: uuid.UUID) -> HttpResponse:
        """The confirmation of what ``token`` stored; 404 for a token that stored nothing."""
        stored = self.find_submitted(token)
        if stored is None:
            raise Http404
        return self.render_submitted(request, stored)

    def render_submitted(self, request: HttpRequest, stored: Any) -> HttpResponse:
        """Required for ``serve_submitted``: the confirmation (``None``: the bot's answer)."""
        raise NotImplementedError


class ProtectedFormPage(FormFlow, RoutablePageMixin):
    """A Wagtail page that serves a ``FormFlow``: mix in before the page class. Set
    ``confirmation_template`` and fill ``get_rate_limit`` and ``confirmation_context``."""

    confirmation_template: ClassVar[str]

    @path("", name="form")
    def form_view(self, request: HttpRequest) -> HttpResponse:
        return self.serve_form(request)

    @path("bedankt/<uuid:token>/", name="confirmation")
    def confirmation_view(self, request: HttpRequest, token: uuid.UUID) -> HttpResponse:
        return self.serve_submitted(request, token)

    @path("bedankt/", name="thanks")
    def thanks_view(self, request: HttpRequest) -> HttpResponse:
        """The bot's answer: the confirmation without anything stored."""
        return self.render_submitted(request, None)

    def confirmation_context(self, stored: Any) -> dict[str, Any]:
        """The confirmation template's context; ``stored`` is ``None`` on the bot's answer."""
        return {}

    # --- FormFlow's hooks for a page ----------------------------------------------------------

    def submission_language(self, request: HttpRequest) -> str:
        return self.locale.language_code

    def render_step(self, request, form, *, template=None, context=None, status=200):
        response = self.render(
            request, template=template, context_overrides={"form": form, **(context or {})}
        )
        response.status_code = status
        return response

    def _page_url(self, request: HttpRequest, route: str, *args: Any) -> str:
        return self.get_url(request) + self.reverse_subpage(route, args=args)

    def submitted_url(self, request: HttpRequest, submitted: Any) -> str:
        return self._page_url(request, "confirmation", submitted.submission_token)

    def bot_answer(self, request: HttpRequest, form: ProtectedForm) -> HttpResponse:
        return redirect(self._page_url(request, "thanks"))

    def render_submitted(self, request: HttpRequest, stored: Any) -> HttpResponse:
        return self.render_confirmation(request, self.confirmation_context(stored))

    def render_confirmation(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        """The confirmation template with ``context``, as a private response (also for a page
        whose ``bot_answer`` shows the thank-you at once instead of redirecting)."""
        response = self.render(
            request, template=self.confirmation_template, context_overrides=context
        )
        # The address holds the token: it stays out of caches, indexes and other sites' logs.
        return make_private(response, no_referrer=True)
