"""Serialise graphs (Turtle, N-Triples, N-Quads, JSON-LD) and load exported ones back."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kgaudit.errors import InputError
from kgaudit.graph.build import new_graph

RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "nquads": "nquads", "json-ld": "json-ld", "trig": "trig"}
_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
              ".trig": "trig"}


def serialize_graph(graph: Graph, rdf_format: str = "turtle", graph_name: str | None = None) -> str:
    """The graph as text; ``nquads``/``trig`` put it in the named graph ``graph_name``."""
    if rdf_format not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {rdf_format!r}")
    if rdf_format in ("nquads", "trig"):
        dataset = Dataset()
        named = dataset.graph(URIRef(graph_name) if graph_name else URIRef("urn:kgaudit:graph"))
        for triple in graph:
            named.add(triple)
        for prefix, ns in graph.namespaces():
            dataset.bind(prefix, ns)
        return dataset.serialize(format=rdf_format)
    return graph.serialize(format=RDF_FORMATS[rdf_format])


def load_graph(path: str | Path, rdf_format: str | None = None) -> Graph:
    """Load an exported graph (Turtle, N-Triples, N-Quads, TriG, JSON-LD) into one rdflib Graph."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "no such file")
    fmt = rdf_format or _BY_SUFFIX.get(p.suffix.lower(), "turtle")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(p, format=fmt)
            graph = new_graph()
            for s, pr, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, pr, o))
            return graph
        graph = new_graph()
        graph.parse(p, format=fmt)
        return graph
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(p, f"not a readable {fmt} graph ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})") from None
