"""The forms of the boards page: a board's code, name and order; what replaces a retired one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.organisation.models import Board, Role


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


# People and roles -----------------------------------------------------------------------------

ROLE_CHOICES = Role.choices


class _BoardChoiceMixin:
    """A `board` field offering the administration's active boards; empty: every board."""

    def _set_boards(self, administration, *, filtering: bool = False) -> None:
        boards = Board.objects.of_administration(administration)
        self.fields["board"].queryset = boards if filtering else boards.active()
        self.fields["board"].label_from_instance = lambda b: f"{b.display_code} – {b.name}"


class PeopleFilterForm(_BoardChoiceMixin, forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=None, required=False, empty_label=_("All boards")
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *ROLE_CHOICES]
    )
    former = forms.BooleanField(label=_("Only former members"), required=False)

    def __init__(self, *args, administration, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_boards(administration, filtering=True)

    def value(self, name):
        if not self.is_bound or not self.is_valid():
            return self.fields[name].initial
        return self.cleaned_data.get(name)

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            self.data.get(name) for name in ("q", "board", "role", "former")
        )


class GrantRoleForm(_BoardChoiceMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=None,
        required=False,
        empty_label=_("All boards"),
        help_text=_("Empty: the role holds on every board of the administration."),
    )

    def __init__(self, *args, administration, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_boards(administration)


class AddPersonForm(GrantRoleForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person signs in with; with single sign-on, their username there."),
    )
    name = forms.CharField(label=_("Name"), max_length=300, help_text=_("First and last name."))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_("Needed for the link with which the person chooses a password."),
    )
    send_link = forms.BooleanField(
        label=_("Send a link to choose a password by e-mail"), required=False, initial=True
    )
    field_order = ["username", "name", "email", "role", "board", "send_link"]

    def add_model_errors(self, error) -> None:
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)


class EndRoleForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=500, strip=True
    )


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, separated by ; or ,) or Excel (.xlsx), at most 1 MB and 5,000 rows. "
            "Columns: användarnamn, namn, e-post, förvaltning, nämnd, roll."
        ),
    )
