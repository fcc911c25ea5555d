"""Read views: the graph's tables, references and pointers as small Python records.

Python checks read the graph (the single source of truth after the graph
stage) through these views instead of walking triples themselves.  Printed
numbers come back as :class:`~kgaudit.model.Num` (value and printed text), so
rounding-aware checks see exactly what the paper printed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from kgaudit.graph.namespaces import BIRO, C4O, DOCO, FABIO, FRBR, KGA, PRISM
from kgaudit.model import Num

_NUMBER_FIELDS = {
    "count": "count", "denominator": "denominator", "percent": "percent", "mean": "mean", "sd": "sd",
    "median": "median", "low": "low", "high": "high", "p_value": "pValue", "estimate": "estimate",
    "ci_low": "ciLow", "ci_high": "ciHigh", "number": "number",
}


_T = TypeVar("_T")

# Every Python check reads the same views, and reading them walks thousands of triples
# through rdflib: one read per graph serves the whole audit.  The key is the graph
# object itself (by identity: rdflib graphs compare equal by identifier, so two graphs
# could share a key in a WeakKeyDictionary) and the entry remembers the graph's length,
# so a graph that gained or lost triples (a derivation, findings written back) is read
# again.  A weak reference lets a finished audit's graph and its views be freed.
_CACHE: dict[tuple[int, str], tuple[weakref.ref[Graph], int, Any]] = {}


def _cached(name: str, graph: Graph, read: Callable[[Graph], _T]) -> _T:
    """``read(graph)``, remembered per graph object and length (see :data:`_CACHE`)."""
    key = (id(graph), name)
    size = len(graph)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is graph and entry[1] == size:
        return entry[2]
    value = read(graph)
    try:
        ref = weakref.ref(graph, lambda _ref, key=key: _CACHE.pop(key, None))
    except TypeError:  # an object that cannot be weakly referenced is simply not cached
        return value
    _CACHE[key] = (ref, size, value)
    return value


def clear_view_cache() -> None:
    """Forget every cached view (for callers that change a graph without changing its size)."""
    _CACHE.clear()


def _num(graph: Graph, node: URIRef, prop: str) -> Num | None:
    value = graph.value(node, KGA[prop])
    if value is None:
        return None
    text = str(graph.value(node, KGA[f"{prop}Text"]) or value)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return Num(float(value.toPython()), text, decimals)


def _int(graph: Graph, node: URIRef, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return int(value.toPython()) if isinstance(value, Literal) else None


def _str(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


@dataclass(frozen=True)
class CellView:
    """One cell as the graph holds it."""

    iri: URIRef
    raw: str
    kind: str
    row_label: str
    column_label: str
    column_index: int
    values: dict[str, Num]
    comparator: str | None = None
    measure: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    basis: str = "cell"  # how the reading ``kind`` was established (kga:readingBasis)

    @property
    def established(self) -> bool:
        """Whether the cell's reading was settled by what the paper prints (not a default guess)."""
        return self.basis != "default"


@dataclass(frozen=True)
class ColumnView:
    """A column: label, role and the group size printed or inferred for it."""

    iri: URIRef
    label: str
    index: int
    role: str
    n: int | None
    n_source: str | None  # "header", or where an inferred size came from


@dataclass(frozen=True)
class RowView:
    """A row with its cells by column index."""

    iri: URIRef
    label: str
    index: int
    cells: dict[int, CellView] = field(default_factory=dict)


@dataclass(frozen=True)
class TableView:
    """A table read back from the graph."""

    iri: URIRef
    label: str
    caption: str
    number: int | None
    notes: str
    columns: list[ColumnView]
    rows: list[RowView]

    def column(self, role: str) -> list[ColumnView]:
        """Columns with the given role ("group", "p_value", "estimate", "ci", "total")."""
        return [c for c in self.columns if c.role == role]


def paper_iri(graph: Graph) -> URIRef | None:
    """The paper node of a single-paper graph."""
    node = next(graph.subjects(RDF.type, FABIO.JournalArticle), None)
    return node if isinstance(node, URIRef) else None


def tables(graph: Graph) -> list[TableView]:
    """Every table of the paper, with columns, rows and parsed cells, in printed order.

    The result is cached per graph (until the graph changes size); the list is a
    fresh copy each call, the views in it are shared and must not be changed.
    """
    return list(_cached("tables", graph, _read_tables))


def _read_tables(graph: Graph) -> tuple[TableView, ...]:
    out = []
    for t in graph.subjects(RDF.type, KGA.Table):
        assert isinstance(t, URIRef)
        columns = []
        for c in graph.subjects(FRBR.partOf, t):
            if (c, RDF.type, KGA.Column) not in graph:
                continue
            n = _int(graph, c, KGA.groupSize)
            source = "header" if n is not None else None
            if n is None:
                n = _int(graph, c, KGA.inferredGroupSize)
                source = _str(graph, c, KGA.groupSizeSource) if n is not None else None
            columns.append(ColumnView(
                iri=c, label=_str(graph, c, RDFS.label) or "", index=_int(graph, c, KGA["index"]) or 0,
                role=_str(graph, c, KGA.columnRole) or "other", n=n, n_source=source,
            ))
        columns.sort(key=lambda c: c.index)
        rows = {}
        for r in graph.subjects(FRBR.partOf, t):
            if (r, RDF.type, KGA.Row) in graph:
                rows[r] = RowView(iri=r, label=_str(graph, r, RDFS.label) or "", index=_int(graph, r, KGA["index"]) or 0)
        for cell in graph.subjects(RDF.type, KGA.Cell):
            row = graph.value(cell, KGA.row)
            if row not in rows:
                continue
            assert isinstance(cell, URIRef)
            values = {name: num for name, prop in _NUMBER_FIELDS.items() if (num := _num(graph, cell, prop))}
            view = CellView(
                iri=cell, raw=_str(graph, cell, C4O.hasContent) or "", kind=_str(graph, cell, KGA.valueKind) or "text",
                row_label=_str(graph, cell, KGA.rowLabel) or "", column_label=_str(graph, cell, KGA.columnLabel) or "",
                column_index=_int(graph, cell, KGA.columnIndex) or 0, values=values,
                comparator=_str(graph, cell, KGA.pComparator), measure=_str(graph, cell, KGA.measure),
                char_start=_int(graph, cell, KGA.charStart), char_end=_int(graph, cell, KGA.charEnd),
                basis=_str(graph, cell, KGA.readingBasis) or "cell",
            )
            rows[row].cells[view.column_index] = view
        out.append(TableView(
            iri=t, label=_str(graph, t, RDFS.label) or "", caption=_str(graph, t, DCTERMS.title) or "",
            number=_int(graph, t, KGA.number), notes=_str(graph, t, KGA.notes) or "", columns=columns,
            rows=sorted(rows.values(), key=lambda r: r.index),
        ))
    return tuple(sorted(out, key=lambda t: (t.number or 0, t.label)))


@dataclass(frozen=True)
class ReferenceView:
    """A reference entry and its as-cited fields."""

    iri: URIRef
    work: URIRef
    number: int
    raw: str
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    first_page: str | None
    last_page: str | None
    authors: tuple[str, ...]
    char_start: int | None


def references(graph: Graph) -> list[ReferenceView]:
    """Every reference entry, in list order (cached per graph like :func:`tables`)."""
    return list(_cached("references", graph, _read_references))


def _read_references(graph: Graph) -> tuple[ReferenceView, ...]:
    out = []
    for r in graph.subjects(RDF.type, BIRO.BibliographicReference):
        work = graph.value(r, BIRO.references)
        assert isinstance(r, URIRef) and isinstance(work, URIRef)
        people = sorted(
            ((_int(graph, a, KGA.position) or 0, _str(graph, a, FOAF.familyName) or "") for a in graph.objects(work, DCTERMS.creator)),
        )
        out.append(ReferenceView(
            iri=r, work=work, number=_int(graph, r, KGA.number) or 0, raw=_str(graph, r, C4O.hasContent) or "",
            title=_str(graph, work, DCTERMS.title), journal=_str(graph, work, KGA.journalName),
            year=_int(graph, work, KGA.year), volume=_str(graph, work, PRISM.volume),
            issue=_str(graph, work, PRISM.issueIdentifier), first_page=_str(graph, work, PRISM.startingPage),
            last_page=_str(graph, work, PRISM.endingPage), authors=tuple(name for _, name in people),
            char_start=_int(graph, r, KGA.charStart),
        ))
    return tuple(sorted(out, key=lambda r: r.number))


@dataclass(frozen=True)
class SentenceView:
    """A sentence with the heading and kind of its section."""

    iri: URIRef
    text: str
    index: int
    section: str | None
    section_kind: str | None
    char_start: int | None
    char_end: int | None


def sentences(graph: Graph) -> list[SentenceView]:
    """Every sentence of running text, in order (cached per graph like :func:`tables`)."""
    return list(_cached("sentences", graph, _read_sentences))


def _read_sentences(graph: Graph) -> tuple[SentenceView, ...]:
    out = []
    for s in graph.subjects(RDF.type, DOCO.Sentence):
        assert isinstance(s, URIRef)
        section = graph.value(s, FRBR.partOf)
        out.append(SentenceView(
            iri=s, text=_str(graph, s, C4O.hasContent) or "", index=_int(graph, s, KGA["index"]) or 0,
            section=_str(graph, section, DCTERMS.title) if section is not None else None,
            section_kind=_str(graph, section, KGA.sectionKind) if section is not None else None,
            char_start=_int(graph, s, KGA.charStart), char_end=_int(graph, s, KGA.charEnd),
        ))
    return tuple(sorted(out, key=lambda s: s.index))

