"""``{% access_log record [also ...] %}``: the access log of a record on its page, for staff.

Regional staff and administrators see it; anyone else (a coach on a volunteer's page) sees
nothing and costs no query. The address is shown to administrators only."""

from __future__ import annotations

from django import template
from django.db import models

from people.access import access_for
from people.audit.selectors import access_log_for
from people.roles import Role

register = template.Library()


@register.inclusion_tag("people/includes/access_log.html", takes_context=True)
def access_log(context, record, *also) -> dict:
    request = context.get("request")
    viewer = access_for(getattr(request, "user", None))
    if not (viewer.has(Role.REGIONAL_STAFF) or viewer.is_administrator):
        return {"shown": False}
    related = tuple(item for item in also if isinstance(item, models.Model))
    return {
        "shown": True,
        "events": access_log_for(record, also=related),
        "show_address": viewer.is_administrator,
    }
