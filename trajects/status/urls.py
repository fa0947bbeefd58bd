"""The registrant's status page (public: /aanvraag/<token>/, /fr/aanvraag/…, /en/aanvraag/…)
and staff's button that revokes a link (POST only). Included by ``trajects.urls`` before the
registration's decisions, whose ``<slug:action>`` would take the revoke address too."""

from django.urls import path

from trajects.status import views

urlpatterns = [
    path("aanvraag/<str:token>/", views.status_page, name="status_page"),
    path(
        "staf/aanmeldingen/<str:reference>/statuslink-intrekken/",
        views.status_link_revoke,
        name="status_link_revoke",
    ),
]
