"""Uploads are limited in size and type and refused with a clear message."""

from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from peerwork.lib.uploads import DOCUMENTS, LimitedFileField


class DocumentForm(forms.Form):
    document = LimitedFileField(label="Document", allowed=DOCUMENTS, max_bytes=10_000)


def errors_for(name: str, content: bytes) -> list[str]:
    form = DocumentForm(files={"document": SimpleUploadedFile(name, content)})
    form.is_valid()
    return form.errors.get("document", [])


def test_a_small_pdf_is_accepted():
    assert errors_for("plan.pdf", b"%PDF-1.7 tiny") == []


def test_too_large_file_is_refused_naming_the_limit():
    [message] = errors_for("plan.pdf", b"%PDF-" + b"x" * 20_000)
    assert "at most 9.8\xa0KB" in message


@pytest.mark.parametrize("name", ["run.exe", "page.html", "script.svg", "noextension"])
def test_types_not_allowed_are_refused(name):
    [message] = errors_for(name, b"MZ....")
    assert "cannot be uploaded" in message


def test_content_must_match_the_extension():
    [message] = errors_for("plan.pdf", b"<html><script>alert(1)</script>")
    assert "does not match its .pdf name" in message
    [message] = errors_for("notes.txt", b"binary\x00data")
    assert "does not match" in message


def test_the_widget_tells_the_browser_what_is_accepted():
    html = str(DocumentForm()["document"])
    assert 'accept=".csv,.docx,.odt,.pdf,.txt,.xlsx"' in html


@pytest.mark.django_db
def test_request_bodies_over_the_limit_are_refused():
    body = "username=a@example.org&password=" + "x" * 3_000_000
    response = Client().post(
        reverse("accounts:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413  # refused on its declared length, unread
