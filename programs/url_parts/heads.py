"""URLs of the heads and delegates who sign MOUs (NASRO-DISC); included by programs/urls.py."""

from django.urls import path

from programs.views import heads as views

urlpatterns: list = [
    path("districts/<int:pk>/heads/new/", views.district_head_create, name="district-head-create"),
    path("agencies/<int:pk>/heads/new/", views.agency_head_create, name="agency-head-create"),
    path("heads/<int:pk>/edit/", views.head_edit, name="head-edit"),
]
