"""The training app's pages outside Wagtail (inside ``i18n_patterns``), namespace ``training``:
each area's own URLs."""

from django.urls import include, path

app_name = "training"

urlpatterns = [
    # The volunteer portal and the e-learning's actions (lessons themselves are Wagtail pages).
    path("", include("training.portal.urls")),
    path("", include("training.learning.urls")),
    # Training days: the volunteer's side, then the trainer's and staff's.
    path("", include("training.days.urls")),
    # Certificates: the holder's PDF, staff's revoking, and the public verification.
    path("", include("training.certificates.urls")),
    # Recruitment pipeline (staff).
    path("", include("training.recruitment.urls")),
    # Volunteers' training progress: staff per region, a coach for their coordinators.
    path("", include("training.volunteers.urls")),
]
