"""The audit log's filters, read from the URL by the page, its CSV export and the API alike."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vplan.audit.audit_log import LogFilter, kind_label, kinds_of_object
from vplan.audit.models import ChangeRecord


class AuditLogFilterForm(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Every action")), *ChangeRecord.Action.choices],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Object contains"), required=False, max_length=200)
    administration = forms.TypedChoiceField(
        label=pgettext_lazy(
            "the administration (förvaltning) of a changed object", "Administration"
        ),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, data=None, *, administrations=(), administration_ids=None):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("Every kind"))] + [
            (f"{kind.app_label}.{kind.model}", kind_label(kind))
            for kind in kinds_of_object(administration_ids)
        ]
        self.fields["administration"].choices = [("", _("Every administration"))] + [
            (administration.pk, administration.name) for administration in administrations
        ]
        if len(administrations) < 2:
            del self.fields["administration"]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data

    def log_filter(self) -> LogFilter:
        """The filter the form was given (call after is_valid())."""
        data = self.cleaned_data
        kind = None
        if data.get("kind"):
            app_label, model = data["kind"].split(".", 1)
            kind = ContentType.objects.get_by_natural_key(app_label, model)
        return LogFilter(
            person=data.get("person", "").strip(),
            kind=kind,
            action=data.get("action", ""),
            since=data.get("since"),
            until=data.get("until"),
            text=data.get("q", "").strip(),
            administration_id=data.get("administration"),
        )
