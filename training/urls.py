"""The training app's pages outside Wagtail (inside ``i18n_patterns``): the volunteer portal,
lesson actions, training days, certificates and their public verification, and the staff's and
coaches' pages for applications and volunteers."""

from django.urls import path

from training.views import certificates, learning, portal, recruitment, volunteers

app_name = "training"

urlpatterns = [
    # The volunteer portal and the e-learning's actions (lessons themselves are Wagtail pages).
    path("portaal/", learning.portal_home, name="portal"),
    path("portaal/lessen/<int:pk>/voltooien/", learning.lesson_complete, name="lesson_complete"),
    path("portaal/lessen/<int:pk>/quiz/<str:block_id>/", learning.quiz_submit, name="quiz_submit"),
    path(
        "portaal/lessen/<int:pk>/reflectie/<str:block_id>/",
        learning.reflection_save,
        name="reflection_save",
    ),
    path("portaal/pogingen/<int:pk>/", learning.quiz_attempt_detail, name="quiz_attempt"),
    # Training days: the volunteer's side, then the trainer's and staff's.
    path("portaal/opleidingsdagen/", portal.training_day_list, name="training_day_list"),
    path(
        "portaal/opleidingsdagen/<int:pk>/", portal.training_day_detail, name="training_day_detail"
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/inschrijven/",
        portal.training_day_enrol,
        name="training_day_enrol",
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/uitschrijven/",
        portal.training_day_cancel,
        name="training_day_cancel",
    ),
    path(
        "portaal/opleidingsdagen/<int:pk>/agenda.ics",
        portal.training_day_ics,
        name="training_day_ics",
    ),
    path(
        "staf/opleidingsdagen/", portal.TrainingDayManageList.as_view(), name="training_day_manage"
    ),
    path("staf/opleidingsdagen/nieuw/", portal.training_day_create, name="training_day_create"),
    path(
        "staf/opleidingsdagen/<int:pk>/bewerken/",
        portal.training_day_update,
        name="training_day_update",
    ),
    path(
        "staf/opleidingsdagen/<int:pk>/aanwezigheid/",
        portal.training_day_attendance,
        name="training_day_attendance",
    ),
    # Certificates: the holder's PDF, staff's revoking, and the public verification.
    path(
        "portaal/certificaten/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"
    ),
    path(
        "staf/certificaten/<int:pk>/intrekken/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path("certificaat/", certificates.certificate_lookup, name="certificate_lookup"),
    path("certificaat/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
    # Recruitment pipeline (staff).
    path("staf/kandidaten/", recruitment.ApplicationListView.as_view(), name="application_list"),
    path(
        "staf/kandidaten/<int:pk>/",
        recruitment.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "staf/kandidaten/<int:pk>/stap/",
        recruitment.application_step,
        name="application_step",
    ),
    path(
        "staf/kandidaten/<int:pk>/account/",
        recruitment.application_make_volunteer,
        name="application_make_volunteer",
    ),
    # Volunteers' training progress: staff per region, a coach for their coordinators.
    path("staf/vrijwilligers/", volunteers.StaffVolunteerList.as_view(), name="volunteer_list"),
    path("coach/vrijwilligers/", volunteers.CoachVolunteerList.as_view(), name="coach_volunteers"),
    path("staf/vrijwilligers/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path(
        "staf/vrijwilligers/<int:pk>/afronding/",
        volunteers.volunteer_sign_off,
        name="volunteer_sign_off",
    ),
]
