"""The coaching app's sessions URLs (included by coaching/urls.py): the facilitator's pages."""

from __future__ import annotations

from django.urls import path

from coaching.sessions import views

urlpatterns = [
    path("coach/sessies/", views.session_list, name="session_list"),
    path("coach/sessies/nieuw/", views.session_create, name="session_create"),
    path("coach/sessies/<int:pk>/", views.session_detail, name="session_detail"),
    path("coach/sessies/<int:pk>/bewerken/", views.session_update, name="session_update"),
    path("coach/sessies/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"),
    path(
        "coach/sessies/<int:pk>/aanwezigheid/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("coach/sessies/<int:pk>/samenvatting/", views.session_summary, name="session_summary"),
    path("coach/sessies/<int:pk>/notitie/", views.session_note, name="session_note"),
    path("coach/sessies/<int:pk>/agenda.ics", views.session_ics, name="session_ics"),
]
