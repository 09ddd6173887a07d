"""URLs of the selection pages; included by programs/urls.py."""

urlpatterns: list = []
