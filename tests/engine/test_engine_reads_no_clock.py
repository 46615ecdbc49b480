"""The engine reads no clock and does no I/O: `as_of` comes in with the input. So its
results cannot depend on the day the suite runs, and CI's runs at other dates
(RUNBACK_TEST_TODAY) leave tests/engine out (.ci/run). This test keeps that true."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "src" / "runback" / "engine"

# Modules that read the clock, the environment, files, the network or chance.
FORBIDDEN = {
    "asyncio", "django", "http", "io", "logging", "os", "pathlib", "random", "requests",
    "secrets", "shutil", "socket", "sqlite3", "subprocess", "sys", "tempfile",
    "threading", "time", "urllib", "uuid",
}  # fmt: skip
# Calls that read the clock (datetime.now(), date.today(), ...).
CLOCK_CALLS = {"now", "today", "utcnow", "fromtimestamp", "utcfromtimestamp"}


def test_the_engine_imports_no_clock_and_no_io_and_calls_no_clock() -> None:
    found: list[str] = []
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ENGINE)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                names = []
            found += [f"{where} imports {n}" for n in names if n.split(".")[0] in FORBIDDEN]
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_CALLS
            ):
                found.append(f"{where} calls .{node.func.attr}()")
    assert not found, found
    assert len(list(ENGINE.rglob("*.py"))) > 5  # it read the engine
