from django import template

from vplan.signin import provider

register = template.Library()


@register.inclusion_tag("signin/sso_button.html")
def sso_button(next_url=""):
    """The "Sign in with <provider>" button of the sign-in page, when single sign-on is on."""
    return {
        "sso_is_configured": provider.sso_is_configured(),
        "provider_name": provider.provider_name(),
        "next": next_url,
    }
