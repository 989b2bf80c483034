"""Jobs run as tasks (immediate backend): progress, files, access, expiry, failures, retries."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.services import job_retry, job_start, jobs_purge_expired
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def start(owner, capture, **params) -> Job:
    with capture(execute=True):
        job = job_start(owner=owner, kind="test-counting", title="Counting", params=params)
    job.refresh_from_db()
    return job


def test_a_job_runs_reports_its_count_and_keeps_its_file(
    researcher, django_capture_on_commit_callbacks
):
    job = start(researcher, django_capture_on_commit_callbacks, steps=4)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.step, job.done, job.total) == ("Counting", 4, 4)
    assert job.task_id
    assert job.summary == "4 steps counted."
    assert job.file.read() == b"steps\n4\n"
    assert job.expires - job.finished == dt.timedelta(days=7)
    assert Group.objects.filter(name__startswith=str(job.public_id)).count() == 4


def test_nothing_is_queued_when_the_starting_transaction_rolls_back(
    researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_start(owner=researcher, kind="test-counting", title="Counting", params={})
    assert len(callbacks) == 1  # queued only when the transaction commits


def test_an_unknown_kind_is_refused_before_anything_is_saved(researcher):
    with pytest.raises(LookupError):
        job_start(owner=researcher, kind="no-such-kind", title="x")
    assert not Job.objects.exists()


def test_a_failure_is_recorded_plainly_and_logged_with_the_task_id(
    researcher, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="peerwork.jobs"):
        job = start(researcher, django_capture_on_commit_callbacks, steps=3, fail_at=1)
    assert job.status == JobStatus.FAILED
    assert "went wrong" in job.error
    assert "on purpose" not in job.error  # no internals shown to the user
    assert job.finished is not None
    assert any(
        job.task_id in record.getMessage() and "on purpose" in record.getMessage()
        for record in caplog.records
    )


def test_a_retry_does_not_repeat_finished_steps(researcher, django_capture_on_commit_callbacks):
    job = start(researcher, django_capture_on_commit_callbacks, steps=3, fail_at=1)
    assert job.completed_steps == ["step-0", "step-1"]
    Job.objects.filter(pk=job.pk).update(params={"steps": 3})  # the cause is fixed
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2
    assert job.completed_steps == ["step-0", "step-1", "step-2"]
    # Unique names: a repeated step would have failed; three groups, one per step.
    assert Group.objects.filter(name__startswith=str(job.public_id)).count() == 3


def test_only_a_failed_job_can_be_retried(researcher, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    job = start(researcher, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        job_retry(job=job)


def test_running_a_finished_job_again_changes_nothing(
    researcher, django_capture_on_commit_callbacks
):
    from jobs.services import job_run

    job = start(researcher, django_capture_on_commit_callbacks)
    assert job_run(job_pk=job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 1


def test_purge_deletes_expired_files_and_keeps_the_record(
    researcher, django_capture_on_commit_callbacks
):
    job = start(researcher, django_capture_on_commit_callbacks)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert jobs_purge_expired() == {"files": 0, "records": 0}
    later = timezone.now() + dt.timedelta(days=8)
    assert jobs_purge_expired(now=later) == {"files": 1, "records": 0}
    assert not storage.exists(name)
    job.refresh_from_db()
    assert job.file_purged and not job.file
    assert jobs_purge_expired(now=later) == {"files": 0, "records": 0}  # idempotent
    assert jobs_purge_expired(now=later + dt.timedelta(days=31))["records"] == 1


# --- pages --------------------------------------------------------------------------------


def test_owner_downloads_the_file(client_for, researcher, django_capture_on_commit_callbacks):
    job = start(researcher, django_capture_on_commit_callbacks, steps=2)
    response = client_for(researcher).get(reverse("jobs:job-download", args=[job.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"steps\n2\n"
    assert 'filename="count.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_an_expired_file_says_so(client_for, researcher, django_capture_on_commit_callbacks):
    job = start(researcher, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(expires=timezone.now() - dt.timedelta(minutes=1))
    response = client_for(researcher).get(reverse("jobs:job-download", args=[job.public_id]))
    assert response.status_code == 410
    assert "This file has expired" in response.content.decode()
    listing = client_for(researcher).get(reverse("jobs:job-list")).content.decode()
    assert "The file expired on" in listing


URLS = ["jobs:job-detail", "jobs:job-progress", "jobs:job-download"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize(
    "persona,expected",
    [
        ("researcher", 200),  # the owner
        ("administrator", 404),
        ("manager_a", 404),
        ("manager_b", 404),
        ("supervisor_a", 404),
        ("peer_a", 404),
        ("anonymous", 302),
    ],
)
def test_permission_matrix(
    name, persona, expected, personas, client_for, django_capture_on_commit_callbacks
):
    job = start(personas["researcher"], django_capture_on_commit_callbacks)
    response = client_for(personas[persona]).get(reverse(name, args=[job.public_id]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "persona,expected",
    [("researcher", 302), ("administrator", 404), ("manager_b", 404), ("anonymous", 302)],
)
def test_retry_permission_matrix(
    persona, expected, personas, client_for, django_capture_on_commit_callbacks
):
    job = start(personas["researcher"], django_capture_on_commit_callbacks, fail_at=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas[persona]).post(
            reverse("jobs:job-retry", args=[job.public_id])
        )
    assert response.status_code == expected
    job.refresh_from_db()
    assert job.attempts == (2 if persona == "researcher" else 1)


def test_progress_polls_while_running_and_stops_when_finished(client_for, researcher):
    job = Job.objects.create(
        owner=researcher, kind="test-counting", title="Counting", status=JobStatus.RUNNING
    )
    Job.objects.filter(pk=job.pk).update(step="Reading initiatives", done=3, total=10)
    client = client_for(researcher)
    url = reverse("jobs:job-progress", args=[job.public_id])
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in running and 'hx-trigger="every 2s"' in running
    assert 'value="3" max="10"' in running
    assert "Reading initiatives" in running and "3 of 10" in running
    assert "<script" not in running
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="The period has no data.", finished=timezone.now()
    )
    failed = client.get(url).content.decode()
    assert "hx-trigger" not in failed
    assert "The period has no data." in failed and str(job.public_id) in failed


def test_my_downloads_lists_only_my_jobs_in_a_fixed_number_of_queries(
    client_for, researcher, manager_a, django_assert_num_queries
):
    for index in range(3):
        Job.objects.create(owner=researcher, kind="test-counting", title=f"Mine {index}")
    Job.objects.create(owner=manager_a, kind="test-counting", title="Not mine")
    client = client_for(researcher)
    client.get(reverse("jobs:job-list"))  # warm the session
    # session, user, the menu's memberships, jobs
    with django_assert_num_queries(4):
        page = client.get(reverse("jobs:job-list")).content.decode()
    assert "Mine 0" in page and "Mine 2" in page and "Not mine" not in page
    for index in range(5):
        Job.objects.create(owner=researcher, kind="test-counting", title=f"More {index}")
    with django_assert_num_queries(4):
        client.get(reverse("jobs:job-list"))


def test_my_downloads_is_in_the_menu(client_for, peer_a):
    page = client_for(peer_a).get(reverse("home")).content.decode()
    assert reverse("jobs:job-list") in page


def test_a_user_with_no_jobs_sees_a_plain_sentence(client_for):
    page = client_for(UserFactory()).get(reverse("jobs:job-list")).content.decode()
    assert "You have not started any export yet." in page


def test_reporting_progress_does_not_pin_a_jobs_replica_reads(researcher):
    from jobs.registry import Progress
    from peerwork.lib import replica

    job = Job.objects.create(owner=researcher, kind="test-counting", title="Counting")
    with replica.replica_reads():
        Progress(job).step("Reading", 1, 2)
        assert replica._reads.get().pinned is False
        Progress(job).once("write", lambda: Group.objects.create(name="written"))
        assert replica._reads.get().pinned is True  # a real write: read it back from the primary
    job.refresh_from_db()
    assert (job.step, job.done, job.total, job.completed_steps) == ("Reading", 1, 2, ["write"])


def test_a_page_stops_polling_a_job_started_long_ago(client_for, researcher):
    job = Job.objects.create(
        owner=researcher,
        kind="test-counting",
        title="Counting",
        status=JobStatus.QUEUED,
        created=timezone.now() - dt.timedelta(hours=3),
    )
    page = client_for(researcher).get(reverse("jobs:job-progress", args=[job.public_id]))
    assert "hx-trigger" not in page.content.decode()
    assert "Waiting for a worker" in page.content.decode()
