from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/progress/", views.report_progress, name="report-progress"),
    path("<int:pk>/download/", views.report_download, name="report-download"),
]
