"""Plain-text ingest: the seed paper's structure, references, tables and pointers come out right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgaudit.ingest import load_document, parse_string
from kgaudit.ingest.text import section_kind, split_sentences
from kgaudit.model import Document


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Document:
    return load_document(seed_path)


def test_front_matter_title_authors_dates_keywords(seed: Document) -> None:
    assert seed.title == "Image-Guided Cryoablation of Small Renal Masses: Oncologic Outcomes and Complications"
    assert [a.family for a in seed.authors] == ["Mirsharifi", "Nawaz"]
    assert len(seed.affiliations) == 2
    assert {d.event: d.date for d in seed.dates} == {
        "received": "2025-11-19", "revised": "2025-12-05", "accepted": "2025-12-19", "published": "2025-12-30",
    }
    assert seed.year == 2025
    assert "Cryoablation" in seed.keywords and "CT-guided" in seed.keywords
    assert seed.abstract.startswith("Introduction:")


def test_sections_found_with_normalised_kinds(seed: Document) -> None:
    kinds = [s.kind for s in seed.sections]
    for kind in ("abstract", "introduction", "methods", "results", "discussion", "conclusion", "references"):
        assert kind in kinds


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("MATERIALS AND METHODS", "methods"),  # the seed's style
        ("2. Patients and Methods", "methods"),  # numbered, other wording
        ("## Results", "results"),  # Markdown
        ("Background", "introduction"),  # structured-abstract word as a section
        ("Conclusions:", "conclusion"),  # trailing colon, plural
        ("Literature Cited", "references"),  # other name for the list
        ("PATIENT SELECTION", "other"),  # a heading kgaudit has no kind for
    ],
)
def test_section_kind_of_headings(heading: str, kind: str) -> None:
    assert section_kind(heading) == kind


def test_all_25_references_parsed_in_order(seed: Document) -> None:
    assert [r.number for r in seed.references] == list(range(1, 26))
    assert all(r.parsed for r in seed.references)
    ref14 = seed.references[13]
    assert (ref14.authors[0].family, ref14.authors[0].given) == ("Taylor", "NN")
    assert ref14.et_al
    assert (ref14.journal, ref14.year, ref14.volume, ref14.issue, ref14.first_page, ref14.last_page) == (
        "J Clin Oncol", 2015, "44", "3", "280", "295",
    )


def test_reference_broken_by_page_break_survives(seed: Document) -> None:
    ref3 = seed.references[2]
    assert ref3.title is not None and "clinical practice: a multicenter study" in ref3.title
    assert (ref3.journal, ref3.year, ref3.volume) == ("Eur Radiol", 2023, "70")
    assert ref3.span is not None and "Patel CG" in seed.text[ref3.span.start : ref3.span.end]


def test_all_six_tables_with_every_row(seed: Document) -> None:
    assert [t.label for t in seed.tables] == [f"Table {i}" for i in range(1, 7)]
    assert [len(t.rows) for t in seed.tables] == [8, 6, 6, 6, 6, 6]
    table1 = seed.tables[0]
    assert [c.n for c in table1.columns] == [None, 125, 125, None]
    assert [c.role for c in table1.columns] == ["label", "group", "group", "p_value"]
    # The row after the page break is still part of Table 1.
    assert table1.rows[6].label.startswith("ASA Score")


def test_table_cells_parsed_into_numbers(seed: Document) -> None:
    t1, t2, t3, t4, t5, t6 = seed.tables
    male = t1.rows[1].cells
    assert (male[0].value.count.value, male[0].value.percent.value) == (68, 54.4)
    assert male[2].value.p_value.value == 0.89
    age = t1.rows[0].cells[0].value
    assert (age.kind, age.mean.value, age.sd.value) == ("mean_sd", 59.2, 14.5)
    assert t2.rows[0].cells[0].value.percent.value == 97.9
    assert (t2.rows[0].cells[2].value.p_value.value, t2.rows[0].cells[2].value.comparator) == (0.001, "<")
    assert t3.rows[0].cells[0].value.mean.value == 113
    assert t4.rows[5].cells[1].value.count.value == 32
    assert (t5.rows[2].cells[1].value.mean.value, t5.rows[2].cells[1].value.sd.value) == (77.6, 14.4)
    odds = t6.rows[0].cells
    assert odds[0].value.number.value == 3.71
    assert (odds[1].value.ci_low.value, odds[1].value.ci_high.value) == (1.55, 3.83)
    # Every group and p-value cell of every table parsed into numbers (none left as text).
    for table in seed.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.value.kind != "text", (table.label, row.label, cell.raw)


def test_cell_spans_point_at_the_printed_text(seed: Document) -> None:
    for table in seed.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.span is not None
                assert seed.text[cell.span.start : cell.span.end] == cell.raw


def _superscript_pointers_in(text: str) -> int:
    body = text.split("\nREFERENCES\n")[0]
    # Affiliation markers and author markers in the front matter are not pointers.
    body = body[body.index("INTRODUCTION") :]
    # "kg/m ²" in table rows is a unit, not a pointer.
    return len(re.findall(r"(?<!m )[¹²³⁴⁵⁶⁷⁸⁹⁰]+", body))


def test_every_superscript_pointer_found(seed: Document) -> None:
    expected = _superscript_pointers_in(seed.text)
    assert len(seed.citations) == expected
    cited = sorted({n for c in seed.citations for n in c.numbers})
    assert cited == list(range(1, 26))
    assert all(c.sentence is not None for c in seed.citations)


def test_eight_author_year_mentions_tied_to_their_numbers(seed: Document) -> None:
    mentions = {(c.named_author, c.named_year): c.numbers for c in seed.citations if c.named_author}
    assert mentions == {
        ("Kim", 2019): (14,), ("Zhang", 2020): (15,), ("Patel", 2018): (16,), ("Anderson", 2021): (17,),
        ("Martinez", 2020): (19,), ("Singh", 2019): (20,), ("Lee", 2022): (23,), ("Chen", 2023): (24,),
    }


def test_sentences_join_across_page_breaks(seed: Document) -> None:
    joined = [s.text for s in seed.sentences if s.text.startswith("However, the quality of evidence")]
    assert joined and joined[0].endswith("follow-up data.⁸")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence. Another one.", ["One sentence.", "Another one."]),  # plain split
        ("Kim et al. reported it. Then more.", ["Kim et al. reported it.", "Then more."]),  # et al. is no end
        ("It rose by 2.5 points. Next.", ["It rose by 2.5 points.", "Next."]),  # decimal point is no end
        ("A claim.¹² Next claim.", ["A claim.¹²", "Next claim."]),  # pointer stays with its sentence
        ("Unfinished\n\nacross a page. Done.", ["Unfinished\n\nacross a page.", "Done."]),  # page break mid-sentence
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text, 0, len(text))] == expected


def test_bracketed_style_and_markdown_pipe_tables() -> None:
    text = (
        "# A Study of Something Quite Important\n\n## Introduction\n\nPrior work exists [1]. More work [2,3].\n\n"
        "## Results\n\nTable 1. Outcomes\n\n| Outcome | A (n=40) | B (n=40) | P |\n|---|---|---|---|\n"
        "| Deaths, n (%) | 4 (10.0%) | 8 (20.0%) | 0.21 |\n\n## References\n\n"
        "1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.\n2. Lee A. Another title. Lancet. 2018;391(10120):1-10.\n"
        "3. Park S. Third title. JAMA. 2020;323(1):5-12.\n"
    )
    doc = parse_string(text, "x.md", fmt="markdown")
    assert doc.format == "markdown"
    assert [c.numbers for c in doc.citations] == [(1,), (2, 3)]
    assert len(doc.references) == 3
    table = doc.tables[0]
    assert [c.n for c in table.columns] == [None, 40, 40, None]
    assert table.rows[0].cells[1].value.count.value == 8


# --------------------------------------------------------------------------- Markdown tables without a caption above

_PIPE_TABLE = """| Characteristic | Vitamin D (n=206) | Placebo (n=206) | p |
|---|---|---|---|
| Age, mean ± SD | 84.1 ± 7.2 | 83.8 ± 7.5 | 0.68 |
| Women, n (%) | 151 (73.3%) | 148 (71.8%) | 0.74 |"""


@pytest.mark.parametrize(
    ("around", "label", "caption"),
    [
        ("Table 2: Baseline characteristics\n\n{table}\n", "Table 2", "Baseline characteristics"),  # caption above
        ("{table}\n\nTable 2: Baseline characteristics\n", "Table 2", "Baseline characteristics"),  # caption below
        ("{table}\n\nResidents were similar.\n", "Table 1", ""),  # no caption: numbered by order, caption empty
    ],
)
def test_markdown_pipe_tables_are_read_wherever_their_caption_is(around: str, label: str, caption: str) -> None:
    paper = "# A Trial\n\n## Results\n\n" + around.format(table=_PIPE_TABLE) + "\n## References\n\n1. A B. C. D. 2020;1:1-2.\n"
    [table] = parse_string(paper, fmt="markdown").tables
    assert (table.label, table.caption, len(table.rows)) == (label, caption, 2)
    assert [c.n for c in table.columns] == [None, 206, 206, None]
    assert table.rows[1].cells[0].value.percent.text == "73.3"
