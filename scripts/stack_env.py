"""Print a .env for compose.yaml with fresh secrets (make stack writes it once)."""

import base64
import secrets

print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"PEERWORK_FIELD_KEYS={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}")
print(f"POSTGRES_PASSWORD={secrets.token_urlsafe(24)}")
print(f"REPLICATION_PASSWORD={secrets.token_urlsafe(24)}")
print("ALLOWED_HOSTS=localhost,127.0.0.1")
print("# DATABASE_REPLICA_URL=postgres://peerwork:<POSTGRES_PASSWORD>@replica:5432/peerwork")
print("# PEERWORK_TASKS_BACKEND=rq")
