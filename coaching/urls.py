"""The coaching app's pages (inside i18n_patterns): the coach's dashboard and sessions
(/coach/...), the coordinator's coaching part of the portal (/portaal/coaching/...), the calendar
feeds (/agenda/...) and the staff's coach assignments and figures (/staf/coaching/...).

Each area keeps its own URLs; this module only joins them under one namespace."""

from __future__ import annotations

from django.urls import include, path

app_name = "coaching"

urlpatterns = [
    path("", include("coaching.dashboard.urls")),
    path("", include("coaching.sessions.urls")),
    path("", include("coaching.portal.urls")),
    path("", include("coaching.staff.urls")),
]
