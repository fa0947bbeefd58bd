from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Recruitment and training")

    def ready(self) -> None:
        from training import notifications  # noqa: F401 -- registers the outbox handlers
