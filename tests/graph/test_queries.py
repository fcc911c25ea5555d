"""The analyst query library: every shipped query answers correctly on the seed's graph.

Expected answers are computed from the document model (what ingest read from the
paper) or from the report's findings, never from SPARQL, so a query and its test
cannot share a mistake.  Finding-based queries filter by check id, so checks that
other people add do not break them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kgaudit import audit
from kgaudit.api import Report
from kgaudit.checks.base import Finding, Location
from kgaudit.checks.runner import add_findings
from kgaudit.errors import StoreError, UsageError
from kgaudit.graph.namespaces import document_iri, node_iri
from kgaudit.graph.queries import (
    list_queries,
    load_query,
    parse_binding,
    parse_query_file,
    run_query,
    serialize_results,
)
from kgaudit.graph.store import to_oxigraph
from kgaudit.ingest import parse_string
from kgaudit.model import Reference
from tests.conftest import REPO

EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
TESTED: set[str] = set()


def rows(store: ox.Store, name: str, **bindings: object) -> list[dict[str, object]]:
    """Run the shipped query ``name`` and return its rows as plain Python values."""
    TESTED.add(name)
    results = run_query(store, load_query(name).text, bindings)
    return [
        {v.value: _python(solution[v.value]) for v in results.variables}
        for solution in results
    ]


def _python(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in ("integer", "int"):
            return int(term.value)
        if datatype in ("decimal", "double", "float"):
            return float(term.value)
        if datatype == "boolean":
            return term.value == "true"
        return term.value
    return term.value  # type: ignore[attr-defined]


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum()).lower()


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Report:
    return audit(seed_path)


@pytest.fixture(scope="module")
def seed_store(seed: Report) -> ox.Store:
    return to_oxigraph(seed.graph)


@pytest.fixture(scope="module")
def example() -> Report:
    return audit(EXAMPLE)


@pytest.fixture(scope="module")
def renumbered(seed_path: Path) -> Report:
    """The seed with its last pointer changed from ²⁵ to ²⁹: reference 25 uncited, 29 undefined."""
    text = seed_path.read_text(encoding="utf-8")
    assert text.count("guidelines.²⁵") == 1
    return audit(parse_string(text.replace("guidelines.²⁵", "guidelines.²⁹"), fmt="text"))


def _by_number(report: Report) -> dict[int | None, Reference]:
    return {r.number: r for r in report.document.references}


# --------------------------------------------------------------------------- the library itself


def test_library_ships_at_least_twelve_documented_queries() -> None:
    queries = list_queries()
    assert len(queries) >= 12
    assert len({q.name for q in queries}) == len(queries)
    for query in queries:
        assert query.source == f"{query.name}.rq"
        assert len(query.description) > 40, query.name


def test_every_param_is_a_result_variable_of_its_query(seed_store: ox.Store) -> None:
    for query in list_queries():
        results = run_query(seed_store, query.text)
        variables = {v.value for v in results.variables}
        assert set(query.params) <= variables, query.name


def test_header_description_continues_on_comment_lines() -> None:
    query = parse_query_file("# name: q\n# description: first line\n#  and more\n# params: a, ?b\nSELECT ?a ?b {}",
                             "q.rq")
    assert (query.name, query.description, query.params) == ("q", "first line and more", ("a", "b"))


def test_query_file_without_a_name_is_refused() -> None:
    with pytest.raises(StoreError, match="name"):
        parse_query_file("# description: nameless\nSELECT * {}", "x.rq")


def test_unknown_query_name_lists_the_shipped_ones() -> None:
    with pytest.raises(UsageError, match="findings_by_check"):
        load_query("no_such_query")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reference=14", ("reference", Literal(14))),  # an integer joins kga:number 14
        ("p=0.05", ("p", Literal("0.05", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))),  # decimal
        ("paper=<https://w3id.org/kgaudit/doc/x>", ("paper", URIRef("https://w3id.org/kgaudit/doc/x"))),  # IRI
        ('label="14"', ("label", Literal("14"))),  # quotes force a string
        ("check=stats.grim", ("check", Literal("stats.grim"))),  # anything else is a string
        ("?severity=error", ("severity", Literal("error"))),  # a leading ? is allowed
    ],
)
def test_parse_binding(text: str, expected: tuple[str, object]) -> None:
    assert parse_binding(text) == expected


@pytest.mark.parametrize("text", ["noequals", "=value", "bad name=1", "1x=2"])
def test_malformed_binding_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse_binding(text)


def test_bound_value_cannot_change_the_query(seed_store: ox.Store) -> None:
    hostile = 'citation.author_year_mismatch" } UNION { ?finding ?p ?o . BIND("x" AS ?check)'
    assert rows(seed_store, "findings", check=hostile) == []


def test_binding_a_variable_the_query_does_not_return_is_a_usage_error(seed_store: ox.Store) -> None:
    with pytest.raises(UsageError, match="cannot bind"):
        run_query(seed_store, "SELECT ?x WHERE { ?x a kga:Finding }", {"nope": 1})


def test_syntax_error_names_the_line_of_the_users_query(seed_store: ox.Store) -> None:
    with pytest.raises(StoreError, match="line 2"):
        run_query(seed_store, "SELECT ?x\nWHERE { ?x ?y }")


def test_results_serialise_as_sparql_json_csv_and_table(seed_store: ox.Store) -> None:
    query = "SELECT ?n WHERE { ?r a biro:BibliographicReference ; kga:number ?n } ORDER BY ?n LIMIT 2"
    as_json = json.loads(serialize_results(run_query(seed_store, query), "json"))
    assert as_json["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in as_json["results"]["bindings"]] == ["1", "2"]
    assert serialize_results(run_query(seed_store, query), "csv") == "n\r\n1\r\n2\r\n"
    table = serialize_results(run_query(seed_store, query), "table").splitlines()
    assert table[0] == "n" and table[2:] == ["1", "2", "(2 rows)"]
    assert serialize_results(run_query(seed_store, "ASK { ?r kga:number 25 }"), "table") == "true\n"


# --------------------------------------------------------------------------- one test per shipped query


def test_author_year_mismatches(seed: Report, seed_store: ox.Store) -> None:
    refs = _by_number(seed)
    expected = set()
    for c in seed.document.citations:
        for n in c.numbers if c.named_author else ():
            ref = refs.get(n)
            if ref is None or not ref.authors:
                continue
            author_differs = fold(ref.authors[0].family) != fold(c.named_author)
            year_differs = c.named_year is not None and ref.year is not None and ref.year != c.named_year
            if author_differs or year_differs:
                expected.add((c.mention_text, n, ref.authors[0].family, ref.year))
    found = rows(seed_store, "author_year_mismatches")
    assert {(r["mention"], r["reference"], r["firstAuthor"], r["year"]) for r in found} == expected
    assert len(expected) == 8  # the seed's eight author-year mentions all point elsewhere
    assert ("Kim et al. (2019)", 14, "Taylor", 2015) in expected


def test_author_year_mismatches_accept_a_name_cited_without_its_particle() -> None:
    paper = ("A Short Paper On Retrieval\n\nINTRODUCTION\n\nGysel et al. (2018) [1] built the index; "
             "Smith et al. (2019) [1] did not.\n\nREFERENCES\n\n"
             "1. Van Gysel C, de Rijke M. Neural vector spaces for retrieval. ACM Trans Inf Syst. 2018;36(4):38.\n")
    report = audit(paper, checks=["citation"])
    found = rows(to_oxigraph(report.graph), "author_year_mismatches")
    # "Gysel" is Van Gysel cited without the particle: only the Smith mention points at the wrong work.
    assert [(r["namedAuthor"], r["firstAuthor"], r["authorDiffers"]) for r in found] == [("Smith", "Van Gysel", True)]


def test_templated_unresolved_single_cited(seed: Report, seed_store: ox.Store) -> None:
    pointers = Counter(n for c in seed.document.citations for n in set(c.numbers))
    stems = Counter(r.title.split(":")[0].lower() for r in seed.document.references if r.title and ":" in r.title)
    expected = {
        r.number for r in seed.document.references
        if pointers[r.number] == 1 and r.title and ":" in r.title and stems[r.title.split(":")[0].lower()] > 1
    }
    found = rows(seed_store, "templated_unresolved_single_cited")
    assert {r["reference"] for r in found} == expected
    assert len(expected) == 20  # 25 entries share one title stem; 13–17 are cited twice
    assert {r["status"] for r in found} == {"unverifiable"}  # offline: nothing resolved


def test_p_value_mismatches_match_the_findings(seed: Report, seed_store: ox.Store) -> None:
    expected = {
        (f["location"]["table"], f["location"]["row"]): f["evidence"]
        for f in seed.to_dict()["findings"] if f["check"] == "stats.p_value_mismatch"
    }
    found = rows(seed_store, "p_value_mismatches")
    assert len(found) == len(expected)
    for row in found:
        evidence = expected[(row["table"], row["row"])]
        assert row["reportedP"] == pytest.approx(evidence["reported_p"])
        assert json.loads(row["recomputed"]) == pytest.approx(evidence["recomputed"])
        assert row["decisionError"] is bool(evidence.get("decision_error"))


def test_p_value_mismatches_read_both_values_of_a_finding(seed_path: Path) -> None:
    report = audit(seed_path, checks=["citation"])  # no stats findings but the one added below
    doc_id = report.document.id
    cell = node_iri(doc_id, "table", 3, "cell", "0-3")  # Table 3, Mean Procedure Time, p-value: "0.35"
    add_findings(report.graph, [Finding(
        check="stats.p_value_mismatch", severity="error", message="p mismatch", focus=str(cell),
        location=Location(table="Table 3", row="Mean Procedure Time (min)", column="p-value", quote="0.35"),
        evidence={"reported_p": 0.35, "recomputed": {"student_t": 1.8e-10, "welch_t": 1.9e-10},
                  "closest_test": "welch_t", "decision_error": True},
    )])
    [row] = rows(to_oxigraph(report.graph), "p_value_mismatches")
    assert (row["table"], row["row"], row["column"], row["reportedText"]) == (
        "Table 3", "Mean Procedure Time (min)", "p-value", "0.35")
    assert (row["reportedP"], row["closestTest"], row["recomputedP"], row["decisionError"]) == (
        0.35, "welch_t", 1.9e-10, True)


def test_implausible_volumes_name_journal_volume_and_year(seed_path: Path) -> None:
    report = audit(seed_path, checks=["citation"])
    entry = node_iri(report.document.id, "ref", 2)
    add_findings(report.graph, [Finding(
        check="reference.implausible_volume", severity="error", message="volume 59 of 2021 is out of range",
        focus=str(entry), location=Location(reference=2), evidence={"expected_volume": [32, 32]},
    )])
    ref = _by_number(report)[2]
    found = rows(to_oxigraph(report.graph), "implausible_volumes")
    assert [(r["journal"], r["reference"], r["volume"], r["year"]) for r in found] == [
        (ref.journal, 2, ref.volume, ref.year)]
    assert json.loads(found[0]["evidence"]) == {"expected_volume": [32, 32]}


def test_implausible_volumes_match_the_findings(seed: Report, seed_store: ox.Store) -> None:
    expected = Counter(f["location"]["reference"] for f in seed.to_dict()["findings"]
                       if f["check"] == "reference.implausible_volume")
    assert Counter(r["reference"] for r in rows(seed_store, "implausible_volumes")) == expected


def test_findings_by_check(seed: Report, seed_store: ox.Store) -> None:
    expected = Counter((f.check, f.severity) for f in seed.findings)
    found = rows(seed_store, "findings_by_check")
    assert {(r["check"], r["severity"]): r["findings"] for r in found} == dict(expected)
    assert {r["papers"] for r in found} == {1}
    only = rows(seed_store, "findings_by_check", check="citation.author_year_mismatch")
    assert [(r["severity"], r["findings"]) for r in only] == [("error", 8)]


def test_findings_per_paper(seed: Report, seed_store: ox.Store) -> None:
    [row] = rows(seed_store, "findings_per_paper")
    summary = seed.summary
    assert row["paper"] == str(document_iri(seed.document.id))
    assert (row["errors"], row["warnings"], row["info"]) == (summary["errors"], summary["warnings"], summary["info"])
    assert row["findings"] == len(seed.findings)


def test_findings_narrowed_by_check(seed: Report, seed_store: ox.Store) -> None:
    found = rows(seed_store, "findings", check="citation.author_year_mismatch")
    expected = sorted(f.message for f in seed.findings if f.check == "citation.author_year_mismatch")
    assert sorted(r["message"] for r in found) == expected and len(expected) == 8
    assert len(rows(seed_store, "findings")) == len(seed.findings)


def _uncited(report: Report) -> set[int]:
    cited = {n for c in report.document.citations for n in c.numbers}
    return {r.number for r in report.document.references if r.number not in cited}


def test_uncited_references(seed: Report, seed_store: ox.Store, renumbered: Report, example: Report) -> None:
    assert rows(seed_store, "uncited_references") == [] and _uncited(seed) == set()
    found = rows(to_oxigraph(renumbered.graph), "uncited_references")
    assert {r["reference"] for r in found} == _uncited(renumbered) == {25}
    assert found[0]["text"] == _by_number(renumbered)[25].raw
    assert {r["reference"] for r in rows(to_oxigraph(example.graph), "uncited_references")} == _uncited(example)


def test_undefined_pointers(seed_store: ox.Store, renumbered: Report) -> None:
    assert rows(seed_store, "undefined_pointers") == []
    listed = {r.number for r in renumbered.document.references}
    expected = {(c.text, n) for c in renumbered.document.citations for n in c.numbers if n not in listed}
    found = rows(to_oxigraph(renumbered.graph), "undefined_pointers")
    assert {(r["pointerText"], r["citedNumber"]) for r in found} == expected == {("²⁹", 29)}
    assert {r["listSize"] for r in found} == {25}


def test_pointers_per_section(seed: Report, seed_store: ox.Store) -> None:
    doc = seed.document
    pointers = Counter(c.section for c in doc.citations)
    references = {s: {n for c in doc.citations if c.section == s for n in c.numbers} for s in pointers}
    named = Counter(c.section for c in doc.citations if c.named_author)
    expected = {(doc.sections[s].heading, pointers[s], len(references[s]), named[s]) for s in pointers}
    found = rows(seed_store, "pointers_per_section")
    assert {(r["heading"], r["pointers"], r["references"], r["authorYear"]) for r in found} == expected
    assert ("DISCUSSION", 13, 13, 8) in expected


def test_table_group_sizes(seed: Report, seed_store: ox.Store) -> None:
    found = rows(seed_store, "table_group_sizes")
    printed = {(t.label, c.label, c.n) for t in seed.document.tables for c in t.columns if c.n is not None}
    assert {(r["table"], r["column"], r["printedN"]) for r in found if r["printedN"] is not None} == printed
    # Table 3 prints no n; the same groups carry n=125 in Table 1's header.
    table1 = {c.label.split(" (n=")[0]: c.n for c in seed.document.tables[0].columns if c.n}
    inferred = {(r["column"], r["inferredN"]) for r in found if r["table"] == "Table 3"}
    assert inferred == {(label, n) for label, n in table1.items()}


def test_references_per_journal(seed: Report, seed_store: ox.Store) -> None:
    expected: dict[str, list[int]] = {}
    for ref in seed.document.references:
        if ref.journal:
            expected.setdefault(ref.journal, []).append(ref.year)
    found = rows(seed_store, "references_per_journal")
    assert {r["journal"]: (r["references"], r["firstYear"], r["lastYear"]) for r in found} == {
        j: (len(years), min(years), max(years)) for j, years in expected.items()}


def test_reference_statuses(seed: Report, seed_store: ox.Store) -> None:
    found = rows(seed_store, "reference_statuses")
    # Offline nothing was looked up: every entry is unverifiable, none "not found".
    assert [(r["status"], r["references"]) for r in found] == [("unverifiable", len(seed.document.references))]


def test_citation_counts(seed: Report, seed_store: ox.Store) -> None:
    counts = Counter(n for c in seed.document.citations for n in set(c.numbers))
    first = {}
    for c in sorted(seed.document.citations, key=lambda c: c.index):
        for n in c.numbers:
            first.setdefault(n, c.index)
    found = rows(seed_store, "citation_counts")
    assert {r["reference"]: (r["citations"], r["firstPointer"]) for r in found} == {
        r.number: (counts[r.number], first.get(r.number)) for r in seed.document.references}
    assert [r["reference"] for r in found[:5]] == [13, 14, 15, 16, 17]  # the five cited twice come first


def test_pointer_contexts_for_one_reference(seed: Report, seed_store: ox.Store) -> None:
    doc = seed.document
    expected = [(c.text, doc.sections[c.section].heading, doc.sentences[c.sentence].text)
                for c in sorted(doc.citations, key=lambda c: c.index) if 14 in c.numbers]
    found = rows(seed_store, "pointer_contexts", reference=14)
    assert [(r["pointerText"], r["heading"], r["sentence"]) for r in found] == expected
    assert len(expected) == 2 and expected[1][2].startswith("Kim et al. (2019)")


def test_table_p_values(seed: Report, seed_store: ox.Store) -> None:
    expected = [
        (table.label, row.label, cell.value.comparator or "=", cell.value.p_value.value, cell.raw)
        for table in seed.document.tables for row in table.rows for cell in row.cells
        if cell.value.kind == "p_value"
    ]
    found = rows(seed_store, "table_p_values")
    assert [(r["table"], r["row"], r["comparator"], r["pValue"], r["text"]) for r in found] == expected
    assert ("Table 2", "Technical Success Rate", "<", 0.001, "<0.001") in expected


def test_future_references(seed: Report, seed_store: ox.Store, example: Report) -> None:
    assert rows(seed_store, "future_references") == []  # the seed (2025) cites nothing later than 2024
    doc = example.document
    expected = {(r.number, r.year, r.year - doc.year) for r in doc.references if r.year and r.year > doc.year}
    found = rows(to_oxigraph(example.graph), "future_references")
    assert {(r["reference"], r["year"], r["yearsAhead"]) for r in found} == expected == {(10, 2031, 7)}


def test_every_shipped_query_is_named_by_a_test_above() -> None:
    # Read from this module's own text, so it holds on a fresh clone too, where the seed's tests skip.
    source = Path(__file__).read_text(encoding="utf-8")
    named = set(re.findall(r'rows\([^()"]*(?:\([^()]*\))?[^()"]*,\s*"(\w+)"', source))
    assert {q.name for q in list_queries()} <= named


def test_every_shipped_query_has_a_test_above(shared_dir: Path) -> None:
    # Runs last in this module: each test above records the queries it ran (they need ../shared's seed).
    assert {q.name for q in list_queries()} <= TESTED


# --------------------------------------------------------------------------- binding any variable (issue 15)


@pytest.fixture(scope="module")
def tiny_store() -> ox.Store:
    """Three findings written here: two errors of one check, one warning of another."""
    store = ox.Store()
    kga = "https://w3id.org/kgaudit/ns#"
    for name, check, severity in (("f1", "a.x", "error"), ("f2", "a.x", "error"), ("f3", "b.y", "warning")):
        node = ox.NamedNode(f"http://example.org/{name}")
        graph = ox.NamedNode("http://example.org/paper")
        store.add(ox.Quad(node, ox.NamedNode(kga + "check"), ox.Literal(check), graph))
        store.add(ox.Quad(node, ox.NamedNode(kga + "severity"), ox.Literal(severity), graph))
    return store


def _answer(results: object) -> object:
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    if isinstance(results, ox.QueryTriples):
        return len(list(results))
    return sorted(tuple(str(s[v.value].value) for v in results.variables) for s in results)


@pytest.mark.parametrize(
    ("query", "bindings", "expected"),
    [
        # a returned variable, as before
        ("SELECT ?f WHERE { ?f kga:severity ?severity }", {"severity": Literal("warning")},
         [("http://example.org/f3",)]),
        # a variable the query does not return (issue 15: refused before)
        ("SELECT ?check WHERE { ?f kga:check ?check ; kga:severity ?severity }", {"severity": Literal("error")},
         [("a.x",), ("a.x",)]),
        # an aggregate: the binding filters before grouping, so the count is of warnings only
        ("SELECT (COUNT(*) AS ?n) WHERE { ?f kga:severity ?severity }", {"severity": Literal("warning")}, [("1",)]),
        # a CONSTRUCT: the template is skipped, the WHERE pattern bound
        ("CONSTRUCT { ?f kga:check ?c } WHERE { ?f kga:check ?c ; kga:severity ?s }", {"s": Literal("error")}, 2),
        # the short CONSTRUCT WHERE form
        ("CONSTRUCT WHERE { ?f kga:severity ?s }", {"s": Literal("warning")}, 1),
        # an ASK
        ("ASK { ?f kga:check ?c }", {"c": Literal("b.y")}, True),
        ("ASK { ?f kga:check ?c }", {"c": Literal("z.z")}, False),
        # braces in a comment and a string do not move the block
        ("# { not here\nSELECT ?f WHERE { ?f kga:check ?c FILTER(?c != \"{\") }", {"c": Literal("b.y")},
         [("http://example.org/f3",)]),
        # two bindings at once, one returned and one not
        ("SELECT ?f WHERE { ?f kga:check ?c ; kga:severity ?s }", {"c": Literal("a.x"), "s": Literal("warning")}, []),
    ],
)
def test_any_variable_of_the_query_can_be_bound(tiny_store: ox.Store, query: str, bindings: dict,
                                                 expected: object) -> None:
    assert _answer(run_query(tiny_store, query, bindings)) == expected


def test_binding_a_variable_the_query_never_names_is_a_usage_error(tiny_store: ox.Store) -> None:
    with pytest.raises(UsageError, match=r"cannot bind s: the query has no variable \?s"):
        run_query(tiny_store, "SELECT ?f WHERE { ?f kga:check ?c }", {"s": Literal("error")})


def test_a_bound_value_is_written_as_one_term(tiny_store: ox.Store) -> None:
    hostile = Literal('error" } UNION { ?f ?p ?o . BIND("x" AS ?s)')
    assert _answer(run_query(tiny_store, "SELECT ?f WHERE { ?f kga:severity ?s }", {"s": hostile})) == []
