"""Field encryption keys for private reflections (cryptography's MultiFernet).

Keys come from ``settings.PEERWORK_FIELD_KEYS`` (the ``PEERWORK_FIELD_KEYS`` environment
variable): the first key encrypts, every key decrypts. With no keys configured and
``settings.PEERWORK_FIELD_KEY_FILE`` set (development only), a key is generated into that file
on first use and read from it afterwards.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class FieldKeyError(ImproperlyConfigured):
    """The configured keys cannot decrypt a stored value (a key was removed too early)."""


def _local_keys(path: Path) -> list[str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write a private temporary file, then link it into place: link() fails when another
        # process got there first, so concurrent first runs agree on one key.
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(Fernet.generate_key().decode() + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def configured_keys() -> tuple[str, ...]:
    keys = list(getattr(settings, "PEERWORK_FIELD_KEYS", []) or [])
    if not keys:
        key_file = getattr(settings, "PEERWORK_FIELD_KEY_FILE", None)
        if key_file is None:
            raise ImproperlyConfigured(
                "PEERWORK_FIELD_KEYS must be set: comma-separated Fernet keys for private reflections."
            )
        keys = _local_keys(Path(key_file))
    return tuple(keys)


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "PEERWORK_FIELD_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)."
        ) from None


def field_cipher() -> MultiFernet:
    return _multi_fernet(configured_keys())


def encrypt(plaintext: str) -> str:
    return field_cipher().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return field_cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise FieldKeyError(
            "A private reflection cannot be decrypted with PEERWORK_FIELD_KEYS; "
            "was a key removed before `manage.py rotate_field_keys` ran?"
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt a stored token under the first key."""
    try:
        return field_cipher().rotate(token.encode()).decode()
    except InvalidToken:
        raise FieldKeyError(
            "A private reflection cannot be decrypted with PEERWORK_FIELD_KEYS."
        ) from None
