"""The data folder and the SQLite file hold health data: readable by their owner only.

`private_dir_ensure` creates the folder (or tightens an existing one) with mode 0700;
`private_file_ensure` creates the database file (or tightens it, and SQLite's -wal,
-shm and -journal files next to it) with mode 0600. SQLite gives the files it creates
later the database file's mode. `runback serve` also sets the umask to 077, so anything
else the server writes (e.g. collected static files) is private too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    if stat.S_IMODE(path.stat().st_mode) == mode:
        return
    try:
        path.chmod(mode)
    except OSError as error:
        raise ImproperlyConfigured(
            f"{path} holds health data and must be readable by its owner only "
            f"(mode {mode:o}), but its mode cannot be changed: {error}. "
            "Give it to the user Runback runs as, or set RUNBACK_DATA_DIR."
        ) from None


def private_dir_ensure(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR)


def private_file_ensure(path: Path) -> None:
    """Create `path` empty with mode 0600 if it is missing (SQLite takes an empty file as
    an empty database), else tighten it; the same for SQLite's files next to it."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    _tighten(path, PRIVATE_FILE)
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            _tighten(side, PRIVATE_FILE)


def private_umask_set() -> None:
    """Files this process creates from now on are readable by their owner only."""
    os.umask(PRIVATE_UMASK)
