"""The coordinator's coaching part of the portal (/portaal/coaching/): their coach, their
upcoming sessions with reply buttons, the summaries of sessions they attended, their attendance
against the minimums and their calendar feed; and the feed itself (/agenda/<token>.ics), which
works for anyone who has made one, the token being the key.

Every form works without JavaScript (POST, then back to the page with a message); with htmx a
reply swaps only that session's block.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from coaching.models import CalendarFeed, Invitation, Reply
from coaching.portal import agenda, selectors, services
from coaching.portal.forms import FeedActionForm, ReplyForm
from people.access import require_role
from people.http import AuthenticatedHttpRequest, make_private, private_response
from people.links import absolute_url
from people.roles import Role

SESSION_BLOCK = "coaching/includes/portal_session.html"


class HtmxRequest(AuthenticatedHttpRequest):
    """A logged-in request that django-htmx's middleware has marked (an annotation only)."""

    htmx: HtmxDetails


def _portal_url(anchor: str = "") -> str:
    return reverse("coaching:portal") + (f"#{anchor}" if anchor else "")


def feed_urls(feed: CalendarFeed | None) -> dict[str, str]:
    """The feed's address (https) and its ``webcal://`` variant; none without a feed. Always
    the address without a language prefix, so it never changes with the page's language."""
    if feed is None:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("coaching:calendar_feed", kwargs={"token": feed.token}))
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


def _reply_form(invitation: Invitation, data=None) -> ReplyForm:
    initial = {"note": invitation.reply_note}
    return ReplyForm(data, initial=initial, prefix_pk=invitation.session_id)


def _item(invitation: Invitation, form: ReplyForm) -> dict:
    """One session's block: replies are open until the session starts."""
    return {
        "invitation": invitation,
        "form": form,
        "open": invitation.session.starts_at > timezone.now(),
    }


def _portal_page(
    request: AuthenticatedHttpRequest, *, bound: dict[int, ReplyForm] | None = None, status=200
) -> HttpResponse:
    bound = bound or {}
    data = selectors.portal_coaching(request.user)
    summaries = Paginator(
        selectors.attended_summaries(request.user), selectors.SUMMARIES_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "portal_section": "coaching",
        "coach": data.coach,
        "sessions": [
            _item(invitation, bound.get(invitation.session_id) or _reply_form(invitation))
            for invitation in data.upcoming
        ],
        "summaries": summaries,
        "counts": data.counts,
        "renewals": data.renewals,
        "renewal_needed": any(status.missing for status in data.renewals),
        "feed": data.feed,
        "feed_urls": feed_urls(data.feed),
    }
    response = render(request, "coaching/portal.html", context, status=status)
    return make_private(response)


@login_required
@require_GET
def portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.COORDINATOR)
    return _portal_page(request)


def _session_block(
    request: AuthenticatedHttpRequest,
    invitation: Invitation,
    form: ReplyForm,
    *,
    notice: str = "",
) -> HttpResponse:
    """One session's block, for htmx to swap in (200 also with errors: htmx swaps only 2xx)."""
    context = {"item": _item(invitation, form), "notice": notice}
    return make_private(render(request, SESSION_BLOCK, context))


@login_required
@require_POST
@private_response
def portal_reply(request: HtmxRequest, pk: int) -> HttpResponse:
    """The coordinator replies to their invitation to session ``pk``; 404 when not invited."""
    require_role(request.user, Role.COORDINATOR)
    invitation = selectors.invitation_for(request.user, pk)
    if invitation is None:
        raise Http404
    form = _reply_form(invitation, request.POST)
    refused = ""
    if form.is_valid():
        try:
            invitation = services.invitation_reply(
                invitation=invitation,
                reply=form.cleaned_data["reply"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as refusal:
            if "note" not in refusal.message_dict:
                refused = " ".join(refusal.messages)
            form.add_error(None, refusal)
        else:
            notice = (
                _("Saved: you are coming.")
                if invitation.reply == Reply.COMING
                else _("Saved: you are not coming.")
            )
            if request.htmx:
                fresh = selectors.invitation_for(request.user, pk) or invitation
                return _session_block(request, fresh, _reply_form(fresh), notice=notice)
            messages.success(request, notice)
            return redirect(_portal_url(f"session-{pk}"))
    if request.htmx:
        fresh = selectors.invitation_for(request.user, pk) or invitation
        return _session_block(request, fresh, form)
    if refused:
        messages.error(request, refused)
        return redirect(_portal_url(f"session-{pk}"))
    return _portal_page(request, bound={pk: form}, status=400)


@login_required
@require_POST
@private_response
def portal_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Makes (or replaces) and revokes the coordinator's calendar feed."""
    require_role(request.user, Role.COORDINATOR)
    form = FeedActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to make or to stop your calendar address."))
    elif form.cleaned_data["action"] == "create":
        replaced = selectors.active_feed(request.user) is not None
        services.calendar_feed_create(user=request.user)
        messages.success(
            request,
            _(
                "Your new calendar address is ready. The old one no longer works: subscribe "
                "again with the new one."
            )
            if replaced
            else _("Your calendar address is ready. Subscribe to it in your calendar program."),
        )
    elif services.calendar_feed_revoke(user=request.user):
        messages.success(
            request,
            _(
                "Your calendar address no longer works. Calendars subscribed to it stop "
                "updating; you can remove the subscription there."
            ),
        )
    else:
        messages.info(request, _("You had no calendar address."))
    return redirect(_portal_url("calendar-feed"))


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return make_private(response)


@login_required
@require_GET
@private_response
def portal_session_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One session's calendar file, for a coordinator invited to it."""
    require_role(request.user, Role.COORDINATOR)
    invitation = selectors.invitation_for(request.user, pk)
    if invitation is None:
        raise Http404
    content = agenda.session_ics(
        invitation.session, language=translation.get_language() or settings.LANGUAGE_CODE
    )
    return _ics_response(content, f"sessie-{pk}.ics")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's personal calendar (public: the token is the key). Unknown or revoked: 404."""
    feed = (
        CalendarFeed.objects.active()
        .select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    response = HttpResponse(agenda.feed_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kring.ics"'
    return make_private(response, no_referrer=True)
