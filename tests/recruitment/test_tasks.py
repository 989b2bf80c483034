"""purge_applicants as a task (immediate backend): erases after the retention period, once."""

from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus

from recruitment.models import Application
from recruitment.tasks import purge_applicants
from tests.recruitment.test_purge_applicants import campaigns  # noqa: F401 - fixture


@pytest.mark.django_db
def test_purge_applicants_task_uses_the_retention_setting(campaigns, settings):  # noqa: F811
    settings.PEERWORK_APPLICANT_RETENTION_DAYS = 365
    result = purge_applicants.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["applications"] == 1
    assert Application.objects.get(pk=campaigns["old"].pk).erased is not None
    assert Application.objects.get(pk=campaigns["recent"].pk).erased is None
    assert purge_applicants.enqueue().return_value["applications"] == 0
