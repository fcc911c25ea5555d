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
    if looks_binary(data):
        raise InputError(source, "file is binary, not text (no supported format recognised)")
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
