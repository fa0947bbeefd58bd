"""Certificates: the holder's PDF, staff's revoking, and the public verification."""

from django.urls import path

from training.certificates import views

urlpatterns = [
    path("portaal/certificaten/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "staf/certificaten/<int:pk>/intrekken/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("certificaat/", views.certificate_lookup, name="certificate_lookup"),
    path("certificaat/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
