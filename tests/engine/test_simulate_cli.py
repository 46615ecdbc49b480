"""`runback engine simulate`, and the shared vignettes replayed against it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUNBACK = str(Path(sys.executable).with_name("runback"))
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "clean_start.json"


def test_simulate_prints_one_json_object() -> None:
    p = subprocess.run(
        [RUNBACK, "engine", "simulate", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["next_run"]["phase"] == "intervals"


def test_simulate_reads_stdin() -> None:
    p = subprocess.run(
        [RUNBACK, "engine", "simulate", "-"],
        input=EXAMPLE.read_text(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 0 and json.loads(p.stdout)["as_of"] == "2026-01-14"


def test_missing_file_is_a_clear_error() -> None:
    p = subprocess.run(
        [RUNBACK, "engine", "simulate", "/nonexistent.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


@pytest.mark.shared
@pytest.mark.skipif(
    not (SHARED / "vignettes" / "check.py").exists(), reason="../shared is not beside the repo"
)
def test_shared_vignettes_all_pass() -> None:
    p = subprocess.run(
        [
            sys.executable,
            str(SHARED / "vignettes" / "check.py"),
            "--cmd",
            f"{RUNBACK} engine simulate",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.strip().splitlines()[-1].endswith("0 failed")
