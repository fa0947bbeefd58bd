from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and regions")

    def ready(self) -> None:
        # Registers the outbox handlers, and the tasks the outbox enqueues by name.
        from django.utils.module_loading import autodiscover_modules

        from people import notifications, tasks  # noqa: F401

        # The register of personal data: people's own entries, then every app's privacy.py
        # (people.privacy.registry; for people itself that name is the package, which holds
        # the engine, so its entries live in people.privacy.declarations).
        from people.privacy import declarations  # noqa: F401

        autodiscover_modules("privacy")

        # Log-in, log-out and account changes go to the access log.
        from people.audit import receivers  # noqa: F401
