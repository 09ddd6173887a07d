"""The public transparency pages, under /transparency/ (no sign-in)."""

from django.urls import path

from mous import public_views

urlpatterns = [
    path("", public_views.index, name="transparency-index"),
    path("<slug:slug>/", public_views.district_page, name="transparency-district"),
    path("<slug:slug>/mous/<int:pk>/", public_views.mou_page, name="transparency-mou"),
    path("<slug:slug>/mous/<int:pk>/pdf/", public_views.mou_pdf, name="transparency-mou-pdf"),
    path(
        "<slug:slug>/mous/<int:pk>/signed-copy/",
        public_views.mou_signed_copy,
        name="transparency-mou-signed-copy",
    ),
    path(
        "<slug:slug>/mous/<int:pk>/versions/<int:number>/",
        public_views.version_page,
        name="transparency-mou-version",
    ),
    path("<slug:slug>/feedback/", public_views.feedback_page, name="transparency-feedback"),
]
