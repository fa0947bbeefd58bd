"""The staff's privacy pages (inside i18n_patterns: /staf/privacy/..., /fr/..., /en/...)."""

from django.urls import path

from people.privacy import views

app_name = "privacy"

urlpatterns = [
    path("staf/privacy/", views.privacy_home, name="home"),
    path("staf/privacy/bewaartermijnen/", views.retention, name="retention"),
    path(
        "staf/privacy/verzoeken/<int:request_id>/bevestigen/",
        views.erasure_confirm,
        name="erasure_confirm",
    ),
    path(
        "staf/privacy/verzoeken/<int:request_id>/annuleren/",
        views.erasure_cancel,
        name="erasure_cancel",
    ),
    path("staf/privacy/<slug:kind>/<int:pk>/", views.subject_detail, name="subject"),
    path(
        "staf/privacy/<slug:kind>/<int:pk>/export.json",
        views.subject_export_json,
        name="subject_export_json",
    ),
    path(
        "staf/privacy/<slug:kind>/<int:pk>/export/",
        views.subject_export_page,
        name="subject_export_page",
    ),
    path("staf/privacy/<slug:kind>/<int:pk>/wissen/", views.subject_erase, name="subject_erase"),
]
