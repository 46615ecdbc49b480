"""`runback content check [--root DIR]`: validate the library, print counts and problems."""

from __future__ import annotations

import sys
from pathlib import Path

from runback.content.check import run_check
from runback.content.library import CONTENT_ROOT, read_library

USAGE = """usage: runback content check [--root DIR]

Validates the education library, exercise library, FAQ and references
(see src/runback/content/FORMAT.md). Prints the counts and every problem,
one per line. Exit status: 0 no problems, 1 problems found, 2 bad usage.
"""


def _usage_error(message: str) -> int:
    print(f"runback content: {message}\n\n{USAGE}", file=sys.stderr)
    return 2


def _root(args: list[str]) -> Path | int:
    """The library to check, from the arguments after `check`, or the exit status."""
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    root = CONTENT_ROOT
    if args and args[0] == "--root" and len(args) == 2:
        root = Path(args[1])
    elif args:
        return _usage_error(f"unexpected arguments: {' '.join(args)}")
    if not root.is_dir():
        return _usage_error(f"{root} is not a directory")
    return root


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] != "check":
        return _usage_error(f"unknown command {argv[0]!r}")
    root = _root(argv[1:])
    if isinstance(root, int):
        return root

    report = run_check(read_library(root.resolve()))
    c = report.counts
    print(f"content check: {root}")
    print(f"articles:      {c.articles} (da + en)")
    print(f"exercises:     {c.exercises} (da + en), illustrations: {c.svgs}")
    print(f"faq sections:  {c.faq_sections}")
    print(f"references:    {c.references} ({c.references_cited} cited)")
    print(f"rule targets:  {c.rule_targets} of {c.rule_ids} rule IDs")
    print(f"links checked: {c.links_checked}")
    for problem in report.problems:
        print(f"problem: {problem}")
    if report.problems:
        print(f"FAILED: {len(report.problems)} problem(s)")
        return 1
    print("OK: no problems")
    return 0
