from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024

ACCEPT = ".fit,.gpx,.tcx,.gz,.zip,application/zip,application/gzip"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        if isinstance(data, list | tuple):
            data = None
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files from your watch or app"),
        help_text=_("FIT, GPX or TCX files, also gzip-compressed (.gz), or a zip file of them."),
    )

    def clean_files(self) -> Any:
        files = self.cleaned_data["files"]
        total = sum(f.size or 0 for f in files)
        limit = settings.RUNBACK_IMPORT_MAX_REQUEST_MB * MB
        if total > limit:
            raise forms.ValidationError(refused_message("request_too_large", total, limit))
        return files


def refused_message(code: str, size: int, limit: int) -> str:
    """Why an upload was refused as a whole, with its figures in MB (rounded up)."""
    figures = {"size": -(-size // MB), "limit": limit // MB}
    if code == "pending_too_large":
        return str(
            _(
                "Files you sent earlier (%(size)s MB) are still waiting to be read, and at "
                "most %(limit)s MB may wait at a time. Send these when they are done, or "
                "send fewer at once."
            )
            % figures
        )
    return str(
        _(
            "These files come to more than %(limit)s MB together (%(size)s MB), the most "
            "one upload may hold. Send them in smaller parts."
        )
        % figures
    )
