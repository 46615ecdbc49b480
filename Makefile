# The two entry points of the README. Both bootstrap .venv from uv.lock first.
.PHONY: run test test-fast lint format bootstrap simulate

HOST ?= 127.0.0.1
PORT ?= 8000
CASE ?= examples/clean_start.json
# pytest-xdist workers for make test (0: one process, as before).
TEST_WORKERS ?= 2

bootstrap:
	@scripts/bootstrap.sh

# The web app in development mode on SQLite (data/): migrate, demo accounts, serve.
run: bootstrap
	@RUNBACK_DEBUG=$${RUNBACK_DEBUG:-1} .venv/bin/runback demo
	@RUNBACK_DEBUG=$${RUNBACK_DEBUG:-1} .venv/bin/runback serve --host $(HOST) --port $(PORT)

# The engine alone, on one case file.
simulate: bootstrap
	.venv/bin/runback engine simulate $(CASE)

# The browser first (lint's own bootstrap then finds everything in place), then lint.
test:
	@scripts/bootstrap.sh --browser
	@$(MAKE) --no-print-directory lint
	.venv/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The inner loop: lint, types, and the suite without the browser and with the quick
# property profile (CI keeps the full one).
test-fast: lint
	RUNBACK_HYPOTHESIS_PROFILE=dev .venv/bin/pytest -m "not e2e" -n 2 -q $(PYTEST_ARGS)

# Lint, format, types, no model change without its migration (checked on a throwaway
# SQLite file, whatever DATABASE_URL says), and commit subjects of at most 72 characters.
lint: bootstrap
	.venv/bin/ruff check src tests benchmarks tools
	.venv/bin/ruff format --check src tests benchmarks tools
	.venv/bin/mypy
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  env -u DATABASE_URL DJANGO_SETTINGS_MODULE=runback.config.settings_test \
	  RUNBACK_DATA_DIR="$$tmp" .venv/bin/runback manage makemigrations --check --dry-run
	@scripts/check_commits.sh

format: bootstrap
	.venv/bin/ruff format src tests benchmarks tools
	.venv/bin/ruff check --fix src tests benchmarks tools
