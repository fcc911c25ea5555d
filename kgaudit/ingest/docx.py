"""Word manuscripts (``.docx``) become the plain text the text ingest reads.

A submitted manuscript is a Word file, not a typeset PDF: what the author typed is there exactly,
so nothing has to be guessed from a layout.  :func:`docx_to_text` walks the body in document order
(python-docx) and writes

* each paragraph on its own line, a blank line after it (headings are paragraphs too; the text
  ingest recognises them by their words);
* runs formatted as superscript (directly or through their character style) as Unicode superscripts
  when they hold a digit, so ``patients²,³`` reaches the citation parser as typed;
* every run of the paragraph, including those inside hyperlinks, simple fields and the result of
  complex fields: citation managers (EndNote ``ADDIN EN.CITE``, Zotero ``ADDIN ZOTERO_ITEM``,
  Mendeley ``ADDIN CSL_CITATION``) write the formatted callout ("[3]", "³", "(Kim et al., 2019)")
  as the field's result, which is what the reader sees and what is read here; field instructions
  and deleted text are not text;
* tables row by row, cells separated by TABs (a merged cell once), after the caption paragraph the
  author typed above them.

Footnotes, endnotes, comments and tracked insertions' history are not read.  Unusable input raises
:class:`~kgaudit.errors.InputError` with one line: a ``.doc`` (Word 97-2003) or password-protected file
(both OLE2 compound files), a damaged zip, a zip without ``word/document.xml``, or a zip whose members
would expand past :data:`MAX_UNPACKED_BYTES` (a zip bomb).
"""

from __future__ import annotations

import io
import re
import zipfile

from kgaudit.errors import InputError
from kgaudit.ingest.decode import describe_format

__all__ = ["MAX_UNPACKED_BYTES", "docx_to_text", "is_ole2"]

# A manuscript's XML parts are a few MB; images are refused long before this.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A member that expands more than this many times is a bomb, not a document part (XML compresses ~10x).
MAX_COMPRESSION_RATIO = 200
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPERSCRIPT = str.maketrans(
    "0123456789-\u2010\u2011\u2012\u2013\u2014\u2212+=()",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁻⁻⁻⁻⁻⁺⁼⁽⁾",
)


def is_ole2(data: bytes) -> bool:
    """True for an OLE2 compound file: a Word 97-2003 ``.doc`` or an encrypted Office file."""
    return data[:8] == _OLE2_MAGIC


def docx_to_text(data: bytes, source: str) -> str:
    """The text of a Word manuscript, superscript callouts as Unicode superscripts, tables as TAB rows."""
    _check_container(data, source)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on damaged parts
        raise InputError(
            source, f"a Word document (.docx) whose document part cannot be read ({type(exc).__name__})"
        ) from None
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child, document)
            if text.strip():
                blocks.append(text.strip())
        elif child.tag == f"{_W}tbl":
            rows = _table_rows(child, document)
            if rows:
                blocks.append("\n".join(rows))
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(source, "Word file has no text")
    return text + "\n"


def _check_container(data: bytes, source: str) -> None:
    if not data or not data.strip():
        raise InputError(source, "file is empty")
    if is_ole2(data):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise InputError(source, "Word file is encrypted with a password (save an unprotected copy)")
        raise InputError(source, "a Word 97-2003 .doc file is not supported (save it as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(source, "not a readable .docx (the zip container is damaged)") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        what = describe_format(data) or "a ZIP archive"
        raise InputError(source, f"{what}, not a Word document (no word/document.xml in the zip)")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO):
            raise InputError(source, "Word file expands to an implausible size (a zip bomb?)")


def _superscript_run(run, document) -> bool:
    """True when the run is raised: vertAlign superscript directly or through its character style."""
    props = run.find(f"{_W}rPr")
    if props is not None:
        align = props.find(f"{_W}vertAlign")
        if align is not None:
            return align.get(f"{_W}val") == "superscript"
        style = props.find(f"{_W}rStyle")
        if style is not None:
            return _style_is_superscript(style.get(f"{_W}val"), document)
    return False


def _style_is_superscript(style_id: str | None, document) -> bool:
    if not style_id:
        return False
    try:
        style = document.styles.get_by_id(style_id, 2)  # WD_STYLE_TYPE.CHARACTER
    except Exception:  # noqa: BLE001 - an unknown or broken style is plain text
        return False
    while style is not None:
        if style.font.superscript is not None:
            return bool(style.font.superscript)
        style = style.base_style
    return False


def _run_text(run) -> str:
    out = []
    for child in run.iterchildren():
        if child.tag == f"{_W}t":
            out.append(child.text or "")
        elif child.tag == f"{_W}tab":
            out.append(" ")
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            out.append(" ")
        elif child.tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph_text(paragraph, document) -> str:
    """All runs of a paragraph (nested in hyperlinks, fields, insertions too), superscripts rewritten."""
    pieces: list[tuple[str, bool]] = []
    for run in paragraph.iter(f"{_W}r"):
        if any(parent.tag == f"{_W}del" for parent in run.iterancestors()):
            continue  # tracked deletion
        text = _run_text(run)
        if text:
            pieces.append((text, _superscript_run(run, document)))
    out: list[str] = []
    raised: list[str] = []
    for text, is_raised in [*pieces, ("", False)]:
        if is_raised:
            raised.append(text)
            continue
        if raised:
            joined = "".join(raised)
            out.append(joined.replace(" ", "").translate(_SUPERSCRIPT) if re.search(r"\d", joined) else joined)
            raised = []
        out.append(text)
    return re.sub(r"[ \u00a0]{2,}", " ", "".join(out))


def _table_rows(table, document) -> list[str]:
    rows = []
    for row in table.iter(f"{_W}tr"):
        cells = []
        for cell in row.iterchildren(f"{_W}tc"):
            props = cell.find(f"{_W}tcPr")
            merge = props.find(f"{_W}vMerge") if props is not None else None
            if merge is not None and merge.get(f"{_W}val") != "restart":
                cells.append("")  # continues the cell above: printed once
                continue
            text = " ".join(_paragraph_text(p, document).strip() for p in cell.iter(f"{_W}p"))
            cells.append(" ".join(text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows
