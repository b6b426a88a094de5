# boardportal: `make run` serves the demo, `make test` checks everything.
# Everything the project needs is installed from here, so a fresh machine works.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install node-install system-deps frontend migrate demo-data serve clean backup restore serve-production worker-production faults bench profile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# axe-core and the Nu HTML Checker for the browser tests, GOV.UK Frontend and sass
# for `make frontend`. Nothing here downloads a browser.
node_modules/.installed: package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

node-install: node_modules/.installed

# Debian packages the tests and the PDF export need (run as root; CI runs it).
SYSTEM_PACKAGES := chromium poppler-utils libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation wrk redis-server
system-deps:
	@if dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then echo "System packages present."; \
	else apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; fi

# Rebuild static/ from frontend/ (the output is committed, so `make run` needs no Node).
frontend: node-install
	SKIP_NPM_CI=1 npm run build

# A local, git-ignored .env with DEBUG on and a generated SECRET_KEY, written once.
.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env (DEBUG on, a new SECRET_KEY) for local use; it is git-ignored."

migrate: install .env
	$(BIN)/python manage.py migrate --noinput

demo-data: migrate
	$(BIN)/python manage.py load_board_papers --if-empty
	$(BIN)/python manage.py demo_admin

# The site on runserver and, beside it, the worker that builds reports in the
# background, as in production (TASKS_BACKEND=database; README, "Reports for the
# Executive and the Board"). Ctrl-C stops both.
serve: install .env
	@TASKS_BACKEND=database $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	TASKS_BACKEND=database $(BIN)/python manage.py runserver $(HOST):$(PORT)

run: demo-data serve

# Production: gunicorn with gunicorn.conf.py and DEBUG off, after collecting the static
# files (WhiteNoise serves them). SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the rest
# come from the environment (or .env); README, "Running in production".
serve-production: install
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 exec $(BIN)/gunicorn --config gunicorn.conf.py

# Production's report worker (one or more, beside the app servers): builds the reports
# queued by downloads. README, "Running in production".
worker-production: install
	DEBUG=0 exec $(BIN)/python manage.py db_worker --queue-name default

# Rehearse faults under load (not part of `make test`; about 1.5 minutes a round): its
# own throwaway PostgreSQL cluster, gunicorn as in production, then a killed worker, a
# reload, a release, a database restart and 10 s without the database. ROUNDS=3 repeats
# the faults. Removes everything it started, also on Ctrl-C. README, "Running in production".
ROUNDS ?= 1
faults: install
	$(BIN)/python -m scripts.faults --rounds $(ROUNDS)

# Requests per second of each public page type against a bare Django view in the same
# run, uncached and cached, at the demo data and at 10,000 generated programmes, served
# as in production (gunicorn.conf.py) and loaded with wrk (`make system-deps`); on SQLite,
# or DATABASE_URL; with PostgreSQL and REDIS_URL also two processes against one. Prints
# the table and writes it to benchmarks/results/. BENCH_ARGS="--seconds 10 --keep" etc.
# README, "Benchmark". `make profile`: where uncached rendering spends its time.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

PROFILE_ARGS ?=
profile: install
	$(BIN)/python -m scripts.bench.profile $(PROFILE_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install node-install lint
	DEBUG=1 BOARDPORTAL_IGNORE_DOTENV=1 $(BIN)/python manage.py makemigrations --check --dry-run
	BOARDPORTAL_IGNORE_DOTENV=1 DEBUG=0 SECRET_KEY=test-only-key-not-for-production $(BIN)/pytest

# Back up the database (pg_dump on PostgreSQL, SQLite's backup API) into backups/;
# `make restore BACKUP=backups/boardportal-....dump` puts one back (it asks first, and
# backs up the database as it is before replacing it). Stop the server before a restore.
backup: install .env
	$(BIN)/python manage.py backup_database

restore: install .env
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/boardportal-<timestamp>.dump"; exit 2; }
	$(BIN)/python manage.py restore_database --backup "$(BACKUP)"

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache test-artifacts
