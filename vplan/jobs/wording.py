"""The words a job shows while it runs: its title and the step it is at.

Handlers live in the apps that own the work, but what a job says on its page is kept here, in the
jobs app's catalogue, so that the job page and the API speak one vocabulary. Each text is
translated when the job writes it, in the language of whoever asked for the job.
"""

from django.utils.translation import gettext_lazy as _

# Titles
IMPORT_TITLE = _("Import of %(file)s")
READING_TITLE = _("Reading %(file)s")
REPORT_PDF_TITLE = _("PDF of %(report)s")
REPORT_FILE_TITLE = _("%(format)s file of %(report)s")
PUBLICATION_FILES_TITLE = _("Files of publication %(number)s of %(report)s")

# Steps
WAITING = _("Waiting for a worker")
REPORT_BEING_MADE = _("The report is being made …")
READING = _("Reading the document")
SAVING = _("Saving the activities and status reports")
BUILDING_REPORT = _("Building the report")
TYPESETTING = _("Typesetting the PDF")
WRITING_REPORT = _("Writing the report file")
STORING = _("Storing the file")
RETRYING = _("The worker stopped; trying again")

# Errors
WORKER_STOPPED = _(
    "The worker stopped %(attempts)s times while doing this job; it was given up. Nothing was "
    "half-written: try again, or ask an administrator to look at the worker's log."
)
UNEXPECTED = _(
    "Something went wrong in Vplan while doing this job, and nothing was written. The error is in "
    "the worker's log: %(error)s"
)

# Results
OPEN_PLAN = _("Open the plan")
OPEN_PREVIEW = _("See what the import would create")
READ_FOR_PREVIEW = _("%(file)s is read: look at what it would create before anything is saved.")
IMPORTED = _("%(file)s is imported: %(activities)s activities and %(reports)s status reports.")
UPLOAD_GONE = _(
    "The uploaded file is no longer waiting to be imported (it was imported, cancelled or "
    "expired): nothing was written. Upload it again."
)
NO_LONGER_READABLE = _("You may no longer read this report, or it is gone: no file was made.")
NOT_YET_AVAILABLE = _(
    "The PDF of this report is not available yet: it is being made. Try again in a while, or "
    "download the report as HTML, Word or Excel."
)
FILE_NOT_YET_AVAILABLE = _(
    "This file of the report is not available yet: it is being made. Try again in a while, or "
    "download the report as HTML."
)
