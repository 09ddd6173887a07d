"""The Celery application. Tasks live in each app's tasks.py and stay thin (STYLE.md).

No default DJANGO_SETTINGS_MODULE here: a worker started without one refuses to start rather
than guess (this module is imported by every process, `make run`'s runner included).
"""

import os
from pathlib import Path

from celery import Celery
from celery.signals import beat_init, worker_ready

app = Celery("sro_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _say_ready(name: str) -> None:
    # `make run` (sro_admin/run.py) prints the address only once the worker and beat have
    # touched these files in the directory it gives them; elsewhere nothing is written.
    directory = os.environ.get("SRO_READY_DIR")
    if directory:
        Path(directory, f"{name}.ready").touch()


@worker_ready.connect
def _worker_ready(**_kwargs) -> None:
    _say_ready("worker")


@beat_init.connect
def _beat_ready(**_kwargs) -> None:
    _say_ready("beat")
