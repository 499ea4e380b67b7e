"""The forms of the boards page: a board's code, name and order; what replaces a retired one."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BoardForm(forms.Form):
    display_code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("As the reports write it, e.g. BiN; BIN and Bin are read as the same code."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Bildningsnämnden."))
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        required=False,
        help_text=_("Where the board comes in lists; lower first. Empty: last."),
    )

    def add_model_errors(self, error) -> None:
        """A ValidationError of the board (a code in use, a code the display code does not
        spell) shown on the field it concerns."""
        for field, messages in error.message_dict.items():
            target = {"code": "display_code"}.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class RetireBoardForm(forms.Form):
    replaced_by = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=None,
        required=False,
        empty_label=_("No board: only inactive"),
        help_text=_(
            "When boards merge or one is renamed with a new code: the board that carries on."
        ),
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        from vplan.organisation.models import Board

        self.fields["replaced_by"].queryset = (
            Board.objects.of_administration(board.administration).active().exclude(pk=board.pk)
        )
