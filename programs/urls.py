from django.urls import path

from programs.url_parts import community, enrollment, heads, selection
from programs.views import officers, training
from programs.views import tenants as views

urlpatterns = [
    path("", views.home, name="home"),
    path("districts/<int:pk>/", views.district_detail, name="district-detail"),
    path("districts/<int:pk>/edit/", views.district_edit, name="district-edit"),
    path("districts/<int:pk>/history/", views.district_history, name="district-history"),
    path("schools/<int:pk>/", views.school_detail, name="school-detail"),
    path("schools/<int:pk>/edit/", views.school_edit, name="school-edit"),
    path("schools/<int:pk>/history/", views.school_history, name="school-history"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency-edit"),
    path("agencies/<int:pk>/history/", views.agency_history, name="agency-history"),
    path("officers/", officers.officer_list, name="officer-list"),
    path("officers/new/", officers.officer_create, name="officer-create"),
    path("officers/<int:pk>/", officers.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/edit/", officers.officer_edit, name="officer-edit"),
    path("officers/<int:pk>/history/", officers.officer_history, name="officer-history"),
    path(
        "officers/<int:pk>/assignments/new/", officers.assignment_create, name="assignment-create"
    ),
    path(
        "officers/<int:pk>/training/new/",
        officers.training_record_create,
        name="training-record-create",
    ),
    path("training/", training.training_grid, name="training-grid"),
    path("training/import/", training.training_import, name="training-import"),
    path(
        "training/import/template.csv",
        training.training_import_template,
        name="training-import-template",
    ),
]

# Each subject's pages keep their own list (programs/url_parts/).
urlpatterns += (
    enrollment.urlpatterns + selection.urlpatterns + community.urlpatterns + heads.urlpatterns
)
