"""The report formats and producing a report file: build the model once, render one format.

`produce_report` is what the pages, the API and the `vplan report` command call.
"""

from collections.abc import Callable
from dataclasses import dataclass

from vplan.followups.models import FollowUpRound
from vplan.reports.document import Report, build_report
from vplan.reports.models import ReportFormat, ReportTemplate


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[..., bytes]


def _docx(report: Report, template: bytes | None) -> bytes:
    from vplan.reports.word_templates import render_docx_in_template

    return render_docx_in_template(report, template)


def _pdf(report: Report, template: bytes | None) -> bytes:
    from vplan.reports.render_pdf import render_pdf

    return render_pdf(report)


def _html(report: Report, template: bytes | None) -> bytes:
    from vplan.reports.render_html import render_html

    return render_html(report)


def _xlsx(report: Report, template: bytes | None) -> bytes:
    from vplan.reports.render_xlsx import render_xlsx

    return render_xlsx(report)


def _csv(report: Report, template: bytes | None) -> bytes:
    from vplan.reports.render_csv import render_csv

    return render_csv(report)


FORMATS: dict[str, Format] = {
    ReportFormat.DOCX: Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    ReportFormat.PDF: Format("pdf", "application/pdf", _pdf),
    ReportFormat.HTML: Format("html", "text/html; charset=utf-8", _html),
    ReportFormat.XLSX: Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx
    ),
    ReportFormat.CSV: Format("csv", "text/csv; charset=utf-8", _csv),
}


class UnknownFormat(ValueError):
    def __init__(self, name: str):
        super().__init__(
            f"Unknown report format {name!r}: use one of {', '.join(sorted(FORMATS))}."
        )


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes


def format_named(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


def render_report(report: Report, format: str, *, template: bytes | None = None) -> ReportFile:
    spec = format_named(format)
    return ReportFile(
        filename=f"{report.filename_stem}.{spec.extension}",
        content_type=spec.content_type,
        content=spec.render(report, template),
    )


def produce_report(
    *, round: FollowUpRound, format: str, as_of=None, language: str | None = None
) -> ReportFile:
    """The round's report in one format, as known at `as_of` (None: now), in the
    administration's active Word template (for docx)."""
    format_named(format)
    report = build_report(round=round, as_of=as_of, language=language)
    return render_report(report, format, template=word_template_for(round, format))


def word_template_for(round: FollowUpRound, format: str) -> bytes | None:
    """The administration's active Word template, for a docx; None: the default (or no docx)."""
    if format != ReportFormat.DOCX:
        return None
    active = ReportTemplate.objects.active_for(round.plan.administration).only("file").first()
    return bytes(active.file) if active else None
