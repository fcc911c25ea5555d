"""graph/store.py: batch adds and the N-Triples handed to Oxigraph match rdflib's own."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kgaudit.graph.store import add_triples, n_triples, new_graph

A, B, C = URIRef("https://example.org/a"), URIRef("https://example.org/b"), URIRef("https://example.org/c")
TRIPLES = [
    (A, B, Literal("text with \"quotes\", a \\ and\nlines")),  # escaped literal
    (A, B, Literal("fr", lang="fr")),  # language tag
    (A, C, Literal(3)),  # typed integer
    (BNode("n1"), B, A),  # blank subject, IRI object
    (A, B, Literal("fr", lang="fr")),  # a repeat: kept once, where it first came
    (B, C, Literal("2020", datatype=XSD.gYear)),  # other datatype
]


def test_add_triples_matches_one_by_one_adds() -> None:
    one_by_one, batch = new_graph(), new_graph()
    for triple in TRIPLES:
        one_by_one.add(triple)
    add_triples(batch, TRIPLES)
    assert list(batch) == list(one_by_one)
    assert len(batch) == len(TRIPLES) - 1
    assert set(batch.objects(A, B)) == set(one_by_one.objects(A, B))
    assert set(batch.subjects(B, A)) == {BNode("n1")}
    assert set(batch.predicates(None, Literal(3))) == {C}


def test_add_triples_on_another_store() -> None:
    graph = Graph()  # rdflib's default store takes the addN path
    add_triples(graph, TRIPLES)
    assert len(graph) == len(TRIPLES) - 1


def test_n_triples_is_rdflibs_serialization() -> None:
    graph = new_graph()
    add_triples(graph, TRIPLES)
    assert n_triples(graph) == graph.serialize(format="nt", encoding="utf-8")


def test_first_objects_is_what_graph_value_gives() -> None:
    graph = new_graph()
    add_triples(graph, TRIPLES)
    graph.add((A, B, Literal("later")))  # a second object of a predicate: the first one is kept
    firsts = graph.store.first_objects(A)
    assert firsts == {p: graph.value(A, p) for p in set(graph.predicates(A))}
    assert graph.store.first_objects(URIRef("https://example.org/none")) == {}
