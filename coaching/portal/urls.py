"""The coaching app's portal URLs (included by coaching/urls.py): the coordinator's coaching
part of the portal, and the personal calendar feed (public: its token is the key)."""

from __future__ import annotations

from django.urls import path

from coaching.portal import views

urlpatterns = [
    path("portaal/coaching/", views.portal, name="portal"),
    path("portaal/coaching/sessies/<int:pk>/antwoord/", views.portal_reply, name="portal_reply"),
    path(
        "portaal/coaching/sessies/<int:pk>/agenda.ics",
        views.portal_session_ics,
        name="portal_session_ics",
    ),
    path("portaal/coaching/agenda/", views.portal_feed, name="portal_feed"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
