"""The Celery application. Tasks live in each app's tasks.py and stay thin (STYLE.md).

No default DJANGO_SETTINGS_MODULE here: a worker started without one refuses to start rather
than guess (this module is imported by every process, `make run`'s runner included).
"""

from celery import Celery

app = Celery("sro_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
