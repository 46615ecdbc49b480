"""The exercise pictures are drawn by our own script: redrawing gives the committed files."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG_DIR = ROOT / "src" / "runback" / "content" / "exercises" / "svg"


def test_redrawing_the_exercise_pictures_gives_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "draw_exercises.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    drawn = {p.name: p.read_text() for p in tmp_path.glob("*.svg")}
    committed = {p.name: p.read_text() for p in SVG_DIR.glob("*.svg")}
    assert drawn == committed
