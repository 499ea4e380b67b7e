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


@register.inclusion_tag("signin/mappings_link.html", takes_context=True)
def sso_mappings_link(context):
    """The navigation's link to the group mappings, for those who manage an administration,
    while single sign-on is on."""
    request = context.get("request")
    return {
        "sso_is_configured": provider.sso_is_configured(),
        "current": getattr(getattr(request, "resolver_match", None), "app_name", "") == "signin",
    }
