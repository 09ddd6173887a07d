"""URLs of the selection pages; included by programs/urls.py."""

from django.urls import path

from programs.views import selection as views

urlpatterns: list = [
    path("postings/", views.posting_list, name="posting-list"),
    path("postings/new/", views.posting_create, name="posting-create"),
    path("postings/<int:pk>/", views.posting_detail, name="posting-detail"),
    path("postings/<int:pk>/edit/", views.posting_edit, name="posting-edit"),
    path("postings/<int:pk>/history/", views.posting_history, name="posting-history"),
    path("postings/<int:pk>/candidates/new/", views.selection_create, name="selection-create"),
    path("selections/<int:pk>/", views.selection_detail, name="selection-detail"),
    path("selections/<int:pk>/history/", views.selection_history, name="selection-history"),
    path(
        "selections/<int:pk>/committee/new/",
        views.committee_member_add,
        name="committee-member-add",
    ),
    path("selections/<int:pk>/interviews/new/", views.interview_add, name="interview-add"),
    path("selections/<int:pk>/ratings/", views.rating_set, name="rating-set"),
    path(
        "selections/<int:pk>/participation/",
        views.selection_participation,
        name="selection-participation",
    ),
    path("selections/<int:pk>/decide/", views.selection_decide, name="selection-decide"),
    path("selections/<int:pk>/assign/", views.selection_assign, name="selection-assign"),
    path("assignments/<int:pk>/probation/", views.probation_detail, name="probation-detail"),
    path("assignments/<int:pk>/probation/start/", views.probation_start, name="probation-start"),
    path(
        "assignments/<int:pk>/probation/reviews/new/",
        views.probation_review_add,
        name="probation-review-add",
    ),
    path("assignments/<int:pk>/probation/decide/", views.probation_decide, name="probation-decide"),
    path("officers/<int:pk>/opt-out/", views.opt_out_create, name="opt-out-create"),
    path("schools/<int:pk>/sros/", views.school_sros, name="school-sros"),
]
