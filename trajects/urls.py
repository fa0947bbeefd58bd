"""The staff area's registration and traject pages (inside i18n_patterns: /staf/...,
/fr/staf/..., /en/staf/...)."""

from django.urls import path

from trajects import views
from trajects.intake import views as intake
from trajects.traject import views as traject

app_name = "trajects"

urlpatterns = [
    path("staf/aanmeldingen/", views.RegistrationListView.as_view(), name="registration_list"),
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
        "staf/trajecten/<str:reference>/<slug:action>/",
        traject.traject_move,
        name="traject_move",
    ),
]
