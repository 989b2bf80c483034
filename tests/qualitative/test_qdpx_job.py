"""A REFI-QDA project of many sources is prepared as a job; the file is the same project."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from tests.qualitative.factories import ResearchProjectFactory, add_source

pytestmark = pytest.mark.django_db
P = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def project(initiative_a):
    project = ResearchProjectFactory(name="Whole corpus")
    for number in range(3):
        add_source(
            project=project,
            initiative=initiative_a,
            title=f"Interview {number}",
            text=f"Transcript {number}.",
        )
    return project


def test_a_large_project_export_runs_as_a_job(
    project, researcher, client_for, settings, django_capture_on_commit_callbacks
):
    settings.PEERWORK_QDPX_INLINE_MAX_SOURCES = 2
    client = client_for(researcher)
    url = reverse("qualitative:export-project-qdpx", args=[project.public_id])
    offer = client.get(url)
    assert "The project has 3 sources." in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.public_id])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.filename, job.content_type) == (
        f"peerwork-whole-corpus-{timezone.localdate().isoformat()}.qdpx",
        "application/zip",
    )
    assert (job.done, job.total) == (3, 3)
    archive = zipfile.ZipFile(io.BytesIO(job.file.read()))
    root = ET.fromstring(archive.read("project.qde"))
    titles = {source.get("name") for source in root.iter(f"{P}TextSource")}
    assert titles == {"P-01 Interview 0", "P-01 Interview 1", "P-01 Interview 2"}


@pytest.mark.parametrize("persona", ["manager_a", "peer_a"])
def test_only_researchers_start_it(
    persona, project, personas, client_for, settings, django_capture_on_commit_callbacks
):
    settings.PEERWORK_QDPX_INLINE_MAX_SOURCES = 0
    url = reverse("qualitative:export-project-qdpx", args=[project.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas[persona]).post(url)
    assert response.status_code == 403
    assert not Job.objects.exists()
