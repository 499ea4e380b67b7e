"""Uploading an administration's own Word template for the report, and going back to the
default.

A template is checked before it is kept, because every Word report of the administration is
rendered in it, published rounds' downloads for signed-out visitors included:

- it is a .docx (a zip archive with word/document.xml) within the bounds of
  vplan/upload_limits.py (parts, unpacked size, ratio: no zip bomb);
- every XML part parses with lxml without resolving entities, without the network and without
  a document type declaration (no billion laughs, no external entities);
- its document has a body ending in a section (page size, margins, header, footer);
- a small sample report renders in it.

A template that still fails when a report is rendered (one kept before these checks) is passed
over for the default template, with a logged warning (`render_docx_in_template`).
"""

import datetime
import hashlib
import io
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.organisation.models import Administration
from vplan.reports.models import ReportTemplate
from vplan.upload_limits import MAX_RATIO, UploadRefused, check_zip, read_zip_member

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_XML_PART_BYTES = 20 * 1024 * 1024
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SUFFIXES = (".xml", ".rels")

logger = logging.getLogger(__name__)


def check_template_size(*, filename: str, size: int) -> None:
    """Refuse a template too large to read; asked before its bytes are read, where it can be."""
    if size > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("%(name)s: the template is larger than %(limit)s MB.")
            % {"name": filename, "limit": MAX_TEMPLATE_BYTES // (1024 * 1024)}
        )


def check_word_template(*, filename: str, content: bytes) -> None:
    """Raise ValidationError saying what is wrong unless `content` is a usable .docx."""
    if not filename.lower().endswith(".docx"):
        raise ValidationError(
            _("%(name)s: the template must be a Word document (.docx).") % {"name": filename}
        )
    check_template_size(filename=filename, size=len(content))
    missing = _not_a_word_document(content)
    if missing:
        raise ValidationError(
            _("%(name)s: Word cannot read this file as a .docx document (%(error)s).")
            % {"name": filename, "error": missing}
        )
    try:
        check_zip(content)
    except UploadRefused as refusal:
        raise ValidationError(f"{filename}: {_refusal_message(refusal)}") from refusal
    document = None
    for part in _xml_parts(content):
        tree = _parse_part(filename, part, read_zip_member(content, part))
        if part == "word/document.xml":
            document = tree
    _check_body(filename, document)
    _check_sample_renders(filename, content)


def _not_a_word_document(content: bytes) -> str:
    """What makes `content` no .docx (a zip archive with word/document.xml), or ''."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return "BadZipFile"
    return "" if "word/document.xml" in names else "KeyError: word/document.xml"


def _xml_parts(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist() if name.lower().endswith(XML_SUFFIXES)]


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )


def _parse_part(filename: str, part: str, data: bytes):
    """One XML part, parsed without entities, network or document type declaration."""
    if len(data) > MAX_XML_PART_BYTES:
        raise ValidationError(
            _("%(name)s: the part %(part)s is larger than %(limit)s MB.")
            % {"name": filename, "part": part, "limit": MAX_XML_PART_BYTES >> 20}
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValidationError(
            _(
                "%(name)s: the part %(part)s declares a document type or entities, which Word "
                "documents never do; it is refused."
            )
            % {"name": filename, "part": part}
        )
    try:
        return etree.fromstring(data, parser=_safe_parser())
    except etree.XMLSyntaxError as error:
        raise ValidationError(
            _("%(name)s: the part %(part)s is not well-formed XML (line %(line)s: %(reason)s).")
            % {"name": filename, "part": part, "line": error.lineno, "reason": error.msg}
        ) from error


def _check_body(filename: str, document) -> None:
    body = document.find(f"{{{WORD_NAMESPACE}}}body") if document is not None else None
    if body is None or body.find(f"{{{WORD_NAMESPACE}}}sectPr") is None:
        raise ValidationError(
            _(
                "%(name)s: the document has no section settings (page size, margins, header and "
                "footer), which the report takes from the template. Save it again in Word and "
                "upload that file."
            )
            % {"name": filename}
        )


def _check_sample_renders(filename: str, content: bytes) -> None:
    from vplan.reports.render_docx import render_docx

    try:
        render_docx(sample_report(), template=content)
    except TEMPLATE_FAILURES as error:
        raise ValidationError(
            _(
                "%(name)s: a report cannot be written in this template (%(error)s). Save it again "
                "in Word and upload that file."
            )
            % {"name": filename, "error": _describe(error)}
        ) from error


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    return f"{error.__class__.__name__}: {text[:200]}" if text else error.__class__.__name__


def _refusal_message(refusal: UploadRefused) -> str:
    figures = refusal.details
    messages = {
        "zip_damaged": lambda: (
            _("the file is a damaged zip archive (%(reason)s).") % {"reason": figures["reason"]}
        ),
        "zip_members": lambda: (
            _("the file has %(count)s parts inside; at most %(limit)s are read.") % figures
        ),
        "zip_inflated": lambda: (
            _(
                "the file would take more than %(limit_mb)s MB unpacked (a "
                "zip bomb?); it is refused."
            )
            % figures
        ),
        "zip_ratio": lambda: (
            _(
                "the part %(part)s unpacks to more than %(limit)s times its "
                "size (a zip bomb?); it is refused."
            )
            % {"part": figures["part"], "limit": MAX_RATIO}
        ),
    }
    return messages[refusal.code]() if refusal.code in messages else str(refusal)


def _failures() -> tuple[type[BaseException], ...]:
    from docx.opc.exceptions import OpcError

    return (
        OpcError,
        zipfile.BadZipFile,
        etree.LxmlError,
        UploadRefused,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
    )


# What python-docx and lxml raise for a template they cannot write a report in.
TEMPLATE_FAILURES = _failures()


def render_docx_in_template(report, template: bytes | None) -> bytes:
    """The report as a Word document in `template`; a template that cannot be used (one kept
    before the upload checks, a bomb) gives way to the default template, with a warning in the
    log, rather than an error for whoever asked for the report."""
    from vplan.reports.render_docx import render_docx

    if template is None:
        return render_docx(report)
    try:
        check_zip(template)
        return render_docx(report, template=template)
    except TEMPLATE_FAILURES as error:
        logger.warning(
            "The Word template cannot be used (%s); the report %s is written in the default "
            "template.",
            _describe(error),
            report.filename_stem,
        )
        return render_docx(report)


def sample_report():
    """A small report with every kind of block, to try a template with."""
    from vplan.reports import document as model

    line = model.ActivityLine(
        activity_id=1,
        text="Provaktivitet",
        carried_over_year=None,
        carried_over_label="",
        boards=("BN",),
        decided_end="December",
        current_end="December",
        postponed=False,
        status="Pågående",
        status_category=model.CATEGORY_KEYS[1],
        status_category_label="Pågående",
        comment="Provkommentar",
        changed_by="",
        changed_at=None,
    )
    block = model.AssignmentBlock(
        assignment_id=1,
        text="Provuppdrag",
        label="Strategiskt utvecklingsuppdrag 1",
        number=1,
        scope_label="",
        is_struck=False,
        struck_label="",
        activities=[line],
    )
    group = model.GoalGroup("Provmål", "", activities=[line], assignments=[block])
    section = model.MunicipalGoalSection("goal", "Provmål", "Kommunövergripande mål: Prov", [group])
    perspective = model.PerspectiveSection("perspective", "Prov", [section])
    keys = tuple((key, key) for key in model.CATEGORY_KEYS)
    row = model.SummaryRow("Prov", tuple(1 for _ in keys), len(keys))
    summary = model.Summary(keys, (row,), (row,), row)
    item = model.AssignmentItem(1, "Provuppdrag", "BN", "")
    return model.Report(
        language="sv",
        title="Prov",
        subtitle="Prov",
        administration="Prov",
        municipality="Prov",
        plan_year=2024,
        round_label="Prov",
        as_of_date=datetime.date(2024, 3, 31),
        as_of_text="31 mars 2024",
        known_at=None,
        known_at_text="",
        boards=["Prov"],
        toc=[model.TocEntry("perspective", "Prov")],
        introduction_heading="Prov",
        introduction=["Prov"],
        legend="Prov",
        summary_heading="Prov",
        summary_text="Prov",
        summary=summary,
        assignments_heading="Prov",
        assignments_text="Prov",
        common_assignments=[item],
        board_assignments=[item],
        perspectives=[perspective],
        records=[],
        labels=model._labels(),  # the labels of a real report, in its language
        filename_stem="prov",
    )


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
