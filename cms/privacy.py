"""cms's entries in the register of personal data (people.privacy.registry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.privacy.registry import Basis, Holding, NoPersonalData, Whose, register

PAGE_CONTENT = "Public page content written by editors."

# The text fields every Kring page has (Wagtail's Page plus KringPage): public content.
PAGE_FIELDS = (
    "path",
    "title",
    "draft_title",
    "slug",
    "url_path",
    "seo_title",
    "search_description",
    "intro",
    "image_alt",
    "body",
)

register(
    NoPersonalData(model="cms.HomePage", why=PAGE_CONTENT),
    NoPersonalData(model="cms.ContentPage", why=PAGE_CONTENT),
    NoPersonalData(model="cms.RegionIndexPage", why=PAGE_CONTENT),
    NoPersonalData(model="cms.NewsIndexPage", why=PAGE_CONTENT),
    NoPersonalData(model="cms.NewsPage", why=PAGE_CONTENT),
    NoPersonalData(model="cms.FrontDoorSettings", why="Links to pages."),
    NoPersonalData(
        model="cms.RateLimitCounter",
        why="A keyed hash of a scope and an address (never the address), a count and a time; "
        "deleted daily once its window has ended.",
    ),
    # A region page's own contact is usually a team; a staff member's name, address or number
    # only with their consent (the field's help text says so).
    Holding(
        model="cms.RegionPage",
        fields=("contact_name", "email", "phone"),
        whose=(Whose.STAFF,),
        basis=Basis.CONSENT,
        retention=_(
            "While the staff member agrees to be the region's contact; editors remove it from "
            "the page (and its revisions are pruned by Wagtail's purge_revisions)."
        ),
        not_personal_fields=PAGE_FIELDS,
    ),
)
