"""Training days: the volunteer's side, then the trainer's and staff's."""

from django.urls import path

from training.days import views

urlpatterns = [
    path("portaal/opleidingsdagen/", views.training_day_list, name="training_day_list"),
    path(
        "portaal/opleidingsdagen/<int:pk>/", views.training_day_detail, name="training_day_detail"
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/inschrijven/",
        views.training_day_enrol,
        name="training_day_enrol",
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/uitschrijven/",
        views.training_day_cancel,
        name="training_day_cancel",
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/agenda.ics",
        views.training_day_ics,
        name="training_day_ics",
    ),
    path(
        "staf/opleidingsdagen/", views.TrainingDayManageList.as_view(), name="training_day_manage"
    ),
    path("staf/opleidingsdagen/nieuw/", views.training_day_create, name="training_day_create"),
    path(
        "staf/opleidingsdagen/<int:pk>/bewerken/",
        views.training_day_update,
        name="training_day_update",
    ),
    path(
        "staf/opleidingsdagen/<int:pk>/aanwezigheid/",
        views.training_day_attendance,
        name="training_day_attendance",
    ),
]
