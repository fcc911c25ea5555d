"""Ingest: a paper file (text, Markdown, JATS, TEI, PDF, Word .docx) becomes a :class:`~kgaudit.model.Document`.

The format is detected from the content, not only from the extension;
``fmt`` forces it.
"""

from __future__ import annotations

import re
from pathlib import Path

from kgaudit.errors import InputError
from kgaudit.model import Document

FORMATS = ("text", "markdown", "jats", "tei", "pdf", "docx")

# Larger files are refused before they are read (time and memory stay bounded).
MAX_FILE_BYTES = 60 * 1024 * 1024


def detect_format(data: bytes, source: str = "") -> str:
    """Guess the format from the first bytes, falling back to the file extension."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "pdf"
    if data[:4] == b"PK\x03\x04" and (b"word/" in data[:65536] or source.lower().endswith(".docx")):
        return "docx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and source.lower().endswith((".doc", ".docx")):
        return "docx"  # a Word 97-2003 file or an encrypted .docx: the Word reader says which
    if head.startswith(b"<"):
        lowered = head.lower()
        if b"<tei" in lowered or b"tei-c.org" in lowered:
            return "tei"
        if b"<article" in lowered or b"jats" in lowered or b"journalpublishing" in lowered:
            return "jats"
        return "jats" if source.lower().endswith((".nxml", ".xml")) else "xml"
    suffix = Path(source).suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".docx", ".doc"):
        return "docx"
    if suffix in (".xml", ".nxml"):
        return "jats"
    if re.search(rb"^\s*#{1,3} \S", head, re.MULTILINE) and re.search(rb"^\s*\|.*\|\s*$", data[:200000], re.M):
        return "markdown"
    return "text"


def parse_document(data: bytes, source: str = "<input>", fmt: str | None = None) -> Document:
    """Parse bytes of a paper into a Document; raises :class:`InputError` on unusable input."""
    fmt = fmt or detect_format(data, source)
    if fmt == "xml":
        raise InputError(source, "XML that is neither JATS nor TEI (no <article> or <TEI> root found)")
    if fmt not in FORMATS:
        raise InputError(source, f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
    if not data.strip():
        raise InputError(source, "file is empty")
    if fmt == "jats":
        from kgaudit.ingest.jats import parse_jats

        return parse_jats(data, source)
    if fmt == "tei":
        from kgaudit.ingest.tei import parse_tei

        return parse_tei(data, source)
    from kgaudit.ingest.decode import decode_text
    from kgaudit.ingest.text import parse_text

    if fmt == "docx":
        from dataclasses import replace

        from kgaudit.ingest.docx import docx_to_text

        return replace(parse_text(docx_to_text(data, source), source, "text"), format="docx")
    if fmt == "pdf":
        from kgaudit.ingest.pdf import read_pdf

        return read_pdf(data, source)
    return parse_text(decode_text(data, source), source, fmt)


def load_document(path: str | Path, fmt: str | None = None) -> Document:
    """Read and parse the paper at ``path``."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a paper file")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(p, f"file is too large ({size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    return parse_document(data, str(p), fmt)


def parse_string(text: str, source: str = "<text>", fmt: str = "text") -> Document:
    """Parse a paper given as a Python string (plain text or Markdown)."""
    return parse_document(text.encode("utf-8"), source, fmt)
