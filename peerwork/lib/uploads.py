"""Upload limits shared by every form that accepts files.

Use ``LimitedFileField`` in a form (or call ``validate_upload`` in a service)::

    document = LimitedFileField(label=_("Job description"), allowed=DOCUMENTS)

Files are refused with a message naming the limit: too large (``PEERWORK_UPLOAD_MAX_BYTES``
unless given), an extension not allowed, or content that does not look like the extension
claims (checked by its first bytes, not the browser's content type).
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Extension → accepted leading bytes (None: any text without NUL bytes).
DOCUMENTS: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".txt": None,
    ".csv": None,
}
IMAGES: dict[str, tuple[bytes, ...] | None] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_upload(
    upload: Any, *, allowed: dict[str, tuple[bytes, ...] | None], max_bytes: int | None = None
) -> None:
    """Raise ValidationError unless ``upload`` is small enough and of an allowed type."""
    max_bytes = max_bytes or settings.PEERWORK_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; files can be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s."),
            code="type",
            params={"types": ", ".join(sorted(allowed))},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = allowed[extension]
    looks_right = (b"\x00" not in head) if signatures is None else head.startswith(signatures)
    if not looks_right:
        raise ValidationError(
            _("This file's content does not match its %(extension)s name."),
            code="content",
            params={"extension": extension},
        )


class LimitedFileField(forms.FileField):
    def __init__(
        self,
        *args: Any,
        allowed: dict[str, tuple[bytes, ...] | None] = DOCUMENTS,
        max_bytes: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.allowed = allowed
        self.max_bytes = max_bytes
        kwargs.setdefault(
            "help_text",
            _("Up to %(limit)s; %(types)s.")
            % {
                "limit": filesizeformat(max_bytes or settings.PEERWORK_UPLOAD_MAX_BYTES),
                "types": ", ".join(sorted(allowed)),
            },
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(sorted(allowed)))

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            validate_upload(upload, allowed=self.allowed, max_bytes=self.max_bytes)
        return upload


# --- Compressed documents (.docx, .xlsx, .odt are zip files) -------------------------------

ZIP_READ_CHUNK = 64 * 1024


def _zip_refused(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "This document unpacks to more than %(limit)s, which is more than any transcript "
            "or form needs. Split it into smaller documents, or save it as plain text (.txt)."
        ),
        code="unpacks_too_large",
        params={"limit": filesizeformat(limit)},
    )


def check_zip_bounds(content: bytes, *, max_bytes: int) -> None:
    """Refuse a zip file (a .docx, .xlsx or .odt) that unpacks to more than ``max_bytes``.

    A 65 KB Word document can hold hundreds of megabytes of text. The zip's directory is checked
    first (no entry, and not all entries together, may claim more than ``max_bytes``); then
    every entry is unpacked in chunks that are counted and thrown away (the directory can lie),
    stopping as soon as the total passes the limit. Only a file that passes is handed to a
    parser that holds it in memory. Raises ``ValidationError`` (too large, or not a readable
    zip) with a message for the person uploading.
    """
    import zipfile
    import zlib

    unreadable = ValidationError(
        _("This is not a readable document (the file is damaged or not of its type)."),
        code="bad_zip",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    if any(entry.file_size > max_bytes for entry in entries) or (
        sum(entry.file_size for entry in entries) > max_bytes
    ):
        raise _zip_refused(max_bytes)
    unpacked = 0
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                while chunk := stream.read(ZIP_READ_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > max_bytes:
                        raise _zip_refused(max_bytes)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        # RuntimeError: an encrypted entry.
        raise unreadable from None
