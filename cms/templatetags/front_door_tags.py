"""The ways in (registration form, becoming a volunteer, contact, privacy, accessibility) that
the header and footer show on every page: ``{% load front_door_tags %}{% front_door as door %}``
then ``door.registration`` etc. Looked up once per request and language."""

from __future__ import annotations

from django import template

from cms.selectors import page_chrome

register = template.Library()


def front_door_links(request, page=None) -> dict[str, str]:
    """Part of the page's frame (``cms.selectors.page_chrome``): one query per request."""
    return page_chrome(request, page).door


@register.simple_tag(takes_context=True)
def front_door(context) -> dict[str, str]:
    return front_door_links(context.get("request"), context.get("page"))
