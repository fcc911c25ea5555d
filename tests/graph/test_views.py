"""Read views over the graph (kgaudit.graph.views): what they read, and that one read serves an audit."""

from __future__ import annotations

import gc

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

import kgaudit.graph.views as views
from kgaudit.graph.build import document_to_graph
from kgaudit.ingest import parse_string

PAPER = """A made-up trial of two arms

ABSTRACT
We compared two arms [1].

Table 1: Baseline characteristics

Parameter\tArm A (n=40)\tArm B (n=40)\tp-value
Male, n (%)\t20 (50.0%)\t22 (55.0%)\t0.65

REFERENCES
1. Smith AB, Jones CD. A study of arms. J Clin Oncol. 2015;44(3):280-95.
"""


@pytest.fixture()
def graph() -> Graph:
    return document_to_graph(parse_string(PAPER, fmt="text"))


@pytest.fixture()
def count_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often each view really walks the graph (cache misses)."""
    reads = {"tables": 0, "references": 0, "sentences": 0}
    for name in reads:
        original = getattr(views, f"_read_{name}")

        def counting(graph: Graph, _original=original, _name=name):  # noqa: ANN202 - a test double
            reads[_name] += 1
            return _original(graph)

        monkeypatch.setattr(views, f"_read_{name}", counting)
    views.clear_view_cache()
    return reads


def test_views_read_the_graph(graph: Graph) -> None:
    (table,) = views.tables(graph)
    assert [c.n for c in table.column("group")] == [40, 40]
    (reference,) = views.references(graph)
    assert (reference.number, reference.authors, reference.journal) == (1, ("Smith", "Jones"), "J Clin Oncol")
    assert views.sentences(graph)


def test_repeated_calls_read_the_graph_once(graph: Graph, count_reads: dict[str, int]) -> None:
    for _ in range(5):
        views.tables(graph)
        views.references(graph)
        views.sentences(graph)
    assert count_reads == {"tables": 1, "references": 1, "sentences": 1}


def test_a_changed_graph_is_read_again(graph: Graph, count_reads: dict[str, int]) -> None:
    (before,) = views.tables(graph)
    graph.remove((before.iri, RDFS.label, None))
    graph.add((before.iri, RDFS.label, Literal("Table 9")))
    graph.add((before.iri, RDFS.comment, Literal("an extra triple changes the size")))
    (after,) = views.tables(graph)
    assert (before.label, after.label) == ("Table 1", "Table 9")
    assert count_reads["tables"] == 2


def test_each_graph_has_its_own_views(count_reads: dict[str, int]) -> None:
    # Two graphs built from the same paper are equal as rdflib sees them only by identifier;
    # the cache goes by the object, so each is read once.
    one = document_to_graph(parse_string(PAPER, fmt="text"))
    two = document_to_graph(parse_string(PAPER.replace("Arm A", "Arm C"), fmt="text"))
    assert views.tables(one)[0].columns[1].label != views.tables(two)[0].columns[1].label
    assert count_reads["tables"] == 2


def test_callers_get_their_own_list(graph: Graph) -> None:
    first = views.references(graph)
    first.clear()
    assert len(views.references(graph)) == 1


def test_a_freed_graph_leaves_the_cache() -> None:
    views.clear_view_cache()
    g = document_to_graph(parse_string(PAPER, fmt="text"))
    views.tables(g)
    assert views._CACHE
    del g
    gc.collect()
    assert not views._CACHE


def test_a_value_replaced_at_the_same_size_is_read_again(graph: Graph, count_reads: dict[str, int]) -> None:
    # Graph.set removes one triple and adds another: the size stays, the store's version moves.
    (before,) = views.tables(graph)
    size = len(graph)
    graph.set((before.iri, RDFS.label, Literal("Table 7")))
    assert len(graph) == size
    (after,) = views.tables(graph)
    assert after.label == "Table 7"
    assert count_reads["tables"] == 2


@pytest.mark.parametrize("store_kind", [
    "paper",  # the paper store graph building makes (answers from its subject index)
    "rdflib",  # a plain rdflib graph, read through predicate_objects
])
def test_node_properties_give_what_graph_value_gives(store_kind: str) -> None:
    built = document_to_graph(parse_string(PAPER, fmt="text"))
    graph = built if store_kind == "paper" else Graph()
    if store_kind == "rdflib":
        for triple in built:
            graph.add(triple)
    subjects = set(graph.subjects())
    assert subjects
    for node in subjects:
        props = views.node_properties(graph, node)
        assert props == {p: graph.value(node, p) for p in set(graph.predicates(node))}
