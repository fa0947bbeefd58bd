"""The volunteer portal's home."""

from django.urls import path

from training.portal import views

urlpatterns = [
    path("portaal/", views.portal_home, name="portal"),
]
