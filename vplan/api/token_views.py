"""The API tokens page: a signed-in user lists their personal API tokens, makes one (shown once)
and revokes one after confirming. The operations are those of tokens.py, which the API and
`vplan apitoken` call too."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vplan.api.models import DEFAULT_LIFETIME_DAYS, ApiToken
from vplan.api.tokens import create_api_token, revoke_api_token

LIFETIME_CHOICES = [
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
    (180, gettext_lazy("180 days")),
    (365, gettext_lazy("365 days")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the report script."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("May the token change things?"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        help_text=gettext_lazy("After that the token stops working; make a new one then."),
    )

    def add_model_errors(self, error: ValidationError) -> None:
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                self.add_error(field if field in self.fields else None, message)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's tokens; a POST makes one and shows it this once."""
    form = ApiTokenForm(request.POST or None)
    created = None
    if form.is_valid():
        try:
            created = create_api_token(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            form = ApiTokenForm()
    context = {
        "tokens": ApiToken.objects.of_user(request.user).select_related("revoked_by"),
        "form": form,
        "created": created,
    }
    return render(request, "api/tokens.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def revoke_api_token_page(request, pk):
    """Confirm, then revoke one of the user's own tokens."""
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    if request.method == "POST":
        try:
            revoke_api_token(token=token, by=request.user)
        except ValidationError:
            already = _("The token %(name)s was already revoked.")
            messages.info(request, already % {"name": token.name})
        else:
            messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
        return redirect("api_tokens")
    if token.is_revoked:
        messages.info(request, _("The token %(name)s was already revoked.") % {"name": token.name})
        return redirect("api_tokens")
    return render(request, "api/tokens_revoke.html", {"token": token})
