"""The client's IP address, as login throttling (django-axes) and the request log see it.

Without a proxy it is REMOTE_ADDR. Behind VPLAN_TRUSTED_PROXIES load balancers or reverse proxies,
each of which appends the address it received the request from to X-Forwarded-For, the client is
the entry that many places from the right: what a client writes into the header itself stands
further left and is never believed.
"""

from django.conf import settings


def client_ip_address(request) -> str | None:
    proxies = getattr(settings, "VPLAN_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
