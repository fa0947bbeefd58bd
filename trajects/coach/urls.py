"""The coach's read-only view of the trajects of the coordinators assigned to them (/coach/...)."""

from django.urls import path

from trajects.coach import views

urlpatterns = [
    path("coach/trajecten/", views.coach_traject_list, name="coach_traject_list"),
    path(
        "coach/trajecten/<str:reference>/",
        views.coach_traject_detail,
        name="coach_traject_detail",
    ),
    path(
        "coach/trajecten/<str:reference>/aftekenen/",
        views.coach_traject_sign_off,
        name="coach_traject_sign_off",
    ),
]
