"""The roles a person can have in Kring. Each role is a Django group of the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (volunteer)")
    COACH = "coach", _("Coach")
    REGIONAL_STAFF = "regional_staff", _("Regional staff member")
    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work with personal data of families and volunteers.
CASE_ROLES = frozenset({Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF})
# Roles that may open the Wagtail admin (content only, never personal data).
CMS_ROLES = frozenset({Role.EDITOR, Role.ADMINISTRATOR})
