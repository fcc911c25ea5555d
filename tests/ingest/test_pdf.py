"""PDF text extraction: kgaudit.ingest.pdf (PDFs are drawn here with reportlab)."""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen import canvas

from kgaudit.errors import InputError
from kgaudit.ingest.citations import find_citations
from kgaudit.ingest.pdf import pdf_to_text

Part = tuple[str, str]  # ("text" | "sup" | "small", string)


def draw_line(page: canvas.Canvas, x: float, y: float, parts: list[Part], size: float = 10) -> None:
    """Draw one line; "sup" parts in a 60 % font raised by 35 % of the size, as typesetters do."""
    text = page.beginText(x, y)
    for kind, string in parts:
        if kind == "sup":
            text.setFont("Helvetica", size * 0.6)
            text.setRise(size * 0.35)
        elif kind == "small":  # smaller but on the baseline: not a superscript
            text.setFont("Helvetica", size * 0.7)
            text.setRise(0)
        else:
            text.setFont("Helvetica", size)
            text.setRise(0)
        text.textOut(string)
    text.setRise(0)
    page.drawText(text)


def make_pdf(draw: Callable[[canvas.Canvas], None], pagesize=A4, **kwargs) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=pagesize, **kwargs)
    draw(page)
    page.save()
    return buffer.getvalue()


def _citation_page(page: canvas.Canvas) -> None:
    page.setFont("Helvetica-Bold", 12)
    page.drawString(72, 800, "INTRODUCTION")
    draw_line(page, 72, 780, [("text", "Cryoablation is an accepted treatment of small renal masses."), ("sup", "1")])
    draw_line(page, 72, 766, [("text", "Kim et al. (2019) reported better accuracy in 200 patients"), ("sup", "2,3"),
                              ("text", ". Later")])
    draw_line(page, 72, 752, [("text", "series confirmed this."), ("sup", "4-6"), ("text", " The lesion was 4 cm"),
                              ("sup", "2"), ("text", " wide.")])
    draw_line(page, 72, 738, [("text", "Costs fell in"), ("small", " 2019 "), ("text", "as reported"), ("sup", "12"),
                              ("text", " and noted"), ("sup", "a"), ("text", ".")])
    page.showPage()


def _table_page(page: canvas.Canvas) -> None:
    page.setFont("Helvetica-Bold", 10)
    page.drawString(72, 760, "Table 1: Baseline Demographics")
    rows = [
        ("Parameter", "Cryoablation (n=125)", "Nephrectomy (n=125)", "p-value"),
        ("Mean Age (years)", "59.2 ± 14.5", "55.7 ± 14.4", "0.47"),
        ("Male, n (%)", "68 (54.4%)", "65 (52.0%)", "0.89"),
    ]
    page.setFont("Helvetica", 9)
    for r, row in enumerate(rows):
        for x, cell in zip((72, 210, 330, 460), row, strict=True):
            page.drawString(x, 740 - 14 * r, cell)
    page.setFont("Helvetica", 10)
    page.drawString(72, 680, "The two groups were well matched at baseline.")
    page.showPage()


def _tight_table(page: canvas.Canvas) -> None:
    """Rows so close that pdfminer stacks each column into one multi-line box."""
    page.setFont("Helvetica", 8)
    for r in range(6):
        cells = (f"Outcome number {r}", f"{10 + r} ({(10 + r) / 1.25:.1f}%)", f"{20 - r}.{r} ± 3.{r}", f"0.0{r + 1}")
        for x, cell in zip((72, 230, 330, 450), cells, strict=True):
            page.drawString(x, 700 - 9.5 * r, cell)
    page.showPage()


def _two_pages(page: canvas.Canvas) -> None:
    page.setFont("Helvetica", 10)
    page.drawString(72, 760, "The first page ends in the middle of a")
    page.showPage()
    page.setFont("Helvetica", 10)
    page.drawString(72, 760, "sentence that the second page finishes.")
    page.showPage()


def _two_columns(page: canvas.Canvas) -> None:
    """Two columns of prose whose lines are short (under 40 % of the text width) and end
    paragraphs at the same heights: nothing here may be read as a table."""
    rng = random.Random(7)
    words = "the patients were treated with cryoablation and followed for twelve months after".split()
    for column, x in (("L", 54), ("R", 318)):
        for i in range(25):
            count = 2 if i % 6 == 5 else 6  # a paragraph's last line in both columns
            line = " ".join(rng.choice(words) for _ in range(count))
            draw_line(page, x, 740 - 11 * i, [("text", f"{column}{i:02d} {line}"), ("sup", str(i + 1))], size=9)
    page.showPage()


@pytest.fixture(scope="module")
def citation_text() -> str:
    return pdf_to_text(make_pdf(_citation_page), "citations.pdf")


# --------------------------------------------------------------------------- superscripts


@pytest.mark.parametrize(
    "expected",
    [
        "small renal masses.¹",  # a single raised number after the full stop
        "in 200 patients²,³. Later",  # a raised list before the full stop, comma kept
        "series confirmed this.⁴⁻⁶ The",  # a raised range, the hyphen as superscript minus
        "was 4 cm² wide.",  # an exponent is raised too (the citation parser skips it)
        "Costs fell in 2019 as reported¹² and",  # small but not raised: plain digits
        "and noteda.",  # a raised letter (footnote mark) is kept as printed
    ],
)
def test_superscripts_become_unicode_superscripts(citation_text: str, expected: str) -> None:
    assert expected in citation_text


def test_citation_parser_reads_the_recovered_superscripts(citation_text: str) -> None:
    found = find_citations(citation_text)
    assert [(c.style, c.numbers) for c in found] == [
        ("numeric", (1,)), ("author-year", (2, 3)), ("numeric", (4, 5, 6)), ("numeric", (12,)),
    ]
    kim = found[1]
    assert (kim.named_author, kim.named_year, kim.text) == ("Kim", 2019, "²,³")


def test_lines_keep_their_order_and_headings_stand_apart(citation_text: str) -> None:
    assert citation_text.startswith("INTRODUCTION\n\nCryoablation is an accepted")
    assert citation_text.index("masses.¹") < citation_text.index("Kim et al.") < citation_text.index("Costs fell")


# --------------------------------------------------------------------------- layout


def test_table_rows_become_tab_separated_lines() -> None:
    text = pdf_to_text(make_pdf(_table_page), "table.pdf")
    lines = text.splitlines()
    assert "Parameter\tCryoablation (n=125)\tNephrectomy (n=125)\tp-value" in lines
    assert "Mean Age (years)\t59.2 ± 14.5\t55.7 ± 14.4\t0.47" in lines
    assert "Male, n (%)\t68 (54.4%)\t65 (52.0%)\t0.89" in lines
    # caption, rows, then the paragraph under the table, each block apart
    assert text.index("Table 1:") < text.index("Parameter\t") < text.index("Male, n") < text.index("well matched")


def test_tightly_spaced_table_rows_are_still_rows() -> None:
    text = pdf_to_text(make_pdf(_tight_table), "tight.pdf")
    assert text.splitlines() == [
        f"Outcome number {r}\t{10 + r} ({(10 + r) / 1.25:.1f}%)\t{20 - r}.{r} ± 3.{r}\t0.0{r + 1}" for r in range(6)
    ]


def test_prose_columns_are_not_a_table_and_read_left_column_first() -> None:
    text = pdf_to_text(make_pdf(_two_columns, pagesize=letter), "columns.pdf")
    assert "\t" not in text
    lines = [line for line in text.splitlines() if line]
    assert [line[:3] for line in lines] == [f"L{i:02d}" for i in range(25)] + [f"R{i:02d}" for i in range(25)]
    assert [c.numbers for c in find_citations(text)] == [(i,) for i in range(1, 26)] * 2


def test_pages_are_joined_by_a_blank_line() -> None:
    text = pdf_to_text(make_pdf(_two_pages), "pages.pdf")
    assert text == "The first page ends in the middle of a\n\nsentence that the second page finishes.\n"


def test_page_limit_stops_reading() -> None:
    text = pdf_to_text(make_pdf(_two_pages), "pages.pdf", max_pages=1)
    assert "first page" in text and "second page" not in text


def test_owner_password_only_pdf_is_read() -> None:
    encryption = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0)
    data = make_pdf(lambda p: (p.setFont("Helvetica", 10), p.drawString(72, 700, "Readable text."), p.showPage()),
                    encrypt=encryption)
    assert pdf_to_text(data, "owner.pdf") == "Readable text.\n"


# --------------------------------------------------------------------------- broken input


def _good_pdf() -> bytes:
    return make_pdf(_two_pages)


def _encrypted_pdf() -> bytes:
    encryption = pdfencrypt.StandardEncryption("secret", canPrint=0)
    return make_pdf(lambda p: (p.drawString(72, 700, "hidden"), p.showPage()), encrypt=encryption)


def _image_only_pdf() -> bytes:
    return make_pdf(lambda p: (p.rect(72, 72, 200, 200, fill=1), p.showPage()))


@pytest.mark.parametrize(
    ("make_bytes", "reason"),
    [
        (lambda: b"", "file is empty"),  # empty bytes
        (lambda: b" \n\t", "file is empty"),  # whitespace only
        (lambda: random.Random(3).randbytes(4000), "not a PDF file"),  # random bytes
        (lambda: b"Kim et al. (2019) reported...\n" * 40, "not a PDF file"),  # a text file renamed .pdf
        (lambda: _good_pdf()[: len(_good_pdf()) // 2], "truncated"),  # cut in half
        (lambda: _good_pdf()[:-30], "truncated"),  # end marker cut off
        (lambda: b"%PDF-1.4\n" + random.Random(5).randbytes(3000) + b"\n%%EOF\n", "cannot be parsed"),  # garbage body
        (_encrypted_pdf, "encrypted with a password"),  # a user password is needed
        (_image_only_pdf, "no extractable text"),  # a scan without text layer
    ],
)
def test_broken_input_raises_input_error(make_bytes: Callable[[], bytes], reason: str) -> None:
    with pytest.raises(InputError) as caught:
        pdf_to_text(make_bytes(), "paper.pdf")
    message = caught.value.one_line()
    assert message.startswith("paper.pdf: ") and reason in message
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------- layout repairs

_ENTRIES = [
    "Lim SS, Vos T. A comparative risk assessment of disease. Lancet 2012;380:2224-60.",
    "Jha P, Peto R. Social inequalities in male mortality. Lancet 2006;368:367-70.",
    "Kim HJ, Park S. Cryoablation of small renal masses. J Urol 2019;201:100-8.",
    "Brown J, Smith R. Internet-based smoking cessation. Lancet Respir Med 2014;2:997-1006.",
    "Chen X, Wu Y. Gastric mucinous cancer histology. Gastroenterol Res Pract 2016;2016:1-9.",
    "Lee WK, Kim Y. Protocol-based resuscitation for septic shock. Yonsei Med J 2016;57:1260-70.",
]


def _paper_pages(page: canvas.Canvas, *, label_column: bool = False, heading: bool = True) -> None:
    """Three pages with a running head and a page number; prose citing 1-6, then the list."""
    for number in range(1, 4):
        page.setFont("Helvetica", 8)
        page.drawString(72, 810, f"Journal of Synthetic Tests (2020) {number}")
        page.drawString(290, 30, str(number))
        page.setFont("Helvetica", 10)
        if number < 3:
            page.drawString(72, 760, "INTRODUCTION" if number == 1 else "DISCUSSION")
            draw_line(page, 72, 700, [("text", f"Earlier work on page {number} was reported"), ("sup", "1-3"),
                                      ("text", " and confirmed"), ("sup", "4-6"), ("text", ".")])
        else:
            y = 760
            if heading:
                page.drawString(72, y, "References")
                y -= 20
            for label, entry in enumerate(_ENTRIES, start=1):
                if label_column:  # labels in a column of their own, beside the entries
                    page.drawString(72, y, f"{label}")
                    page.drawString(90, y, entry)
                else:
                    page.drawString(72, y, f"{label}. {entry}")
                y -= 14
        page.showPage()


def test_running_heads_and_page_numbers_are_removed() -> None:
    text = pdf_to_text(make_pdf(_paper_pages), "heads.pdf")
    assert "Journal of Synthetic Tests" not in text
    assert not any(line.strip() in {"1", "2", "3"} for line in text.splitlines())


@pytest.mark.parametrize(
    ("options", "first_entry"),
    [
        ({}, "1. Lim SS"),  # labels printed with the entries
        ({"label_column": True}, "1 Lim SS"),  # labels typeset in a column of their own
        ({"heading": False}, "1. Lim SS"),  # no heading printed (BMJ, PNAS): one is written
    ],
)
def test_reference_list_is_read_labelled_under_its_heading(options: dict, first_entry: str) -> None:
    from kgaudit.ingest import parse_document

    data = make_pdf(lambda p: _paper_pages(p, **options))
    text = pdf_to_text(data, "list.pdf")
    assert f"References\n\n{first_entry}" in text or f"References\n{first_entry}" in text
    document = parse_document(data, "list.pdf")
    assert [r.number for r in document.references] == [1, 2, 3, 4, 5, 6]
    assert document.references[2].authors[0].family == "Kim"
    assert sorted({n for c in document.citations for n in c.numbers}) == [1, 2, 3, 4, 5, 6]
    assert not any("not checked" in w for w in document.warnings)


def test_displaced_entry_is_put_back_in_label_order() -> None:
    from kgaudit.ingest.pdf import _assemble_reference_list

    entries = [f"{n}. {entry}" for n, entry in enumerate(_ENTRIES, start=1)]
    # entry 2 emitted before the heading (it stood at the top of a column under a figure)
    text = "\n\n".join(["Some prose.", entries[1], "References", entries[0], *entries[2:]])
    assembled = _assemble_reference_list(text)
    assert assembled.index("References") < assembled.index("1. Lim") < assembled.index("2. Jha") < \
        assembled.index("3. Kim")


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        # a list read 1-3 but callouts up to 9: entries were lost, nothing is reported
        ("INTRODUCTION\nShown before.¹⁻³ Again.⁹\n\nREFERENCES\n1. Lim SS. Risk. Lancet 2012;380:2224-60.\n"
         "2. Jha P. Mortality. Lancet 2006;368:367-70.\n3. Kim H. Renal. J Urol 2019;201:100-8.\n",
         "beyond the 3 entries"),
        # a list of 3 of which one is cited: callouts were lost
        ("INTRODUCTION\nShown before.¹\n\nREFERENCES\n1. Lim SS. Risk. Lancet 2012;380:2224-60.\n"
         "2. Jha P. Mortality. Lancet 2006;368:367-70.\n3. Kim H. Renal. J Urol 2019;201:100-8.\n",
         "only 33%"),
        # every callout in the list, every entry cited: kept
        ("INTRODUCTION\nShown before.¹⁻³\n\nREFERENCES\n1. Lim SS. Risk. Lancet 2012;380:2224-60.\n"
         "2. Jha P. Mortality. Lancet 2006;368:367-70.\n3. Kim H. Renal. J Urol 2019;201:100-8.\n",
         None),
    ],
)
def test_unreliable_callouts_are_not_kept(text: str, doubt: str | None) -> None:
    from kgaudit.ingest import parse_string
    from kgaudit.ingest.pdf import abstain_when_unreliable

    document = abstain_when_unreliable(parse_string(text))
    if doubt is None:
        assert document.citations and not any("not checked" in w for w in document.warnings)
    else:
        assert document.citations == ()
        assert any(doubt in w and "not checked" in w for w in document.warnings)


def test_wrong_dash_glyphs_are_repaired() -> None:
    from kgaudit.ingest.pdf import _repair_glyphs

    assert _repair_glyphs("BMJ 2001;323:266›8. consulta›tions (cid:9)x") == "BMJ 2001;323:266-8. consulta-tions \ufffdx"


def test_superscripts_in_a_bracket_cited_paper_are_footnote_markers() -> None:
    from kgaudit.ingest import parse_string
    from kgaudit.ingest.pdf import abstain_when_unreliable

    text = ("INTRODUCTION\nThe theorem was shown [1] and extended [2], then invoked⁴. Later work [3] agreed [1, 2].\n"
            "A review [3] and a survey [4] followed [2].\n\nREFERENCES\n"
            "1. Lim SS. Risk. Lancet 2012;380:2224-60.\n2. Jha P. Mortality. Lancet 2006;368:367-70.\n"
            "3. Kim H. Renal. J Urol 2019;201:100-8.\n4. Lee WK. Shock. Yonsei Med J 2016;57:1260-70.\n")
    document = abstain_when_unreliable(parse_string(text))
    assert [c.text for c in document.citations] == ["[1]", "[2]", "[3]", "[1, 2]", "[3]", "[4]", "[2]"]
    assert any("footnote markers" in w for w in document.warnings)


# --------------------------------------------------------------------------- entries, margins, supplements, body


def _label_column_list(page: canvas.Canvas) -> None:
    """A numbered list whose labels stand in their own column; entries 2 and 3 open with a digit and a particle."""
    page.setFont("Helvetica", 10)
    page.drawString(72, 780, "INTRODUCTION")
    draw_line(page, 72, 760, [("text", "Trust was high"), ("sup", "1-3"), ("text", " and stayed so"), ("sup", "4"),
                              ("text", ".")])
    page.drawString(72, 720, "References")
    entries = [
        "Lim SS, Vos T. A comparative risk assessment of disease. Lancet 2012;380:2224-60.",
        "92% of patients trust their doctor. Royal College report, 2013.",
        "ten Bruggencate SJM, Feitsma AL. Sialylated milk oligosaccharides. Nutr Rev 2014;72:377-89.",
        "Kim HJ, Park S. Cryoablation of small renal masses. J Urol 2019;201:100-8.",
    ]
    for label, entry in enumerate(entries, start=1):
        page.drawString(72, 700 - 14 * label, f"{label}.")
        page.drawString(92, 700 - 14 * label, entry)
    page.showPage()


def test_label_column_joins_entries_opening_with_a_digit_or_a_particle() -> None:
    from kgaudit.ingest import parse_document

    document = parse_document(make_pdf(_label_column_list), "labels.pdf")
    assert [r.number for r in document.references] == [1, 2, 3, 4]
    assert document.references[1].raw.startswith("92% of patients")  # a digit after "2."
    assert document.references[2].raw.startswith("ten Bruggencate")  # a surname particle after "3."


def _margin_tag_and_letter_column(page: canvas.Canvas) -> None:
    """A section tag printed sideways in the margin, and a table column of one-letter cells (kept)."""
    page.setFont("Helvetica", 10)
    page.drawString(72, 780, "Sex of the patients in the cohort:")
    for row, (name, sex) in enumerate([("Patient A", "M"), ("Patient B", "F"), ("Patient C", "M")]):
        page.drawString(72, 760 - 14 * row, name)
        page.drawString(200, 760 - 14 * row, sex)
    page.saveState()
    page.translate(560, 500)
    page.rotate(90)
    page.setFont("Helvetica", 7)
    page.drawString(0, 0, "EPIDEMIOLOGY")
    page.restoreState()
    page.showPage()


def test_sideways_margin_text_is_dropped_and_upright_letters_kept() -> None:
    text = pdf_to_text(make_pdf(_margin_tag_and_letter_column), "margin.pdf")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if line in set("EPIDMOLGY")]  # no letter of the tag survives
    assert "Patient A\tM" in lines and "Patient B\tF" in lines  # one-letter table cells are content


def test_entries_of_the_second_column_read_early_are_moved_after_the_list() -> None:
    from kgaudit.ingest.pdf import _assemble_reference_list

    more = ["Ng A, Ho B. Renal outcomes after ablation. Kidney Int 2018;93:10-9.",
            "Ito K, Sato M. Ablation margins in practice. Eur Urol 2017;71:50-8."]
    entries = [f"[{n}] {entry}" for n, entry in enumerate([*_ENTRIES, *more], start=1)]
    # entries 7 and 8 (top of the second column) were read after entry 1, before the rest of column one
    text = "\n\n".join(["Some prose.", "References", entries[0], entries[6], entries[7], *entries[1:6]])
    assembled = _assemble_reference_list(text)
    positions = [assembled.index(f"[{n}] ") for n in range(1, 9)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("text", "supplement_heading"),
    [
        # a supplement after the list: its tables and its own list are cut off
        ("Intro.\n\nReferences\n\nA 2001.\nB 2002.\nC 2003.\n\nSUPPLEMENTARY MATERIAL (online only)\n"
         "Table S1. Measures\nReference\nPielou (1975)\n", "SUPPLEMENTARY MATERIAL (online only)"),
        ("Intro.\n\nReferences\nA 2001.\nB 2002.\nC 2003.\nAppendix A\nMore tables.\n", "Appendix A"),
        # referee reports printed after the article, with their own lists
        ("Intro.\n\nReferences\nA 2001.\nB 2002.\nC 2003.\n\nOpen Peer Review\nReferee Report\n1. Typo.\n",
         "Open Peer Review"),
        # a supplement mentioned in the body, before the list: nothing is cut
        ("Supplementary Material\nTable S1.\n\nReferences\nA 2001.\nB 2002.\nC 2003.\n", None),
        # a note beside the heading (fewer than three lines into the list) is not a supplement
        ("Intro.\n\nReferences\nAppendix\nA 2001.\nB 2002.\n", None),
        # no reference list at all
        ("Intro.\n\nAppendix\nTables.\n", None),
    ],
)
def test_supplement_after_the_reference_list_is_kept_apart(text: str, supplement_heading: str | None) -> None:
    from kgaudit.ingest.pdf import split_supplement

    article, supplement = split_supplement(text)
    assert text.startswith(article.rstrip()) and text.endswith(supplement)
    if supplement_heading is None:
        assert (article, supplement) == (text, "")
    else:
        assert supplement.startswith(supplement_heading) and "References" in article


def _unheaded_paper(page: canvas.Canvas, *, heading: bool = False) -> None:
    """A title in a large font, a bold abstract, the body in the body font without (or with) a heading."""
    page.setFont("Helvetica-Bold", 18)
    page.drawString(72, 790, "Consultation length in general practice")
    page.setFont("Helvetica-Bold", 9)
    for row in range(3):
        page.drawString(72, 760 - 11 * row, f"Summary sentence {row + 1} in bold, about the main question studied here.")
    y = 700
    if heading:
        page.setFont("Helvetica", 10)
        page.drawString(72, y, "INTRODUCTION")
        y -= 20
    for row in range(12):
        parts: list[Part] = [("text", f"Body line {row + 1} of the opening paragraph about consultations")]
        if row % 3 == 0:
            parts.append(("sup", str(row // 3 + 1)))
        draw_line(page, 72, y - 12 * row, [*parts, ("text", " and more.")])
    page.setFont("Helvetica", 10)
    page.drawString(72, 500, "References")
    for label, entry in enumerate(_ENTRIES[:4], start=1):
        page.drawString(72, 500 - 14 * label, f"{label}. {entry}")
    page.showPage()


@pytest.mark.parametrize(
    ("heading", "written"),
    [
        (False, True),  # no heading before the body: "Introduction" is written at its first paragraph
        (True, False),  # a printed heading: nothing is written
    ],
)
def test_body_without_a_heading_is_read(heading: bool, written: bool) -> None:
    from kgaudit.ingest import parse_document

    document = parse_document(make_pdf(lambda p: _unheaded_paper(p, heading=heading)), "unheaded.pdf")
    assert sorted({n for c in document.citations for n in c.numbers}) == [1, 2, 3, 4]
    assert document.sections[0].kind == "introduction"
    assert ("Introduction" in document.text) is written
    assert any("read as the introduction" in w for w in document.warnings) is written
    assert "\ue000" not in document.text


def test_link_out_labels_under_entries_are_dropped() -> None:
    from kgaudit.ingest.pdf import _drop_link_labels

    text = ("Methods\nArticle\n\nReferences\n\nLim SS, Vos T: Risk. Lancet. 2012; 380: 2224-60.\n"
            "Publisher Full Text\nJha P, Peto R: Mortality. Lancet. 2006; 368: 367-70.\nArticle CAS PubMed "
            "Google Scholar\nKim HJ: Reference Source of renal masses. J Urol. 2019; 201: 100-8.\n")
    assert _drop_link_labels(text).splitlines() == [
        "Methods", "Article", "", "References", "",  # before the list nothing is dropped
        "Lim SS, Vos T: Risk. Lancet. 2012; 380: 2224-60.",
        "Jha P, Peto R: Mortality. Lancet. 2006; 368: 367-70.",
        "Kim HJ: Reference Source of renal masses. J Urol. 2019; 201: 100-8.",  # words inside an entry stay
    ]


def _wide_header_table(page: canvas.Canvas) -> None:
    """Columns under headers as wide as a third of the text: pdfminer stacks each column into one box."""
    page.setFont("Helvetica", 9)
    page.drawString(72, 780, "Table 2: Causes of the events in the two groups.")
    headers = ("Cause of the event", "First group with the test performed (%)", "Second group with the test (%)")
    rows = [("Vasovagal", "58 (30.2)", "32 (34.4)"), ("Arrhythmia", "6 (3.13)", "16 (17.2)"),
            ("Anemia", "1 (0.5)", "0"), ("Total", "192", "93")]
    for r, row in enumerate([headers, *rows]):
        for x, cell in zip((72, 230, 400), row, strict=True):
            page.drawString(x, 760 - 11 * r, cell)
    page.drawString(72, 680, "The causes were similar in the two groups of patients seen in the clinic this year.")
    page.showPage()


def test_table_columns_stacked_under_wide_headers_are_rows() -> None:
    text = pdf_to_text(make_pdf(_wide_header_table), "wide.pdf")
    assert "Vasovagal\t58 (30.2)\t32 (34.4)" in text.splitlines()
    assert "Total\t192\t93" in text.splitlines()


def _side_by_side_callouts(page: canvas.Canvas) -> None:
    page.setFont("Helvetica", 10)
    page.drawString(72, 800, "INTRODUCTION")
    # two callout groups printed side by side: with a space glyph, and with only a gap between them
    draw_line(page, 72, 780, [("text", "Two trials agreed"), ("sup", "14 15"), ("text", " and a list"), ("sup", "1, 2"),
                              ("text", ".")])
    page.setFont("Helvetica", 10)
    page.drawString(72, 760, "Gap only")
    x = 72 + page.stringWidth("Gap only", "Helvetica", 10)
    page.setFont("Helvetica", 6)
    page.drawString(x, 763.5, "3")  # raised 35 % of the size, no space glyph between the groups
    page.drawString(x + page.stringWidth("3", "Helvetica", 6) + 2.5, 763.5, "7")
    page.showPage()


def test_callouts_printed_side_by_side_stay_apart() -> None:
    text = pdf_to_text(make_pdf(_side_by_side_callouts), "apart.pdf")
    assert "agreed¹⁴,¹⁵ and a list¹,²." in text  # not ¹⁴¹⁵ (1415)
    assert "Gap only³,⁷" in text  # a gap alone also separates two raised groups
    assert [c.numbers for c in find_citations(text)] == [(14, 15), (1, 2), (3, 7)]
