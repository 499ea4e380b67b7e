"""Hostile files for the upload tests, built small and fast: a zip member or a PDF stream of
zeros deflated (a bomb: one megabyte of zeros compressed once, its deflate blocks repeated),
deeply nested JSON. A gigabyte bomb is about a megabyte on disk and takes milliseconds to build;
the checks refuse it without inflating it."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document

MEGABYTE = 1024 * 1024


def _zeros_block() -> bytes:
    """Deflate blocks (raw, byte-aligned, no reference back) that inflate to a megabyte of
    zeros; repeated, they are a valid deflate stream of as many megabytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(MEGABYTE)) + compressor.flush(zlib.Z_FULL_FLUSH)


FINAL_BLOCK = b"\x03\x00"  # an empty final block: the end of a deflate stream


def deflated_zeros(megabytes: int) -> bytes:
    """A raw deflate stream of `megabytes` of zeros."""
    return _zeros_block() * megabytes + FINAL_BLOCK


def word_document(text: str = "Uppföljning") -> bytes:
    document = Document()
    document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def with_zeros(data: bytes, name: str, megabytes: int, *, declared: int | None = None) -> bytes:
    """The archive `data` with one more member, `megabytes` of zeros deflated; it declares
    `declared` bytes unpacked (by default the truth)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for info in source.infolist():
            content = source.read(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = compressor.compress(content) + compressor.flush()
            members.append((info.filename, raw, zlib.crc32(content), len(content)))
    size = megabytes * MEGABYTE
    members.append((name, deflated_zeros(megabytes), 0, size if declared is None else declared))
    return _zip(members)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    output, central = bytearray(), bytearray()
    for name, raw, crc, size in members:
        offset, encoded = len(output), name.encode()
        output += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0
        )
        output += encoded + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(raw),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    start = len(output)
    output += central
    output += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(output)


def word_bomb(megabytes: int = 1024) -> bytes:
    """A Word document with a part of `megabytes` of zeros (a gigabyte by default)."""
    return with_zeros(word_document(), "word/media/zeros.bin", megabytes)


def pdf_with_stream(stream: bytes, filters: str = "/FlateDecode", pages: int = 1) -> bytes:
    """A PDF of `pages` pages whose content is `stream` (already encoded by `filters`)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + n} 0 R".encode() for n in range(pages))
        + f"] /Count {pages} >>".encode(),
        f"<< /Length {len(stream)} /Filter {filters} >>\nstream\n".encode()
        + stream
        + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += f"trailer << /Root 1 0 R /Size {len(objects) + 1} >>\n".encode()
    output += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


def pdf_bomb(megabytes: int = 1024) -> bytes:
    """A PDF whose content stream is `megabytes` of zeros (zlib-wrapped deflate)."""
    return pdf_with_stream(b"\x78\x9c" + deflated_zeros(megabytes) + b"\x00\x00\x00\x01")


def pdf_text(text: str = "BT /F1 12 Tf 72 720 Td (Hej) Tj ET") -> bytes:
    """A PDF with a small, honest compressed content stream."""
    return pdf_with_stream(zlib.compress(text.encode()))


def nested_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth
