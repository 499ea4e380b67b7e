"""The group mappings page: which groups at the sign-on provider give which roles here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vplan.organisation.permissions import managed_administrations
from vplan.signin import access, provider
from vplan.signin.claims import add_claim_mapping, remove_claim_mapping
from vplan.signin.forms import ClaimMappingForm
from vplan.signin.models import ClaimRoleMapping


@login_required
@require_http_methods(["GET"])
def mappings_index(request):
    administrations = list(managed_administrations(request.user).order_by("name"))
    if not administrations:
        raise PermissionDenied
    if len(administrations) == 1:
        return redirect("signin:mappings", administrations[0].pk)
    return render(request, "signin/mappings_index.html", {"administrations": administrations})


@login_required
@require_http_methods(["GET", "POST"])
def mappings(request, pk):
    administration = access.access_mappings_for_read(request.user, pk)
    may_change = access.can_change_mappings(request.user, administration)
    form = ClaimMappingForm(request.POST or None, administration=administration)
    if request.method == "POST":
        access.access_mappings_for_change(request.user, pk)
        if form.is_valid():
            try:
                add_claim_mapping(
                    administration=administration, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The group mapping was added."))
                return redirect("signin:mappings", administration.pk)
    rows = (
        ClaimRoleMapping.objects.of_administrations([administration])
        .select_related("board", "administration")
        .order_by("claim_value", "board__order", "role")
    )
    return render(
        request,
        "signin/mappings.html",
        {
            "administration": administration,
            "mappings": rows,
            "form": form if may_change else None,
            "sso_is_configured": provider.sso_is_configured(),
            "provider_name": provider.provider_name(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_mapping(request, pk):
    mapping = access.access_mapping_for_change(request.user, pk)
    remove_claim_mapping(mapping=mapping, by=request.user)
    messages.success(request, _("The group mapping was removed."))
    return redirect("signin:mappings", mapping.administration_id)
