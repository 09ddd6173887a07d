"""URLs of the program page, the community decision record (COPS-1), school-staff training and
training certificates; included by programs/urls.py."""

from django.urls import path

from programs.views import community as views

urlpatterns: list = [
    path("programs/<int:pk>/", views.program_detail, name="program-detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program-edit"),
    path("programs/<int:pk>/history/", views.program_history, name="program-history"),
    path(
        "programs/<int:pk>/requirements/new/",
        views.requirement_create,
        name="requirement-create",
    ),
    path("programs/<int:pk>/courses/new/", views.course_create, name="course-create"),
    path(
        "programs/<int:pk>/requirements/<int:req_pk>/edit/",
        views.requirement_edit,
        name="requirement-edit",
    ),
    path("programs/<int:pk>/community/", views.program_community, name="program-community"),
    path(
        "programs/<int:pk>/community/engagements/new/",
        views.engagement_create,
        name="engagement-create",
    ),
    path(
        "programs/<int:pk>/community/engagements/<int:e_pk>/attachment/",
        views.engagement_attachment,
        name="engagement-attachment",
    ),
    path(
        "programs/<int:pk>/community/decisions/new/",
        views.decision_create,
        name="decision-create",
    ),
    path(
        "programs/<int:pk>/community/decisions/<int:d_pk>/attachment/",
        views.decision_attachment,
        name="decision-attachment",
    ),
    path("programs/<int:pk>/staff-training/", views.staff_training, name="staff-training"),
    path(
        "programs/<int:pk>/staff-training/new/",
        views.staff_training_create,
        name="staff-training-create",
    ),
    path(
        "training-records/<int:pk>/certificate/",
        views.certificate_download,
        name="training-certificate",
    ),
    path(
        "training-records/<int:pk>/certificate/upload/",
        views.certificate_upload,
        name="training-certificate-upload",
    ),
]
