"""A text field stored encrypted at rest (Fernet tokens; see supervision.crypto)."""

from __future__ import annotations

from django.db import models

from supervision import crypto

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 + timestamp


class EncryptedTextField(models.TextField):
    """Plain text in Python, a Fernet token in the database.

    The empty string is stored as is (there is nothing to hide). Lookups other than
    ``isnull`` / exact-empty are meaningless on the ciphertext and must not be used.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
