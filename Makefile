# Developer tasks. `make test` is what CI runs (.ci/run); `make help` lists the targets.
#
# Variables: PYTHON (python3.11), JOBS (pytest-xdist workers, 2), PYTEST_ARGS (passed to every pytest
# run, e.g. PYTEST_ARGS='tests/portal -x'), PG_BIN (PostgreSQL server programs), CHROMIUM.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PG_BIN ?= /usr/lib/postgresql/15/bin
CHROMIUM ?= /usr/bin/chromium
JOBS ?= 2
PYTEST_ARGS ?=
# Debian packages the test suite runs: the browser leg's Chromium (with fonts to render pages),
# the PostgreSQL leg's server, and npm for axe-core.
APT_PACKAGES := chromium fonts-liberation postgresql-15 npm

# Tests never read a developer's site (its trousse.toml or database): they get an empty site folder.
TEST_HOME := $(CURDIR)/build/test-home
TEST_ENV := TROUSSE_HOME=$(TEST_HOME)

.PHONY: help venv demo test test-sqlite test-postgres lint clean system-deps node-deps _suite

help:  ## List the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

venv: $(VENV_STAMP)  ## Create .venv with Trousse and its development tools (again only when pyproject.toml changes)

$(VENV_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

demo: venv  ## Build the sample town's site and serve it on http://127.0.0.1:8000
	$(BIN)/trousse demo --serve

lint: venv  ## Check style (ruff) and the layer boundaries (import-linter)
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports

test: venv  ## Lint, then run the whole suite on SQLite and again on PostgreSQL
	$(MAKE) lint
	@start=$$(date +%s); $(MAKE) test-sqlite; \
	 echo "make test: SQLite leg took $$(( $$(date +%s) - start )) s"
	@start=$$(date +%s); $(MAKE) test-postgres; \
	 echo "make test: PostgreSQL leg took $$(( $$(date +%s) - start )) s"

test-sqlite: venv system-deps node-deps  ## Run the whole suite on SQLite
	@TROUSSE_DATABASE_URL= $(MAKE) _suite

test-postgres: venv system-deps node-deps  ## Run the whole suite on a throwaway PostgreSQL cluster (scripts/with-postgres)
	@PG_BIN=$(PG_BIN) scripts/with-postgres $(MAKE) _suite

# The browser tests share one Chromium and a live server, so they run in one process, first; the
# rest is spread over $(JOBS) workers. Each run ends on pytest's own summary line. Exit status 5
# (nothing collected) is accepted for the browser run only, for a checkout without browser tests.
_suite:
	@mkdir -p $(TEST_HOME)
	$(TEST_ENV) $(BIN)/pytest -m browser $(PYTEST_ARGS) || test $$? -eq 5
	$(TEST_ENV) $(BIN)/pytest -m 'not browser' -n $(JOBS) $(PYTEST_ARGS)

system-deps:  ## Install the Debian packages the tests need when one is missing (as root; else say how)
	@missing=""; \
	 test -x $(CHROMIUM) || missing="$$missing chromium fonts-liberation"; \
	 test -x $(PG_BIN)/initdb || missing="$$missing postgresql-15"; \
	 command -v npm >/dev/null || missing="$$missing npm"; \
	 if [ -z "$$missing" ]; then exit 0; fi; \
	 if [ "$$(id -u)" -ne 0 ]; then \
	   echo "make: the tests need these Debian packages:$$missing" >&2; \
	   echo "make: install them with: sudo apt-get install -y$$missing" >&2; \
	   exit 1; \
	 fi; \
	 echo "make: installing$$missing"; \
	 apt-get update -qq; \
	 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing >/dev/null

node-deps: $(NODE_STAMP)  ## Install axe-core from package-lock.json into node_modules/

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean:  ## Remove the virtualenv, node_modules, caches and build output (never a site folder)
	rm -rf $(VENV) node_modules build dist .pytest_cache .ruff_cache .mypy_cache .hypothesis test-results
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -maxdepth 1 -name '*.egg-info' -exec rm -rf {} +
