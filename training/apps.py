from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Recruitment and training")

    def ready(self) -> None:
        # Imported here, once the app registry is ready (Django's rule for signal receivers and
        # anything that imports models): registers the outbox handlers (application e-mails, a
        # place on a training day, reminders) and connects the certificates to the learning
        # area's signals.
        from training import languages
        from training.certificates import receivers, reminders  # noqa: F401
        from training.days import services as days_services  # noqa: F401
        from training.recruitment import services as recruitment_services  # noqa: F401

        receivers.connect()
        languages.connect()
