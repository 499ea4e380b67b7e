"""Swedish unless the visitor chose otherwise (pages); the client's Accept-Language (the API).

Django's LocaleMiddleware would follow the browser's Accept-Language, so a Swedish official with
an English operating system would get English pages. Vplan's interface language is Swedish; the
language switch in the header (Django's set_language view and its cookie) selects English.
"""


class SwedishUnlessChosenMiddleware:
    """Placed before LocaleMiddleware: ignore the browser's language, keep the chosen one.

    API clients are programs that ask for a language on purpose, so /api/ keeps the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
