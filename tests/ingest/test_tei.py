"""GROBID TEI ingest (kgaudit.ingest.tei) on the real files in ../shared/data/tei and on small made-up ones."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kgaudit.errors import InputError
from kgaudit.ingest.tei import parse_tei
from kgaudit.model import Document
from tests.conftest import SHARED

TEI_DIR = SHARED / "data" / "tei"
FILES = sorted(TEI_DIR.glob("*/*.tei.xml"))
IDS = [p.name[:24] for p in FILES]
NS = {"t": "http://www.tei-c.org/ns/1.0"}


@cache
def document(prefix: str) -> Document:
    """The parsed TEI file whose name starts with ``prefix``, parsed once per run."""
    path = next(p for p in FILES if p.name.startswith(prefix))
    return parse_tei(path.read_bytes(), str(path))


@cache
def plain_counts(prefix: str) -> tuple[int, int, int]:
    """Counted independently with plain lxml: biblStructs in listBibl, bibr refs, table figures."""
    path = next(p for p in FILES if p.name.startswith(prefix))
    root = etree.fromstring(path.read_bytes())
    return (
        len(root.xpath("//t:listBibl/t:biblStruct", namespaces=NS)),
        len(root.xpath("//t:ref[@type='bibr']", namespaces=NS)),
        len(root.xpath("//t:figure[@type='table']", namespaces=NS)),
    )


def tei(body: str = "", bibl: str = "", header: str = "") -> bytes:
    """A small GROBID-shaped TEI document."""
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        f'<title level="a" type="main">A made-up paper</title></titleStmt>{header}</fileDesc></teiHeader>'
        f'<text><body>{body}</body><back><div type="references"><listBibl>{bibl}</listBibl></div></back></text></TEI>'
    ).encode()


def bibls(count: int) -> str:
    """``count`` minimal biblStructs with ids b0, b1, …"""
    return "".join(
        f'<biblStruct xml:id="b{i}"><analytic><title level="a">Title {i}</title><author><persName>'
        f"<forename>A</forename><surname>Author{i}</surname></persName></author></analytic><monogr>"
        f'<title level="j">J Test</title><imprint><date type="published" when="{2000 + i}"/></imprint></monogr>'
        "</biblStruct>"
        for i in range(count)
    )


# =========================================================================== every real file


@pytest.mark.parametrize("prefix", IDS)
def test_reference_count_equals_biblstruct_count(shared_dir: Path, prefix: str) -> None:
    assert len(document(prefix).references) == plain_counts(prefix)[0]


@pytest.mark.parametrize("prefix", IDS)
def test_pointer_count_equals_bibr_ref_count(shared_dir: Path, prefix: str) -> None:
    assert len(document(prefix).citations) == plain_counts(prefix)[1]


@pytest.mark.parametrize("prefix", IDS)
def test_table_count_equals_table_figures(shared_dir: Path, prefix: str) -> None:
    assert len(document(prefix).tables) == plain_counts(prefix)[2]


@pytest.mark.parametrize("prefix", IDS)
def test_targeted_pointers_denote_existing_references(shared_dir: Path, prefix: str) -> None:
    doc = document(prefix)
    keys = [r.key for r in doc.references]
    for citation in doc.citations:
        assert [keys[n - 1] for n in citation.numbers] == list(citation.keys), citation
    assert sum(1 for c in doc.citations if c.keys) >= len(doc.citations) * 0.7  # GROBID links most of them


@pytest.mark.parametrize("prefix", IDS)
def test_every_span_points_at_its_text(shared_dir: Path, prefix: str) -> None:
    doc = document(prefix)
    assert doc.title.strip() and doc.format == "tei"
    for citation in doc.citations:
        assert doc.text[citation.span.start : citation.span.end] == citation.text
    for sentence in doc.sentences:
        assert doc.text[sentence.span.start : sentence.span.end] == sentence.text
    for reference in doc.references:
        assert reference.span is not None and doc.text[reference.span.start : reference.span.end] == reference.raw
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.span is not None and doc.text[cell.span.start : cell.span.end] == cell.raw


# =========================================================================== pinned facts


def test_biblstruct_fields(shared_dir: Path) -> None:
    ref = document("0f318087").references[0]
    assert (ref.number, ref.key, ref.kind) == (1, "b0", "journal")
    assert [(a.family, a.given) for a in ref.authors[:2]] == [("Hoitsma", "E"), ("Reulen", "J P")]
    assert (ref.title, ref.journal) == ("Small fiber neuropathy: A common and important clinical disorder", "Curr Opin Neurol")
    assert (ref.year, ref.volume, ref.first_page, ref.last_page) == (2003, "227", "601", "603")
    assert ref.doi == "10.1016/j.jns.2004.08.012.2"  # GROBID's reading, taken as given
    # no raw_reference note in this file: the raw string is rendered from the fields
    assert ref.raw.startswith("Hoitsma E, Reulen JP, De Baets M, Drent M, Spaans F, Faber CG. Small fiber neuropathy")


def test_raw_reference_note_is_the_printed_string(shared_dir: Path) -> None:
    ref = document("N18-3011").references[0]
    assert ref.raw.startswith("Waleed Ammar, Matthew E. Peters, Chandra Bhagavat- ula, and Russell Power. 2017.")
    assert (ref.kind, ref.journal, ref.year) == ("chapter", "ACL workshop (SemEval)", 2017)


def test_header_metadata(shared_dir: Path) -> None:
    doc = document("0f318087")
    assert doc.title.startswith("Clinical Characteristics, Electrophysiology, and Skin Biopsy")
    assert (doc.journal, doc.doi, doc.year) == ("Chinese Medical Journal", "10.4103/0366-6999.209897", 2017)
    assert [(d.event, d.date) for d in doc.dates] == [("received", "2017-02-28"), ("published", "2017-07")]
    assert doc.keywords[0] == "Impaired Glucose Tolerance"
    assert doc.abstract.startswith("Peripheral neuropathy (PN) can be categorized")


def test_pointer_without_target_has_no_keys(shared_dir: Path) -> None:
    first = document("0f318087").citations[0]
    assert (first.text, first.keys, first.numbers) == ("[SIQ]", (), ())


def test_numbered_pointers_denote_the_linked_entry(shared_dir: Path) -> None:
    # "[1," and "[4]" are linked by GROBID to b0 and b2 (GROBID merged two printed entries)
    cited = [(c.text, c.keys, c.numbers) for c in document("0f318087").citations[1:3]]
    assert cited == [("[1,", ("b0",), (1,)), ("[4]", ("b2",), (3,))]


def test_table_rows_and_group_sizes(shared_dir: Path) -> None:
    table = document("0f318087").tables[0]
    assert (table.label, table.number) == ("Table 1", 1)
    assert [c.n for c in table.columns] == [None, 12, 9, 17]
    vas = table.rows[0]
    assert vas.label == "VAS"
    assert [(c.value.mean.value, c.value.sd.value) for c in vas.cells] == [(3.75, 3.91), (6.00, 3.91), (4.59, 3.08)]


def test_table_kept_as_loose_text_has_no_rows(shared_dir: Path) -> None:
    doc = document("2020.acl-main.207")
    assert [len(t.rows) for t in doc.tables] == [0, 0, 1, 0]
    assert any("no rows" in w for w in doc.warnings)


def test_flat_subsections_take_the_kind_of_their_section(shared_dir: Path) -> None:
    kinds = {s.heading: s.kind for s in document("0046d83a").sections}
    assert (kinds["Methods"], kinds["Participants"], kinds["Data analysis"]) == ("methods",) * 3
    assert (kinds["Results"], kinds["Optimal patterns vs control measurements"]) == ("results",) * 2
    assert kinds["Competing interests"] == "other"


# =========================================================================== small made-up documents


def test_grobid_sentences_are_used_when_present() -> None:
    body = '<div><head>Intro</head><p><s>First, Dr. Who <ref type="bibr" target="#b0">[1]</ref>.</s><s>Second.</s></p></div>'
    doc = parse_tei(tei(body, bibls(1)), "x.tei.xml")
    assert [s.text for s in doc.sentences] == ["First, Dr. Who [1].", "Second."]
    assert (doc.citations[0].sentence, doc.citations[0].numbers) == (0, (1,))


def test_numbered_subsection_inherits_from_its_numbered_section() -> None:
    body = (
        '<div><head n="2">Methods</head><p>A.</p></div><div><head n="2.1">Cohort</head><p>B.</p></div>'
        '<div><head n="3">Evaluation</head><p>C.</p></div>'
    )
    kinds = [(s.heading, s.kind) for s in parse_tei(tei(body), "x.tei.xml").sections]
    assert kinds == [("2 Methods", "methods"), ("2.1 Cohort", "methods"), ("3 Evaluation", "other")]


def test_target_with_several_entries() -> None:
    body = '<p>See <ref type="bibr" target="#b0 #b2">[1, 3]</ref>.</p>'
    (citation,) = parse_tei(tei(body, bibls(3)), "x.tei.xml").citations
    assert (citation.keys, citation.numbers) == (("b0", "b2"), (1, 3))


def test_xml_that_is_not_tei_is_refused() -> None:
    with pytest.raises(InputError, match="not GROBID TEI"):
        parse_tei(b"<article><body/></article>", "paper.xml")


_TAGS = ["div", "head", "p", "s", "ref", "figure", "table", "row", "cell", "figDesc", "note", "listBibl",
         "biblStruct", "analytic", "monogr", "title", "author", "persName", "surname", "imprint", "biblScope", "date"]
_ATTRS = ['', ' type="bibr"', ' target="#b0"', ' target="#zz #b1"', ' type="table"', ' cols="99999999"',
          ' rows="-1"', ' n="2.1"', ' xml:id="b0"', ' xml:id="b1"', ' unit="page" from="5"', ' when="20"']
_TEXTS = ["", "[1]", "Smith et al., 2003", "Methods", "3.75 ± 3.91", ". The", "(n = 12)", "é"]
_OPS = st.one_of(
    st.tuples(st.just("open"), st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.tuples(st.just("text"), st.sampled_from(_TEXTS), st.just("")),
    st.tuples(st.just("close"), st.just(""), st.just("")),
)


def well_formed(ops: list[tuple[str, str, str]]) -> str:
    """Open, text and close operations turned into well-formed XML (closes only what is open)."""
    out: list[str] = []
    stack: list[str] = []
    ids: set[str] = set()
    for op, value, attrs in ops:
        if "xml:id" in attrs:  # an xml:id must be unique, or the XML is not well-formed
            attrs = "" if attrs in ids else attrs
            ids.add(attrs)
        if op == "open" and len(stack) < 12:
            out.append(f"<{value}{attrs}>")
            stack.append(value)
        elif op == "text":
            out.append(value)
        elif op == "close" and stack:
            out.append(f"</{stack.pop()}>")
    return "".join(out) + "".join(f"</{tag}>" for tag in reversed(stack))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_OPS, max_size=60).map(well_formed), st.lists(_OPS, max_size=30).map(well_formed))
def test_random_tei_structures_give_a_document(body: str, back: str) -> None:
    back = back.replace('xml:id="b', 'xml:id="back-b')  # ids stay unique across the two parts
    data = f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{body}</body><back>{back}</back></text></TEI>'
    doc = parse_tei(data.encode(), "fuzz.tei.xml")
    for citation in doc.citations:
        assert doc.text[citation.span.start : citation.span.end] == citation.text


@settings(max_examples=800, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_random_bytes_into_parse_tei_raise_nothing_but_input_error(data: bytes) -> None:
    try:
        parse_tei(data, "random.xml")
    except InputError:
        pass


# =========================================================================== GROBID misreadings repaired


def _author_bibl(persons: str, raw: str) -> str:
    return (f'<biblStruct xml:id="b0"><analytic><title level="a">A title</title>{persons}</analytic><monogr>'
            '<title level="j">J Test</title><imprint><date type="published" when="2017"/></imprint></monogr>'
            f'<note type="raw_reference">{raw}</note></biblStruct>')


def _person(forename: str, surname: str) -> str:
    fore = "".join(f'<forename type="first">{f}</forename>' for f in forename.split("|") if f)
    sur = f"<surname>{surname}</surname>" if surname else ""
    return f"<author><persName>{fore}{sur}</persName></author>"


@pytest.mark.parametrize(
    ("persons", "raw", "families"),
    [
        # GROBID split "Thomas N Kipf" into "N Thomas" and "Max Kipf": the printed string wins
        (_person("N", "Thomas") + _person("Max", "Kipf") + _person("", "Welling"),
         "Thomas N Kipf and Max Welling. 2017. Semi-supervised classification. ICLR.", ["Kipf", "Welling"]),
        # a whole name kept as the surname
        (_person("Maria", "Tsung Teng Chen") + _person("", "Lee"),
         "Tsung Teng Chen and Maria Lee. 2018. Research paper recommender systems.", ["Chen", "Lee"]),
        # forename and middle name, no surname
        (_person("Oren|Etzioni", ""), "Oren Etzioni. 2011. Search needs a shake-up. Nature 476:25-6.", ["Etzioni"]),
        # particles stay with the surname; a correct reading is left alone
        (_person("Christophe", "Van Gysel") + _person("Maarten", "De Rijke"),
         "Christophe Van Gysel, Maarten de Rijke. 2017. Neural vector spaces.", ["Van Gysel", "De Rijke"]),
        # family-first strings are never re-read
        (_person("TN", "Kipf") + _person("M", "Welling"), "Kipf TN, Welling M. Semi-supervised classification. 2017.",
         ["Kipf", "Welling"]),
        # an organisation is not a "Given Family" name
        (_person("", "World Health Organization"), "World Health Organization. 2017. Global report.",
         ["World Health Organization"]),
    ],
)
def test_first_author_checked_against_the_printed_string(persons: str, raw: str, families: list[str]) -> None:
    doc = parse_tei(tei(bibl=_author_bibl(persons, raw)), "made-up.tei.xml")
    assert [a.family for a in doc.references[0].authors] == families


def test_wrapped_row_label_is_rejoined() -> None:
    table = ('<figure type="table"><head>Table 2</head><table>'
             '<row><cell>Parameters</cell><cell>A (n = 12)</cell><cell>B (n = 9)</cell></row>'
             '<row><cell>IENFD (number of</cell><cell>4.66 ± 5.25</cell><cell>2.57 ± 2.60</cell></row>'
             '<row><cell>fibers/mm)</cell><cell/><cell/></row>'
             '<row><cell>Age (years)</cell><cell>56.8 ± 12.7</cell><cell>60.2 ± 15.6</cell></row>'
             '</table></figure>')
    doc = parse_tei(tei(body=f"<div><head>Results</head>{table}</div>"), "made-up.tei.xml")
    assert [r.label for r in doc.tables[0].rows] == ["IENFD (number of fibers/mm)", "Age (years)"]
