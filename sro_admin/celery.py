"""The Celery application. Tasks live in each app's tasks.py and stay thin (STYLE.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro_admin.settings.dev")

app = Celery("sro_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
