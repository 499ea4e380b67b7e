"""The two steps of single sign-on (mozilla-django-oidc's views, read from Vplan's settings).

Both answer 404 while single sign-on is not configured, and read the provider only when asked.
"""

from django.http import Http404
from django.shortcuts import render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from vplan.signin import provider


class SignInWithProvider(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider.oidc_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not provider.sso_is_configured():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = provider.oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = provider.oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class ReturnFromProvider(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(provider.oidc_setting)

    def get(self, request):
        if not provider.sso_is_configured():
            raise Http404
        return super().get(request)

    def login_failure(self):
        return render(
            self.request,
            "signin/failed.html",
            {"provider_name": provider.provider_name()},
            status=403,
        )
