"""Template tags shared by Vplan's pages: form fields in Designsystemet's classes, status badges."""

from django import forms, template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vplan.mail_url import email_is_configured

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


# Names a change record may hold that are no field of the changed model, and what users read.
RECORDED_NAMES = {
    "placement": gettext_lazy("place in the plan"),
}


@register.filter
def field_label(name: str, model_label: str) -> str:
    """What a user reads for a name in a model's change record: the field's verbose name
    ('current_end' -> 'aktuellt slutdatum'); for a relation seen from the other side, the related
    model's name ('placements' -> 'placeringar'); for a name that is no field ('placement'), its
    own label; any other name in words, translated where the catalogue knows them."""
    if name in RECORDED_NAMES:
        return str(RECORDED_NAMES[name])
    try:
        field = apps.get_model(model_label)._meta.get_field(name)
    except (FieldDoesNotExist, LookupError, ValueError):
        return _in_words(name)
    if field.auto_created and not field.concrete and field.related_model is not None:
        return _related_models_name(field)
    return str(getattr(field, "verbose_name", None) or _in_words(name))


def _in_words(name: str) -> str:
    words = " ".join(str(name).replace("_", " ").split())
    # gettext("") would answer the catalogue's header, not an empty label.
    return _(words) if words else ""


def _related_models_name(relation) -> str:
    """A reverse relation ('placements' on Activity) has no verbose name of its own."""
    options = relation.related_model._meta
    if relation.one_to_one or relation.many_to_one:
        return str(options.verbose_name)
    return str(options.verbose_name_plural)


@register.filter
def whole_minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up (the lockout page's "try again in N minutes")."""
    return -(-int(duration.total_seconds()) // 60)


@register.simple_tag
def can_send_email() -> bool:
    """Whether Vplan can send e-mail (VPLAN_EMAIL_URL): pages offer mail only then."""
    return email_is_configured()
