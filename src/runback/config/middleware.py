"""Language choice: Danish unless the person chose otherwise (cookie set by the switch).

Django's own LocaleMiddleware also follows the browser's Accept-Language. Runback does
not: many Danish phones are set to English, and the product is Danish first. The
choice made with the switch in the header is remembered in a cookie for a year, and on
the person's account when logged in (so it follows them to another phone).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


def language_from_request(request: HttpRequest) -> str:
    """The switch's cookie, else the logged-in person's saved language, else Danish."""
    languages = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in languages:
        return chosen
    user = getattr(request, "user", None)
    saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if saved in languages:
        return str(saved)
    return str(settings.LANGUAGE_CODE)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        translation.activate(language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in person.

    Their pages and the data download hold health data: no browser cache, no proxy, no
    back-button copy on a shared computer may keep them. Static files are served before
    this runs (WhiteNoise) and public pages for visitors keep their own headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Decided before the view runs: logging out or deleting the account ends the
        # session inside the view, and that response must not be stored either.
        user = getattr(request, "user", None)
        private = user is not None and user.is_authenticated
        response = self.get_response(request)
        if private or getattr(request, "user", None) is not user:  # logged in or out here
            response["Cache-Control"] = "no-store"
        return response
