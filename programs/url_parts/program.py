"""URLs of the program page: its record and settings; included by programs/urls.py."""

from django.urls import path

from programs.views import program as views

urlpatterns: list = [
    path("programs/<int:pk>/", views.program_detail, name="program-detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program-edit"),
    path("programs/<int:pk>/history/", views.program_history, name="program-history"),
]
