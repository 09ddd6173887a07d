"""URLs of the enrollment pages; included by programs/urls.py."""

urlpatterns: list = []
