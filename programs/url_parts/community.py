"""URLs of the community decision record (COPS-1); included by programs/urls.py."""

from django.urls import path

from programs.views import community as views

urlpatterns: list = [
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
]
