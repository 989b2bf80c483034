"""peerwork settings: one module, configured from the environment.

See README.md for the variables. Development defaults need nothing set; production needs
``DEBUG=false``, ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from peerwork.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "template_partials",
    "accounts",
    "cases",
    "recruitment",
    "training",
    "supervision",
    "comparison",
    "qualitative",
    # Trust: sign-in hardening, two-factor sign-in, audit trail, security headers.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "csp",
    "audit",
    # Fidelity assessment (above comparison and qualitative: it reads both).
    "fidelity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "peerwork.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (CSRF reads the form): refuse oversized requests unread.
    "peerwork.middleware.RequestBodyLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: these may sign a user out or send them to 2FA.
    "peerwork.middleware.IdleTimeoutMiddleware",
    "peerwork.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerwork.urls"
WSGI_APPLICATION = "peerwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peerwork.context_processors.navigation",
            ],
            # The error summary at the top of every page with a form in error (base.html).
            "libraries": {"error_summary": "peerwork.lib.error_summary"},
        },
    },
]

# --- Database -------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# A persistent connection (CONN_MAX_AGE > 0) is checked before each request reuses it, so after
# a database restart every gunicorn worker reconnects instead of failing one request with the
# dead connection (`make fault-test`). New connections are not checked: nothing to pay then.
_connection = {
    "conn_max_age": env_int("CONN_MAX_AGE", 0),
    "conn_health_checks": env_bool("CONN_HEALTH_CHECKS", True),
}
try:
    _database = dj_database_url.parse(_database_url, **_connection)
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL we understand ({exc}); "
        "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name."
    ) from None
if _database["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the development server and a command share the file.
    _database.setdefault("OPTIONS", {})
    _database["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    _database["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
if _database["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the profile reads (correlated subqueries over every initiative) are
    # costed high enough to trigger it, and compiling took 3.9 of their 4.3 seconds.
    _database.setdefault("OPTIONS", {})
    _options = _database["OPTIONS"].get("options", "")
    _database["OPTIONS"]["options"] = f"{_options} -c jit=off".strip()
if env_str("TEST_DATABASE_NAME"):
    _database["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
# Axes first: it refuses locked-out credentials before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "peerwork.lib.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "peerwork <no-reply@peerwork.invalid>")

# --- Security ---------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Uploaded files larger than this are refused by peerwork.lib.uploads (bytes).
PEERWORK_UPLOAD_MAX_BYTES = env_int("PEERWORK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4). No inline scripts or styles anywhere, admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features the app never uses are switched off (peerwork.middleware).
PEERWORK_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), fullscreen=(self)"
)

# Brute-force lockout (django-axes): 5 failures for one account from one address lock that
# pair for 15 minutes. Administrators unlock in the admin or with `axes_reset_username`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "peerwork.lib.auth_backends.lockout_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "token"]
AXES_VERBOSE = False  # no start-up banner on every management command
# On top of the lock per account and address: failures for one account from any address
# (wrong passwords and wrong second-factor codes) lock the account and tell its owner.
AXES_HANDLER = "accounts.lockout.AccountLockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
PEERWORK_ACCOUNT_FAILURE_LIMIT = env_int("PEERWORK_ACCOUNT_FAILURE_LIMIT", 20, minimum=2)
PEERWORK_ACCOUNT_LOCK_MINUTES = env_int("PEERWORK_ACCOUNT_LOCK_MINUTES", 60, minimum=1)

# Two-factor sign-in (django-otp, TOTP + one-time recovery codes). Required for researchers
# and administrators; anyone else may enrol. Switching it off is for tests only: the
# deployment check warns when it is off.
PEERWORK_REQUIRE_2FA = env_bool("PEERWORK_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "peerwork"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
PEERWORK_RECOVERY_CODE_COUNT = 10

# Sessions end after this much inactivity (minutes; 0 switches the check off).
PEERWORK_IDLE_TIMEOUT_MINUTES = env_int("PEERWORK_IDLE_TIMEOUT_MINUTES", 30, minimum=0)
PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS = env_int(
    "PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS", 120, minimum=0
)

# Audit trail (django-auditlog): every model is audited except those listed here, so models
# that later apps add are audited without registering them.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS: tuple[str, ...] = (
    "sessions",
    "contenttypes",
    "admin",
    "auth.permission",
    "axes",
    "otp_totp",
    "otp_static",
    "auditlog",
    "csp",
    # Derived from audited records and rebuilt from them: logging them would only repeat them.
    "comparison.practiceprofile",
    "comparison.peopleyear",
    "comparison.generation",
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("last_login",)
# Masked values are replaced by "[redacted]": the log says a field changed, never its value.
AUDITLOG_MASK_CALLABLE = "peerwork.lib.audit.redact"
AUDITLOG_MASK_TRACKING_FIELDS = ("password",)
# {"app_label.modelname": [field, ...]}; any field whose name contains one of
# PEERWORK_AUDIT_REDACTED_FIELD_PARTS is redacted too, on every model.
PEERWORK_AUDIT_REDACTED_FIELDS: dict[str, list[str]] = {
    "supervision.supervisionsession": ["private_reflection"],
    "accounts.user": ["password"],
}
PEERWORK_AUDIT_REDACTED_FIELD_PARTS = ("reflection", "password", "secret", "token")
# An app whose model is itself a log (e.g. a read log) adds it to the exclusions in its own
# settings block: AUDITLOG_EXCLUDE_TRACKING_MODELS += ("supervision.readlog",)

# Erasure and retention.
PEERWORK_LEAVER_DEACTIVATE_DAYS = env_int("PEERWORK_LEAVER_DEACTIVATE_DAYS", 90, minimum=0)

# --- peerwork ---------------------------------------------------------------------------
# Figures derived from fewer people than this are suppressed in comparisons.
PEERWORK_SUPPRESSION_THRESHOLD = env_int("PEERWORK_SUPPRESSION_THRESHOLD", 5, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Lockouts are warnings; every successful sign-in at INFO is noise.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- supervision ---
from cryptography import fernet as _fernet  # noqa: E402 - kept inside this app's block

# Keys that encrypt private reflections at rest: comma-separated Fernet keys. The first
# encrypts; every key decrypts, so a new key goes first and old ones stay until
# `manage.py rotate_field_keys` has re-encrypted everything. In development (DEBUG on and the
# variable unset) a local key is generated in .local/field-keys on first use (never committed).
PEERWORK_FIELD_KEYS = env_list("PEERWORK_FIELD_KEYS", [])
PEERWORK_FIELD_KEY_FILE = BASE_DIR / ".local" / "field-keys" if DEBUG else None
for _field_key in PEERWORK_FIELD_KEYS:
    try:
        _fernet.Fernet(_field_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            "PEERWORK_FIELD_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes)."
        ) from None
if not PEERWORK_FIELD_KEYS and not DEBUG:
    raise ImproperlyConfigured(
        "PEERWORK_FIELD_KEYS must be set when DEBUG is off: one or more comma-separated Fernet "
        'keys (generate one with `python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"`).'
    )

# --- comparison ---
# A service manager's pooled context figures need at least this many other initiatives.
PEERWORK_COMPARISON_MIN_POOL = env_int("PEERWORK_COMPARISON_MIN_POOL", 2, minimum=2)

# --- qualitative ---
# Largest transcript upload (.txt or .docx) accepted into the qualitative corpus.
PEERWORK_QUALITATIVE_MAX_UPLOAD_BYTES = env_int(
    "PEERWORK_QUALITATIVE_MAX_UPLOAD_BYTES", 1_048_576, minimum=1024
)
# What an uploaded .docx may unpack to, and the longest text a source may hold (checked while
# the file is unpacked, before its text is read into memory).
PEERWORK_QUALITATIVE_MAX_UNPACKED_BYTES = env_int(
    "PEERWORK_QUALITATIVE_MAX_UNPACKED_BYTES", 20 * 1_048_576, minimum=1_048_576
)
PEERWORK_QUALITATIVE_MAX_TEXT_CHARACTERS = env_int(
    "PEERWORK_QUALITATIVE_MAX_TEXT_CHARACTERS", 1_000_000, minimum=10_000
)
# Shared supervision passages and transcripts stay out of the audit log: after a peer worker
# withdraws a passage its words must be nowhere (the log shows only that the text changed).
PEERWORK_AUDIT_REDACTED_FIELDS = {**PEERWORK_AUDIT_REDACTED_FIELDS, "qualitative.source": ["text"]}

# --- imports ---
INSTALLED_APPS += ["imports"]
# Spreadsheet import: the largest file (bytes) and the most rows one upload may hold, and the
# size above which a file is checked and written in the background while the page shows
# its progress.
PEERWORK_IMPORT_MAX_BYTES = env_int("PEERWORK_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
PEERWORK_IMPORT_MAX_ROWS = env_int("PEERWORK_IMPORT_MAX_ROWS", 10_000, minimum=1)
PEERWORK_IMPORT_BACKGROUND_ROWS = env_int("PEERWORK_IMPORT_BACKGROUND_ROWS", 1_000, minimum=0)
# An import job holds the uploaded rows only until they are written; the records it writes
# are audited one by one, so the job itself stays out of the log.
AUDITLOG_EXCLUDE_TRACKING_MODELS += ("imports.importjob",)

# --- api ---
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "api"]
# Requests a token (or a signed-in person) may make; over it the API answers 429.
PEERWORK_API_RATE = env_str("PEERWORK_API_RATE", "1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        # A signed-in browser (the docs page): DRF enforces CSRF on its writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": PEERWORK_API_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CSVRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "peerwork API",
    "DESCRIPTION": (
        "Initiatives, roles, peer workers, training records and milestones for service "
        "managers and HR systems; pseudonymised comparison figures, the case table, coded "
        "excerpts and fidelity ratings (blind double rating) for researchers; your own "
        "supervision records. Send `Authorization: Bearer <token>` with a token from your "
        "Security page."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}
# --- jobs, tasks and storage ---
# Long work (large exports, the REFI-QDA project, profile rebuilds, imports, scheduled
# commands, e-mail) runs as tasks through django-tasks (the django.tasks API of Django 6).
# PEERWORK_TASKS_BACKEND: "database" (default with DEBUG off; run `manage.py db_worker`),
# "immediate" (runs in the request; the default with DEBUG on, and in tests), "rq" (Redis,
# REDIS_URL; run `manage.py rqworker default`), or the dotted path of another backend class.
# "jobs" comes before django_tasks_db: its `db_worker` adds a heartbeat, crash recovery and
# the daily schedule to django-tasks' own.
INSTALLED_APPS += ["jobs", "django_tasks", "django_tasks_db"]
PEERWORK_TASKS_BACKEND = env_str("PEERWORK_TASKS_BACKEND", "immediate" if DEBUG else "database")
REDIS_URL = env_str("REDIS_URL", "")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if PEERWORK_TASKS_BACKEND not in _TASK_BACKENDS and "." not in PEERWORK_TASKS_BACKEND:
    raise ImproperlyConfigured(
        "PEERWORK_TASKS_BACKEND must be database, immediate, rq or a backend's dotted path."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(PEERWORK_TASKS_BACKEND, PEERWORK_TASKS_BACKEND)}}
if PEERWORK_TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "PEERWORK_TASKS_BACKEND=rq needs REDIS_URL (redis://host:6379/0)."
        )
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS["default"]["QUEUES"] = ["default"]
# A worker whose heartbeat is older than this is taken as dead: /health/ready reports it and
# the tasks it was running are queued again (seconds).
PEERWORK_WORKER_STALE_SECONDS = env_int("PEERWORK_WORKER_STALE_SECONDS", 60, minimum=2)
# /health/ready fails when no worker is alive (switch off where tasks run in the request).
PEERWORK_HEALTH_REQUIRES_WORKER = env_bool(
    "PEERWORK_HEALTH_REQUIRES_WORKER", PEERWORK_TASKS_BACKEND == "database"
)
# Daily tasks' times, "name=HH:MM" or "name=off" (see jobs/schedule.py), comma-separated.
PEERWORK_SCHEDULE = env_list("PEERWORK_SCHEDULE", [])
# Exports with more rows than this run as a job with a progress bar and land in My downloads.
PEERWORK_EXPORT_INLINE_MAX_ROWS = env_int("PEERWORK_EXPORT_INLINE_MAX_ROWS", 2000, minimum=0)

# E-mail leaves through a task, so a slow or absent mail server never holds a page; the
# backend that really delivers is EMAIL_BACKEND's value (console by default).
PEERWORK_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
if env_bool("PEERWORK_EMAIL_VIA_TASKS", True):
    EMAIL_BACKEND = "jobs.mail.TaskEmailBackend"

# Files that jobs produce: under MEDIA_ROOT, or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
# AWS_S3_ENDPOINT_URL for MinIO or another provider). Never served publicly: downloads go
# through an access-checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".local" / "media")))
MEDIA_URL = "/media-not-served/"
if env_str("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
            "location": env_str("AWS_LOCATION", "peerwork"),
        },
    }
AUDITLOG_EXCLUDE_TRACKING_MODELS += (
    "django_tasks_db",  # the queue itself; jobs record who started what
    "jobs.workerheartbeat",
    "jobs.scheduledrun",
)

# --- read replica ---
# DATABASE_REPLICA_URL: a streaming replica of the primary. When set, the researchers'
# comparison, case table, exports and API reads go there (peerwork.lib.replica); writes,
# and the reads of someone who just wrote, stay on the primary. Unset: one database.
_replica_url = env_str("DATABASE_REPLICA_URL")
PEERWORK_REPLICA_ALIAS: str | None = None
if _replica_url:
    try:
        _replica = dj_database_url.parse(_replica_url, **_connection)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a database URL we understand ({exc})."
        ) from None
    if _replica["ENGINE"] != _database["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must use the same engine as DATABASE_URL.")
    _replica["OPTIONS"] = {**_database.get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
    # Under the test runner the replica is the test database itself.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    PEERWORK_REPLICA_ALIAS = "replica"
DATABASE_ROUTERS = ["peerwork.lib.replica.ReplicaRouter"]
# After a write, a browser reads from the primary for this long (seconds).
PEERWORK_REPLICA_PIN_SECONDS = env_int("PEERWORK_REPLICA_PIN_SECONDS", 15, minimum=1)
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "peerwork.lib.replica.ReadYourWritesMiddleware",
)
# A REFI-QDA project export of more sources than this runs as a job (My downloads).
PEERWORK_QDPX_INLINE_MAX_SOURCES = env_int("PEERWORK_QDPX_INLINE_MAX_SOURCES", 20, minimum=0)
# The daily purge_applicants task erases applicants' names and contacts from campaigns that
# ended more than this many days ago (the command takes --older-than instead).
PEERWORK_APPLICANT_RETENTION_DAYS = env_int("PEERWORK_APPLICANT_RETENTION_DAYS", 180, minimum=0)

# --- operations: health checks and structured logs ---
# /health/live and /health/ready are answered first (peerwork.lib.health); every request
# gets an id, returned as X-Request-ID and written on each log line (peerwork.lib.logs).
MIDDLEWARE.insert(0, "peerwork.lib.health.HealthCheckMiddleware")
MIDDLEWARE.insert(1, "peerwork.lib.logs.RequestIdMiddleware")
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING["filters"] = {"request_id": {"()": "peerwork.lib.logs.RequestIdFilter"}}
LOGGING["formatters"] = {
    "json": {"()": "peerwork.lib.logs.JsonFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING["handlers"]["console"].update({"filters": ["request_id"], "formatter": LOG_FORMAT})
