"""Volunteers' training progress: staff per region, a coach for their coordinators."""

from django.urls import path

from training.volunteers import views

urlpatterns = [
    path("staf/vrijwilligers/", views.StaffVolunteerList.as_view(), name="volunteer_list"),
    path("coach/vrijwilligers/", views.CoachVolunteerList.as_view(), name="coach_volunteers"),
    path("staf/vrijwilligers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path(
        "staf/vrijwilligers/<int:pk>/afronding/",
        views.volunteer_sign_off,
        name="volunteer_sign_off",
    ),
]
