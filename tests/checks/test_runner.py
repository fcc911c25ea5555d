"""The runner: why a check was skipped, and the audit run it records in the graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kgaudit.checks.runner import CheckRun, record_run, run_checks
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
