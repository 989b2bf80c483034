"""Large exports and profile rebuilds run as jobs: the file equals the one a request builds,
the owner's access is checked when the job runs, failures read plainly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from tests.comparison.downloads import xlsx_sheets
from tests.comparison.scenes import TODAY, build_profiles, initiative_in, staff, with_role

EXPORT = reverse("comparison:export")
REBUILD = reverse("comparison:profiles-rebuild")


@pytest.fixture
def scene(time_machine, initiative_a, role_a, org_b):
    time_machine.move_to(TODAY, tick=False)
    staff(role_a, 6)
    initiative_b = initiative_in(
        "voluntary", code="P-02", name="Beacon befrienders", organisations=[(org_b, "lead")]
    )
    with_role(initiative_b, workers=5)
    with_role(initiative_in("partnership", code="P-03", name="Cedar partnership"), workers=7)
    build_profiles()


def _inline(client, url, settings):
    settings.PEERWORK_EXPORT_INLINE_MAX_ROWS = 1_000_000
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def _as_job(client, url, settings, capture) -> Job:
    settings.PEERWORK_EXPORT_INLINE_MAX_ROWS = 0
    offer = client.get(url)
    assert offer.status_code == 200
    page = offer.content.decode()
    assert "Prepare the file" in page and 'method="post"' in page
    with capture(execute=True):
        response = client.post(url)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job-detail", args=[job.public_id])
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("view", ["initiative", "case-table", "profiles"])
def test_a_large_csv_export_runs_as_a_job_and_matches_the_inline_file(
    view, scene, researcher, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for(researcher)
    url = f"{EXPORT}?format=csv&view={view}"
    inline = _inline(client, url, settings)
    job = _as_job(client, url, settings, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.owner == researcher and job.kind == "comparison-export"
    assert job.file.read() == inline
    assert job.filename.startswith(f"peerwork-{view}-") and job.filename.endswith(".csv")
    assert job.step == "Writing rows" and job.done == job.total == inline.count(b"\n") - 1


def test_a_large_xlsx_export_holds_every_sheet(
    scene, researcher, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for(researcher)
    url = f"{EXPORT}?format=xlsx&view=initiative"

    class Downloaded:
        def __init__(self, content):
            self.content = content

    inline = xlsx_sheets(Downloaded(_inline(client, url, settings)))
    job = _as_job(client, url, settings, django_capture_on_commit_callbacks)
    assert xlsx_sheets(Downloaded(job.file.read())) == inline
    assert list(inline) == ["By initiative", "Dictionary", "About"]


def test_small_exports_stay_in_the_request(scene, manager_a, client_for, settings):
    settings.PEERWORK_EXPORT_INLINE_MAX_ROWS = 0
    response = client_for(manager_a).get(f"{EXPORT}?format=csv&view=context")
    assert response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()


def test_a_manager_cannot_start_a_research_export(
    scene, manager_a, client_for, settings, django_capture_on_commit_callbacks
):
    settings.PEERWORK_EXPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_a).post(f"{EXPORT}?format=csv&view=case-table")
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_a_job_whose_owner_lost_access_fails_plainly(
    scene, researcher, client_for, settings, django_capture_on_commit_callbacks
):
    settings.PEERWORK_EXPORT_INLINE_MAX_ROWS = 0
    client = client_for(researcher)
    url = f"{EXPORT}?format=csv&view=case-table"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url)
    researcher.platform_role = ""
    researcher.save()
    for callback in callbacks:
        callback()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "You no longer have access to this download."
    assert not job.file


def test_an_administrator_rebuilds_profiles_as_a_job(
    scene, administrator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(administrator)
    assert "Recompute frozen" in client.get(REBUILD).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REBUILD, {"force": "on"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.public_id])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "profiles over" in job.summary
    assert job.total > 1 and job.done == job.total  # one step per quarter


def test_a_rebuild_refused_for_frozen_quarters_says_why(
    scene, administrator, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(REBUILD)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "are frozen" in job.error


@pytest.mark.parametrize("persona", ["researcher", "manager_a", "peer_a"])
def test_only_administrators_start_a_rebuild(
    persona, scene, personas, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas[persona]).post(REBUILD, {"force": "on"})
    assert response.status_code == 403
    assert not Job.objects.exists()
