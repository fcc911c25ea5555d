"""The citation network: paper → pointers → references, mismatches marked, ready for networkx."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kgaudit import audit
from kgaudit.api import Report
from kgaudit.graph.namespaces import document_iri, node_iri
from kgaudit.ingest import parse_string


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Report:
    return audit(seed_path)


def test_nodes_are_the_paper_its_pointers_and_its_references(seed: Report) -> None:
    graph = seed.citation_graph()
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    assert kinds == {"paper": 1, "pointer": len(seed.document.citations), "reference": len(seed.document.references)}
    assert nx.is_directed_acyclic_graph(graph)
    paper = str(document_iri(seed.document.id))
    assert graph.out_degree(paper) == len(seed.document.citations)


def test_reference_nodes_carry_number_first_author_and_year(seed: Report) -> None:
    graph = seed.citation_graph()
    for ref in seed.document.references:
        attrs = graph.nodes[str(node_iri(seed.document.id, "ref", ref.number))]
        assert (attrs["number"], attrs["first_author"], attrs["year"], attrs["text"]) == (
            ref.number, ref.authors[0].family, ref.year, ref.raw)


def test_in_degree_counts_the_pointers_denoting_each_reference(seed: Report) -> None:
    graph = seed.citation_graph()
    counts = Counter(n for c in seed.document.citations for n in set(c.numbers))
    for ref in seed.document.references:
        assert graph.in_degree(str(node_iri(seed.document.id, "ref", ref.number))) == counts[ref.number]


def test_author_year_mismatches_are_red_edges(seed: Report) -> None:
    graph = seed.citation_graph()
    flagged = {(u, v) for u, v, bad in graph.edges(data="mismatch") if bad}
    expected = {
        (str(node_iri(seed.document.id, "pointer", c.index)), str(node_iri(seed.document.id, "ref", n)))
        for c in seed.document.citations if c.named_author for n in c.numbers
    }  # every author-year mention of the seed points to the wrong reference
    assert flagged == expected and len(flagged) == 8
    kim = next(u for u, _ in flagged if graph.nodes[u]["text"] == "Kim et al. (2019)")
    assert graph.nodes[kim]["named_author"] == "Kim" and graph.nodes[kim]["named_year"] == 2019
    assert all(graph.edges[e]["checks"] == ["citation.author_year_mismatch"] for e in flagged)


def test_a_number_with_no_entry_becomes_an_undefined_node(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("guidelines.²⁵", "guidelines.²⁹")
    report = audit(parse_string(text, fmt="text"))
    graph = report.citation_graph()
    missing = str(node_iri(report.document.id, "ref", 29))
    assert graph.nodes[missing]["kind"] == "undefined" and graph.nodes[missing]["number"] == 29
    [(pointer, _)] = graph.in_edges(missing)
    assert graph.edges[pointer, missing]["mismatch"] is True
    assert graph.in_degree(str(node_iri(report.document.id, "ref", 25))) == 0  # now uncited
