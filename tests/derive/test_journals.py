"""Journal facts derived into the graph (kgaudit.derive.journals): matches, expected volumes, topic subjects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgaudit.derive.journals import derive_journal_facts, volume_number
from kgaudit.graph.build import document_to_graph
from kgaudit.graph.namespaces import FABIO, JOURNAL, KGA, PRISM, document_iri, node_iri, ontology_file
from kgaudit.graph.store import select, to_oxigraph
from kgaudit.ingest import load_document
from kgaudit.model import Document, Reference

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"


def _derived(document: Document) -> Graph:
    graph = document_to_graph(document)
    derive_journal_facts(graph)
    return graph


@pytest.fixture(scope="module")
def seed_graph(seed_path: Path) -> Graph:
    return _derived(load_document(seed_path))


def _facts(graph: Graph) -> dict[int, dict[str, object]]:
    """Per reference number: matched journal id, expected range, volume number, venue fit."""
    rows = select(to_oxigraph(graph), """
        SELECT ?n ?id ?min ?max ?volume ?onTopic ?confidence WHERE {
          ?ref kga:number ?n ; biro:references ?work .
          OPTIONAL { ?work kga:volumeNumber ?volume }
          OPTIONAL { ?work kga:journalMatch ?m . ?m kga:matchedJournal/kga:journalId ?id ; kga:matchConfidence ?confidence
                     OPTIONAL { ?m kga:expectedVolumeMin ?min ; kga:expectedVolumeMax ?max }
                     OPTIONAL { ?m kga:venueOnTopic ?onTopic } }
        }""")
    return {int(r["n"]): {k: (v.toPython() if v is not None else None) for k, v in r.items() if k != "n"} for r in rows}


def test_seed_references_resolve_with_expected_volume_ranges(seed_graph: Graph) -> None:
    facts = _facts(seed_graph)
    assert len(facts) == 25 and all(f["id"] for f in facts.values())
    assert all(float(f["confidence"]) == 1.0 for f in facts.values())
    # Radiology 2023 = vols 306-309, four a year: 2022-2024 spans 302-313; the seed prints 86.
    assert (facts[1]["id"], facts[1]["min"], facts[1]["max"], facts[1]["volume"]) == ("radiology", 302, 313, 86)
    # JBJS Am 2015 = vol 97, 2014 = 96: the printed 96 lies within the one-year tolerance.
    assert (facts[25]["id"], facts[25]["min"], facts[25]["max"], facts[25]["volume"]) == (
        "j-bone-joint-surg-am", 96, 98, 96)
    outside = sorted(n for n, f in facts.items() if not f["min"] <= f["volume"] <= f["max"])
    assert outside == list(range(1, 25))


def test_seed_topic_and_venue_fit(seed_graph: Graph, seed_path: Path) -> None:
    paper = document_iri(load_document(seed_path).id)
    topic = {str(s) for s in seed_graph.objects(paper, KGA.topicSubject)}
    assert topic == {"Oncology", "Nephrology", "Urology", "Radiology", "General Surgery"}
    facts = _facts(seed_graph)
    off_topic = sorted(n for n, f in facts.items() if f["onTopic"] is False)
    # J Neurosurg, Spine, Neurosurgery, J Bone Joint Surg Am; radiology, surgery and oncology venues fit.
    assert off_topic == [6, 7, 24, 25]
    assert all(f["onTopic"] is True for n, f in facts.items() if n not in off_topic)


def test_journal_nodes_carry_title_issn_and_subjects(seed_graph: Graph) -> None:
    spine = JOURNAL["spine-phila-pa-1976"]
    assert (spine, RDF.type, FABIO.Journal) in seed_graph
    assert str(seed_graph.value(spine, DCTERMS.title)) == "Spine"
    assert str(seed_graph.value(spine, PRISM.issn)) == "0362-2436"
    assert {str(s) for s in seed_graph.objects(spine, KGA.subjectTerm)} == {"Orthopedics", "Neurosurgery"}


def _doc(*refs: Reference, journal: str | None = None, title: str = "Cryoablation of renal cell carcinoma") -> Document:
    return Document(id="journal-facts", source="<test>", format="text", text="", title=title, journal=journal,
                    year=2024, references=refs)


def test_unknown_journals_stay_unknown_and_books_are_not_judged() -> None:
    graph = _derived(_doc(
        Reference(raw="x", number=1, journal="J Invented Stud", year=2020, volume="12"),
        Reference(raw="y", number=2, journal="Radiology", year=2020, volume="294", kind="book"),
        Reference(raw="z", number=3, journal="J Urol", year=2020, volume="203"),
    ))
    facts = _facts(graph)
    assert facts[1]["id"] is None and facts[1]["volume"] == 12
    assert facts[2]["id"] is None and facts[2]["volume"] is None
    assert facts[3]["id"] == "j-urol" and facts[3]["onTopic"] is True


def test_own_journal_is_recorded() -> None:
    graph = _derived(_doc(Reference(raw="x", number=1, journal="Eur Urol", year=2020, volume="77"),
                          journal="European Urology"))
    paper = document_iri("journal-facts")
    assert graph.value(paper, KGA.ownJournal) == JOURNAL["eur-urol"]


def test_no_venue_fit_without_a_topic() -> None:
    graph = _derived(_doc(Reference(raw="x", number=1, journal="Spine", year=2020, volume="45"),
                          title="A note on reporting"))
    assert _facts(graph)[1]["onTopic"] is None
    assert not list(graph.objects(document_iri("journal-facts"), KGA.topicSubject))


@pytest.mark.parametrize(("volume", "issue", "number", "noted"), [
    ("155A", None, 155, False),  # a lettered section counts as its number
    ("12", "3", 12, False),
    ("1", "108 Suppl", 108, True),  # PNAS 2011;108 Suppl 1, split across the fields by the publisher's XML
    ("2", "109 Suppl 2", 109, True),
    ("45", "12 Suppl", 45, False),  # a volume larger than a supplement number stays as printed
    ("Suppl 2", None, None, False),
    ("7", "Suppl", None, False),  # a bare "Suppl": the supplement series may number its volumes on its own
    ("7", "Suppl.", None, False),  # the same, abbreviated with a full stop
    (None, None, None, False),
])
def test_volume_number(volume: str | None, issue: str | None, number: int | None, noted: bool) -> None:
    got, note = volume_number(volume, issue)
    assert got == number and (note is not None) is noted


def test_year_without_a_volume_model_gets_no_range() -> None:
    # Int J Surg is modelled from 2015 only: 2010 is not judged.
    facts = _facts(_derived(_doc(Reference(raw="x", number=1, journal="Int J Surg", year=2010, volume="8"))))
    assert facts[1]["id"] == "int-j-surg" and facts[1]["min"] is None


@pytest.mark.parametrize("paper", ["seed", "example"])
def test_derived_graph_passes_the_shapes_and_declares_every_term(paper: str, seed_path: Path) -> None:
    from pyshacl import validate

    graph = _derived(load_document(seed_path if paper == "seed" else EXAMPLE))
    shapes = Graph().parse(data=ontology_file("shapes.ttl").read_text(encoding="utf-8"),
                           format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, advanced=False)
    assert conforms, text
    vocabulary = Graph().parse(
        data=ontology_file("kgaudit.ttl").read_text(encoding="utf-8"), format="turtle")
    declared = {str(s) for s in vocabulary.subjects()}
    used = {str(p) for p in graph.predicates() if str(p).startswith(str(KGA))}
    used |= {str(o) for o in graph.objects(None, RDF.type) if str(o).startswith(str(KGA))}
    assert used - declared == set()


def test_shapes_catch_a_reversed_range(seed_graph: Graph) -> None:
    from pyshacl import validate

    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    match = URIRef(f"{node_iri(next(iter(graph.objects(None, KGA.docId))), 'ref', 1)}/journal-match")
    graph.set((match, KGA.expectedVolumeMin, Literal(400)))
    shapes = Graph().parse(data=ontology_file("shapes.ttl").read_text(encoding="utf-8"),
                           format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, advanced=False)
    assert not conforms and "expectedVolumeMin and expectedVolumeMax" in text


def test_the_documented_query_runs(seed_graph: Graph) -> None:
    """The example query of docs/GRAPH.md answers from the derived facts."""
    text = (REPO / "docs" / "GRAPH.md").read_text(encoding="utf-8")
    query = text.split("## Journal facts")[1].split("```sparql")[1].split("```")[0]
    rows = list(select(to_oxigraph(seed_graph), query))
    assert len(rows) == 25
    assert (str(rows[24]["journal"]), int(rows[24]["volume"]), int(rows[24]["min"])) == (
        "The Journal of Bone and Joint Surgery. American Volume", 96, 96)


def test_another_table_is_used_when_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KGAUDIT_JOURNALS names the table (one `kgaudit journals refresh` wrote, say); a broken one skips the checks."""
    from kgaudit.api import audit
    from kgaudit.resolve.journals_refresh import read_table, write_table

    table = tmp_path / "mine.csv"
    write_table([row for row in read_table() if row["id"] == "radiology"], table)
    monkeypatch.setenv("KGAUDIT_JOURNALS", str(table))
    document = _doc(Reference(raw="x", number=1, journal="Radiology", year=2020, volume="86"),
                    Reference(raw="y", number=2, journal="J Urol", year=2020, volume="1"))
    report = audit(document, checks=["reference.implausible_volume"])
    assert [f.location.reference for f in report.findings] == [1]  # J Urol is not in this table: not judged
    monkeypatch.setenv("KGAUDIT_JOURNALS", str(tmp_path / "missing.csv"))
    report = audit(document, checks=["reference.implausible_volume"])
    assert report.findings == []
    assert "journals failed: InputError" in report.run.skipped["reference.implausible_volume"]
    assert "missing.csv" in report.run.skipped["reference.implausible_volume"]
