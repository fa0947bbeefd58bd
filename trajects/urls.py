"""The staff area's registration pages (inside i18n_patterns: /staf/..., /fr/staf/..., /en/staf/...)."""

from django.urls import path

from trajects import views

app_name = "trajects"

urlpatterns = [
    path("staf/aanmeldingen/", views.RegistrationListView.as_view(), name="registration_list"),
    path(
        "staf/aanmeldingen/<str:reference>/",
        views.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
]
