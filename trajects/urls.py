"""The staff area's registration and traject pages (inside i18n_patterns: /staf/...,
/fr/staf/..., /en/staf/...) and the coordinator's workspace in the portal (/portaal/...)."""

from django.urls import include, path

from trajects import views
from trajects.intake import views as intake
from trajects.matching import views as matching
from trajects.traject import views as traject

app_name = "trajects"

urlpatterns = [
    # The registrant's status page and revoking its link (before the decisions' <slug:action>).
    path("", include("trajects.status.urls")),
    path("staf/aanmeldingen/", views.RegistrationListView.as_view(), name="registration_list"),
    # Recording a phone registration (before ``<str:reference>``).
    path("", include("trajects.intake.urls")),
    path(
        "staf/aanmeldingen/<str:reference>/",
        views.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
    path(
        "staf/aanmeldingen/<str:reference>/<slug:action>/",
        intake.registration_decide,
        name="registration_decide",
    ),
    path("staf/trajecten/", traject.TrajectListView.as_view(), name="traject_list"),
    path(
        "staf/trajecten/<str:reference>/",
        traject.TrajectDetailView.as_view(),
        name="traject_detail",
    ),
    path(
        "staf/trajecten/<str:reference>/koppelen/",
        matching.traject_match,
        name="traject_match",
    ),
    path(
        "staf/trajecten/<str:reference>/<slug:action>/",
        traject.traject_move,
        name="traject_move",
    ),
    # The coordinator's workspace in the portal.
    path("", include("trajects.workspace.urls")),
    # The coach's read-only view of their coordinators' trajects.
    path("", include("trajects.coach.urls")),
    # The staff's dashboard (/staf/) and figures (/staf/rapport/).
    path("", include("trajects.figures.urls")),
]
