"""Limits hold before the work: a zip bomb of a .docx is refused while it is being unpacked,
and an oversized request body is refused before it is read, signed in or not."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers import wsgi
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from qualitative.models import Source
from tests.qualitative.factories import ResearchProjectFactory

pytestmark = pytest.mark.django_db

THIRTY_MB = 30 * 1024 * 1024


def _docx_bomb(characters: int) -> bytes:
    """A real Word document whose one paragraph holds ``characters`` letters (compresses ~500×)."""
    from docx import Document

    document = Document()
    document.add_paragraph("seed")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = content.replace(b">seed<", b">" + b"a" * characters + b"<")
            target.writestr(entry.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    return bomb.getvalue()


def _lying_directory(content: bytes) -> bytes:
    """The same zip with every entry's declared unpacked size rewritten to 1 byte."""
    data = bytearray(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    for entry in archive.infolist():
        # Local header: uncompressed size at offset 22; central directory entry: offset 24.
        data[entry.header_offset + 22 : entry.header_offset + 26] = (1).to_bytes(4, "little")
    start = data.rfind(b"PK\x05\x06")
    directory = int.from_bytes(data[start + 16 : start + 20], "little")
    position = directory
    while data[position : position + 4] == b"PK\x01\x02":
        data[position + 24 : position + 28] = (1).to_bytes(4, "little")
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        extra = int.from_bytes(data[position + 30 : position + 32], "little")
        comment = int.from_bytes(data[position + 32 : position + 34], "little")
        position += 46 + name_length + extra + comment
    return bytes(data)


def _add_source(client, initiative, upload):
    project = ResearchProjectFactory()
    return client.post(
        reverse("qualitative:source-add", args=[project.public_id]),
        {
            "title": "Interview 7",
            "initiative": initiative.pk,
            "interviewee_group": "manager",
            "interviewed_on": "2014-03-02",
            "wave": "2",
            "kind": "transcript",
            "upload": upload,
        },
    )


def test_a_small_docx_holding_30_mb_of_text_is_refused_with_a_clear_message(
    secure_client_for, researcher, initiative_a
):
    bomb = _docx_bomb(30_000_000)
    assert len(bomb) < 100_000  # the file itself is small: only unpacking shows its size

    response = _add_source(
        secure_client_for(researcher), initiative_a, SimpleUploadedFile("interview.docx", bomb)
    )

    assert response.status_code == 200
    assert "This document unpacks to more than 20.0\xa0MB" in response.content.decode()
    assert not Source.objects.exists()


def test_a_docx_whose_directory_understates_its_size_is_refused_while_unpacking(
    secure_client_for, researcher, initiative_a
):
    liar = _lying_directory(_docx_bomb(30_000_000))
    assert all(entry.file_size == 1 for entry in zipfile.ZipFile(io.BytesIO(liar)).infolist())

    response = _add_source(
        secure_client_for(researcher), initiative_a, SimpleUploadedFile("interview.docx", liar)
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "unpacks to more than" in body or "not a readable Word (.docx) document" in body
    assert not Source.objects.exists()


@override_settings(PEERWORK_QUALITATIVE_MAX_TEXT_CHARACTERS=10_000)
def test_text_longer_than_a_source_may_hold_is_refused(secure_client_for, researcher, initiative_a):
    response = _add_source(
        secure_client_for(researcher),
        initiative_a,
        SimpleUploadedFile("interview.docx", _docx_bomb(20_000)),
    )
    assert "a source can hold at most 10,000" in response.content.decode()
    response = _add_source(
        secure_client_for(researcher),
        initiative_a,
        SimpleUploadedFile("notes.txt", b"b" * 20_000),
    )
    assert "a source can hold at most 10,000" in response.content.decode()
    assert not Source.objects.exists()


class _CountingRead:
    """Counts the bytes Django reads from request bodies."""

    def __init__(self, monkeypatch) -> None:
        self.total = 0
        original = wsgi.LimitedStream.read

        def read(stream, size=-1):
            chunk = original(stream, size)
            self.total += len(chunk)
            return chunk

        monkeypatch.setattr(wsgi.LimitedStream, "read", read)


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=pw-boundary"],
)
def test_an_anonymous_30_mb_post_to_the_login_page_is_refused_unread(
    monkeypatch, manager_a, content_type
):
    counter = _CountingRead(monkeypatch)
    users_before = User.objects.count()
    body = b"username=manager.a%40example.org&password=" + b"x" * THIRTY_MB
    if content_type.startswith("multipart"):
        body = (
            b'--pw-boundary\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
            + b"x" * THIRTY_MB
            + b"\r\n--pw-boundary--\r\n"
        )

    response = Client().generic(
        "POST", reverse("accounts:login"), data=body, content_type=content_type
    )

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert counter.total == 0  # refused on its declared length, before a byte was read
    assert User.objects.count() == users_before
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()  # not even a failed sign-in was recorded


def test_a_signed_in_upload_within_the_limit_still_goes_through(
    secure_client_for, researcher, initiative_a
):
    response = _add_source(
        secure_client_for(researcher),
        initiative_a,
        SimpleUploadedFile("notes.txt", b"Field notes"),
    )
    assert response.status_code == 302
    assert Source.objects.get().text == "Field notes"


def test_a_signed_in_request_past_the_largest_upload_is_refused(secure_client_for, researcher):
    response = secure_client_for(researcher).generic(
        "POST",
        reverse("accounts:login"),
        data=b"x" * THIRTY_MB,
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
