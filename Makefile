# The two entry points of the README. Both bootstrap .venv from uv.lock first.
.PHONY: run test lint bootstrap simulate

HOST ?= 127.0.0.1
PORT ?= 8000
CASE ?= examples/clean_start.json

bootstrap:
	@scripts/bootstrap.sh

# The web app in development mode on SQLite (data/): migrate, demo accounts, serve.
run: bootstrap
	@RUNBACK_DEBUG=$${RUNBACK_DEBUG:-1} .venv/bin/runback demo
	@RUNBACK_DEBUG=$${RUNBACK_DEBUG:-1} .venv/bin/runback serve --host $(HOST) --port $(PORT)

# The engine alone, on one case file.
simulate: bootstrap
	.venv/bin/runback engine simulate $(CASE)

test:
	@scripts/bootstrap.sh --browser
	.venv/bin/ruff check src tests benchmarks tools
	.venv/bin/mypy
	.venv/bin/pytest $(PYTEST_ARGS)

lint: bootstrap
	.venv/bin/ruff check src tests benchmarks tools
	.venv/bin/mypy
