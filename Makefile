# Kring's everyday commands. `make help` lists them.
#
# Everything runs in .venv, which the targets create and keep in step with requirements-dev.lock
# (the runtime pins of requirements.lock plus the tests and tools; production installs only
# requirements.lock, docs/deployment.md).
# Settings come from the environment (see .env.example); `make run` also reads a .env file.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules

VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than requirements-dev.lock once that lock is installed into .venv.
STAMP := $(VENV)/.requirements-dev.lock.installed
# Python 3.11 as pyproject.toml requires; python3 where no python3.11 is on the PATH.
BOOTSTRAP_PYTHON := $(shell command -v python3.11 || command -v python3)
MANAGE := $(BIN)/python manage.py
HONCHO := $(BIN)/honcho
# Folders the embedded setup writes to: SQLite, the file-system Celery broker, e-mail, uploads
# and collected static files (WhiteNoise warns when STATIC_ROOT is missing).
VAR_DIRS := var var/celery/queue var/celery/processed var/celery/control var/mail var/media var/private var/static
AXE := node_modules/axe-core/axe.min.js
CHROMIUM := /usr/lib/chromium/chromium
LANGS := -l nl -l fr -l en
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k coach -x"`.
PYTEST_ARGS ?=
# The moment every test starts at, e.g. `make test KRING_TEST_NOW=2026-12-31T23:30+01:00`
# (tests/clock.py); empty: the wall clock when the run starts.
KRING_TEST_NOW ?=
export KRING_TEST_NOW
# Extra arguments for pip-compile, e.g. `make lock PIP_COMPILE_ARGS=--upgrade`.
PIP_COMPILE_ARGS ?=

# Every recipe finds the project's own tools first (Procfile commands too).
export PATH := $(CURDIR)/$(BIN):$(PATH)
export VIRTUAL_ENV := $(CURDIR)/$(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List the targets
	@echo "Kring: make <target>"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-13s %s\n", $$1, $$2}'

# --- Environment ----------------------------------------------------------------------------------

$(BIN)/python:
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "No python3.11 or python3 on the PATH." >&2; exit 1; }
	@"$(BOOTSTRAP_PYTHON)" -c 'import sys; sys.version_info[:2] == (3, 11) or print("warning: Kring is made for Python 3.11, this is " + sys.version.split()[0], file=sys.stderr)'
	"$(BOOTSTRAP_PYTHON)" -m venv $(VENV)

$(STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv and install requirements-dev.lock (again only when the lock changed)

.PHONY: var
var:
	@mkdir -p $(VAR_DIRS)

# --- Running --------------------------------------------------------------------------------------

.PHONY: run
run: install var ## Migrate, add the demo data and serve http://127.0.0.1:8000 with a Celery worker and beat (Ctrl-C stops all)
	@# `honcho run` reads .env like `honcho start`, so every step sees the same database.
	$(HONCHO) run python manage.py migrate --noinput
	@# Demo accounts (known password) only where demo_check allows: DEBUG on, the embedded SQLite
	@# under var/ and no real data in it (config/demo_guard.py), never a DATABASE_URL elsewhere.
	@if $(HONCHO) run python manage.py demo_check; then \
		echo "$(HONCHO) run python manage.py seed_demo"; \
		$(HONCHO) run python manage.py seed_demo; \
	fi
	@debug=$$($(HONCHO) run python manage.py shell --no-imports -c 'from django.conf import settings; print(settings.DEBUG)'); \
	if [ "$$debug" = True ]; then \
		echo "DEBUG is on: runserver serves the static files, no collectstatic needed."; \
	else \
		echo "DEBUG is off: collectstatic."; \
		$(HONCHO) run python manage.py collectstatic --noinput; \
	fi
	@echo "Kring: http://127.0.0.1:8000  (Ctrl-C stops the web server, the worker and beat)"
	exec $(HONCHO) start -f Procfile

# --- Quality --------------------------------------------------------------------------------------

.PHONY: test
test: install var lint ## Lint, check migrations and run the tests except the browser ones (SQLite, or the database in DATABASE_URL)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	@# pytest's exit code 5 means it collected no test: that fails too, with a word why.
	@echo "pytest on $${DATABASE_URL:-SQLite} with broker $${CELERY_BROKER_URL:-filesystem:// (tasks run eagerly)}, at $${KRING_TEST_NOW:-the wall clock}"
	$(BIN)/pytest --ignore=tests/browser --ignore=tests/scaleout -m "not browser" $(PYTEST_ARGS) \
		|| { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests: that counts as a failure." >&2; exit $$rc; }

.PHONY: test-browser
test-browser: install var chromium $(AXE) ## Run the browser tests (Playwright with Debian's Chromium, axe-core)
	$(BIN)/pytest tests/browser -m browser $(PYTEST_ARGS) \
		|| { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no browser tests: that counts as a failure." >&2; exit $$rc; }

# Two gunicorns (production settings) on one PostgreSQL database, Redis (page cache, broker) and
# moto's S3 server, with a Celery worker and beat; tests/scaleout/conftest.py starts and stops them.
# tests/scaleout/env.py must set the environment before Django loads: hence `-p`, and `python -m`
# so that the project's folder is on sys.path for it. KRING_SCALEOUT_DATABASE_URL (dropped and
# created anew), KRING_SCALEOUT_REDIS_URL and KRING_SCALEOUT_REDIS_DB choose the services.
.PHONY: test-scaleout
test-scaleout: install var chromium ## Run the two-web-server tests (needs PostgreSQL and Redis; starts S3, gunicorn x2, worker, beat)
	$(BIN)/python -m pytest -p tests.scaleout.env tests/scaleout -m scaleout $(PYTEST_ARGS) \
		|| { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no scale-out tests: that counts as a failure." >&2; exit $$rc; }

.PHONY: chromium
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium (never 'playwright install')"; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; \
	fi

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The benchmark (docs/performance.md): its own database (var/bench/bench.sqlite3, or
# BENCH_DATABASE_URL=postgres://...), gunicorn with the production settings, wrk per page.
# Not part of `make test`. `make bench BENCH_ARGS=--quick` tries it on small data, 2 s a page;
# `make bench BENCH_ARGS="--pages home,portal"` loads only those (bench/run.py --help).
BENCH_ARGS ?=
BENCH_DATABASE_URL ?=
export BENCH_DATABASE_URL

.PHONY: bench
bench: install var wrk ## Benchmark every page type against a trivial view: req/s, latency, CPU and queries per page (BENCH_ARGS=--quick)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

.PHONY: wrk
wrk:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk (the bench's load generator)"; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wrk; \
	fi

# Every check runs even when one before it fails, so one run shows all there is to fix.
LINT_CHECKS := "ruff check ." "ruff format --check ." "mypy" "djlint site/templates --lint"

.PHONY: lint
lint: install ## ruff check, ruff format --check, mypy (settings in pyproject.toml) and djLint on the templates
	@failed=; for check in $(LINT_CHECKS); do \
		echo "$(BIN)/$$check"; \
		$(BIN)/$$check || failed="$$failed\n  $$check"; \
	done; \
	if [ -n "$$failed" ]; then printf "make lint: these checks failed:$$failed\n" >&2; exit 1; fi

.PHONY: format
format: install ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# --- Translations, dependencies, data -------------------------------------------------------------

.PHONY: messages
messages: install ## Update locale/*.po for nl, fr, en and compile them (needs gettext)
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext" >&2; exit 1; }
	@mkdir -p locale
	$(MANAGE) makemessages $(LANGS) $(I18N_IGNORE)
	$(MANAGE) compilemessages $(LANGS) $(I18N_IGNORE)

# No index or find-links lines: a machine's own pip configuration must not end up in a lock.
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: lock
lock: | $(BIN)/python ## Regenerate requirements.lock (runtime) and requirements-dev.lock (runtime + dev tools) from pyproject.toml
	@$(BIN)/python -m piptools --version >/dev/null 2>&1 \
		|| $(BIN)/python -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
	$(PIP_COMPILE) -o requirements.lock $(PIP_COMPILE_ARGS) pyproject.toml
	@# The dev lock keeps every runtime pin of requirements.lock: tests run what production runs.
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock $(PIP_COMPILE_ARGS) pyproject.toml
	@echo "requirements.lock and requirements-dev.lock written; the next make target installs the dev lock."

# The backup folder: `make backup` names a new one under var/backups/ unless BACKUP names it;
# `make restore BACKUP=var/backups/kring-20260314-0300` puts one back (docs/deployment.md#backups).
BACKUP ?=

.PHONY: backup
backup: install var ## Back up the database and the uploads into a new folder under var/backups/ (or BACKUP=<folder>)
	$(HONCHO) run python manage.py backup $(BACKUP)

.PHONY: restore
restore: install var ## Replace the database and the uploads with BACKUP=<folder> (asks first; stop `make run` before)
	@test -n "$(BACKUP)" || { echo "Name the backup: make restore BACKUP=var/backups/<name>" >&2; exit 1; }
	$(HONCHO) run python manage.py restore "$(BACKUP)"

.PHONY: clean-db
clean-db: ## Delete the local SQLite database and queued Celery messages (make run seeds again)
	rm -f var/kring.sqlite3 var/kring.sqlite3-wal var/kring.sqlite3-shm var/kring.sqlite3-journal
	rm -f var/celery/queue/* var/celery/processed/*
