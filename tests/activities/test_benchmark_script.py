"""benchmarks/import.py still runs (it prints figures; nothing here times anything)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_benchmark_runs(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RUNBACK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/import.py",
            "--repeat",
            "1",
            "--batch",
            "3",
            "--gpx-mb",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ratio:" in done.stdout
    assert "files/s" in done.stdout and "peak memory" in done.stdout
    assert "gpx now (point cap as set):" in done.stdout and "peak" in done.stdout
