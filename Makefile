# Masthead: `make run` serves the demo site, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# The Nu HTML checker (npm vnu-jar, pinned in package-lock.json) for tests/test_html_validity.py.
NODE_STAMP := node_modules/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint pytest serve demo lock bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Masthead needs Python 3.11 or newer (set PYTHON=python3.11).")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock | $(PY)
	$(PY) -m pip install -qq -r requirements.lock
	@touch $@

$(DEV_STAMP): requirements.lock requirements-dev.lock | $(PY)
	$(PY) -m pip install -qq -r requirements.lock -r requirements-dev.lock
	@touch $@ $(RUNTIME_STAMP)

## run: install, migrate, load the demo once, serve on http://$(HOST):$(PORT)/
run: $(RUNTIME_STAMP)
	@DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput -v 0
	@DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo --if-empty --base-url http://$(HOST):$(PORT)
	@echo "Mail (sign-up links, password resets) is written to $(CURDIR)/var/mail/, one file per message; set EMAIL_HOST to send by SMTP."
	@echo "Serving Masthead on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@# The task worker (sends mail) runs beside the server and stops with it. One server
	@# process here, so a few threads: a slow request (a big lead image) does not hold up
	@# every other page. Production scales with processes instead (README).
	@DJANGO_SETTINGS_MODULE=config.settings.dev DJANGO_DEBUG=0 $(PY) manage.py db_worker \
		--queue-name '*' --interval 1 --no-startup-delay -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DJANGO_SETTINGS_MODULE=config.settings.dev MASTHEAD_WSGI_THREADS=$${MASTHEAD_WSGI_THREADS:-4} \
		$(VENV)/bin/uvicorn config.asgi:application \
		--host $(HOST) --port $(PORT) --no-access-log --lifespan off --timeout-graceful-shutdown 3

## demo: reload the demo content from scratch
demo: $(RUNTIME_STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo --reload

## test: lint, type-check, import contracts, then the whole test suite
test: lint pytest

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

pytest: $(DEV_STAMP) $(NODE_STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# --ignore-scripts: vnu-jar's install script downloads a Java runtime where it finds none;
# the checker runs on the machine's own Java. Without npm the HTML validity test skips.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else \
		echo "npm not found: the Nu HTML checker is not installed (tests/test_html_validity.py will skip)."; \
	fi

## bench: Masthead vs Isso vs nginx in one run (bench/README.md); writes bench/results/latest.json
bench: $(DEV_STAMP)
	$(PY) bench/run.py

## lock: re-pin dependencies after editing requirements*.in
lock: $(DEV_STAMP)
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements-dev.lock requirements-dev.in

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache .pytest_cache node_modules
