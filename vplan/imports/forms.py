"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import ACCEPTED_SUFFIXES


class UploadForm(forms.Form):
    administration = forms.ModelChoiceField(
        label=_("Import into the administration"),
        queryset=None,
        help_text=_("The plan of the report's year is created in, or added to, this one."),
    )
    file = forms.FileField(
        allow_empty_file=True,  # the importer says so, naming the file
        label=_("Follow-up report"),
        help_text=_("Word (.docx), PDF (.pdf), or text extracted from one (.txt, .md)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["administration"]
        field.queryset = administrations
        if len(administrations) == 1:
            field.initial = administrations[0].pk
            field.empty_label = None
