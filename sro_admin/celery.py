"""The Celery application. Tasks live in each app's tasks.py and stay thin (STYLE.md)."""

import os

from celery import Celery

# Like wsgi.py: a server started without DJANGO_SETTINGS_MODULE gets the safe settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro_admin.settings.production")

app = Celery("sro_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
