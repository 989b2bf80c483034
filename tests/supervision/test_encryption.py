"""Private reflections are encrypted at rest, and keys rotate."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from supervision import crypto
from supervision.models import SupervisionSession
from tests.supervision.factories import SessionFactory

SECRET = "I did not tell anyone how hard this month was"


def _raw_columns(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT private_reflection, counterpart_reflection FROM supervision_supervisionsession "
            "WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_raw_sql_read_shows_no_plaintext(arrangement_a):
    session = SessionFactory(
        arrangement=arrangement_a, private_reflection=SECRET, counterpart_reflection=SECRET
    )
    private, counterpart = _raw_columns(session.pk)
    for stored in (private, counterpart):
        assert SECRET not in stored
        assert "hard this month" not in stored
        assert stored.startswith("gAAAAA")  # a Fernet token
    assert SupervisionSession.objects.get(pk=session.pk).private_reflection == SECRET


def test_update_through_the_queryset_encrypts_too(arrangement_a):
    session = SessionFactory(arrangement=arrangement_a, private_reflection="")
    SupervisionSession.objects.filter(pk=session.pk).update(private_reflection=SECRET)
    assert SECRET not in _raw_columns(session.pk)[0]


def test_rotation_re_encrypts_under_the_new_key(arrangement_a, settings):
    old_key = settings.PEERWORK_FIELD_KEYS[0]
    session = SessionFactory(arrangement=arrangement_a, private_reflection=SECRET)
    before = _raw_columns(session.pk)[0]

    new_key = Fernet.generate_key().decode()
    settings.PEERWORK_FIELD_KEYS = [new_key, old_key]
    call_command("rotate_field_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    after = _raw_columns(session.pk)[0]
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()).decode() == SECRET

    # The old key can now be dropped.
    settings.PEERWORK_FIELD_KEYS = [new_key]
    assert SupervisionSession.objects.get(pk=session.pk).private_reflection == SECRET


def test_a_missing_key_is_a_clear_error_not_silent_loss(arrangement_a, settings):
    session = SessionFactory(arrangement=arrangement_a, private_reflection=SECRET)
    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.FieldKeyError, match="PEERWORK_FIELD_KEYS"):
        SupervisionSession.objects.get(pk=session.pk)


def test_development_generates_a_local_key_file_on_first_use(settings, tmp_path):
    key_file = tmp_path / ".local" / "field-keys"
    settings.PEERWORK_FIELD_KEYS = []
    settings.PEERWORK_FIELD_KEY_FILE = key_file
    token = crypto.encrypt("hello")
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert crypto.decrypt(token) == "hello"
    assert crypto.configured_keys() == (key_file.read_text().strip(),)


def test_without_debug_and_without_keys_the_site_refuses_to_start():
    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PEERWORK_FIELD_KEYS", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PEERWORK_FIELD_KEYS" in result.stderr
