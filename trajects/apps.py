from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectsConfig(AppConfig):
    name = "trajects"
    verbose_name = _("Registrations and trajects")

    def ready(self) -> None:
        # Registers the outbox handlers for the registration e-mails.
        from trajects import notifications  # noqa: F401
