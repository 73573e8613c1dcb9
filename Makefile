# safehub: `make run` and `make test` are the whole set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEV_SETTINGS := config.settings.dev
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test setup setup-dev assets migrate demo serve worker lint format typecheck \
	migrations-check test-sqlite test-postgres test-deps bench clean

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# --- installation ------------------------------------------------------------------------

$(VENV)/.base-installed: requirements/base.in requirements/lock.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.in -c requirements/lock.txt
	$(PY) -m pip install -q --no-deps -e . 2>/dev/null
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.in requirements/lock.txt
	$(PY) -m pip install -q -r requirements/dev.in -c requirements/lock.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.base-installed node_modules/.installed assets ## Install Python and npm dependencies, build assets

setup-dev: $(VENV)/.dev-installed node_modules/.installed assets

assets: node_modules/.installed ## Build static/ (GOV.UK Frontend, htmx, our CSS)
	@scripts/build-assets.sh

# --- running the demo --------------------------------------------------------------------

migrate: setup ## Apply database migrations (SQLite under var/ unless DATABASE_URL is set)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/safehub migrate --noinput -v0

demo: migrate ## Load the demo partnership (idempotent) and print the logins
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/safehub demo

run: migrate ## Install everything, prepare the demo database, start server and worker
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/safehub demo --quiet
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/safehub collectstatic --noinput -v0
	@scripts/run.sh

worker: setup ## Run only the background worker
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/safehub worker

# --- quality and tests -------------------------------------------------------------------

test-deps: ## Install Debian's chromium and postgresql if absent
	@scripts/install-test-deps.sh

lint: setup-dev ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup-dev ## mypy with django-stubs
	$(BIN)/mypy safehub config tests bench

migrations-check: setup-dev ## Fail if models and migrations disagree
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/safehub makemigrations --check --dry-run

test-sqlite: setup-dev ## The whole suite on SQLite
	$(BIN)/pytest

test-postgres: setup-dev ## The whole suite on a throwaway PostgreSQL cluster under var/
	@scripts/test-postgres.sh

test: test-deps setup-dev lint typecheck migrations-check test-sqlite test-postgres ## Everything CI runs

bench: setup-dev test-deps ## Run the benchmarks in bench/ (figures in bench/results/)
	@for b in bench/*.py; do case $$b in */_*) continue;; esac; echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## Remove the virtual environment, node_modules, built assets and var/
	rm -rf $(VENV) node_modules static var
