"""An upload waiting for its confirmation (programs/uploads/pages.py)."""

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """A checked file and the choices that go with it, between the preview and the confirm.

    Kept in PostgreSQL, not in the page cache: the cache may evict keys under memory
    pressure or be down (docs/operations.md), and an upload must not be lost between two
    clicks. Not audited: the import's own save is; this row is deleted when the upload is
    confirmed or expires."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=100)  # the import page it belongs to
    content = models.BinaryField()
    params = models.JSONField(default=dict)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.scope} ({self.expires_at:%Y-%m-%d %H:%M})"
