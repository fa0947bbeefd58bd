from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Recruitment and training")

    def ready(self) -> None:
        # Register the outbox handlers (application e-mails, reminders, a place on a training day).
        from training import notifications, reminders, training_days  # noqa: F401
