"""Fixtures of the content tests (defined in content_fixtures.py)."""

from tests.content.content_fixtures import tiny

__all__ = ["tiny"]
