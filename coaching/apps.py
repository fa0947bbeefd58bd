from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching, intervision and supervision")

    def ready(self) -> None:
        # Registers the outbox handlers of the coaching e-mails, area by area.
        from coaching.dashboard import handlers as dashboard  # noqa: F401
        from coaching.portal import handlers as portal  # noqa: F401
        from coaching.sessions import handlers as sessions  # noqa: F401
        from coaching.staff import handlers as staff  # noqa: F401
