import pytest

from tests.jobs.slowjob.apps import counting_run


@pytest.fixture(autouse=True)
def counting_job_registered():
    from jobs.registry import _kinds, register_job

    register_job("test-counting", counting_run)
    yield
    _kinds.pop("test-counting", None)
