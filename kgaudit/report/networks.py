"""The citation network of a graph as a networkx DiGraph: paper → in-text pointers → references.

Nodes are keyed by their IRI and carry ``kind`` ("paper", "pointer",
"reference", or "undefined" for a number cited with no entry in the list) and
``label``, ``text``, ``number``, ``first_author``, ``year`` where they apply.
Edges carry ``kind`` ("contains" paper → pointer, "denotes" pointer →
reference) and, on "denotes" edges, ``mismatch`` (True when a citation finding
such as ``citation.author_year_mismatch`` or ``citation.undefined_reference``
is about that pointer) with the ``checks`` that said so.

>>> import networkx as nx                                   # doctest: +SKIP
>>> g = report.citation_graph()                             # doctest: +SKIP
>>> sorted(g.in_degree(n) for n, k in g.nodes(data="kind") if k == "reference")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgaudit.checks.runner import location_of
from kgaudit.graph.namespaces import BIRO, C4O, FABIO, FRBR, KGA

MISMATCH_CHECKS = frozenset({"citation.author_year_mismatch", "citation.undefined_reference"})


def _python(graph: Graph, node: Any, prop: Any) -> Any:
    value = graph.value(node, prop)
    return value.toPython() if isinstance(value, Literal) else value


def _mismatches(graph: Graph) -> dict[URIRef, dict[int | None, set[str]]]:
    """Pointer → {reference number the finding names (None: any) → check ids}."""
    flagged: dict[URIRef, dict[int | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for finding in graph.subjects(RDF.type, KGA.Finding):
        check = str(graph.value(finding, KGA.check))
        focus = graph.value(finding, KGA.focus)
        if check not in MISMATCH_CHECKS or not isinstance(focus, URIRef):
            continue
        location = asdict(location_of(graph, finding))
        evidence = json.loads(str(graph.value(finding, KGA.evidence) or "{}"))
        flagged[focus][_named_number(location, evidence)].add(check)
    return flagged


def _named_number(location: dict[str, Any], evidence: dict[str, Any]) -> int | None:
    """The reference number a citation finding is about: its location's, or the number it says was cited."""
    if location.get("reference") is not None:
        return int(location["reference"])
    cited = str(evidence.get("cited", ""))
    return int(cited) if cited.isdigit() else None


def _add_reference(digraph: nx.DiGraph, graph: Graph, entry: URIRef) -> None:
    work = graph.value(entry, BIRO.references)
    number = _python(graph, entry, KGA.number)
    digraph.add_node(
        str(entry), kind="reference", number=number,
        label=str(_python(graph, entry, FABIO.hasSequenceIdentifier) or number),
        text=str(_python(graph, entry, C4O.hasContent) or ""),
        first_author=_python(graph, work, KGA.firstAuthorFamily) if work is not None else None,
        year=_python(graph, work, KGA.year) if work is not None else None,
        title=_python(graph, work, DCTERMS.title) if work is not None else None,
    )


def _add_pointer(digraph: nx.DiGraph, graph: Graph, pointer: URIRef, paper: URIRef,
                 flagged: dict[int | None, set[str]]) -> None:
    digraph.add_node(
        str(pointer), kind="pointer", label=str(_python(graph, pointer, C4O.hasContent) or ""),
        text=str(_python(graph, pointer, KGA.mentionText) or _python(graph, pointer, C4O.hasContent) or ""),
        index=_python(graph, pointer, KGA["index"]),
        named_author=_python(graph, pointer, KGA.namedAuthor), named_year=_python(graph, pointer, KGA.namedYear),
        char_start=_python(graph, pointer, KGA.charStart),
    )
    digraph.add_edge(str(paper), str(pointer), kind="contains")
    denoted = {}
    for entry in graph.objects(pointer, C4O.denotes):
        denoted[_python(graph, entry, KGA.number)] = str(entry)
    # A number printed with no entry behind it becomes an "undefined" node at the IRI the entry would have.
    for number in graph.objects(pointer, KGA.citedNumber):
        cited = number.toPython()
        if cited not in denoted:
            missing = f"{paper}/ref/{cited}"
            digraph.add_node(missing, kind="undefined", number=cited, label=str(cited), text="", first_author=None,
                             year=None, title=None)
            denoted[cited] = missing
    for number, target in denoted.items():
        checks = set(flagged.get(None, set())) | set(flagged.get(number, set()))
        digraph.add_edge(str(pointer), target, kind="denotes", mismatch=bool(checks), checks=sorted(checks))


def citation_digraph(graph: Graph) -> nx.DiGraph:
    """paper → pointers → reference entries, with mismatches marked on the pointer → reference edges."""
    digraph = nx.DiGraph()
    flagged = _mismatches(graph)
    for paper in sorted(graph.subjects(RDF.type, FABIO.JournalArticle)):
        digraph.add_node(str(paper), kind="paper", label=str(_python(graph, paper, DCTERMS.title) or paper),
                         text=str(_python(graph, paper, DCTERMS.title) or ""), year=_python(graph, paper, KGA.year))
        for entry in graph.subjects(FRBR.partOf, paper):
            if (entry, RDF.type, BIRO.BibliographicReference) in graph:
                _add_reference(digraph, graph, entry)
        pointers = [p for p in graph.subjects(FRBR.partOf, paper) if (p, RDF.type, C4O.InTextReferencePointer) in graph]
        for pointer in sorted(pointers, key=lambda p: _python(graph, p, KGA["index"]) or 0):
            _add_pointer(digraph, graph, pointer, paper, flagged.get(pointer, {}))
    return digraph
