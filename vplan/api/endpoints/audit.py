"""The audit log: every change record the caller may read (administrators: their
administration's; superusers: all), with the page's filters (vplan/audit/views.read_audit_log)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from vplan.api.access import user_of
from vplan.api.auth import NotSignedIn
from vplan.api.paging import paged
from vplan.api.schemas.audit import ChangeRecordOut
from vplan.api.schemas.common import ERRORS
from vplan.audit.views import read_audit_log

router = Router(tags=["audit"])


@router.get("/audit", response={200: list[ChangeRecordOut], **ERRORS})
@paged
def audit_log(
    request,
    person: str = Query("", max_length=150),
    kind: str = Query("", max_length=100),
    action: str = Query("", max_length=16),
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    q: str = Query("", max_length=200),
    administration: int | None = None,
):
    """Newest first. person: a username or part of a name; kind: app_label.model (e.g.
    plans.activity); action: created, changed, deleted, restored, removed; since/until: dates,
    both included; q: text in the object's name, or its id."""
    user = user_of(request)
    if not user.is_authenticated:
        raise NotSignedIn(
            _("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
        )
    params = {
        "person": person,
        "kind": kind,
        "action": action,
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
        "q": q,
        "administration": "" if administration is None else str(administration),
    }
    form, records = read_audit_log(user=user, params=params)
    if records is None:
        raise ValidationError(form.errors.as_data())
    return records
