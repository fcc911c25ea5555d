"""Resolver answers in the graph: matches, lookups with PROV, field mismatches, the paper's summary."""

from __future__ import annotations

import json
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from kgaudit.graph.build import document_to_graph
from kgaudit.graph.namespaces import KGA, document_iri, node_iri, sparql_prefix_block
from kgaudit.model import Document
from kgaudit.resolve.http import ResolverSession
from kgaudit.resolve.resolver import Resolution, resolve_references
from kgaudit.resolve.triples import add_resolutions
from tests.resolve import examples as ex
from tests.vocabulary import undeclared_kga_terms

DOC = "resolver-example"


@pytest.fixture
def resolved(make_session: Callable[..., ResolverSession]) -> tuple[Graph, list[Resolution]]:
    """The example references resolved against the local servers and written into their paper's graph."""
    resolutions = resolve_references(ex.ALL, make_session(use_cache=False))
    doc = Document(id=DOC, source="<test>", format="text", text="", references=ex.ALL)
    return add_resolutions(document_to_graph(doc), DOC, resolutions, "online"), resolutions


def test_every_reference_entry_gets_its_status(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, resolutions = resolved
    for res in resolutions:
        assert graph.value(node_iri(DOC, "ref", res.number), KGA.resolutionStatus) == Literal(res.status)


def test_the_answer_is_a_resolver_match_about_the_cited_work(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, _ = resolved
    match = node_iri(DOC, "ref", 6, "match", 1)
    assert (match, RDF.type, KGA.ResolverMatch) in graph
    assert graph.value(match, KGA.subject) == node_iri(DOC, "ref", 6, "work")
    assert (graph.value(match, KGA.status), graph.value(match, KGA.matchedPmid), graph.value(match, KGA.matchedDoi)) \
        == (Literal("verified"), Literal("29768149"), Literal("10.1056/nejmoa1715274"))
    assert graph.value(match, KGA.recordYear) == Literal(2018)
    assert (graph.value(match, KGA.recordFirstPage), graph.value(match, KGA.recordLastPage)) == (
        Literal("1865"), Literal("1876"))
    assert graph.value(match, KGA.score).datatype == XSD.decimal


def test_the_match_was_generated_by_the_lookup_that_found_it(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, _ = resolved
    [lookup] = graph.objects(node_iri(DOC, "ref", 6, "match", 1), PROV.wasGeneratedBy)
    assert (lookup, RDF.type, KGA.ResolverLookup) in graph and (lookup, RDF.type, PROV.Activity) in graph
    assert graph.value(lookup, KGA.service) == Literal("pubmed")
    assert "esummary.fcgi" in str(graph.value(lookup, KGA.requestUrl))
    assert graph.value(lookup, PROV.startedAtTime).datatype == XSD.dateTime
    assert graph.value(lookup, KGA.httpStatus) == Literal(200)
    assert graph.value(lookup, PROV.used) == node_iri(DOC, "ref", 6)


def test_mismatches_are_written_as_json_and_as_field_nodes(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, _ = resolved
    match = node_iri(DOC, "ref", 2, "match", 1)
    assert json.loads(str(graph.value(match, KGA.mismatch))) == {"year": ["2013", "2012"], "volume": ["8", "7"]}
    year = node_iri(DOC, "ref", 2, "match", 1, "mismatch", "year")
    assert (match, KGA.fieldMismatch, year) in graph
    assert (graph.value(year, KGA.statedValue), graph.value(year, KGA.recordValue)) == (Literal("2013"),
                                                                                       Literal("2012"))


def test_candidates_are_further_matches_ranked_after_the_answer(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, _ = resolved
    candidate = node_iri(DOC, "ref", 3, "match", 2)
    assert graph.value(candidate, KGA.status) == Literal("candidate")
    assert graph.value(candidate, KGA.matchedDoi) == Literal("10.1371/journal.pone.0033693")
    assert graph.value(candidate, KGA.rank) == Literal(2)


def test_a_retraction_is_on_the_match(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, _ = resolved
    match = node_iri(DOC, "ref", 8, "match", 1)
    assert (graph.value(match, KGA.retractionKind), graph.value(match, KGA.retractionSource)) == (
        Literal("retraction"), Literal("pubmed"))


def test_the_paper_carries_the_resolver_summary(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, resolutions = resolved
    paper = document_iri(DOC)
    assert graph.value(paper, KGA.resolverMode) == Literal("online")
    assert graph.value(paper, KGA.referencesChecked) == Literal(len(ex.ALL))
    resolved_count = sum(r.status in ("verified", "mismatch", "retracted", "doi_elsewhere") for r in resolutions)
    assert graph.value(paper, KGA.referencesResolved) == Literal(resolved_count)
    assert graph.value(paper, KGA.referencesUnverified) == Literal(0)


def test_an_analyst_can_ask_who_said_what_in_sparql(resolved: tuple[Graph, list[Resolution]]) -> None:
    graph, resolutions = resolved
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    query = sparql_prefix_block() + """
        SELECT ?n ?status (GROUP_CONCAT(DISTINCT ?service; separator=",") AS ?services) WHERE {
          ?entry kga:number ?n ; biro:references ?work .
          ?m kga:subject ?work ; kga:rank 1 ; kga:status ?status ; prov:wasGeneratedBy ?lookup .
          ?lookup kga:service ?service .
        } GROUP BY ?n ?status ORDER BY ?n"""
    rows = [(int(s["n"].value), s["status"].value, s["services"].value) for s in store.query(query)]
    assert [(n, status) for n, status, _ in rows] == [(r.number, r.status) for r in resolutions]
    assert dict((n, services) for n, _, services in rows)[6] == "pubmed"


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        add_resolutions(Graph(), DOC, [], "sometimes")


def test_every_kga_term_a_resolved_graph_uses_is_declared_in_the_vocabulary(
    resolved: tuple[Graph, list[Resolution]],
) -> None:
    assert undeclared_kga_terms(resolved[0]) == set()
