"""URLs of the enrollment pages; included by programs/urls.py."""

from django.urls import path

from programs.views import enrollment as views

urlpatterns: list = [
    path("schools/<int:pk>/enrollment/", views.school_enrollment, name="school-enrollment"),
    path(
        "schools/<int:pk>/enrollment/new/",
        views.school_enrollment_create,
        name="school-enrollment-create",
    ),
    path(
        "schools/<int:pk>/enrollment/<int:year>/",
        views.school_enrollment_year,
        name="school-enrollment-year",
    ),
    path(
        "schools/<int:pk>/enrollment/<int:year>/history/",
        views.school_enrollment_history,
        name="school-enrollment-history",
    ),
    path(
        "schools/<int:pk>/enrollment/<int:year>/edit/",
        views.school_enrollment_edit,
        name="school-enrollment-edit",
    ),
    path("schools/<int:pk>/profile/", views.school_profile, name="school-profile"),
    path(
        "schools/<int:pk>/profile/<int:year>/edit/",
        views.school_profile_edit,
        name="school-profile-edit",
    ),
    path(
        "districts/<int:pk>/enrollment/import/",
        views.district_enrollment_import,
        name="district-enrollment-import",
    ),
    path("districts/<int:pk>/staffing/", views.district_staffing, name="district-staffing"),
]
