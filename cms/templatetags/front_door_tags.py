"""The ways in (registration form, becoming a volunteer, contact, privacy, accessibility) that
the header and footer show on every page: ``{% load front_door_tags %}{% front_door as door %}``
then ``door.registration`` etc. Looked up once per request and language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from cms.models import FrontDoorSettings

register = template.Library()


def front_door_links(request) -> dict[str, str]:
    if request is None:
        return {}
    cache = request.__dict__.setdefault("_kring_front_door", {})
    language = get_language()
    if language not in cache:
        site = Site.find_for_request(request)
        cache[language] = FrontDoorSettings.for_site(site).links(request) if site else {}
    return cache[language]


@register.simple_tag(takes_context=True)
def front_door(context) -> dict[str, str]:
    return front_door_links(context.get("request"))
