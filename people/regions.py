"""EKC's regions and which postcodes each one serves.

Flanders and Brussels are EKC's service area. A postcode in Wallonia still maps to the nearest
region, whose staff refer the family on; such postcodes are marked as outside the service area.
Staff can move a postcode to another region in the Django admin.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegionSeed(NamedTuple):
    code: str
    name: str
    email: str
    phone: str


# The organisation's general contact: never a staff member's own address or number.
GENERAL_EMAIL = "info@eigenkrachtcentrale.be"
GENERAL_PHONE = "0489 45 54 12"


class StaffRecipient(NamedTuple):
    email: str
    language: str


def staff_recipient(region) -> StaffRecipient | None:
    """Who hears of new work in ``region`` (a registration, an application): the region's staff
    contact when active, else the region's own address, in the contact's language (the site's
    default for a shared address or a language the site does not speak); None when the region
    has neither, so the work waits in the staff lists."""
    contact = region.contact if region.contact_id and region.contact.is_active else None
    email = (contact.email if contact else "") or region.email
    if not email:
        return None
    language = contact.preferred_language if contact else ""
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    return StaffRecipient(email=email, language=language)


def contact_for(region) -> dict[str, str]:
    """Where a family, an applicant or a volunteer can ask questions: the region's address and
    number, else the general ones (never a staff member's own). Keys fit the templates."""
    return {
        "contact_email": (region.email if region else "") or GENERAL_EMAIL,
        "contact_phone": (region.phone if region else "") or GENERAL_PHONE,
    }


REGIONS = [
    RegionSeed("antwerpen", "Antwerpen", GENERAL_EMAIL, GENERAL_PHONE),
    RegionSeed(
        "brussel-halle-vilvoorde", "Brussel en Halle-Vilvoorde", GENERAL_EMAIL, GENERAL_PHONE
    ),
    RegionSeed("limburg", "Limburg", GENERAL_EMAIL, GENERAL_PHONE),
    RegionSeed("oost-vlaanderen", "Oost-Vlaanderen", GENERAL_EMAIL, GENERAL_PHONE),
    RegionSeed("vlaams-brabant", "Vlaams-Brabant (Leuven)", GENERAL_EMAIL, GENERAL_PHONE),
    RegionSeed("west-vlaanderen", "West-Vlaanderen", GENERAL_EMAIL, GENERAL_PHONE),
]

# The six regions' names in the visitor's language, by the region's code (the name in the
# database is the Dutch one, which staff may edit; a region not listed here shows that name).
REGION_NAMES = {
    "antwerpen": _("Antwerp"),
    "brussel-halle-vilvoorde": _("Brussels and Halle-Vilvoorde"),
    "limburg": _("Limburg"),
    "oost-vlaanderen": _("East Flanders"),
    "vlaams-brabant": _("Flemish Brabant"),
    "west-vlaanderen": _("West Flanders"),
}


def region_name(region) -> str:
    """The region's name in the active language (its own name for a region not listed)."""
    if region is None:
        return ""
    if (get_language() or "nl").split("-")[0] == "nl":
        return region.name  # the name in the database is the Dutch one
    name = REGION_NAMES.get(region.code)
    return str(name) if name is not None else region.name


# (first, last, region code, outside the service area) — bpost's ranges per province.
POSTCODE_RANGES: list[tuple[int, int, str, bool]] = [
    (1000, 1299, "brussel-halle-vilvoorde", False),  # Brussels-Capital Region
    (1300, 1499, "brussel-halle-vilvoorde", True),  # Walloon Brabant
    (1500, 1999, "brussel-halle-vilvoorde", False),  # Halle-Vilvoorde
    (2000, 2999, "antwerpen", False),
    (3000, 3499, "vlaams-brabant", False),  # Leuven
    (3500, 3999, "limburg", False),
    (4000, 4999, "limburg", True),  # Liège
    (5000, 5999, "vlaams-brabant", True),  # Namur
    (6000, 6599, "brussel-halle-vilvoorde", True),  # Hainaut (Charleroi)
    (6600, 6999, "limburg", True),  # Luxembourg
    (7000, 7999, "west-vlaanderen", True),  # Hainaut (Mons, Tournai, Mouscron)
    (8000, 8999, "west-vlaanderen", False),
    (9000, 9999, "oost-vlaanderen", False),
]


def region_code_for(postcode: str) -> tuple[str, bool] | None:
    """The region code for a four-digit postcode and whether it lies outside the service area."""
    if not (len(postcode) == 4 and postcode.isdigit()):
        return None
    number = int(postcode)
    for first, last, code, outside in POSTCODE_RANGES:
        if first <= number <= last:
            return code, outside
    return None
