"""{{ amount|sek }}: an amount the Swedish way, "23 481 701,00"."""

from django import template

from vplan.objectplans.money import format_sek

register = template.Library()


@register.filter
def sek(amount) -> str:
    return format_sek(amount)


@register.filter
def lookup(mapping, key):
    """{{ totals|lookup:"VM" }}: an item of a dict."""
    return mapping.get(key) if mapping else None
