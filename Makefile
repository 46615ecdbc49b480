# The two entry points of the README. Both bootstrap .venv from uv.lock first.
.PHONY: run test lint bootstrap

bootstrap:
	@scripts/bootstrap.sh

run: bootstrap
	.venv/bin/runback engine simulate examples/clean_start.json

test:
	@scripts/bootstrap.sh --browser
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy
	.venv/bin/pytest $(PYTEST_ARGS)

lint: bootstrap
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy
