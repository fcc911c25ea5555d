"""Turn raw bytes into text, refusing what is not text.

A paper arrives as bytes; this module decides whether they are usable text
(empty, binary, too large, which encoding) and says why not in one line.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from kgaudit.errors import InputError

# A paper's text is well under a megabyte; 20 MB leaves room for a whole
# journal issue while keeping time and memory bounded for hostile input.
MAX_TEXT_BYTES = 20 * 1024 * 1024

# Share of control characters above which bytes are treated as binary.
_BINARY_CONTROL_SHARE = 0.05
# Byte-order marks of the wide Unicode encodings (UTF-32 first: its little-endian mark starts like UTF-16's).
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Without a mark, UTF-16 text of a Latin-script paper has a NUL in nearly every other byte.
_UTF16_NUL_SHARE = 0.9
# Formats people save papers in that kgaudit does not read, recognised by their first bytes, so the
# message names the format instead of calling it "binary".
_ZIP = b"PK\x03\x04"
_OFFICE_ZIP_PARTS = ((b"word/", "a Word document (.docx)"), (b"xl/", "an Excel workbook (.xlsx)"),
                     (b"ppt/", "a PowerPoint presentation (.pptx)"),
                     (b"application/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)"))
_MAGIC = ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.doc)"),
          (b"{\\rtf", "an RTF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"))


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16/UTF-32 codec ``data`` is written in (by its byte-order mark or its NUL pattern), else None."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return codec
    sample = data[:4096]
    if len(sample) >= 16:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) >= _UTF16_NUL_SHARE * len(odd) and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) >= _UTF16_NUL_SHARE * len(even) and odd.count(0) == 0:
            return "utf-16-be"
    return None


def describe_format(data: bytes) -> str | None:
    """The name of a known non-text format (a Word document, an image …) from its first bytes, else None."""
    if data.startswith(_ZIP):
        head = data[:65536] + data[-65536:]  # local headers first, the central directory last
        for part, name in _OFFICE_ZIP_PARTS:
            if part in head:
                return name
        return "a ZIP archive"
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True when ``data`` holds NUL bytes or many control characters (not text)."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > _BINARY_CONTROL_SHARE


def decode_text(data: bytes, source: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Decode ``data`` as text (UTF-8 first, else the detected encoding); normalise newlines.

    Raises :class:`InputError` for empty, binary or oversized input, or text whose
    encoding cannot be determined.
    """
    if len(data) > max_bytes:
        raise InputError(
            # MB as in the limit's definition (2**20 bytes), so "20 MB" is what the limit says it is.
            source, f"file is too large ({len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB)"
        )
    if not data.strip():
        raise InputError(source, "file is empty")
    known = describe_format(data)
    if known is not None and not known.endswith("image") and "archive" not in known:
        raise InputError(source, f"file is {known}, which kgaudit does not read: save it as PDF or plain text")
    wide = wide_encoding(data)
    if wide is not None:
        try:
            data = data.decode(wide).encode("utf-8")  # Word's "Unicode text" and the like
        except UnicodeDecodeError:
            raise InputError(source, f"file looks like {wide.upper()} text but does not decode as it") from None
    if looks_binary(data):
        kind = f" ({known})" if known else ""
        raise InputError(source, f"file is binary{kind}, not text (no supported format recognised)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError(source, "text encoding could not be determined") from None
        text = str(best)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "file is empty")
    return text
