"""Hostile and unusable input through the real command line: exit 2, one line naming the file, nothing written.

``tests/test_cli.py`` already covers an empty file, a whitespace-only file, binary bytes
and a PNG renamed ``.txt`` (and a missing file, without the one-line and no-report checks);
this file covers the rest.  Most cases run in-process through click's CliRunner (the same
``main`` the console script runs, without a second of start-up per case); a few run the
console entry point in a subprocess as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgaudit.cli import EXIT_INPUT, main

REPO = Path(__file__).resolve().parents[1]


def _billion_laughs(levels: int = 10) -> bytes:
    """The classic entity-expansion bomb: 10 levels of 10 references, 10**10 "lol"s once expanded."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE article [{"".join(entities)}]>'
        f"<article><body><p>&lol{levels};</p></body></article>"
    ).encode()


def _big_text(path: Path) -> None:
    """A 50 MB plain-text file (the decode limit is 20 MB), written fast as repeated lines."""
    line = b"Of 125 patients, 68 (54.4%) were men and the mean age was 59.2 years.\n"
    block = line * (1024 * 1024 // len(line))  # about 1 MB
    with path.open("wb") as out:
        for _ in range(50):
            out.write(block)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the compound-file header of .doc and encrypted Office files


def _zip_bomb() -> bytes:
    """A .docx-shaped zip whose one large member is 50 MB of zeros (about 50 kB compressed)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/image1.png", bytes(50 * 1024 * 1024))
    return out.getvalue()


def _write(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


# (file name, how to make it, words the one stderr line must hold)
HOSTILE = [
    ("random.bin", _write(os.urandom(8192)), "binary"),  # random bytes with an unknown extension
    ("figure.png", _write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(512)), "binary"),  # a real PNG header
    ("malformed.xml", _write(b"<article><front><title-group>broken</article>"), "malformed XML"),  # tag mismatch
    ("truncated.nxml", _write(b'<?xml version="1.0"?><article><body><p>cut off'), "malformed XML"),  # cut short
    ("bomb.xml", _write(_billion_laughs()), "entit"),  # billion laughs, refused before expansion
    ("xxe.xml",  # an external entity reading a local file
     _write(b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<article><body><p>&xxe;</p></body></article>"), "entit"),
    ("huge.txt", _big_text, "too large"),  # 50 MB of text, over the 20 MB decode limit
    ("folder", lambda path: path.mkdir(), "directory"),  # a directory given as the paper
    ("missing.txt", lambda path: None, "no such file"),  # a file that does not exist
    ("corrupt.pdf", _write(b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n"), "PDF"),  # header, garbage, end marker
    ("cut.pdf", _write(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "PDF"),  # a PDF cut off mid-object
    ("old.doc", _write(_OLE2 + b"WordDocument".ljust(512, b"\x00")), ".doc"),  # a Word 97-2003 file
    ("locked.docx", _write(_OLE2 + "EncryptedPackage".encode("utf-16-le")), "encrypted"),  # password-protected
    ("cut.docx", _write(b"PK\x03\x04" + os.urandom(2048)), "damaged"),  # a zip cut short
    ("bomb.docx", lambda path: path.write_bytes(_zip_bomb()), "zip bomb"),  # a member expanding 1000-fold
]


@pytest.mark.parametrize(("name", "make", "problem"), HOSTILE, ids=[row[0] for row in HOSTILE])
@pytest.mark.parametrize("command", ["check", "graph"])
def test_hostile_input_is_one_line_exit_2_and_no_report(
    tmp_path: Path, name: str, make: Callable[[Path], None], problem: str, command: str
) -> None:
    paper = tmp_path / name
    make(paper)
    report = tmp_path / "report.out"
    args = [command, str(paper), "-o", str(report)] + (["--offline", "--format", "json"] if command == "check" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_INPUT, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kgaudit: error: ") and str(paper) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.output and "root:" not in result.output  # nothing of /etc/passwd either
    assert result.stdout == ""
    assert not report.exists() and not report.with_name(report.name + ".tmp").exists()


@pytest.mark.parametrize("name", ["bomb.xml", "huge.txt", "folder"])
def test_the_console_script_behaves_the_same(tmp_path: Path, name: str) -> None:
    _, make, problem = next(row for row in HOSTILE if row[0] == name)
    paper = tmp_path / name
    make(paper)
    result = subprocess.run(
        [sys.executable, "-m", "kgaudit", "check", str(paper), "--offline"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == EXIT_INPUT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(paper) in lines[0] and problem in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout and result.stdout == ""
