"""URLs of the MOU pages for signed-in users (the public ones are in public_urls.py)."""

from django.urls import path

from mous import views

urlpatterns = [
    path("mous/", views.mou_list, name="mou-list"),
    path("mous/new/", views.mou_create, name="mou-create"),
    path("mous/<int:pk>/", views.mou_detail, name="mou-detail"),
    path("mous/<int:pk>/edit/", views.mou_edit, name="mou-edit"),
    path("mous/<int:pk>/history/", views.mou_history, name="mou-history"),
    path("mous/<int:pk>/versions/new/", views.version_new, name="mou-version-new"),
    path("mous/<int:pk>/input/new/", views.input_create, name="mou-input-create"),
    path("mous/<int:pk>/reviews/new/", views.review_create, name="mou-review-create"),
    path("mou-versions/<int:pk>/", views.version_detail, name="mou-version-detail"),
    path("mou-versions/<int:pk>/edit/", views.version_edit, name="mou-version-edit"),
    path("mou-versions/<int:pk>/history/", views.version_history, name="mou-version-history"),
    path("mou-versions/<int:pk>/changes/", views.version_diff, name="mou-version-diff"),
    path("mou-versions/<int:pk>/submit/", views.version_submit, name="mou-version-submit"),
    path("mou-versions/<int:pk>/reopen/", views.version_return, name="mou-version-return"),
    path("mou-versions/<int:pk>/execute/", views.version_execute, name="mou-version-execute"),
    path("mou-versions/<int:pk>/sign/", views.version_sign, name="mou-version-sign"),
    path(
        "mou-versions/<int:pk>/signatures/new/",
        views.signature_record,
        name="mou-signature-record",
    ),
    path(
        "mou-versions/<int:pk>/signatures/<int:sig_pk>/confirm/",
        views.signature_confirm,
        name="mou-signature-confirm",
    ),
    path(
        "mou-versions/<int:pk>/signed-copy/",
        views.signed_copy_download,
        name="mou-signed-copy",
    ),
    path(
        "mou-versions/<int:pk>/signed-copy/upload/",
        views.signed_copy_upload,
        name="mou-signed-copy-upload",
    ),
    path("mou-versions/<int:pk>/sections/new/", views.section_create, name="mou-section-create"),
    path(
        "mou-versions/<int:pk>/sections/<int:s_pk>/edit/",
        views.section_edit,
        name="mou-section-edit",
    ),
    path(
        "mou-versions/<int:pk>/sections/<int:s_pk>/delete/",
        views.section_delete,
        name="mou-section-delete",
    ),
    path(
        "mou-versions/<int:pk>/sections/<int:s_pk>/move/",
        views.section_move,
        name="mou-section-move",
    ),
]
