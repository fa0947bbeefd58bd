"""The coaching app's staff URLs (included by coaching/urls.py): coach assignments per region,
a coach's capacity and the yearly overview (/staf/coaching/...)."""

from __future__ import annotations

from django.urls import path

from coaching.staff import views

urlpatterns = [
    path("staf/coaching/", views.staff_assignments, name="staff_assignments"),
    path(
        "staf/coaching/toewijzen/<int:coordinator_id>/",
        views.staff_assign,
        name="staff_assign",
    ),
    path(
        "staf/coaching/coaches/<int:user_id>/capaciteit/",
        views.staff_capacity,
        name="staff_capacity",
    ),
    path("staf/coaching/overzicht/", views.StaffOverview.as_view(), name="staff_overview"),
]
