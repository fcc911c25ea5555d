"""IRIs of a paper's nodes: which paper a node belongs to."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kgaudit.graph.namespaces import document_of

DOCUMENT_OF = [
    # a node inside a paper belongs to the paper
    ("https://w3id.org/kgaudit/doc/smith-2020/table/2/cell/1-3", "https://w3id.org/kgaudit/doc/smith-2020"),
    # the paper itself
    ("https://w3id.org/kgaudit/doc/smith-2020", "https://w3id.org/kgaudit/doc/smith-2020"),
    # a journal of the knowledge base belongs to no paper
    ("https://w3id.org/kgaudit/journal/lancet", None),
    # the document base alone names no paper
    ("https://w3id.org/kgaudit/doc/", None),
]


@pytest.mark.parametrize(("iri", "document"), DOCUMENT_OF)
def test_document_of_names_the_paper_a_node_belongs_to(iri: str, document: str | None) -> None:
    assert document_of(iri) == (URIRef(document) if document else None)
