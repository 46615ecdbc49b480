"""Fixtures of the content tests (defined in content_fixtures.py)."""

from .content_fixtures import tiny

__all__ = ["tiny"]
