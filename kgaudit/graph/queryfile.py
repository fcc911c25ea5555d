"""The comment header that opens every shipped ``.rq`` file (analyst queries and check rules)."""

from __future__ import annotations

import re


def read_header(text: str, keys: tuple[str, ...], continued: str) -> dict[str, str]:
    """Read ``# key: value`` lines from the comment block that opens ``text``.

    Only ``keys`` are recognised; other comment lines continue the value of
    ``continued`` (a long description wraps over several comment lines). The
    header ends at the first non-comment, non-blank line.
    """
    pattern = re.compile(r"^#\s*(?P<key>" + "|".join(map(re.escape, keys)) + r")\s*:\s*(?P<value>.*)$")
    header: dict[str, str] = {}
    last_key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = pattern.match(line)
        if match:
            last_key = match.group("key")
            header[last_key] = match.group("value").strip()
        elif last_key == continued:
            header[continued] += " " + line.lstrip("#").strip()
    return header
