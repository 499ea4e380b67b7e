"""Forms of the object plan pages. Amounts are read the Swedish way ("1 234,50") or with a point."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.objectplans.models import BudgetKind, VersionState
from vplan.objectplans.money import parse_amount
from vplan.organisation.models import Board, canonical_board_code


class AmountField(forms.CharField):
    default_error_messages = {"invalid": _("Write an amount in kronor, like 1 234 567,50.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class ApproveVersionForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (value, label) for value, label in VersionState.choices if value != VersionState.DRAFT
        ],
    )
    approved_on = forms.DateField(
        label=_("Approved on"),
        required=False,
        help_text=_("Empty: today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    approver_name = forms.CharField(
        label=_("Approved by"),
        required=False,
        max_length=300,
        help_text=_("As the plan names them, e.g. the object owners."),
    )


class LinkActivityForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Same activity in an activity plan"),
        queryset=None,
        required=False,
        empty_label=_("Not linked"),
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: (
            f"{a.plan.administration.short_code} {a.plan.year}: {a.text[:90]}"
        )


class BudgetLineForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetKind.choices)
    amount = AmountField(label=_("Amount (SEK)"))
    system = forms.CharField(label=_("System"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args, administration, **kwargs):
        """Only the boards of the object plan's own administration are offered."""
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.of_administration(administration)


class SharedPostForm(forms.Form):
    key = forms.ModelChoiceField(label=_("Allocation key"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetKind.choices)
    amount = AmountField(label=_("Amount (SEK)"))
    system = forms.CharField(label=_("System"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys
        self.fields["key"].label_from_instance = lambda key: key.label


class AllocationKeyForm(forms.Form):
    shares = forms.CharField(
        label=_("Boards and shares"),
        max_length=300,
        help_text=_("Each board's code and share, e.g. BoU 70, BiN 30."),
    )
    text = forms.CharField(label=_("As written in the plan"), required=False, max_length=500)

    def clean_shares(self):
        pairs = re.findall(
            r"([A-Za-zÅÄÖåäö]+)\s*[:=]?\s*(\d+(?:[.,]\d+)?)", self.cleaned_data["shares"]
        )
        if len(pairs) < 2:
            raise forms.ValidationError(_("Give at least two boards, each with its share."))
        boards = {
            board.code: board
            for board in Board.objects.filter(code__in=[canonical_board_code(c) for c, _w in pairs])
        }
        shares = []
        for code, weight in pairs:
            board = boards.get(canonical_board_code(code))
            if board is None:
                raise forms.ValidationError(_("There is no board %(code)s.") % {"code": code})
            shares.append((board, Decimal(weight.replace(",", "."))))
        return shares


class ForecastForm(forms.Form):
    forecast = AmountField(label=_("Previous year's forecast (SEK)"), required=False)
    explanation = forms.CharField(
        label=_("Explanation of the difference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One reason per line."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Object plan document"),
        help_text=_("A strategic object plan as Markdown text, or a Vplan exchange file (.json)."),
    )
    administration = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=None,
        required=False,
        help_text=_("Who keeps the object's plans; needed only for an object new to Vplan."),
    )

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations
