"""Shared assertions about graphs and the shipped vocabulary and shapes (used by tests of every stage)."""

from __future__ import annotations

from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF

from kgaudit.graph.namespaces import KGA, ontology_file


@cache
def _ontology(name: str) -> Graph:
    text = ontology_file(name).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def undeclared_kga_terms(graph: Graph) -> set[str]:
    """kga: predicates and classes ``graph`` uses that ``kgaudit.ttl`` does not declare."""
    declared = {str(s) for s in _ontology("kgaudit.ttl").subjects()}
    used = {str(p) for p in graph.predicates() if str(p).startswith(str(KGA))}
    used |= {str(o) for o in graph.objects(None, RDF.type) if str(o).startswith(str(KGA))}
    return used - declared


def shacl_violations(graph: Graph) -> str | None:
    """The SHACL report text when ``graph`` breaks the shipped shapes, else None."""
    from pyshacl import validate

    conforms, _, text = validate(graph, shacl_graph=_ontology("shapes.ttl"), advanced=False)
    return None if conforms else text
