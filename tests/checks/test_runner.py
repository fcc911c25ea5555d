"""The runner: why a check was skipped, the audit run it records, and findings as triples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

import kgaudit
from kgaudit.checks.base import Finding, Location
from kgaudit.checks.runner import (
    CheckRun,
    add_findings,
    finding_iri,
    findings_from_graph,
    location_of,
    record_run,
    run_checks,
)
from kgaudit.graph.namespaces import KGA, node_iri

VOLUME = "reference.implausible_volume"  # needs journals

SKIPS = [
    # nothing said about the missing capability: it did not run
    ({}, "needs journals, which did not run"),
    # the derivation providing it failed: its reason is the check's
    ({"journals": "journals failed: InputError: no table"}, "journals failed: InputError: no table"),
    # a failure of another capability says nothing about this one
    ({"claims": "claims failed: ValueError: journals"}, "needs journals, which did not run"),
]


@pytest.mark.parametrize(("unavailable", "reason"), SKIPS)
def test_a_check_needing_a_missing_capability_is_skipped_with_the_reason(unavailable: dict, reason: str) -> None:
    run = run_checks(Graph(), selection=[VOLUME], unavailable=unavailable)
    assert run.skipped == {VOLUME: reason}


def test_the_run_is_recorded_with_the_checks_run_and_skipped() -> None:
    graph = Graph()
    record_run(graph, "paper", CheckRun(ran=["citation.uncited_reference"], skipped={VOLUME: "why"}), "offline")
    node = node_iri("paper", "run")
    assert (node, RDF.type, KGA.AuditRun) in graph
    assert graph.value(node, KGA.resolverMode) == Literal("offline")
    assert set(graph.objects(node, KGA.ranCheck)) == {Literal("citation.uncited_reference")}
    assert set(graph.objects(node, KGA.skippedCheck)) == {Literal(f"{VOLUME}: why")}


FOCUS = "https://w3id.org/kgaudit/doc/paper/table/2/cell/1-3"
LOCATIONS = [
    # a table cell: labels as printed, offsets
    Location(table="Table 2", row="Age, years", column="Control (n = 40)", quote="41.2 ± 3.1", char_start=10,
             char_end=20),
    # a reference and an ordered list of references, the subject first and not sorted
    Location(reference=7, references=(7, 2, 5), quote="Smith et al."),
    # an empty list of references is kept as empty, not dropped
    Location(section="Methods", references=()),
    # nothing at all
    Location(),
]


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_location_survives_the_graph_as_triples(location: Location) -> None:
    graph = Graph()
    finding = Finding(check="stats.grim", severity="error", message="m", focus=FOCUS, location=location)
    add_findings(graph, [finding])
    node = finding_iri(finding)
    assert location_of(graph, node) == location
    assert findings_from_graph(graph)[0].location == location
    if location.table is not None:
        assert graph.value(node, KGA.inTable) == Literal(location.table)


def test_each_evidence_key_is_an_item_a_query_can_read() -> None:
    graph = Graph()
    evidence = {"reported_p": 0.35, "closest_test": "welch_t", "decision_error": True,
                "recomputed": {"student_t": 0.01, "welch_t": 0.02}, "inputs": [1, 2], "note": None}
    finding = Finding(check="stats.p_value_mismatch", severity="error", message="m", focus=FOCUS, evidence=evidence)
    add_findings(graph, [finding])
    items = {str(graph.value(i, KGA.evidenceKey)): graph.value(i, RDF.value).toPython()
             for i in graph.objects(finding_iri(finding), KGA.evidenceItem)}
    assert items == {"reported_p": 0.35, "closest_test": "welch_t", "decision_error": True,
                     "recomputed": '{"student_t": 0.01, "welch_t": 0.02}', "recomputed.student_t": 0.01,
                     "recomputed.welch_t": 0.02, "inputs": "[1, 2]"}
    assert findings_from_graph(graph)[0].evidence == evidence  # the JSON literal still holds all of it


SHIPPED_QUERIES = sorted((Path(kgaudit.__file__).parent / "queries").glob("*.rq")) + sorted(
    (Path(kgaudit.__file__).parent / "checks" / "rules").glob("*.rq"))


@pytest.mark.parametrize("path", SHIPPED_QUERIES, ids=lambda p: p.name)
def test_no_shipped_query_parses_a_findings_json(path: Path) -> None:
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    for variable in re.findall(r"kga:(?:evidence|location)\s+(\?\w+)", body):
        uses = re.findall(r"(REGEX|REPLACE|STRBEFORE|STRAFTER|SUBSTR|CONTAINS)\s*\(\s*" + re.escape(variable), body)
        assert uses == [], f"{path.name} takes {variable} apart with {uses}"
