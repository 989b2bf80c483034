"""Start-up stops with a message naming the variable when the environment is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "peerwork.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": "nonsense://what"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE"),
    ],
)
def test_bad_environment_names_the_variable(env, named):
    result = start(**env)
    assert result.returncode != 0
    assert named in result.stderr


def test_defaults_start_on_sqlite():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        | {"DJANGO_SETTINGS_MODULE": "peerwork.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout


def test_persistent_connections_are_checked_before_reuse():
    # Without the check, each gunicorn worker fails a request after a database restart.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['CONN_MAX_AGE'], "
            "settings.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "CONN_HEALTH_CHECKS"}
        | {
            "DJANGO_SETTINGS_MODULE": "peerwork.settings",
            "DATABASE_URL": "postgres://peerwork@127.0.0.1:5432/peerwork",
            "CONN_MAX_AGE": "60",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["60", "True"], result.stderr
