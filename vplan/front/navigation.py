"""What the site navigation offers the signed-in user (computed only if a template asks)."""

from django.utils.functional import SimpleLazyObject

from vplan.organisation.permissions import audited_administration_ids, managed_administrations


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "manages_an_administration": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and managed_administrations(user).exists())
        ),
        "reads_audit_log": SimpleLazyObject(
            lambda: bool(
                user and user.is_authenticated and audited_administration_ids(user) != set()
            )
        ),
    }
