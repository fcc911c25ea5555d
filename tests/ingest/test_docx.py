"""Word manuscripts: kgaudit.ingest.docx (manuscripts are written here with python-docx)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kgaudit.errors import InputError
from kgaudit.ingest import detect_format, parse_document
from kgaudit.ingest.docx import docx_to_text

REFERENCES = [
    "Lim SS, Vos T. A comparative risk assessment of disease. Lancet 2012;380:2224-60.",
    "Jha P, Peto R. Social inequalities in male mortality. Lancet 2006;368:367-70.",
    "Kim HJ, Park S. Cryoablation of small renal masses. J Urol 2019;201:100-8.",
]


def _field(paragraph, instruction: str, result: str, *, superscript: bool) -> None:
    """A complex field as citation managers write it: begin, instruction, separate, result, end."""

    def run_with(child) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.text = instruction
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(result)
    shown.font.superscript = superscript
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def manuscript() -> bytes:
    """A short manuscript: superscript callouts, an EndNote field, a Zotero field, a table, a list."""
    word = WordDocument()
    word.add_heading("Cryoablation of small renal masses", level=0)
    word.add_heading("Introduction", level=1)
    p = word.add_paragraph("Cryoablation is an accepted treatment of small renal masses.")
    p.add_run("1").font.superscript = True
    p.add_run(" Kim et al. (2019) reported better accuracy in 200 patients")
    p.add_run("2,3").font.superscript = True
    p.add_run(".")
    p = word.add_paragraph("Costs were reported before")
    _field(p, ' ADDIN EN.CITE <EndNote><Cite><RecNum>1</RecNum></Cite></EndNote>', "1", superscript=True)
    p.add_run(" and confirmed ")
    _field(p, ' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems":[{"id":3}]}', "[3]", superscript=False)
    p.add_run(".")
    word.add_heading("Results", level=1)
    word.add_paragraph("Table 1. Baseline characteristics")
    table = word.add_table(rows=3, cols=3)
    for r, row in enumerate([("Characteristic", "Cryoablation (n=125)", "Nephrectomy (n=125)"),
                             ("Male, n (%)", "68 (54.4%)", "65 (52.0%)"),
                             ("Mean age (years)", "59.2 ± 14.5", "55.7 ± 14.4")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    word.add_paragraph("The groups were well matched.")
    word.add_heading("References", level=1)
    for number, entry in enumerate(REFERENCES, start=1):
        word.add_paragraph(f"{number}. {entry}")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return manuscript()


@pytest.mark.parametrize(
    "expected",
    [
        "small renal masses.¹ Kim",  # a superscript run becomes a Unicode superscript
        "in 200 patients²,³.",  # a superscript list keeps its comma
        "reported before¹ and",  # an EndNote field's superscript result is the callout
        "confirmed [3].",  # a Zotero field's bracketed result, its instruction not text
        "Male, n (%)\t68 (54.4%)\t65 (52.0%)",  # a table row, cells separated by TABs
    ],
)
def test_text_as_typed(docx_bytes: bytes, expected: str) -> None:
    text = docx_to_text(docx_bytes, "paper.docx")
    assert expected in text
    assert "ADDIN" not in text and "CSL_CITATION" not in text


def test_manuscript_is_read_like_any_paper(docx_bytes: bytes) -> None:
    assert detect_format(docx_bytes, "paper.docx") == "docx"
    document = parse_document(docx_bytes, "paper.docx")
    assert document.format == "docx"
    assert [r.authors[0].family for r in document.references] == ["Lim", "Jha", "Kim"]
    assert [c.numbers for c in document.citations] == [(1,), (2, 3), (1,), (3,)]
    kim = document.citations[1]
    assert (kim.named_author, kim.named_year) == ("Kim", 2019)
    [table] = document.tables
    assert table.label == "Table 1"
    assert [row.label for row in table.rows] == ["Male, n (%)", "Mean age (years)"]
    assert table.rows[0].cells[0].value.kind == "count_percent"


def test_check_runs_on_a_manuscript(tmp_path, docx_bytes: bytes) -> None:
    from kgaudit import audit

    path = tmp_path / "manuscript.docx"
    path.write_bytes(docx_bytes)
    report = audit(path, offline=True)
    checks = {f.check for f in report.findings}
    # every entry is cited and every callout has an entry
    assert "citation.undefined_reference" not in checks and "citation.uncited_reference" not in checks


# --------------------------------------------------------------------------- unusable files


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("make_bytes", "reason"),
    [
        (lambda: _OLE2 + b"WordDocument".ljust(512, b"\x00"), ".doc file is not supported"),  # Word 97-2003
        (lambda: _OLE2 + "EncryptedPackage".encode("utf-16-le"), "encrypted with a password"),  # protected .docx
        (lambda: manuscript()[:2000], "zip container is damaged"),  # cut short
        (lambda: _zip({"content.xml": b"<office/>"}), "no word/document.xml"),  # another zip (ODF)
        (lambda: _zip({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\x00" * (3 * 1024 * 1024)}),
         "zip bomb"),  # a member expanding over a thousand times
        (lambda: _zip({"word/document.xml": b"not xml at all"}), "cannot be read"),  # damaged part
    ],
)
def test_unusable_word_files_raise_one_line(make_bytes: Callable[[], bytes], reason: str) -> None:
    with pytest.raises(InputError) as caught:
        docx_to_text(make_bytes(), "paper.docx")
    message = caught.value.one_line()
    assert message.startswith("paper.docx: ") and reason in message and "\n" not in message


# --------------------------------------------------------------------------- the seed as a Word manuscript

_RAISED = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_LOWERED = str.maketrans(_RAISED, "0123456789-")


def _add_line(paragraph, line: str) -> None:
    """Runs of the line; Unicode superscripts typed as digits in superscript runs, as an author would."""
    run, raised = "", False
    for char in [*line, None]:
        is_raised = char is not None and (char in _RAISED or (char == "," and raised and run))
        if char is None or (is_raised != raised and run):
            if run:
                paragraph.add_run(run.translate(_LOWERED) if raised else run).font.superscript = raised or None
            run = ""
        if char is not None:
            run += char
            raised = is_raised


def render_as_docx(text: str) -> bytes:
    """The seed's text as a manuscript: a paragraph per line, TAB-separated rows as a real Word table."""
    word = WordDocument()
    lines = [line for line in text.splitlines() if line.strip()]
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            table = word.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    _add_line(table.cell(r, c).paragraphs[0], cell)
            continue
        _add_line(word.add_paragraph(), lines[i])
        i += 1
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_seed_as_docx_gives_the_seed_findings(seed_path) -> None:
    from kgaudit import audit

    text = seed_path.read_text(encoding="utf-8")
    from_text = audit(parse_document(text.encode("utf-8"), "seed.txt"), offline=True)
    from_docx = audit(parse_document(render_as_docx(text), "seed.docx"), offline=True)

    def summary(report) -> list[tuple[str, str, str]]:
        return sorted((f.check, f.severity, f.message) for f in report.findings)

    assert summary(from_text), "the seed has findings to compare"
    assert summary(from_docx) == summary(from_text)
