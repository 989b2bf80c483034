"""Settings for a worker process started by the tests: the project's, plus the test job."""

from peerwork.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.slowjob"]  # noqa: F405
