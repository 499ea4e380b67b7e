"""htmx on every page alike: is this an htmx request, go to another page, announce a result.

An htmx request gets a fragment of the same template the full page uses (a partial); these
helpers are what the views say about htmx besides that. No dependency: htmx is only headers.
"""

import json

from django.http import HttpResponse
from django.shortcuts import redirect


def is_htmx(request) -> bool:
    """Whether htmx sent the request, so that the answer is swapped into the page."""
    return request.headers.get("HX-Request") == "true"


def go_to(request, url: str) -> HttpResponse:
    """Go to `url`: htmx is told to load it as a whole page (HX-Redirect), a plain form is
    redirected."""
    if is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def announce(response: HttpResponse, message: str) -> HttpResponse:
    """Have the page read `message` out to screen readers (the vplan:announce event)."""
    response["HX-Trigger"] = json.dumps({"vplan:announce": str(message)})
    return response
