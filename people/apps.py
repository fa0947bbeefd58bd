from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and regions")

    def ready(self) -> None:
        from people import notifications  # noqa: F401 -- registers the outbox handlers
