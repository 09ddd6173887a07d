"""Project configuration and the few cross-app pieces (user model, audit wiring, errors)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
