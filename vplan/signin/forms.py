from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.organisation.models import Board, Role


class ClaimMappingForm(forms.Form):
    claim_value = forms.CharField(
        label=_("Group at the provider"),
        max_length=255,
        help_text=_(
            "As the provider sends it in the groups claim: a group name (Keycloak) or a group's "
            "object id (Microsoft Entra ID)."
        ),
    )
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.none(),
        required=False,
        empty_label=_("Every board of the administration"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, administration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.of_administration(administration).active()
