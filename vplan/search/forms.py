from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.search.documents import KINDS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("In"), required=False)

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (key, kind.label) for key, kind in KINDS.items()
        ]
