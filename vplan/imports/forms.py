"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import BoardChoices
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


class BoardChoicesForm(forms.Form):
    """On the preview: for each board code of the report that is not a board of Vplan, the
    board it stands for, or a new board with a name. Nothing is created unless chosen here; a
    code like a board's (BN and BIN) has that board preselected as the suggestion."""

    CREATE = "create"

    def __init__(self, *args, entries, boards, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(str(board.pk), _board_label(board)) for board in boards]
        self.codes = []
        for entry in entries:
            self.codes.append(entry.code)
            suggested = entry.board or (entry.suggestions[0] if entry.suggestions else None)
            self.fields[f"board_{entry.code}"] = forms.ChoiceField(
                label=_("The code %(code)s in the report is") % {"code": entry.code},
                choices=[
                    ("", _("Choose …")),
                    (self.CREATE, _("a new board (named below)")),
                    *options,
                ],
                initial=self.CREATE if entry.create_name else (suggested and str(suggested.pk)),
                error_messages={"required": _("Choose a board for this code, or a new one.")},
            )
            self.fields[f"name_{entry.code}"] = forms.CharField(
                label=_("Name of a new board %(code)s") % {"code": entry.code},
                required=False,
                max_length=200,
                initial=entry.create_name or entry.usual_name,
            )

    def clean(self):
        data = super().clean()
        for code in self.codes:
            if data.get(f"board_{code}") == self.CREATE and not data.get(f"name_{code}"):
                self.add_error(f"name_{code}", _("Give the new board a name."))
        return data

    def pairs(self):
        """(choice field, name field) per code, for the template."""
        return [(self[f"board_{code}"], self[f"name_{code}"]) for code in self.codes]

    def board_choices(self) -> BoardChoices:
        map_to, create = {}, {}
        for code in self.codes:
            chosen = self.cleaned_data[f"board_{code}"]
            if chosen == self.CREATE:
                create[code] = self.cleaned_data[f"name_{code}"]
            else:
                map_to[code] = int(chosen)
        return BoardChoices(map_to=map_to, create=create)


def _board_label(board) -> str:
    label = f"{board.display_code} – {board.name}"
    if not board.is_active:
        label += " " + str(_("(inactive)"))
    return label
