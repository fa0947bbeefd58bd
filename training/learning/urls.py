"""The e-learning's actions (lessons themselves are Wagtail pages)."""

from django.urls import path

from training.learning import views

urlpatterns = [
    path("portaal/lessen/<int:pk>/voltooien/", views.lesson_complete, name="lesson_complete"),
    path("portaal/lessen/<int:pk>/quiz/<str:block_id>/", views.quiz_submit, name="quiz_submit"),
    path(
        "portaal/lessen/<int:pk>/reflectie/<str:block_id>/",
        views.reflection_save,
        name="reflection_save",
    ),
    path("portaal/pogingen/<int:pk>/", views.quiz_attempt_detail, name="quiz_attempt"),
]
