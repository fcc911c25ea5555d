"""JATS ingest (kgaudit.ingest.jats) on the real articles in ../shared/data/jats and on small made-up ones."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kgaudit.errors import InputError
from kgaudit.ingest.jats import (
    Mark,
    join_stacked_lines,
    parse_author_year,
    parse_jats,
    section_kind,
    split_sentences,
)
from kgaudit.model import Document
from tests.conftest import SHARED

JATS_DIR = SHARED / "data" / "jats"
ARTICLES = sorted(JATS_DIR.glob("*/*"))
IDS = [p.name for p in ARTICLES]


@cache
def document(name: str) -> Document:
    """The parsed article ``name`` (file name under ../shared/data/jats/*/), parsed once per run."""
    path = next(p for p in ARTICLES if p.name == name)
    return parse_jats(path.read_bytes(), str(path))


@cache
def plain_counts(name: str) -> tuple[int, int, int, tuple[str, ...]]:
    """Counted independently with plain lxml: refs in ref-lists, bibr xrefs, table-wraps holding a table, ref ids."""
    path = next(p for p in ARTICLES if p.name == name)
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    refs = root.findall(".//ref-list//ref")
    xrefs = root.xpath(".//xref[@ref-type='bibr']")
    tables = [w for w in root.iter("table-wrap") if w.find(".//table") is not None]
    return len(refs), len(xrefs), len(tables), tuple(r.get("id") for r in refs)


def jats(body: str = "", refs: str = "", front: str = "", back: str = "") -> bytes:
    """A small JATS article around the given parts."""
    ref_list = f"<ref-list>{refs}</ref-list>" if refs else ""
    return (
        "<article><front><article-meta><title-group><article-title>A made-up paper</article-title>"
        f"</title-group>{front}</article-meta></front><body>{body}</body><back>{back}{ref_list}</back></article>"
    ).encode()


def numbered_refs(count: int) -> str:
    """``count`` minimal numbered references with ids b1, b2, …"""
    return "".join(
        f'<ref id="b{i}"><label>{i}</label><element-citation publication-type="journal"><person-group>'
        f"<name><surname>Author{i}</surname><given-names>A</given-names></name></person-group>"
        f"<article-title>Title {i}</article-title><source>J Test</source><year>{2000 + i}</year>"
        f"<volume>{i}</volume><fpage>{10 * i}</fpage><lpage>{10 * i + 5}</lpage></element-citation></ref>"
        for i in range(1, count + 1)
    )


# =========================================================================== every real article


@pytest.mark.parametrize("name", IDS)
def test_reference_count_equals_ref_list_size(shared_dir: Path, name: str) -> None:
    assert len(document(name).references) == plain_counts(name)[0]


@pytest.mark.parametrize("name", IDS)
def test_pointer_count_equals_bibr_xref_count(shared_dir: Path, name: str) -> None:
    assert len(document(name).citations) == plain_counts(name)[1]


@pytest.mark.parametrize("name", IDS)
def test_table_count_equals_table_wraps_holding_a_table(shared_dir: Path, name: str) -> None:
    assert len(document(name).tables) == plain_counts(name)[2]


@pytest.mark.parametrize("name", IDS)
def test_every_pointer_denotes_existing_references_by_position(shared_dir: Path, name: str) -> None:
    doc = document(name)
    keys = [r.key for r in doc.references]
    assert keys == list(plain_counts(name)[3])
    for citation in doc.citations:
        assert citation.keys, citation  # every xref in the test set carries a rid
        assert set(citation.keys) <= set(keys), citation
        assert [keys[n - 1] for n in citation.numbers] == list(citation.keys), citation


@pytest.mark.parametrize("name", IDS)
def test_title_and_metadata_are_read(shared_dir: Path, name: str) -> None:
    doc = document(name)
    assert doc.title.strip()
    assert doc.format == "jats"
    assert doc.doi and doc.doi.startswith("10.")
    assert doc.journal
    assert doc.id


@pytest.mark.parametrize("name", IDS)
def test_every_span_points_at_its_text(shared_dir: Path, name: str) -> None:
    doc = document(name)
    text = doc.text
    for citation in doc.citations:
        assert text[citation.span.start : citation.span.end] == citation.text
        if citation.mention_span is not None:
            assert text[citation.mention_span.start : citation.mention_span.end] == citation.mention_text
    for sentence in doc.sentences:
        assert text[sentence.span.start : sentence.span.end] == sentence.text
    for reference in doc.references:
        assert reference.span is not None and text[reference.span.start : reference.span.end] == reference.raw
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.span is not None and text[cell.span.start : cell.span.end] == cell.raw
    for section in doc.sections:
        assert 0 <= section.span.start <= section.span.end <= len(text)


@pytest.mark.parametrize("name", IDS)
def test_pointers_and_sentences_are_in_reading_order(shared_dir: Path, name: str) -> None:
    doc = document(name)
    assert [c.index for c in doc.citations] == list(range(len(doc.citations)))
    assert [c.span.start for c in doc.citations] == sorted(c.span.start for c in doc.citations)
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    for citation in doc.citations:
        if citation.sentence is not None:
            span = doc.sentences[citation.sentence].span
            assert span.start <= citation.span.start and citation.span.end <= span.end


# Citation style per article, as the README of the test set describes it.
STYLES = [
    ("mds526.nxml", "numeric"),
    ("1472-6831-8-11.nxml", "numeric"),
    ("pntd.0002065.nxml", "numeric"),
    ("PMC7417471.nxml", "numeric"),
    ("6605965a.nxml", "author-year"),
    ("ehp-116-1694.nxml", "author-year"),
    ("PMC6398430.nxml", "author-year"),
    ("elife00013.xml", "author-year"),
]


@pytest.mark.parametrize(("name", "style"), STYLES)
def test_citation_style_is_recognised(shared_dir: Path, name: str, style: str) -> None:
    doc = document(name)
    assert {c.style for c in doc.citations} == {style}
    if style == "author-year":  # every author-year pointer names an author and a year
        assert all(c.named_author and c.named_year for c in doc.citations)


# =========================================================================== pinned facts


def test_element_citation_fields_are_taken_as_given(shared_dir: Path) -> None:
    ref = document("mds526.nxml").references[1]
    assert (ref.number, ref.label, ref.key) == (2, "2", "MDS526C2")
    assert [a.family for a in ref.authors] == ["Abdel-Rahman", "Stockton", "Rachet"]
    assert ref.et_al  # <etal/> in the person-group
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("Br J Cancer", 2009, "101", "Suppl 2")
    assert (ref.first_page, ref.last_page, ref.pmid) == ("S115", "S124", "19956155")
    assert ref.doi == "10.1038/sj.bjc.6605401"  # from the ext-link in <comment>
    assert ref.raw.startswith("Abdel-Rahman M, Stockton D, Rachet B, et al. What if cancer survival")


def test_mixed_citation_keeps_the_printed_string(shared_dir: Path) -> None:
    ref = document("pntd.0002065.nxml").references[1]
    assert ref.raw == (
        "Rich KM, Wanyoike F (2010) An assessment of the regional and national socio-economic impacts of the "
        "2007 Rift Valley fever outbreak in Kenya. Am J Trop Med Hyg 83: 52–57"
    )
    assert (ref.year, ref.volume, ref.first_page, ref.last_page, ref.pmid) == (2010, "83", "52", "57", "20682906")


def test_mixed_citation_without_punctuation_is_rendered(shared_dir: Path) -> None:
    # BMC tags every field and prints nothing between them: the raw string is a Vancouver rendering
    ref = document("1471-2180-11-174.nxml").references[1]
    assert ref.raw == "Longo D, Hasty J. Dynamics of single-cell gene expression. Mol Syst Biol. 2006;2:64. PMID: 17130866"


def test_collab_author_of_a_book(shared_dir: Path) -> None:
    ref = document("6605965a.nxml").references[1]
    assert [a.family for a in ref.authors] == ["American Cancer Society"]
    assert (ref.kind, ref.title, ref.journal, ref.year) == ("book", "Global Cancer Facts and Figures 2007", None, 2007)


def test_article_metadata(shared_dir: Path) -> None:
    doc = document("mds526.nxml")
    assert doc.journal == "Annals of Oncology"
    assert doc.doi == "10.1093/annonc/mds526"
    assert doc.id == "10-1093-annonc-mds526"
    assert doc.year == 2012
    assert [(d.event, d.date) for d in doc.dates] == [
        ("received", "2012-04-26"), ("revised", "2012-09-06"), ("accepted", "2012-09-07"), ("published", "2012-11-12"),
    ]
    assert doc.keywords == ("cancer", "demographic", "diagnosis", "inequalities", "socio-economic", "stage")
    assert doc.abstract.startswith("Understanding socio-demographic inequalities in stage at diagnosis")
    assert {"abstract", "introduction", "methods", "results", "discussion"} <= {s.kind for s in doc.sections}


def test_table_cells_with_rowspan_appear_once(shared_dir: Path) -> None:
    table = document("mds526.nxml").tables[1]
    assert (table.label, table.number) == ("Table 2", 2)
    assert [c.role for c in table.columns] == ["label", "estimate", "p_value"]
    men, women = table.rows[0], table.rows[1]
    assert [(c.column, c.raw) for c in men.cells] == [(1, "Reference"), (2, "0.003")]
    # the p-value spans both rows (rowspan=2): it is not repeated on the second row
    assert [(c.column, c.raw) for c in women.cells] == [(1, "0.93 (0.89, 0.98)")]
    value = women.cells[0].value
    assert value.kind == "estimate_ci"
    assert (value.estimate.value, value.ci_low.value, value.ci_high.value) == (0.93, 0.89, 0.98)
    assert table.notes.startswith("*From a model which also adjusted")


def test_group_size_printed_with_a_thin_space(shared_dir: Path) -> None:
    columns = document("6605965a.nxml").tables[0].columns
    assert [(c.n, c.role) for c in columns[1:]] == [(1878, "group"), (335924, "group")]


def test_spanning_header_labels_each_column(shared_dir: Path) -> None:
    table = document("pntd.0002065.nxml").tables[0]
    assert [c.label for c in table.columns[:4]] == ["District", "Goats / n", "Goats / Seroprevalence (%)", "Goats / 95% C.I."]
    assert table.columns[3].role == "ci"


def test_author_year_pointer_names_author_and_year(shared_dir: Path) -> None:
    first = document("elife00007.xml").citations[0]
    assert (first.text, first.style, first.keys) == ("Price et al., 1980", "author-year", ("bib40",))
    assert (first.named_author, first.named_year) == ("Price", 1980)


def test_year_only_pointer_takes_the_author_printed_before_it(shared_dir: Path) -> None:
    # "(Godchaux and Leadbetter 1980, 1983, <xref>1984</xref>, …)"
    pointer = next(c for c in document("elife00013.xml").citations if c.text == "1984")
    assert (pointer.named_author, pointer.named_year) == ("Godchaux", 1984)


def test_numbered_pointer_with_narrative_mention(shared_dir: Path) -> None:
    pointer = document("1472-6831-8-11.nxml").citations[1]
    assert (pointer.text, pointer.numbers, pointer.named_author, pointer.mention_text) == (
        "2", (2,), "Reisine", "Reisine et al."
    )


def test_place_name_before_a_pointer_is_not_an_author(shared_dir: Path) -> None:
    # "... in Mauritania and Senegal [31]": no "et al.", no year, so nobody is named
    assert all(c.named_author != "Mauritania" for c in document("pntd.0002065.nxml").citations)


def test_range_of_two_pointers_is_expanded(shared_dir: Path) -> None:
    # "<xref>[1]</xref>–<xref>[5]</xref>": the closing pointer denotes 2..5
    cited = [(c.text, c.numbers) for c in document("pone.0000217.nxml").citations[:2]]
    assert cited == [("[1]", (1,)), ("[5]", (2, 3, 4, 5))]


def test_subarticle_pointers_are_read(shared_dir: Path) -> None:
    doc = document("elife05502.xml")
    headings = [doc.sections[c.section].heading for c in doc.citations if c.section is not None]
    # the four pointers of the author response (a sub-article) are read, in a section of kind "other"
    assert headings.count("Author response") == 4
    assert [(s.heading, s.kind) for s in doc.sections[-3:-1]] == [("Decision letter", "other"), ("Author response", "other")]


def test_plain_mixed_citations_are_read_by_the_reference_parser(shared_dir: Path) -> None:
    # "<mixed-citation>Murphy FA, … (1999) Veterinary Virology. USA: Elsevier. pp 469–475.</mixed-citation>"
    murphy = next(r for r in document("pntd.0002065.nxml").references if r.raw.startswith("Murphy FA"))
    assert [a.family for a in murphy.authors] == ["Murphy", "Gibbs", "Horzinek", "Studdert"]
    assert (murphy.kind, murphy.title, murphy.year, murphy.first_page, murphy.last_page, murphy.parsed) == (
        "book", "Veterinary Virology", 1999, "469", "475", True)
    # a patent the publisher tagged "book" stays a book, with no made-up journal
    patent = next(r for r in document("pone.0046493.nxml").references if r.raw.startswith("Schoenafinger K"))
    assert (patent.kind, patent.journal, patent.year) == ("book", None, 2001)
    assert [a.family for a in patent.authors] == ["Schoenafinger", "Petry", "Mueller", "Baringhaus"]


def test_stacked_cells_read_as_count_and_percentage(shared_dir: Path) -> None:
    # mds526 prints each count over its percentage: "2219 <break/><italic>45%</italic>"
    table = document("mds526.nxml").tables[0]
    stage_one = table.rows[0].cells[0]
    assert (stage_one.raw, stage_one.value.kind) == ("2219 (45%)", "count_percent")
    assert (stage_one.value.count.value, stage_one.value.percent.value) == (2219, 45)
    assert table.columns[2].n == 22447  # "n = 22 447": thousands grouped by a space


# (cell XML, text after the break is joined, kind the cell grammar reads)
STACKED_CELLS = [
    ("<td>2219 <break/><italic>45%</italic></td>", "2219 (45%)", "count_percent"),  # count over percentage
    ("<td>12<break/>(8.5%)</td>", "12 (8.5%)", "count_percent"),  # already bracketed: a space
    ("<td>0.93<break/>(0.89, 0.98)</td>", "0.93 (0.89, 0.98)", "estimate_ci"),  # estimate over its CI
    ("<td>59.2<break/>± 14.5</td>", "59.2 ± 14.5", "mean_sd"),  # mean over "± SD"
    ("<td>12<break/>345</td>", "12; 345", "text"),  # two numbers never merge into 12 345
    ("<td>Never<break/>smoked</td>", "Never smoked", "text"),  # words: the break is a space
    ("<td><break/>7<break/><break/></td>", "7", "number"),  # empty lines vanish
]


@pytest.mark.parametrize(("cell", "text", "kind"), STACKED_CELLS, ids=[str(i) for i in range(len(STACKED_CELLS))])
def test_line_breaks_in_cells_become_separators(cell: str, text: str, kind: str) -> None:
    table = (
        "<table-wrap><label>Table 1</label><table><thead><tr><th>Row</th><th>All</th></tr></thead>"
        f"<tbody><tr><td>Patients</td>{cell}</tr></tbody></table></table-wrap>"
    )
    (parsed,) = parse_jats(jats(table), "x.xml").tables
    (only,) = parsed.rows[0].cells
    assert (only.raw, only.value.kind) == (text, kind)


def test_stacked_lines_move_pointer_marks_with_their_text() -> None:
    sentinel = "\ue000"
    text = f"12 {sentinel}45%{sentinel}see 3"
    marks = [Mark(text.index("3"), text.index("3") + 1, etree.Element("xref"))]
    joined, (mark,) = join_stacked_lines(text, marks)
    assert joined == "12 (45%) see 3"
    assert joined[mark.start:mark.end] == "3"


# =========================================================================== small made-up articles


def test_rid_with_several_ids_denotes_each() -> None:
    doc = parse_jats(jats('<p>Known [<xref ref-type="bibr" rid="b1 b3">1,3</xref>].</p>', numbered_refs(3)), "x.xml")
    (citation,) = doc.citations
    assert (citation.keys, citation.numbers, citation.style) == (("b1", "b3"), (1, 3), "numeric")


def test_range_printed_inside_one_pointer_is_expanded() -> None:
    doc = parse_jats(jats('<p>Known [<xref ref-type="bibr" rid="b2">2–4</xref>].</p>', numbered_refs(5)), "x.xml")
    assert doc.citations[0].numbers == (2, 3, 4)
    assert doc.citations[0].keys == ("b2", "b3", "b4")


def test_pointer_naming_a_missing_reference_is_kept_and_reported() -> None:
    doc = parse_jats(jats('<p>Known [<xref ref-type="bibr" rid="b9">9</xref>].</p>', numbered_refs(2)), "x.xml")
    assert (doc.citations[0].keys, doc.citations[0].numbers) == (("b9",), ())
    assert any("b9" in w for w in doc.warnings)


def test_pointer_without_rid_is_a_pointer_with_no_keys() -> None:
    doc = parse_jats(jats('<p>Known <xref ref-type="bibr">[1]</xref>.</p>', numbered_refs(1)), "x.xml")
    assert (doc.citations[0].text, doc.citations[0].keys, doc.citations[0].numbers) == ("[1]", (), ())


def test_superscript_pointer_after_full_stop_stays_with_its_sentence() -> None:
    body = '<p>First claim.<sup><xref ref-type="bibr" rid="b1">1</xref></sup> Second claim.</p>'
    doc = parse_jats(jats(body, numbered_refs(1)), "x.xml")
    assert [s.text for s in doc.sentences] == ["First claim.1", "Second claim."]
    assert doc.citations[0].sentence == 0


def test_pointers_in_captions_cells_and_table_notes_are_counted() -> None:
    body = (
        '<p>See <xref ref-type="bibr" rid="b1">1</xref>.</p>'
        '<fig id="f1"><label>Figure 1</label><caption><title>Data from <xref ref-type="bibr" rid="b2">2</xref>.'
        "</title></caption></fig>"
        '<table-wrap id="t1"><label>Table 1</label><caption><p>Studies</p></caption><table><thead><tr><th>Study</th>'
        '<th>n</th></tr></thead><tbody><tr><td>A <xref ref-type="bibr" rid="b3">3</xref></td><td>12</td></tr>'
        '</tbody></table><table-wrap-foot><fn><p>From <xref ref-type="bibr" rid="b4">4</xref>.</p></fn>'
        "</table-wrap-foot></table-wrap>"
    )
    doc = parse_jats(jats(body, numbered_refs(4)), "x.xml")
    assert [c.numbers for c in doc.citations] == [(1,), (2,), (3,), (4,)]
    assert doc.tables[0].notes == "From 4."


def test_table_grid_with_colspan_rowspan_and_header_rows() -> None:
    table = (
        '<table-wrap><label>Table 2</label><caption><title>Baseline</title></caption><table><thead>'
        '<tr><th rowspan="2">Characteristic</th><th colspan="2">Treated</th><th rowspan="2">P</th></tr>'
        "<tr><th>n (%)</th><th>Mean ± SD (n = 40)</th></tr></thead><tbody>"
        '<tr><td>Male</td><td>20 (50.0%)</td><td>59.2 ± 14.5</td><td rowspan="2">0.04</td></tr>'
        '<tr><td>Female</td><td>20 (50.0%)</td><td>61.3 ± 9.8</td></tr>'
        '<tr><td colspan="4">Smoking</td></tr></tbody></table></table-wrap>'
    )
    (parsed,) = parse_jats(jats(table), "x.xml").tables
    assert (parsed.label, parsed.number, parsed.caption) == ("Table 2", 2, "Baseline")
    assert [c.label for c in parsed.columns] == ["Characteristic", "Treated / n (%)", "Treated / Mean ± SD (n = 40)", "P"]
    assert [(c.n, c.role) for c in parsed.columns] == [(None, "label"), (None, "other"), (40, "group"), (None, "p_value")]
    male, female, smoking = parsed.rows
    assert [(c.column, c.value.kind) for c in male.cells] == [(1, "count_percent"), (2, "mean_sd"), (3, "p_value")]
    assert [c.column for c in female.cells] == [1, 2]  # the p-value spans two rows and is not repeated
    assert (smoking.label, smoking.cells) == ("Smoking", ())  # a full-width row is a heading row


def test_header_rows_are_guessed_without_thead() -> None:
    table = (
        "<table-wrap><label>Table 1</label><table><tr><td>Group</td><td>Cases (n = 12)</td></tr>"
        "<tr><td>Age</td><td>56.8 ± 12.7</td></tr></table></table-wrap>"
    )
    (parsed,) = parse_jats(jats(table), "x.xml").tables
    assert [c.n for c in parsed.columns] == [None, 12]
    assert [r.label for r in parsed.rows] == ["Age"]


def test_hostile_spans_are_clamped() -> None:
    # a cell claiming a billion columns and rows cannot make the grid large
    huge = '<td colspan="999999999" rowspan="88888888">x</td>'
    table = f"<table-wrap><table>{'<tr>' + huge * 500 + '</tr>'}<tr><td>1</td></tr></table></table-wrap>"
    (parsed,) = parse_jats(jats(table), "x.xml").tables
    assert len(parsed.columns) <= 200
    assert len(parsed.rows) <= 2


def test_image_only_table_is_reported_not_counted() -> None:
    body = '<table-wrap><label>Table 1</label><caption><p>Scanned</p></caption><graphic xlink:href="t1.gif" xmlns:xlink="http://www.w3.org/1999/xlink"/></table-wrap>'
    doc = parse_jats(jats(body), "x.xml")
    assert doc.tables == ()
    assert any("image" in w for w in doc.warnings)


def test_exponent_in_superscript_is_not_glued_to_its_base() -> None:
    doc = parse_jats(jats("<p>We counted 10<sup>5</sup> cells.</p>"), "x.xml")
    assert doc.sentences[0].text == "We counted 10^5 cells."


def test_namespaced_jats_is_read() -> None:
    data = jats('<p>A <xref ref-type="bibr" rid="b1">1</xref>.</p>', numbered_refs(1)).replace(
        b"<article>", b'<article xmlns="http://jats.nlm.nih.gov">', 1
    )
    doc = parse_jats(data, "x.xml")
    assert (len(doc.references), len(doc.citations)) == (1, 1)


def test_xml_that_is_not_jats_is_refused() -> None:
    with pytest.raises(InputError, match="not a JATS article"):
        parse_jats(b"<html><body><p>Hello</p></body></html>", "page.xml")


# =========================================================================== helpers, table-driven


@pytest.mark.parametrize(
    ("heading", "sec_type", "kind"),
    [
        ("Introduction", None, "introduction"),
        ("Background", None, "introduction"),  # BMC's name for it
        ("2. Patients and Methods", None, "methods"),  # numbered
        ("Materials and methods", None, "methods"),
        ("Methods and Materials", None, "methods"),
        ("METHODS", None, "methods"),  # capitals
        ("Results and Discussion", None, "results"),
        ("Discussion", None, "discussion"),
        ("Conclusions", None, "conclusion"),
        ("8 Conclusions and Future Work", None, "conclusion"),
        ("Statistical analysis", None, "other"),  # a subsection: the caller lets it inherit
        ("Data", "materials|methods", "methods"),  # sec-type wins over the heading
        ("", "intro", "introduction"),
        ("Acknowledgements", None, "other"),
    ],
)
def test_section_kind(heading: str, sec_type: str | None, kind: str) -> None:
    assert section_kind(heading, sec_type) == kind


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("As Smith et al. (2003) showed. Next.", ["As Smith et al. (2003) showed.", "Next."]),  # et al.
        ("See Fig. 2 for data. Next.", ["See Fig. 2 for data.", "Next."]),  # Fig.
        ("Mean was 3.5 years. Next.", ["Mean was 3.5 years.", "Next."]),  # decimals
        ("J. Smith agreed. M. tuberculosis grows.", ["J. Smith agreed.", "M. tuberculosis grows."]),  # initials
        ("Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
        ("It rose (p < 0.05). Then fell.", ["It rose (p < 0.05).", "Then fell."]),
        ("e.g. this one. Next.", ["e.g. this one.", "Next."]),
        ("lower case after. stop", ["lower case after. stop"]),  # no capital: no boundary
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


@pytest.mark.parametrize(
    ("text", "author", "year"),
    [
        ("Smith et al., 2003", "Smith", 2003),
        ("Turlings and Wäckers, 2004", "Turlings", 2004),
        ("McFall-Ngai 1999", "McFall-Ngai", 1999),
        ("American Cancer Society, 2007", "American Cancer Society", 2007),
        ("van der Zee et al., 2006", "van der Zee", 2006),
        ("(Kiros et al., 2015)", "Kiros", 2015),  # brackets inside the pointer
        ("Hamilton et al., 2017a,b;", "Hamilton", 2017),  # suffix letters
        ("2003a", None, 2003),  # year only
        ("e.g., Jones 2010", "Jones", 2010),  # lead-in words
        ("Smith, in press", "Smith", None),
    ],
)
def test_parse_author_year(text: str, author: str | None, year: int | None) -> None:
    assert parse_author_year(text) == (author, year)


# =========================================================================== fuzzing

_TAGS = ["sec", "p", "title", "xref", "table-wrap", "table", "tr", "td", "th", "thead", "fig", "caption", "label",
         "sup", "italic", "list", "list-item", "ref", "ref-list", "element-citation", "mixed-citation", "name",
         "surname", "year", "fn", "table-wrap-foot", "boxed-text", "sub-article", "body", "back", "abstract"]
_ATTRS = ['', ' ref-type="bibr"', ' rid="b1"', ' rid="b1 b2 zz"', ' rid=""', ' colspan="0"', ' rowspan="-3"',
          ' colspan="99999999999"', ' id="b1"', ' id="b2"', ' sec-type="methods"', ' publication-type="book"']
_TEXTS = ["", "1", "2–4", "Smith et al., 2003", "(", ". The", "10", "é", "&amp;", " ", "n = 12", "[3]"]


_OPS = st.one_of(
    st.tuples(st.just("open"), st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.tuples(st.just("text"), st.sampled_from(_TEXTS), st.just("")),
    st.tuples(st.just("close"), st.just(""), st.just("")),
)


def well_formed(ops: list[tuple[str, str, str]]) -> str:
    """Open, text and close operations turned into well-formed XML (closes only what is open)."""
    out: list[str] = []
    stack: list[str] = []
    for op, value, attrs in ops:
        if op == "open" and len(stack) < 12:
            out.append(f"<{value}{attrs}>")
            stack.append(value)
        elif op == "text":
            out.append(value)
        elif op == "close" and stack:
            out.append(f"</{stack.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


jats_trees = st.lists(_OPS, max_size=60).map(well_formed)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jats_trees)
def test_random_jats_structures_give_a_document(body: str) -> None:
    doc = parse_jats(f"<article><body>{body}</body></article>".encode(), "fuzz.xml")
    for citation in doc.citations:
        assert doc.text[citation.span.start : citation.span.end] == citation.text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_article_raises_nothing_but_input_error(shared_dir: Path, data: st.DataObject) -> None:
    original = bytearray((JATS_DIR / "elife-tools" / "elife07586.xml").read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        byte = data.draw(st.integers(0, 255))
        if action == "delete":
            del original[position]
        elif action == "insert":
            original.insert(position, byte)
        else:
            original[position] = byte
    try:
        parse_jats(bytes(original), "mutated.xml")
    except InputError:
        pass


@settings(max_examples=800, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_random_bytes_into_parse_jats_raise_nothing_but_input_error(data: bytes) -> None:
    try:
        parse_jats(data, "random.xml")
    except InputError:
        pass


def _one_table(wrap: str) -> list:
    return list(parse_jats(jats(body=f"<sec><title>Results</title>{wrap}</sec>"), "t.xml").tables)


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("<label>Table 2</label>", "Table 2"),  # the printed label
        ("", "Unlabelled table 1"),  # no label printed: counted by position, never given a "Table N" it lacks
    ],
)
def test_a_table_is_named_by_its_printed_label_only(label: str, name: str) -> None:
    wrap = (f"<table-wrap>{label}<table><thead><tr><th>Row</th><th>A (n=10)</th></tr></thead>"
            "<tbody><tr><td>Male</td><td>5 (50.0%)</td></tr></tbody></table></table-wrap>")
    assert [t.label for t in _one_table(wrap)] == [name]


@pytest.mark.parametrize(
    ("caption", "foot", "cell", "kind", "basis"),
    [
        # a footnote states the form of the cells: "a (b)" is n (%)
        ("Outcomes", "Values are n (%).", "5 (50,0)", "count_percent", "table"),
        # the heading row above names it: "Sex, n (%)"
        ("Outcomes", "", "5 (50,0)", "count_percent", "label"),
        # nothing names it: a guess, not judged
        ("Outcomes", "", "5 (50.0)", "mean_sd", "default"),
    ],
)
def test_table_cells_are_read_with_their_caption_notes_and_heading(caption: str, foot: str, cell: str, kind: str,
                                                                   basis: str) -> None:
    heading = "<tr><td>Sex, n (%)</td><td/></tr>" if basis == "label" else ""
    foot_xml = f"<table-wrap-foot><fn><p>{foot}</p></fn></table-wrap-foot>" if foot else ""
    wrap = (f"<table-wrap><label>Table 1</label><caption><p>{caption}</p></caption><table><thead><tr><th>Row</th>"
            f"<th>A (n=10)</th></tr></thead><tbody>{heading}<tr><td>Male</td><td>{cell}</td></tr></tbody></table>"
            f"{foot_xml}</table-wrap>")
    value = _one_table(wrap)[0].rows[-1].cells[0].value
    assert (value.kind, value.basis) == (kind, basis)
    if kind == "count_percent":
        assert value.percent is not None and value.percent.value == 50.0  # the decimal comma read as a point
