"""benchmarks/load.py still runs end to end in its smoke mode (a real server on loopback,
a few seconds of check-ins). It prints figures; nothing here checks a timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_load_script_quick_run_records_every_check_in(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "check-ins:" in done.stdout
    assert "healthz:" in done.stdout
    assert "errors: 0 other answers" in done.stdout
    assert "none lost or doubled" in done.stdout
    assert not list(tmp_path.glob("runback-load-*")), "the temporary folder is left behind"
