# Care Workforce Hub. Quick start: `make demo` (serve the demo) and `make test` (every check).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# Demo and test runs use throwaway development settings; production sets its own env.
DEV_ENV := DEBUG=True
PROD_CHECK_ENV := DEBUG=False SECRET_KEY=check-deploy-$(shell date +%s)-not-a-real-secret-key-0123456789abcdefghij ALLOWED_HOSTS=hub.example.org DATABASE_URL=sqlite:///$(CURDIR)/build/check-deploy.sqlite3

.PHONY: demo test install assets lint typecheck migrations-check deploy-check pytest pytest-postgres worker schema lock clean

demo: install assets
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) seed_demo_data
	$(DEV_ENV) DEMO_MODE=True $(MANAGE) runserver $(HOST)

test: install assets lint typecheck migrations-check deploy-check pytest pytest-postgres

install: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

assets: build/static/.built

build/static/.built: frontend/package.json frontend/package-lock.json $(wildcard frontend/scss/*.scss frontend/js/* frontend/build.mjs)
	npm --prefix frontend ci --no-audit --no-fund --loglevel=error
	npm --prefix frontend run build
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(DEV_ENV) $(BIN)/mypy

migrations-check: install
	env -u DATABASE_URL $(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

deploy-check: install
	mkdir -p build
	$(PROD_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING

# Every test on SQLite; the browser tests need the built assets.
pytest: install assets
	env -u DATABASE_URL $(DEV_ENV) $(BIN)/pytest

# The same suite again on PostgreSQL when DATABASE_URL is set (as .ci/run does).
pytest-postgres: install assets
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "Running the whole suite on $${DATABASE_URL%%@*}@…"; \
		$(DEV_ENV) $(BIN)/pytest; \
	else \
		echo "DATABASE_URL is not set: skipping the PostgreSQL run"; \
	fi

worker: install
	$(MANAGE) db_worker

schema: install
	$(DEV_ENV) $(MANAGE) spectacular --file docs/api/openapi.yaml --validate

lock: install
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.txt -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.txt -q

clean:
	rm -rf $(VENV) build frontend/node_modules staticfiles
