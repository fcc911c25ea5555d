"""The Python API (kgaudit.api): Report.query answers SPARQL and refuses a bad query with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kgaudit.api import Report, audit
from kgaudit.errors import KgauditError, UsageError


@pytest.fixture(scope="module")
def report(seed_path: Path) -> Report:
    return audit(seed_path, offline=True, checks=["citation"])


def test_select_rows_are_rdflib_terms(report: Report) -> None:
    rows = report.query("SELECT ?n WHERE { ?r a biro:BibliographicReference ; kga:number ?n } ORDER BY ?n")
    assert [int(row["n"]) for row in rows] == list(range(1, 26))
    assert all(isinstance(row["n"], Literal) for row in rows)


def test_bindings_are_bound_as_terms_not_spliced(report: Report) -> None:
    rows = report.query("SELECT ?r ?n WHERE { ?r kga:number ?n }", n=14)
    assert len(rows) == 1 and isinstance(rows[0]["r"], URIRef)
    # a value that would change the query if it were pasted into the text matches nothing
    assert report.query("SELECT ?t WHERE { ?w dcterms:title ?t }", t='x" } ?a ?b ?c . { "') == []


def test_ask_and_construct(report: Report) -> None:
    assert report.query("ASK { ?f a kga:Finding }") == [{"ask": True}]
    triples = report.query("CONSTRUCT { ?r a biro:BibliographicReference } WHERE { ?r a biro:BibliographicReference }")
    assert len(triples) == 25 and set(triples[0]) == {"subject", "predicate", "object"}


# (query, bindings, words the one-line message must hold)
BAD_QUERIES = [
    ("SELEC ?m WHERE { ?f kga:message ?m }", {}, "syntax error at line 1"),  # a typo, line counted in the user's text
    ("SELECT ?m WHERE { ?f nope:message ?m }", {}, "syntax error"),  # an undeclared prefix
    ("SELECT ?m WHERE { ?f kga:message ?m }", {"x": 3}, "cannot bind x"),  # a binding the query does not return
    ("", {}, "syntax error"),  # nothing at all
]


@pytest.mark.parametrize(("sparql", "bindings", "words"), BAD_QUERIES, ids=[str(i) for i in range(len(BAD_QUERIES))])
def test_bad_query_raises_a_one_line_usage_error(report: Report, sparql: str, bindings: dict, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        report.query(sparql, **bindings)
    assert isinstance(caught.value, KgauditError)
    message = caught.value.one_line()
    assert words in message and "\n" not in message and len(message) < 400


def test_audit_leaves_the_cycle_collector_as_it_found_it() -> None:
    # audit() pauses the collector while it runs (graph/views speed) and must restore the caller's setting
    import gc

    for enabled in (True, False):  # one row per starting state
        (gc.enable if enabled else gc.disable)()
        try:
            audit("Results\n\nMortality was 10% in both arms.\n", offline=True)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
