"""Bounds on every file a user hands Vplan, checked before the file is opened.

An upload is bounded by its size on the wire (each page says how large), but the readers behind
it inflate what they are given: a Word document is a zip archive, a PDF holds compressed streams,
JSON and text are read whole. A small file may inflate to gigabytes. The checks here read each
compressed part with a running cap, so a bomb is refused after reading at most the cap, never
after inflating all of it:

- ``check_zip(data)``: a .docx (zip) has at most ``MAX_ZIP_MEMBERS`` members, declares at most
  ``MAX_INFLATED_BYTES`` uncompressed in all, no member above ``RATIO_FLOOR_BYTES`` inflates more
  than ``MAX_RATIO`` times its compressed size, and reading every member (inflating it in small
  pieces) confirms what the archive declares.
- ``check_pdf(data)``: every compressed stream of a PDF inflates to at most ``MAX_RATIO`` times
  its size (above ``RATIO_FLOOR_BYTES``) and all of them to at most ``MAX_INFLATED_BYTES``; an
  encrypted PDF is refused (its streams cannot be checked). The page count is checked once the
  PDF is open (``check_page_count``).
- ``check_text(text)``: at most ``MAX_TEXT_CHARACTERS`` characters, ``MAX_TEXT_LINES`` lines,
  and ``MAX_LINE_CHARACTERS`` characters on a line.
- ``load_json(data)``: at most ``MAX_JSON_BYTES`` and ``MAX_JSON_DEPTH`` levels of nesting,
  counted before ``json.loads`` runs (whose recursion a deep document would exhaust).
- ``decode_text(data)``: UTF-8, or else Windows-1252 (older Windows programs), which the caller
  reports as a warning.

Every refusal is an ``UploadRefused`` with a ``code`` and its figures; each app words it for its
users (in Swedish) and names the file. ``str()`` gives an English sentence for logs and commands.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from collections import deque
from typing import Any

MAX_ZIP_MEMBERS = 1_000
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_PDF_PAGES = 1_000
MAX_TEXT_CHARACTERS = 2_000_000
MAX_TEXT_LINES = 200_000
MAX_LINE_CHARACTERS = 20_000
MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_JSON_DEPTH = 64

CHUNK = 64 * 1024

ENGLISH = {
    "zip_damaged": "is a damaged zip archive ({reason})",
    "zip_members": "has {count} parts; at most {limit} are read",
    "zip_inflated": "would inflate to more than {limit_mb} MB",
    "zip_ratio": "has a part ({part}) that inflates more than {limit} times its size",
    "pdf_encrypted": "is an encrypted PDF, which cannot be checked: save it without a password",
    "pdf_inflated": "has compressed content that would inflate to more than {limit_mb} MB",
    "pdf_ratio": "has a compressed stream (object {part}) that inflates more than {limit} "
    "times its size",
    "pdf_pages": "has {count} pages; at most {limit} are read",
    "text_characters": "has {count} characters; at most {limit} are read",
    "text_lines": "has {count} lines; at most {limit} are read",
    "line_characters": "has a line ({line}) of {count} characters; at most {limit} are read",
    "json_size": "is larger than {limit_mb} MB",
    "json_depth": "is nested deeper than {limit} levels (at byte {offset})",
    "json_invalid": "is not valid JSON (line {line}, column {column}: {reason})",
    "not_utf8": "is neither UTF-8 nor Windows-1252 text (byte {offset})",
}


class UploadRefused(ValueError):
    """A file over one of the bounds. `code` says which (a key of ENGLISH), `details` the
    figures and where."""

    def __init__(self, code: str, **details: Any):
        self.code = code
        self.details = details
        if "limit" in details and isinstance(details["limit"], int):
            details.setdefault("limit_mb", details["limit"] >> 20)
        super().__init__(ENGLISH[code].format(**details))


# --- zip archives (.docx) ------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse a zip archive over the bounds, reading each member with a running cap."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise UploadRefused("zip_members", count=len(members), limit=MAX_ZIP_MEMBERS)
            declared = sum(member.file_size for member in members)
            if declared > MAX_INFLATED_BYTES:
                raise UploadRefused("zip_inflated", limit=MAX_INFLATED_BYTES)
            for member in members:
                if _over_ratio(member.file_size, member.compress_size):
                    raise UploadRefused("zip_ratio", part=member.filename, limit=MAX_RATIO)
            inflated = 0
            for member in members:
                inflated += _inflate_member(archive, member, MAX_INFLATED_BYTES - inflated)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise UploadRefused("zip_damaged", reason=error) from error
    except zlib.error as error:
        raise UploadRefused("zip_damaged", reason=error) from error


def read_zip_member(data: bytes, name: str, *, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """One member of an archive, read with a cap (for parsing it: check_zip first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        with archive.open(name) as member:
            content = member.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused("zip_inflated", limit=limit)
    return content


def _inflate_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """The member's real inflated size, read in pieces and given up past `room` or the ratio."""
    size = 0
    with archive.open(member) as stream:
        while piece := stream.read(CHUNK):
            size += len(piece)
            if size > room:
                raise UploadRefused("zip_inflated", limit=MAX_INFLATED_BYTES)
            if _over_ratio(size, member.compress_size):
                raise UploadRefused("zip_ratio", part=member.filename, limit=MAX_RATIO)
    return size


def _over_ratio(inflated: int, compressed: int) -> bool:
    return inflated > RATIO_FLOOR_BYTES and inflated > MAX_RATIO * max(compressed, 1)


# --- PDF -----------------------------------------------------------------------------------

_STREAM_KEYWORD = re.compile(rb">>\s*stream\r?\n")
_OBJECT_START = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_ENCRYPT = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")


def check_pdf(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond the bounds, without inflating
    more than the bound of any of them.

    Each stream is found by its keyword, its dictionary between the last object start before
    it and the keyword; the search moves on past the stream's data, so every byte of the file
    is looked at a bounded number of times, whatever the file holds."""
    if _ENCRYPT.search(data):
        raise UploadRefused("pdf_encrypted")
    inflated, position = 0, 0
    while keyword := _STREAM_KEYWORD.search(data, position):
        heads = deque(_OBJECT_START.finditer(data, position, keyword.start()), maxlen=1)
        head = heads[0] if heads else None
        start = keyword.end()
        dictionary = data[head.end() if head else position : keyword.start()]
        raw = _stream_bytes(data, start, dictionary)
        position = start + len(raw)
        filters = _filters_of(dictionary)
        if filters:
            number = head.group(1) if head else b"?"
            inflated += _decoded_size(raw, filters, MAX_INFLATED_BYTES - inflated, number)


def check_page_count(count: int) -> None:
    if count > MAX_PDF_PAGES:
        raise UploadRefused("pdf_pages", count=count, limit=MAX_PDF_PAGES)


def _filters_of(dictionary: bytes) -> list[bytes]:
    found = _FILTER.search(dictionary)
    if found is None:
        return []
    return re.findall(rb"/([A-Za-z0-9]+)", found.group(1))


def _stream_bytes(data: bytes, start: int, dictionary: bytes) -> bytes:
    length = _LENGTH.search(dictionary)
    if length is not None:
        end = start + int(length.group(1))
        if data[end : end + 32].lstrip().startswith(b"endstream"):
            return data[start:end]
    end = data.find(b"endstream", start)
    return data[start : end if end >= 0 else len(data)]


def _decoded_size(raw: bytes, filters: list[bytes], room: int, object_number: bytes) -> int:
    """The size of a stream after its filters, refused past `room` or the ratio. Only the
    filters that inflate are run with a cap, and what they give is kept only while another
    filter follows; image codecs are left to their readers."""
    part = object_number.decode()
    data, size = raw, 0
    for index, name in enumerate(filters):
        keep = index < len(filters) - 1
        if name in (b"FlateDecode", b"Fl"):
            data, size = _inflate_capped(data, room, part, len(raw), keep=keep)
        elif name in (b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85"):
            data = _shrinking(data, name)
            size = len(data)
        elif name in (b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"):
            data, size = _expanding(data, name, room, part, len(raw), keep=keep)
        else:
            break  # DCT, JPX, JBIG2, CCITT: images, not inflated by the text reader
    return size


def _inflate_capped(
    data: bytes, room: int, part: str, compressed: int, *, keep: bool
) -> tuple[bytes, int]:
    """Inflate in small pieces of input and output, counting; keep the output only if asked."""
    inflater = zlib.decompressobj()
    pieces, size = [], 0
    for start in range(0, len(data), CHUNK):
        pending = data[start : start + CHUNK]
        while pending:
            try:
                piece = inflater.decompress(pending, CHUNK)
            except zlib.error:
                return b"".join(pieces), size  # damaged: pdfminer reads no more than this
            pending = inflater.unconsumed_tail
            size += len(piece)
            _refuse_when_over(size, room, part, compressed)
            if keep:
                pieces.append(piece)
            if inflater.eof:
                return b"".join(pieces), size
    return b"".join(pieces), size


def _shrinking(data: bytes, name: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    try:
        return asciihexdecode(data) if name in (b"ASCIIHexDecode", b"AHx") else ascii85decode(data)
    except ValueError:
        return b""


def _expanding(
    data: bytes, name: bytes, room: int, part: str, compressed: int, *, keep: bool
) -> tuple[bytes, int]:
    pieces, size = [], 0
    for piece in _lzw_pieces(data) if name in (b"LZWDecode", b"LZW") else _run_length(data):
        size += len(piece)
        _refuse_when_over(size, room, part, compressed)
        if keep:
            pieces.append(piece)
    return b"".join(pieces), size


def _lzw_pieces(data: bytes):
    from pdfminer.lzw import LZWDecoder

    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except (ValueError, IndexError, TypeError):
        return


def _run_length(data: bytes):
    index = 0
    while index < len(data):
        length = data[index]
        if length == 128:
            return
        if length < 128:
            yield data[index + 1 : index + 2 + length]
            index += 2 + length
        else:
            yield data[index + 1 : index + 2] * (257 - length)
            index += 2


def _refuse_when_over(size: int, room: int, part: str, compressed: int) -> None:
    if size > room:
        raise UploadRefused("pdf_inflated", limit=MAX_INFLATED_BYTES)
    if _over_ratio(size, compressed):
        raise UploadRefused("pdf_ratio", part=part, limit=MAX_RATIO)


# --- text ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, bool]:
    """The text of a file, and whether it was read as Windows-1252 because it is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError as error:
        try:
            return data.decode("cp1252"), True
        except UnicodeDecodeError:
            raise UploadRefused("not_utf8", offset=error.start) from error


def check_text(text: str) -> None:
    """Refuse a text over the bounds of characters, lines, or characters on one line."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise UploadRefused("text_characters", count=len(text), limit=MAX_TEXT_CHARACTERS)
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        raise UploadRefused("text_lines", count=lines, limit=MAX_TEXT_LINES)
    if len(text) <= MAX_LINE_CHARACTERS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise UploadRefused(
                "line_characters", line=number, count=len(line), limit=MAX_LINE_CHARACTERS
            )


# --- JSON ----------------------------------------------------------------------------------

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def check_json_depth(data: bytes, *, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than `limit`, counting brackets outside strings."""
    depth = 0
    outside = _JSON_STRING.sub(lambda found: b"_" * len(found.group()), data)
    for bracket in _JSON_BRACKET.finditer(outside):
        if bracket.group() in b"[{":
            depth += 1
            if depth > limit:
                raise UploadRefused("json_depth", limit=limit, offset=bracket.start())
        else:
            depth -= 1


def load_json(data: bytes, *, max_bytes: int = MAX_JSON_BYTES, parse_float=None) -> Any:
    """JSON from bytes within the bounds of size and nesting."""
    if len(data) > max_bytes:
        raise UploadRefused("json_size", limit=max_bytes)
    check_json_depth(data)
    text, _ = decode_text(data)
    try:
        return json.loads(text, parse_float=parse_float)
    except json.JSONDecodeError as error:
        raise UploadRefused(
            "json_invalid", line=error.lineno, column=error.colno, reason=error.msg
        ) from error
    except RecursionError as error:  # not reached within MAX_JSON_DEPTH; kept as a safeguard
        raise UploadRefused("json_depth", limit=MAX_JSON_DEPTH, offset=0) from error
