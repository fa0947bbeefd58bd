"""The staff area's pages for volunteer applications (inside ``i18n_patterns``)."""

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("staf/kandidaten/", views.ApplicationListView.as_view(), name="application_list"),
    path(
        "staf/kandidaten/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
]
