"""The recruitment pipeline (staff), and the applicant's own deletion page. The public form is
the recruitment page (Wagtail)."""

from django.urls import path

from training.recruitment import views

urlpatterns = [
    path("staf/kandidaten/", views.ApplicationListView.as_view(), name="application_list"),
    path(
        "staf/kandidaten/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path("staf/kandidaten/<int:pk>/stap/", views.application_step, name="application_step"),
    path(
        "staf/kandidaten/<int:pk>/account/",
        views.application_make_volunteer,
        name="application_make_volunteer",
    ),
    # The applicant's "delete my application" link (a signed token, see services).
    path(
        "vrijwilliger-worden/verwijderen/<str:token>/",
        views.application_delete,
        name="application_delete",
    ),
]
