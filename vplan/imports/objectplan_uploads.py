"""Importing an uploaded object plan (page and API alike): read it here, load it with
vplan.objectplans.load, all or nothing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.objectplans.exchange import read_exchange
from vplan.objectplans.load import load_parsed_object_plan
from vplan.objectplans.models import ITObject
from vplan.upload_limits import UploadRefused, check_text, load_json

from .read_objectplan import looks_like_object_plan, parse_object_plan_text
from .upload_refusals import refusal_message

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04")


def read_object_plan_upload(upload):
    """An exchange file (.json) or an object plan as text; ValueError says what is wrong.

    The bytes must be what the name says (a .json file JSON, anything else UTF-8 text), within
    the bounds of vplan/upload_limits.py (size, nesting, characters, lines)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValueError(_("The file is larger than 5 MB."))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        if upload.name.lower().endswith(".json"):
            parsed, _code = read_exchange(load_json(data, max_bytes=MAX_UPLOAD_BYTES))
            return parsed
        if data.startswith(BINARY_SIGNATURES):
            raise ValueError(
                _(
                    "%(name)s: this is a PDF or Word file; an object plan is imported as text "
                    "(.txt, .md) or as an exchange file (.json)."
                )
                % {"name": upload.name}
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(_("The file is not UTF-8 text.")) from error
        check_text(text)
    except UploadRefused as refusal:
        raise ValueError(f"{upload.name}: {refusal_message(refusal)}") from refusal
    if looks_like_object_plan(text):
        return parse_object_plan_text(text, source=upload.name)
    raise ValueError(_("This does not look like a strategic object plan."))


def import_object_plan_upload(*, upload, by, administration, managed):
    """Load the upload into `administration` (or the one administration in `managed`).

    `managed` are the administrations the user may set up. An object new to Vplan whose
    administration is guessed from its boards must land in one of them: otherwise nothing is
    written and PermissionDenied is raised.
    """
    parsed = read_object_plan_upload(upload)
    existing = ITObject.objects.filter(short_name__iexact=parsed.object_short).first()
    if existing is not None and not managed.filter(pk=existing.administration_id).exists():
        raise PermissionDenied
    if existing is None and administration is None and managed.count() == 1:
        administration = managed.get()
    with transaction.atomic():
        result = load_parsed_object_plan(parsed=parsed, by=by, administration=administration)
        if not managed.filter(pk=result.object_plan.it_object.administration_id).exists():
            raise PermissionDenied
    return result
