"""URLs of officers and their assignments; included by programs/urls.py."""

from django.urls import path

from programs.views import officers as views

urlpatterns: list = [
    path("officers/", views.officer_list, name="officer-list"),
    path("officers/new/", views.officer_create, name="officer-create"),
    path("officers/<int:pk>/", views.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/edit/", views.officer_edit, name="officer-edit"),
    path("officers/<int:pk>/history/", views.officer_history, name="officer-history"),
    path(
        "officers/<int:pk>/assignments/",
        views.officer_assignment_list,
        name="officer-assignments",
    ),
    path("officers/<int:pk>/assignments/new/", views.assignment_create, name="assignment-create"),
]
