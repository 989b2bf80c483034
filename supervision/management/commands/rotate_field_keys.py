"""Re-encrypt every private reflection under the first key of PEERWORK_FIELD_KEYS.

Rotation: put the new key first (``PEERWORK_FIELD_KEYS=new,old``), run this command, then
drop the old key.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from supervision import crypto
from supervision.models import SupervisionSession

ENCRYPTED_FIELDS = ("private_reflection", "counterpart_reflection")


class Command(BaseCommand):
    help = "Re-encrypt private reflections with the first key in PEERWORK_FIELD_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        table = SupervisionSession._meta.db_table
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(SupervisionSession._meta.get_field(f).column) for f in ENCRYPTED_FIELDS
        )
        rotated = 0
        last_pk = 0
        while True:
            # Read the stored tokens themselves (not the decrypted values).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, {columns} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608
                    [last_pk, batch_size],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            with transaction.atomic():
                for pk, *tokens in rows:
                    last_pk = pk
                    values = {
                        field: crypto.rotate(token)
                        for field, token in zip(ENCRYPTED_FIELDS, tokens, strict=True)
                        if token
                    }
                    if not values:
                        continue
                    assignments = ", ".join(
                        f"{quote(SupervisionSession._meta.get_field(f).column)} = %s"
                        for f in values
                    )
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                            [*values.values(), pk],
                        )
                    rotated += 1
        self.stdout.write(f"Re-encrypted the private reflections of {rotated} record(s).")
