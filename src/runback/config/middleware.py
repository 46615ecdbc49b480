"""Language choice: Danish unless the person chose otherwise (cookie set by the switch).

Django's own LocaleMiddleware also follows the browser's Accept-Language. Runback does
not: many Danish phones are set to English, and the product is Danish first. The
choice made with the switch in the header is remembered in a cookie for a year.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


def language_from_request(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return str(settings.LANGUAGE_CODE)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        translation.activate(language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
