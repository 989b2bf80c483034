# syntax=docker/dockerfile:1
# peerwork's production image: slim, runs as a non-root user, static files collected at build.
#   docker build -t peerwork .
#   docker compose up          (see compose.yaml and README "Production stack")

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
# The project runs from its folder; pip resolves the dependencies only (with the Redis
# backend for PEERWORK_TASKS_BACKEND=rq).
RUN python -m venv /venv && /venv/bin/pip install --upgrade pip && /venv/bin/pip install ".[redis]"

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=false \
    LOG_FORMAT=json \
    MEDIA_ROOT=/data/media
RUN groupadd --system --gid 10001 peerwork \
    && useradd --system --uid 10001 --gid peerwork --home-dir /app --shell /usr/sbin/nologin peerwork \
    && mkdir -p /data/media && chown -R peerwork:peerwork /data
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Settings refuse to load without these when DEBUG is off: throwaway values, for this step only.
RUN SECRET_KEY=collectstatic-only-0123456789abcdefghijklmnopqrstuvwxyz-not-a-key \
    ALLOWED_HOSTS=localhost \
    PEERWORK_FIELD_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --no-input -v0 \
    && python -m compileall -q /app
USER peerwork:peerwork
VOLUME ["/data/media"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=4).status != 200)"]
CMD ["gunicorn", "peerwork.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
