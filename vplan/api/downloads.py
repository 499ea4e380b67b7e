"""Files from the API (reports, exports, CSV): the bytes with their content type, as an attachment.

A download endpoint returns `attachment(...)`, which ninja passes through untouched; its
`openapi_extra=file_responses(...)` tells the OpenAPI document what the 200 answer holds.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, *, content_type: str, filename: str, etag: str = ""):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if etag:
        response["ETag"] = f'"{etag}"'
    return response


def file_responses(*content_types: str, description: str = "The file, as an attachment.") -> dict:
    """openapi_extra for an endpoint whose 200 answer is a file of one of `content_types`."""
    content = {
        content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
        for content_type in content_types
    }
    return {"responses": {200: {"description": description, "content": content}}}
