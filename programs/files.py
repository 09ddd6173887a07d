"""Uploaded evidence: community-engagement and decision attachments (COPS-1) and training
certificates (COPS-8).

A file is accepted by what it is, not by what it is called: its first bytes must be those of a
PDF, a PNG or a JPEG image, whatever its name or the type the browser declared. It is stored
under a name we make (a random id and the extension of what it is), in the default storage
under MEDIA_ROOT. Stored files are private: no URL serves MEDIA_URL; only views that check
access hand them out, as downloads (`file_response`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from sro_admin.errors import RuleViolation

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    magic: bytes
    content_type: str
    extension: str


KINDS = (
    FileKind(b"%PDF-", "application/pdf", "pdf"),
    FileKind(b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    FileKind(b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
HEAD_BYTES = max(len(k.magic) for k in KINDS)


def kind_of(head: bytes) -> FileKind | None:
    """The kind of file whose first bytes are `head`, or None if it is none we accept."""
    return next((k for k in KINDS if head.startswith(k.magic)), None)


def _head(file: File) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def upload_check(upload: File, *, field: str) -> FileKind:
    """Refuse anything but a PDF, PNG or JPEG of at most 5 MB; say which rule it broke."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise RuleViolation(_("The file is larger than 5 MB."), field=field)
    kind = kind_of(_head(upload))
    if kind is None:
        raise RuleViolation(_("The file must be a PDF, PNG or JPEG image."), field=field)
    return kind


def upload_store(field_file: FieldFile, upload: File, *, field: str) -> None:
    """Check `upload` and put it in `field_file` under a name of our making (the caller saves
    the row). The uploader's file name is never used: it may say .pdf of an executable."""
    kind = upload_check(upload, field=field)
    field_file.save(f"{uuid.uuid4().hex}.{kind.extension}", upload, save=False)


def file_response(field_file: FieldFile, *, filename: str) -> FileResponse:
    """A stored file as a download, with the content type its bytes show (no sniffing by the
    browser: SecurityMiddleware sends nosniff). `filename` has no extension; we add it."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    kind = kind_of(_head(handle))
    if kind is None:  # not stored by upload_store: never hand it out as something it is not
        handle.close()
        raise Http404
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.{kind.extension}",
        content_type=kind.content_type,
    )
