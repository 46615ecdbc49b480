"""Readable names for audit-log actions (each app registers its own: runback.accounts.audit)."""

from __future__ import annotations

from django import template

from runback.accounts.audit import audit_action_label

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return audit_action_label(action)
