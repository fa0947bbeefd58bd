"""Intake pages that are not about one registration yet (before ``<str:reference>``)."""

from django.urls import path

from trajects.intake import views

urlpatterns = [
    path(
        "staf/aanmeldingen/telefonisch/",
        views.registration_phone,
        name="registration_phone",
    ),
]
