"""The access log's search, for administrators (inside i18n_patterns: /staf/toegangslog/)."""

from django.urls import path

from people.audit import views

app_name = "audit"

urlpatterns = [
    path("staf/toegangslog/", views.AccessLogView.as_view(), name="access_log"),
]
