"""The benchmark scripts still run (they print figures; nothing here times anything)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "args",
    [
        ["benchmarks/checkin.py", "--history", "3", "--repeat", "2"],
        ["benchmarks/dashboard.py", "--sizes", "8", "--days", "20", "--repeat", "1"],
    ],
)
def test_benchmark_script_runs(args: list[str], tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RUNBACK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ratio:" in done.stdout or "queries, median" in done.stdout
