"""Template tags shared by Vplan's pages: form fields in Designsystemet's classes, status badges."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

# Colour of each status category; the badge always shows the status text as well.
CATEGORY_COLOURS = {
    "done": "success",
    "ongoing": "info",
    "not_started": "warning",
    "stopped": "danger",
}


@register.filter
def ds_input(field, form_id=""):
    """Render a bound field's widget with Designsystemet's input class and described-by ids.

    `form_id`: the id of the <form> the control belongs to when it stands outside it (a grid row).
    """
    attrs = {"class": f"{field.field.widget.attrs.get('class', '')} ds-input".strip()}
    if form_id:
        attrs["form"] = form_id
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_choice_list(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.inclusion_tag("includes/status.html")
def status_badge(report, missing_text=None):
    """A status as a tag: colour from its category, and always the status text."""
    if report is None:
        return {
            "text": missing_text or _("No status"),
            "category": "missing",
            "colour": "neutral",
        }
    return {
        "text": report.display_status,
        "category": report.category or "other",
        "colour": CATEGORY_COLOURS.get(report.category, "neutral"),
    }


@register.filter
def field_label(name: str, model_label: str) -> str:
    """The verbose name of a model's field, for a change record ('current_end' -> 'aktuellt
    slutdatum'); names that are not fields are shown as they are."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if name == "placement":
        return _("place in the plan")
    try:
        return str(apps.get_model(model_label)._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, LookupError):
        return name
