"""The training app in Wagtail's admin: tracks as snippets (staff with admin access define them
there), and the rules that keep the training content private."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from training.learning.models import Track
from training.learning.pages import TrainingIndexPage
from training.learning.services import training_index_protect


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


# The training is for logged-in members only: a log-in view restriction on the index keeps the
# whole tree out of Wagtail's public() lists (site search, sitemap), whatever editors do.
@hooks.register("after_create_page")
def protect_training_index_after_create(request, page):
    if isinstance(page.specific, TrainingIndexPage):
        training_index_protect(page)


@hooks.register("after_publish_page")
def protect_training_index_after_publish(request, page):
    if isinstance(page.specific, TrainingIndexPage):
        training_index_protect(page)


def _protect_on_publish(sender, instance, **kwargs):
    """Also when a translation is published outside the page editor (wagtail-localize)."""
    training_index_protect(instance)


page_published.connect(
    _protect_on_publish, sender=TrainingIndexPage, dispatch_uid="training_index_protect"
)
