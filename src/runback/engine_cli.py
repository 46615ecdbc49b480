"""`runback engine simulate CASE.json|-`: JSON in, JSON out, exit 2 on bad input.

The reading and writing around the engine live here, outside its pure core
(`runback.engine`: no Django, no clock, no I/O)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from runback.engine import InvalidInput, simulate

USAGE = "usage: runback engine simulate CASE.json|-"


def _fail(message: str) -> int:
    print(f"runback: {message}", file=sys.stderr)
    return 2


class _Unreadable(Exception):
    """The case file cannot be read or is not JSON; the message says why."""


def _load(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise _Unreadable(f"cannot read {source}: {e.__class__.__name__}") from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _Unreadable(f"input is not valid JSON (line {e.lineno}, column {e.colno})") from e
    except RecursionError as e:
        raise _Unreadable("input is not valid JSON: nested too deeply") from e


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "simulate":
        return _fail(USAGE)
    try:
        data = _load(argv[1])
    except _Unreadable as e:
        return _fail(str(e))
    try:
        result = simulate(data)
    except InvalidInput as e:
        return _fail(f"invalid input: {e.field}: {e.message}")
    except RecursionError:
        return _fail("invalid input: nested too deeply")
    except Exception as e:  # a bug of ours: one line, never a traceback to the user
        print(
            f"runback: internal error ({e.__class__.__name__}); please report it", file=sys.stderr
        )
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=False)
    sys.stdout.write("\n")
    return 0
