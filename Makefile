# Developer tasks. `make test` is what CI runs (.ci/run); `make help` lists the targets.
#
# Variables: PYTHON (python3.11), JOBS (pytest-xdist workers, 2), PYTEST_ARGS (passed to every pytest
# run, e.g. PYTEST_ARGS='tests/portal -x'), PG_BIN (PostgreSQL server programs), CHROMIUM.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# python3.11 where it is on the PATH, else python3 (pyproject.toml checks the version on install).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PG_BIN ?= /usr/lib/postgresql/15/bin
CHROMIUM ?= /usr/bin/chromium
JOBS ?= 2
PYTEST_ARGS ?=
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

lint: venv  ## Check style (ruff) and the layer boundaries (import-linter); both run, either can fail
	@status=0; \
	 echo "$(BIN)/ruff check src tests"; $(BIN)/ruff check src tests || status=1; \
	 echo "$(BIN)/lint-imports"; $(BIN)/lint-imports || status=1; \
	 exit $$status

# Lint runs first; a failure there, or in one database's leg, does not stop the other steps, so one
# run reports everything. The target fails at the end if any step failed.
test: venv  ## Lint, then run the whole suite on SQLite and the database-dependent part again on PostgreSQL
	@failed=""; \
	 $(MAKE) lint || failed="$$failed lint"; \
	 start=$$(date +%s); $(MAKE) test-sqlite || failed="$$failed SQLite"; \
	 sqlite=$$(( $$(date +%s) - start )); \
	 start=$$(date +%s); $(MAKE) test-postgres || failed="$$failed PostgreSQL"; \
	 postgres=$$(( $$(date +%s) - start )); \
	 echo "make test: SQLite leg $${sqlite} s, PostgreSQL leg $${postgres} s"; \
	 if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi

test-sqlite: venv system-deps node-deps  ## Run the whole suite on SQLite
	@TROUSSE_DATABASE_URL= $(MAKE) _suite

# The engine (tests/engine) and the sample town (tests/sample) never touch a database, and the browser
# leg checks rendering, accessibility and scripts, which the database does not change: they run once, on
# the SQLite leg. Everything else (portal, CLI: every query, migration and workflow) runs on both.
test-postgres: venv system-deps node-deps  ## Run the database-dependent suite on a throwaway PostgreSQL cluster
	@PG_BIN=$(PG_BIN) scripts/with-postgres $(MAKE) _suite BROWSER_RUN=true \
	  PYTEST_ARGS="$(PYTEST_ARGS) --ignore=tests/engine --ignore=tests/sample"

# The browser tests run first, the rest after them; each run is spread over $(JOBS) workers, a
# module (or class) per worker at a time, so that data a module builds once (tests/conftest.py's
# shared_data, tests/browser/snapshots.py) is not rebuilt on every switch between modules. A browser
# test mostly waits, for Chromium or for the live server: one process alone would leave a core idle,
# so each browser worker has its own Chromium and live server. The second run goes ahead when the
# first fails; each ends on pytest's own summary line. Exit status 5 (nothing collected) is accepted
# for the browser run only, for a checkout without browser tests.
BROWSER_RUN := $(TEST_ENV) $(BIN)/pytest -m browser -n $(JOBS) --dist loadscope $(PYTEST_ARGS)
MAIN_RUN := $(TEST_ENV) $(BIN)/pytest -m 'not browser' -n $(JOBS) --dist loadscope $(PYTEST_ARGS)

_suite:
	@mkdir -p $(TEST_HOME)
	@status=0; \
	 echo "$(BROWSER_RUN)"; $(BROWSER_RUN) || { code=$$?; [ $$code -eq 5 ] || status=$$code; }; \
	 echo "$(MAIN_RUN)"; $(MAIN_RUN) || status=$$?; \
	 exit $$status

# Debian packages the suite runs: the browser leg's Chromium (with fonts to render pages), the
# PostgreSQL leg's server, and npm for axe-core. Installed only when missing, and only as root.
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
