from django.contrib import admin

from vplan.audit.admin import ReadOnlyAdmin, SoftDeletableAdmin
from vplan.signin.models import ClaimRoleMapping, SignInIdentity


@admin.register(SignInIdentity)
class SignInIdentityAdmin(ReadOnlyAdmin):
    """Made at the first sign-in through the identity provider; read here."""

    list_display = ["user", "issuer", "subject", "created_at", "last_sign_in_at"]
    search_fields = ["user__username", "subject"]


@admin.register(ClaimRoleMapping)
class ClaimRoleMappingAdmin(SoftDeletableAdmin):
    """Kept on the group mappings page and with `vplan sso`; changes here are recorded too."""

    list_display = ["claim_value", "administration", "board", "role", "deleted_at"]
    list_filter = ["administration", "role"]
    search_fields = ["claim_value"]
