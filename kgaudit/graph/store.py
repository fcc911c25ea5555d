"""Query engines: rdflib graphs become in-memory Oxigraph stores for fast SPARQL.

Rules and analyst queries run on pyoxigraph (measured 10–1000× faster than
rdflib's engine on rule workloads); users still get rdflib graphs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kgaudit.errors import StoreError
from kgaudit.graph.namespaces import sparql_prefix_block


def to_oxigraph(graph: Graph, store: ox.Store | None = None) -> ox.Store:
    """Load ``graph`` into a (new, in-memory) pyoxigraph store."""
    store = store if store is not None else ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def to_rdflib_term(term: Any) -> URIRef | BNode | Literal | None:
    """Convert a pyoxigraph term to the rdflib equivalent."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported RDF term {term!r}")


def to_oxigraph_term(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term or a Python value to a pyoxigraph term (for safe query bindings)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if not isinstance(term, Literal):
        term = Literal(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def select(
    store: ox.Store, query: str, bindings: Mapping[str, Any] | None = None, *, union: bool = True
) -> Iterator[dict[str, Any]]:
    """Run a SELECT (with kgaudit's prefixes) and yield rows as {variable: rdflib term or None}.

    ``bindings`` are substituted as RDF terms (never spliced into the query text).
    """
    substitutions = {ox.Variable(k): to_oxigraph_term(v) for k, v in (bindings or {}).items()}
    try:
        solutions = store.query(
            sparql_prefix_block() + query, use_default_graph_as_union=union, substitutions=substitutions or None
        )
    except SyntaxError as exc:
        raise StoreError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    if isinstance(solutions, (bool, ox.QueryBoolean)):
        yield {"ask": bool(solutions)}
        return
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: to_rdflib_term(solution[name]) for name in names}
