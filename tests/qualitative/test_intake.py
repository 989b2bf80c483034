"""Adding sources: paste or upload .txt/.docx, size-limited, anything else refused clearly."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from qualitative.models import Source
from tests.qualitative.factories import (
    ReplacementFactory,
    ResearchProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = ResearchProjectFactory()
    ReplacementFactory(project=project, term="Morgan", replacement="[manager]")
    return project


def _data(initiative, **extra):
    return {
        "initiative": initiative.pk,
        "title": "Interview 1",
        "interviewee_group": "manager",
        "interviewed_on": "2014-03-02",
        "wave": 2,
        "kind": "transcript",
        **extra,
    }


def _post(client, project, data):
    return client.post(reverse("qualitative:source-add", args=[project.public_id]), data)


def _docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pasted_text_is_pseudonymised_and_stored(client_for, researcher, project, initiative_a):
    response = _post(
        client_for(researcher), project, _data(initiative_a, text="Morgan said no.\r\nThen yes.")
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert source.text == "[manager] said no.\nThen yes."
    assert (source.wave, source.interviewee_group, str(source.interviewed_on)) == (
        2,
        "manager",
        "2014-03-02",
    )
    assert source.added_by == researcher


def test_txt_upload(client_for, researcher, project, initiative_a):
    upload = SimpleUploadedFile("notes.txt", "Morgan’s team — field notes".encode())
    _post(client_for(researcher), project, _data(initiative_a, upload=upload))
    assert Source.objects.get().text == "[manager]’s team — field notes"


def test_docx_upload(client_for, researcher, project, initiative_a):
    upload = SimpleUploadedFile("interview.docx", _docx("Q: Who hired you?\nA: morgan did."))
    _post(client_for(researcher), project, _data(initiative_a, upload=upload))
    assert Source.objects.get().text == "Q: Who hired you?\nA: [manager] did."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"%PDF-1.4", "Only plain text (.txt) and Word (.docx) files"),
        ("broken.docx", b"not a zip at all", "not a readable Word (.docx) document"),
        ("latin1.txt", "Café".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    client_for, researcher, project, initiative_a, name, content, message
):
    response = _post(
        client_for(researcher),
        project,
        _data(initiative_a, upload=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.exists()


@override_settings(PEERWORK_QUALITATIVE_MAX_UPLOAD_BYTES=1024)
def test_oversized_file_is_refused_and_typed_fields_are_kept(
    client_for, researcher, project, initiative_a
):
    response = _post(
        client_for(researcher),
        project,
        _data(initiative_a, title="Kept title", upload=SimpleUploadedFile("big.txt", b"x" * 2048)),
    )
    html = response.content.decode()
    assert "the limit is 1 KB" in html
    assert 'value="Kept title"' in html
    assert not Source.objects.exists()


def test_paste_and_upload_together_refused(client_for, researcher, project, initiative_a):
    response = _post(
        client_for(researcher),
        project,
        _data(initiative_a, text="typed", upload=SimpleUploadedFile("a.txt", b"uploaded")),
    )
    assert "not both" in response.content.decode()
    assert not Source.objects.exists()


def test_neither_paste_nor_upload_refused(client_for, researcher, project, initiative_a):
    response = _post(client_for(researcher), project, _data(initiative_a))
    assert "Paste the text or upload a file." in response.content.decode()


def test_initiative_choices_show_research_codes_not_names(
    client_for, researcher, project, initiative_a
):
    html = (
        client_for(researcher)
        .get(reverse("qualitative:source-add", args=[project.public_id]))
        .content.decode()
    )
    assert "P-01" in html
    assert initiative_a.name not in html
