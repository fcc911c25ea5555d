"""Document → graph: the seed's graph passes the SHACL shapes and answers questions from the graph alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kgaudit.graph.build import document_to_graph
from kgaudit.graph.namespaces import BIRO, C4O
from kgaudit.graph.store import select, to_oxigraph
from kgaudit.ingest import load_document
from kgaudit.ingest.names import name_key
from tests.vocabulary import shacl_violations, undeclared_kga_terms


@pytest.fixture(scope="module")
def seed_graph(seed_path: Path) -> Graph:
    return document_to_graph(load_document(seed_path))


def test_seed_graph_passes_the_shacl_shapes(seed_graph: Graph) -> None:
    assert shacl_violations(seed_graph) is None


def test_every_kga_term_used_is_declared_in_the_vocabulary(seed_graph: Graph) -> None:
    assert undeclared_kga_terms(seed_graph) == set()


def test_graph_is_deterministic(seed_path: Path) -> None:
    one = document_to_graph(load_document(seed_path))
    two = document_to_graph(load_document(seed_path))
    assert set(one) == set(two)


def test_counts_of_references_and_pointers(seed_graph: Graph) -> None:
    assert len(set(seed_graph.subjects(RDF.type, BIRO.BibliographicReference))) == 25
    assert len(set(seed_graph.subjects(RDF.type, C4O.InTextReferencePointer))) > 25


def test_sparql_lists_author_year_mentions_with_denoted_reference(seed_graph: Graph) -> None:
    rows = list(select(to_oxigraph(seed_graph), """
        SELECT ?named ?year ?num ?first ?citedYear WHERE {
          ?p kga:namedAuthor ?named ; kga:namedYear ?year ; c4o:denotes ?ref .
          ?ref kga:number ?num ; biro:references ?work .
          ?work kga:firstAuthorFamily ?first ; kga:year ?citedYear .
        } ORDER BY ?num"""))
    table = [(str(r["named"]), int(r["year"]), int(r["num"]), str(r["first"]), int(r["citedYear"])) for r in rows]
    assert table == [
        ("Kim", 2019, 14, "Taylor", 2015), ("Zhang", 2020, 15, "Moore", 2016), ("Patel", 2018, 16, "Johnson", 2024),
        ("Anderson", 2021, 17, "Williams", 2016), ("Martinez", 2020, 19, "Davis", 2021),
        ("Singh", 2019, 20, "Miller", 2022), ("Lee", 2022, 23, "Lopez", 2017), ("Chen", 2023, 24, "Gonzalez", 2015),
    ]


def test_cells_keep_printed_decimals(seed_graph: Graph) -> None:
    rows = list(select(to_oxigraph(seed_graph), """
        SELECT ?p ?text WHERE { ?c kga:rowLabel "Grade IIIb" ; kga:pValue ?p ; kga:pValueText ?text }"""))
    assert [(float(r["p"]), str(r["text"])) for r in rows] == [(0.158, "0.158")]


@pytest.mark.parametrize(
    ("surname", "key"),
    [
        ("Kim", "kim"),  # plain
        ("Müller", "muller"),  # accent folded
        ("van der Berg", "vanderberg"),  # particles and spaces
        ("O'Brien", "obrien"),  # apostrophe
    ],
)
def test_name_key_folds_surnames(surname: str, key: str) -> None:
    assert name_key(surname) == key
