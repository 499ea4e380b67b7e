"""Uploading an administration's own Word template for the report, and going back to the
default."""

import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.organisation.models import Administration
from vplan.reports.models import ReportTemplate

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def check_word_template(*, filename: str, content: bytes) -> None:
    """Raise ValidationError saying what is wrong unless `content` is a usable .docx."""
    if not filename.lower().endswith(".docx"):
        raise ValidationError(
            _("%(name)s: the template must be a Word document (.docx).") % {"name": filename}
        )
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("%(name)s: the template is larger than %(limit)s MB.")
            % {"name": filename, "limit": MAX_TEMPLATE_BYTES // (1024 * 1024)}
        )
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError(
            _("%(name)s: Word cannot read this file as a .docx document (%(error)s).")
            % {"name": filename, "error": error.__class__.__name__}
        ) from error


def upload_report_template(
    *, administration: Administration, filename: str, content: bytes, by
) -> ReportTemplate:
    """Make `content` the administration's report template; the previous one stays as history."""
    check_word_template(filename=filename, content=content)
    with transaction.atomic():
        for previous in ReportTemplate.objects.active_for(administration).select_for_update():
            previous.is_active = False
            previous.save(update_fields=["is_active"])
            record_change(
                obj=previous,
                by=by,
                action=ChangeRecord.Action.CHANGED,
                changes={"is_active": (True, False)},
            )
        template = ReportTemplate(
            administration=administration,
            filename=filename,
            file=content,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            is_active=True,
        )
        template.full_clean()
        template.save()
        record_change(obj=template, by=by, action=ChangeRecord.Action.CREATED)
    return template


def use_default_report_template(*, administration: Administration, by) -> int:
    """Stop using the administration's own template; returns how many were deactivated."""
    with transaction.atomic():
        active = list(ReportTemplate.objects.active_for(administration).select_for_update())
        for template in active:
            template.is_active = False
            template.save(update_fields=["is_active"])
            record_change(
                obj=template,
                by=by,
                action=ChangeRecord.Action.CHANGED,
                changes={"is_active": (True, False)},
            )
    return len(active)
