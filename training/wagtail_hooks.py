"""The training app in Wagtail's admin: tracks as snippets (staff with admin access define them
there), and the rules that keep the training content private."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from training.models import Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "list-ol"
    menu_label = _("Tracks")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "code", "required_training_days", "validity_months", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


register_snippet(TrackViewSet)
