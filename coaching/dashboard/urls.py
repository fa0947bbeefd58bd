"""The coaching app's dashboard URLs (included by coaching/urls.py): the coach's home, the
contact log and the weekly digest setting."""

from __future__ import annotations

from django.urls import path

from coaching.dashboard import views

urlpatterns = [
    path("coach/", views.dashboard, name="dashboard"),
    path(
        "coach/contacten/nieuw/",
        views.dashboard_contact_create,
        name="dashboard_contact_create",
    ),
    path("coach/instellingen/", views.dashboard_settings, name="dashboard_settings"),
]
