"""URLs of the home page and of districts, schools and agencies; included by
programs/urls.py."""

from django.urls import path

from programs.views import tenants as views

urlpatterns: list = [
    path("", views.home, name="home"),
    path("districts/", views.district_list, name="district-list"),
    path("districts/<int:pk>/", views.district_detail, name="district-detail"),
    path("districts/<int:pk>/edit/", views.district_edit, name="district-edit"),
    path("districts/<int:pk>/history/", views.district_history, name="district-history"),
    path("schools/<int:pk>/", views.school_detail, name="school-detail"),
    path("schools/<int:pk>/edit/", views.school_edit, name="school-edit"),
    path("schools/<int:pk>/history/", views.school_history, name="school-history"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency-edit"),
    path("agencies/<int:pk>/history/", views.agency_history, name="agency-history"),
]
