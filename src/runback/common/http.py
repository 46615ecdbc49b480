"""HTTP helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase


def no_store(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """`Cache-Control: no-store` on every response of `view`, logged in or not: for pages
    that may show personal data to a visitor (an email typed at sign-up or login, the
    password-reset pages), which NoStoreMiddleware does not cover."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapped
