# Every target installs what it needs first, so a fresh clone works with `make run` / `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n auto

.PHONY: install run demo test lint format migrations-check deploy-check load-smoke fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Exactly what CI runs (.ci/run calls this target): formatting, lint rules, import direction,
# types (mypy with django-stubs, configured in pyproject.toml).
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

deploy-check: install
	DEBUG=false SECRET_KEY=deploy-check-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
	PEERWORK_FIELD_KEYS=$$($(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
	ALLOWED_HOSTS=peerwork.example.org $(PY) manage.py check --deploy --fail-level WARNING

load-smoke: install
	PY=$(PY) scripts/load_smoke.sh

# --- tasks and the production stack ------------------------------------------------------
.PHONY: worker stack load-test fault-test

# A task worker for development: run beside `make run` with PEERWORK_TASKS_BACKEND=database
# (both commands), e.g. `PEERWORK_TASKS_BACKEND=database make run` and the same for this.
worker: install
	$(PY) manage.py db_worker

# The production stack in Docker: writes .env with new secrets the first time, then starts
# PostgreSQL, migrations, gunicorn and the worker (http://localhost:8000).
stack:
	@test -f .env || $(PYTHON) scripts/stack_env.py > .env
	docker compose up -d --build

# Mixed traffic of the personas at 50 users against gunicorn on PostgreSQL; ends with a
# RESULT line (see scripts/load_test.sh for the variables).
load-test: install
	PY=$(PY) scripts/load_test.sh

# PostgreSQL (a throwaway cluster of its own on 127.0.0.1:5439) restarted under load: every
# acknowledged write must be found and pages served again within 10 s, gunicorn untouched.
# Ends with `RESULT acknowledged=N found=N lost=N recovery_s=S` (scripts/fault_test.sh).
fault-test: install
	PY=$(PY) scripts/fault_test.sh

# --- Deep checks (not part of `make test`) ---------------------------------------------------
FUZZ_EXAMPLES ?= 10000
FUZZ_WORKERS ?= 2

# The hostile-input fuzz over every form with FUZZ_EXAMPLES examples in total (CI runs a few per
# form), the forms split over FUZZ_WORKERS processes. Ends with `RESULT examples=N server_errors=N`
# (the sum over the workers); fails on any finding.
fuzz: install
	mkdir -p .local && PEERWORK_FUZZ_EXAMPLES_TOTAL=$(FUZZ_EXAMPLES) PEERWORK_FUZZ_SHARDS=$(FUZZ_WORKERS) \
		$(PY) -m pytest tests/trust/test_fuzz_forms.py -k hostile -n $(FUZZ_WORKERS) -q -p no:logging \
		> .local/fuzz.log 2>&1; grep -E '^(finding|E  )|passed|failed' .local/fuzz.log; \
		grep '^RESULT' .local/fuzz.log; grep -q '^RESULT .* server_errors=0$$' .local/fuzz.log && \
		! grep -qE '[0-9]+ (failed|error)' .local/fuzz.log
