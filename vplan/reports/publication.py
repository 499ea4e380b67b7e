"""Publishing a round freezes what it shows; the one read of a round's report for every viewer.

    publish_round(round=..., by=...)              closed -> published, the report model frozen
    publish_round(..., correction_reason="...")   a reopened round published again: a correction
    round_report(viewer=..., round=...)           what this viewer may see of the round's report
    produce_round_file(viewer=..., round=..., format=...) the same as a file

A published round's pages, downloads and API responses read the frozen `Publication`, never the
plan as it is now: postponing, editing, moving or deleting an activity afterwards changes nothing
that was published. Each file of a publication is rendered once and then served byte for byte.
Correcting a published round is an explicit act: reopen it, report, close it and publish it again
with a reason; the new publication's report says when and why it was corrected, and the earlier
publications stay as they were.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups import round_lifecycle
from vplan.followups.models import FollowUpRound
from vplan.followups.readiness import approved_boards
from vplan.organisation import permissions
from vplan.reports.document import (
    MISSING,
    Correction,
    Report,
    build_report,
    without_personal_names,
)
from vplan.reports.formats import ReportFile, format_named, render_report, word_template_for
from vplan.reports.models import Publication, PublishedFile, ReportFormat, ReportTemplate
from vplan.reports.snapshot import report_from_data, report_to_data

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def publish_round(
    *,
    round: FollowUpRound,
    by,
    correction_reason: str = "",
    before_as_of: round_lifecycle.Override = round_lifecycle.NO_OVERRIDE,
) -> Publication:
    """Publish a closed round and freeze its report; a round published before needs a reason,
    one published before its as-of date an override (round_lifecycle.publish_round)."""
    reason = " ".join((correction_reason or "").split())
    with transaction.atomic():
        # Locks the round row.
        round_lifecycle.publish_round(round=round, by=by, before_as_of=before_as_of)
        previous = Publication.objects.for_round(round).latest_first().first()
        if previous is not None and not reason:
            raise ValidationError(
                {
                    "correction_reason": _(
                        "The round was published before: say what this publication corrects."
                    )
                }
            )
        publication = _freeze(round=round, by=by, correction_reason=reason if previous else "")
        _queue_pdfs_of_large_round(publication, by=by)
        return publication


def _queue_pdfs_of_large_round(publication: Publication, *, by) -> None:
    """A large round's PDFs are made by a worker now, so that no request, a signed-out one
    least of all, ever waits for one (vplan.reports.report_jobs)."""
    from vplan.reports import report_jobs  # it builds on this module

    if report_jobs.is_large_round(publication.round):
        report_jobs.enqueue_publication_pdfs(publication=publication, by=by)


def _freeze(
    *, round: FollowUpRound, by, correction_reason: str = "", published_at=None
) -> Publication:
    published_at = published_at or timezone.now()
    earlier = list(Publication.objects.for_round(round).order_by("number"))
    number = len(earlier) + 1
    corrections = [(p.published_at, p.correction_reason, p.published_by) for p in earlier[1:]]
    if number > 1:
        corrections.append((published_at, correction_reason, by))
    reports = {}
    for language in LANGUAGES:
        with translation.override(language):
            report = build_report(round=round, language=language)
            report.corrections = [_correction(*c) for c in corrections]
            report.corrections_heading = pgettext("report", "Corrections") if corrections else ""
        reports[language] = report_to_data(report)
    template = ReportTemplate.objects.active_for(round.plan.administration).defer("file").first()
    publication = Publication(
        round=round,
        number=number,
        published_at=published_at,
        published_by=by if getattr(by, "is_authenticated", False) else None,
        correction_reason=correction_reason,
        approved_boards=[
            f"{board.name} ({board.display_code})" for board in approved_boards(round)
        ],
        reports=reports,
        word_template=template,
    )
    publication.full_clean()
    publication.save()
    record_change(
        obj=publication,
        by=by,
        action=ChangeRecord.Action.CREATED,
        changes={"number": (None, number), "correction_reason": (None, correction_reason)},
    )
    return publication


def _correction(published_at, reason: str, by) -> Correction:
    day = date_format(timezone.localtime(published_at), "j F Y")
    name = (by.get_full_name() or by.get_username()) if by is not None else ""
    return Correction(
        published_at=published_at,
        date_text=day,
        reason=reason,
        by=name,
        text=pgettext("report", "Corrected %(date)s: %(reason)s") % {"date": day, "reason": reason},
    )


def publications_of(round: FollowUpRound) -> list[Publication]:
    """The round's publications, the first first; each can be read and downloaded as it was."""
    latest_publication(round)
    return list(Publication.objects.for_round(round).order_by("number").defer("reports"))


def latest_publication(round: FollowUpRound) -> Publication | None:
    """The round's newest publication; a round published without one is frozen now. Its
    frozen data (large for a large plan) is read when asked for (publication_report)."""
    publication = Publication.objects.for_round(round).latest_first().defer("reports").first()
    if publication is None and round.is_public:
        try:
            with transaction.atomic():
                publication = _freeze(
                    round=round, by=None, published_at=round.first_published_at or None
                )
        except IntegrityError:  # frozen by a concurrent request
            publication = Publication.objects.for_round(round).latest_first().first()
    return publication


@dataclass(frozen=True)
class Viewer:
    """Who reads a report: a member of the administration, and whether names may be shown."""

    is_member: bool
    sees_personal_names: bool

    @classmethod
    def of(cls, user, round: FollowUpRound) -> "Viewer":
        administration = round.plan.administration
        return cls(
            is_member=permissions.is_member(user, administration),
            sees_personal_names=permissions.sees_personal_names(user, administration),
        )


PUBLIC = Viewer(is_member=False, sees_personal_names=False)  # signed out; sent reports
OPERATOR = Viewer(is_member=True, sees_personal_names=True)  # the `vplan report` command
# A report as known at an earlier moment, for the public record (a sent report "as of")
MEMBER_WITHOUT_NAMES = Viewer(is_member=True, sees_personal_names=False)


def shown_publication(
    *, viewer: Viewer, round: FollowUpRound, as_of=None, number: int | None = None
) -> Publication | None:
    """The publication this viewer sees of the round, or None for the round as it is.

    Everyone sees a published round as it was published. The public also sees the last
    publication of a round reopened for a correction; members then see the round as it is.
    With `as_of`, members see the round as it was known then, the public the publication in
    force then. `number` asks for one publication of the round (an earlier one, before a
    correction), which every reader of the round may read.
    """
    if number is not None:
        latest_publication(round)  # a round published before publications were kept
        publication = (
            Publication.objects.for_round(round).filter(number=number).defer("reports").first()
        )
        if publication is None:
            raise Http404
        return publication
    is_member = viewer.is_member
    if as_of is not None:
        if is_member:
            return None
        publication = (
            Publication.objects.for_round(round)
            .filter(published_at__lte=as_of)
            .latest_first()
            .defer("reports")
            .first()
        )
        if publication is None:
            raise Http404
        return publication
    if round.state == FollowUpRound.State.PUBLISHED:
        return latest_publication(round)
    if round.is_public and not is_member:
        return latest_publication(round)
    return None


def publication_report(publication: Publication, language: str | None = None) -> Report:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    data = publication.reports.get(language) or publication.reports[settings.LANGUAGE_CODE]
    return report_from_data(data)


def round_report(
    *, viewer: Viewer, round: FollowUpRound, as_of=None, language=None, number=None
) -> Report:
    """The round's report as this viewer may see it: the page, every download and the API.

    A published round's report is its frozen publication; personal names are left out for
    whoever may not see them (permissions.sees_personal_names).
    """
    publication = shown_publication(viewer=viewer, round=round, as_of=as_of, number=number)
    if publication is not None:
        report = publication_report(publication, language)
    else:
        report = build_report(round=round, as_of=as_of, language=language)
    if not viewer.sees_personal_names:
        report = without_personal_names(report)
    return report


def produce_round_file(
    *,
    viewer: Viewer,
    round: FollowUpRound,
    format: str,
    as_of=None,
    language: str | None = None,
    number: int | None = None,
) -> ReportFile:
    """The round's report in one format as this viewer may see it; a publication's files are
    rendered once and then served byte for byte."""
    format_named(format)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    publication = shown_publication(viewer=viewer, round=round, as_of=as_of, number=number)
    if publication is None:
        report = round_report(viewer=viewer, round=round, as_of=as_of, language=language)
        template = word_template_for(round, format)
        with translation.override(language):
            return render_report(report, format, template=template)
    audience = (
        PublishedFile.Audience.MEMBERS
        if viewer.sees_personal_names
        else PublishedFile.Audience.PUBLIC
    )
    return _published_file(publication, format=format, language=language, audience=audience)


def stored_round_file(
    *,
    viewer: Viewer,
    round: FollowUpRound,
    format: str,
    as_of=None,
    language: str | None = None,
    number: int | None = None,
) -> ReportFile | None:
    """The file `produce_round_file` would give, if it is stored already (a publication's
    file rendered before); None when it would have to be made."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    publication = shown_publication(viewer=viewer, round=round, as_of=as_of, number=number)
    if publication is None:
        return None
    stored = PublishedFile.objects.filter(
        publication=publication,
        format=format,
        language=language,
        audience=_audience(viewer),
    ).first()
    if stored is None:
        return None
    return ReportFile(
        filename=stored.filename, content_type=stored.content_type, content=bytes(stored.content)
    )


def _audience(viewer: Viewer) -> str:
    if viewer.sees_personal_names:
        return PublishedFile.Audience.MEMBERS
    return PublishedFile.Audience.PUBLIC


def _published_file(publication: Publication, *, format: str, language: str, audience: str):
    key = {"publication": publication, "format": format, "language": language}
    stored = PublishedFile.objects.filter(audience=audience, **key).first()
    if stored is None:
        report = publication_report(publication, language)
        if audience == PublishedFile.Audience.PUBLIC:
            report = without_personal_names(report)
        template = None
        if format == ReportFormat.DOCX and publication.word_template_id:
            template = bytes(ReportTemplate.objects.get(pk=publication.word_template_id).file)
        with translation.override(language):
            rendered = render_report(report, format, template=template)
        try:
            with transaction.atomic():
                stored = PublishedFile.objects.create(
                    audience=audience,
                    filename=rendered.filename,
                    content_type=rendered.content_type,
                    content=rendered.content,
                    sha256=hashlib.sha256(rendered.content).hexdigest(),
                    **key,
                )
        except IntegrityError:  # stored by a concurrent request: serve that one
            stored = PublishedFile.objects.get(audience=audience, **key)
    return ReportFile(
        filename=stored.filename, content_type=stored.content_type, content=bytes(stored.content)
    )


@dataclass(frozen=True)
class PublishedRow:
    """One activity of a published round as the round's page and entries show it."""

    activity_id: int
    text: str
    boards: tuple[str, ...]
    decided_end: str
    current_end: str
    postponed: bool
    is_part: bool
    parent_id: int | None
    version: int
    status: str
    category: str  # a StatusCategory value, "other" or "missing"
    comment: str
    changed_by: str
    changed_at: datetime.datetime | None

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity_id}"

    @property
    def end_display(self) -> str:
        return f"{self.current_end}*" if self.postponed else self.current_end

    @property
    def has_status(self) -> bool:
        return self.category != MISSING

    # status_badge reads these, as it does a StatusReport's
    @property
    def display_status(self) -> str:
        return self.status

    @property
    def report(self):
        return self if self.has_status else None


@dataclass(frozen=True)
class PublishedRound:
    publication: Publication
    report: Report
    rows: list[PublishedRow]


def published_round(*, viewer: Viewer, round: FollowUpRound) -> PublishedRound | None:
    """The round as published, for this viewer; None when the viewer sees the round as it is.

    The round page and the API's entries of the round both read this."""
    publication = shown_publication(viewer=viewer, round=round)
    if publication is None:
        return None
    report = publication_report(publication)
    if not viewer.sees_personal_names:
        report = without_personal_names(report)
    return PublishedRound(publication=publication, report=report, rows=published_rows(report))


def published_rows(report: Report) -> list[PublishedRow]:
    """Each activity once, in the report's reading order (first place it stands in)."""
    rows, seen = [], set()
    for perspective in report.perspectives:
        for section in perspective.sections:
            for group in section.groups:
                for row in group.rows:
                    line = row.direct if row.is_assignment else row
                    if line is None or line.activity_id in seen:
                        continue
                    seen.add(line.activity_id)
                    rows.append(
                        PublishedRow(
                            activity_id=line.activity_id,
                            text=line.text,
                            boards=line.boards,
                            decided_end=line.decided_end,
                            current_end=line.current_end,
                            postponed=line.postponed,
                            is_part=line.is_part,
                            parent_id=line.parent_id,
                            version=line.version,
                            status=line.status,
                            category=line.status_category if line.status else MISSING,
                            comment=line.comment,
                            changed_by=line.changed_by,
                            changed_at=line.changed_at,
                        )
                    )
    return rows
