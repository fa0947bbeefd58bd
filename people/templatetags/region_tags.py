"""``{{ region|region_name }}``: a region's name in the visitor's language."""

from django import template

from people import regions

register = template.Library()


@register.filter
def region_name(region) -> str:
    return regions.region_name(region)
