"""The coordinator's workspace in the portal (inside i18n_patterns: /portaal/trajecten/...)."""

from django.urls import path

from trajects.matching import views as matching
from trajects.workspace import views

urlpatterns = [
    path("portaal/trajecten/", views.workspace_list, name="workspace_list"),
    path(
        "portaal/trajecten/beschikbaarheid/",
        views.availability_save,
        name="availability_save",
    ),
    path(
        "portaal/trajecten/voorstel/<int:pk>/",
        matching.proposal_answer,
        name="proposal_answer",
    ),
    path("portaal/trajecten/<str:reference>/", views.workspace_detail, name="workspace_detail"),
    # One address per section's form (views.SECTIONS), one per participant's next state, and
    # the plan's document (never under /media/).
    path(
        "portaal/trajecten/<str:reference>/plan/document/",
        views.plan_document,
        name="workspace_plan_document",
    ),
    path(
        "portaal/trajecten/<str:reference>/deelnemers/<int:pk>/",
        views.participant_state,
        name="workspace_participant_state",
    ),
    path(
        "portaal/trajecten/<str:reference>/<slug:section>/",
        views.workspace_section,
        name="workspace_section",
    ),
]
