"""The staff's dashboard and figures (inside i18n_patterns: /staf/, /fr/staf/, /en/staf/...)."""

from django.urls import path

from trajects.figures import views

urlpatterns = [
    path("staf/", views.DashboardView.as_view(), name="dashboard"),
    path("staf/rapport/", views.FiguresView.as_view(), name="figures"),
]
