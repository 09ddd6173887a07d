"""URLs of training: the compliance grid and the CSV import, an officer's training records and
certificates, a program's requirements and courses, and school-staff training; included by
programs/urls.py."""

from django.urls import path

from programs.views import training as views

urlpatterns: list = [
    path(
        "officers/<int:pk>/training/new/",
        views.training_record_create,
        name="training-record-create",
    ),
    path("training/", views.training_grid, name="training-grid"),
    path("training/import/", views.training_import, name="training-import"),
    path(
        "training/import/template.csv",
        views.training_import_template,
        name="training-import-template",
    ),
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
    path("programs/<int:pk>/staff-training/", views.staff_training, name="staff-training"),
    path(
        "programs/<int:pk>/staff-training/schools/",
        views.staff_training_schools,
        name="staff-training-schools",
    ),
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
