"""URLs of the community pages; included by programs/urls.py."""

urlpatterns: list = []
