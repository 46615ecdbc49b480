"""The logging set-up (read by settings.py): everything to the console, at `level`; the
chatty libraries at WARNING."""

from __future__ import annotations

from typing import Any


def logging_config(*, level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint and fontTools report every step of a PDF at INFO.
        "loggers": {
            "axes": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},  # one line per task run otherwise
        },
    }
