"""Form rendering: our own field template (label without a trailing colon, help text
and errors tied to the input with aria-describedby by Django)."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
