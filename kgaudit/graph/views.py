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

from kgaudit.graph.build import NUMBER_PROPERTIES
from kgaudit.graph.namespaces import BIRO, C4O, DOCO, FABIO, FRBR, KGA, PRISM
from kgaudit.graph.store import PaperStore, graph_version
from kgaudit.model import Num

_T = TypeVar("_T")

# Every Python check reads the same views, and reading them walks thousands of triples
# through rdflib: one read per graph serves the whole audit.  The key is the graph
# object itself (by identity: rdflib graphs compare equal by identifier, so two graphs
# could share a key in a WeakKeyDictionary) and the entry remembers the graph's version
# (graph/store.py ``graph_version``: the paper store counts every triple added or removed),
# so a graph that changed (a derivation, findings written back, a value replaced) is read
# again.  A weak reference lets a finished audit's graph and its views be freed.
_CACHE: dict[tuple[int, str], tuple[weakref.ref[Graph], int, Any]] = {}


def _cached(name: str, graph: Graph, read: Callable[[Graph], _T]) -> _T:
    """``read(graph)``, remembered per graph object and version (see :data:`_CACHE`)."""
    key = (id(graph), name)
    size = graph_version(graph)
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


def _num_of(props: dict[Any, Any], prop: URIRef, text_prop: URIRef) -> Num | None:
    value = props.get(prop)
    if value is None:
        return None
    text = str(props.get(text_prop) or value)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return Num(float(value.toPython()), text, decimals)


def _properties(graph: Graph, node: Any) -> dict[Any, Any]:
    """``{predicate: object}`` of ``node``, the first object of each predicate (what ``graph.value`` gives).

    One walk over the node's triples instead of one look-up per property read; a paper store
    answers from its subject index directly.
    """
    store = graph.store
    if isinstance(store, PaperStore):
        return store.first_objects(node)
    props: dict[Any, Any] = {}
    for prop, value in graph.predicate_objects(node):
        props.setdefault(prop, value)
    return props


def node_properties(graph: Graph, node: Any) -> dict[Any, Any]:
    """``{predicate: first object}`` of ``node``: what ``graph.value(node, predicate)`` gives, read in one walk."""
    return _properties(graph, node)


def _int_of(props: dict[Any, Any], prop: URIRef) -> int | None:
    value = props.get(prop)
    return int(value.toPython()) if isinstance(value, Literal) else None


def _str_of(props: dict[Any, Any], prop: URIRef) -> str | None:
    value = props.get(prop)
    return None if value is None else str(value)


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

    The result is cached per graph (until the graph changes); the list is a
    fresh copy each call, the views in it are shared and must not be changed.
    """
    return list(_cached("tables", graph, _read_tables))


def _read_tables(graph: Graph) -> tuple[TableView, ...]:
    read = []
    rows_by_iri: dict[Any, RowView] = {}
    for t in graph.subjects(RDF.type, KGA.Table):
        assert isinstance(t, URIRef)
        columns = _read_columns(graph, t)
        rows = _read_rows(graph, t)
        rows_by_iri.update(rows)
        read.append((t, columns, rows))
    _read_cells(graph, rows_by_iri)
    views = []
    for t, columns, rows in read:
        props = _properties(graph, t)
        views.append(TableView(
            iri=t, label=_str_of(props, RDFS.label) or "", caption=_str_of(props, DCTERMS.title) or "",
            number=_int_of(props, KGA.number), notes=_str_of(props, KGA.notes) or "", columns=columns,
            rows=sorted(rows.values(), key=lambda r: r.index),
        ))
    return tuple(sorted(views, key=lambda t: (t.number or 0, t.label)))


def _read_columns(graph: Graph, table: URIRef) -> list[ColumnView]:
    """A table's columns by index, with the printed group size or else the inferred one and its source."""
    columns = []
    for c in graph.subjects(FRBR.partOf, table):
        if (c, RDF.type, KGA.Column) not in graph:
            continue
        props = _properties(graph, c)
        n = _int_of(props, KGA.groupSize)
        source = "header" if n is not None else None
        if n is None:
            n = _int_of(props, KGA.inferredGroupSize)
            source = _str_of(props, KGA.groupSizeSource) if n is not None else None
        columns.append(ColumnView(
            iri=c, label=_str_of(props, RDFS.label) or "", index=_int_of(props, KGA["index"]) or 0,
            role=_str_of(props, KGA.columnRole) or "other", n=n, n_source=source,
        ))
    columns.sort(key=lambda c: c.index)
    return columns


def _read_rows(graph: Graph, table: URIRef) -> dict[Any, RowView]:
    """A table's rows (cells not yet read), by IRI in the graph's order."""
    rows = {}
    for r in graph.subjects(FRBR.partOf, table):
        if (r, RDF.type, KGA.Row) in graph:
            props = _properties(graph, r)
            rows[r] = RowView(iri=r, label=_str_of(props, RDFS.label) or "", index=_int_of(props, KGA["index"]) or 0)
    return rows


def _read_cells(graph: Graph, rows_by_iri: dict[Any, RowView]) -> None:
    """Every cell into its row, in one pass (not one per table), in the graph's order."""
    for cell in graph.subjects(RDF.type, KGA.Cell):
        props = _properties(graph, cell)
        row = props.get(KGA.row)
        if row not in rows_by_iri:
            continue
        assert isinstance(cell, URIRef)
        values = {name: num for name, prop, text in NUMBER_PROPERTIES if (num := _num_of(props, prop, text))}
        view = CellView(
            iri=cell, raw=_str_of(props, C4O.hasContent) or "", kind=_str_of(props, KGA.valueKind) or "text",
            row_label=_str_of(props, KGA.rowLabel) or "", column_label=_str_of(props, KGA.columnLabel) or "",
            column_index=_int_of(props, KGA.columnIndex) or 0, values=values,
            comparator=_str_of(props, KGA.pComparator), measure=_str_of(props, KGA.measure),
            char_start=_int_of(props, KGA.charStart), char_end=_int_of(props, KGA.charEnd),
            basis=_str_of(props, KGA.readingBasis) or "cell",
        )
        rows_by_iri[row].cells[view.column_index] = view


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
        entry = _properties(graph, r)
        work = entry.get(BIRO.references)
        assert isinstance(r, URIRef) and isinstance(work, URIRef)
        record = _properties(graph, work)
        people = sorted(
            ((_int(graph, a, KGA.position) or 0, _str(graph, a, FOAF.familyName) or "") for a in graph.objects(work, DCTERMS.creator)),
        )
        out.append(ReferenceView(
            iri=r, work=work, number=_int_of(entry, KGA.number) or 0, raw=_str_of(entry, C4O.hasContent) or "",
            title=_str_of(record, DCTERMS.title), journal=_str_of(record, KGA.journalName),
            year=_int_of(record, KGA.year), volume=_str_of(record, PRISM.volume),
            issue=_str_of(record, PRISM.issueIdentifier), first_page=_str_of(record, PRISM.startingPage),
            last_page=_str_of(record, PRISM.endingPage), authors=tuple(name for _, name in people),
            char_start=_int_of(entry, KGA.charStart),
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
    sections: dict[Any, tuple[str | None, str | None]] = {}
    for s in graph.subjects(RDF.type, DOCO.Sentence):
        assert isinstance(s, URIRef)
        props = _properties(graph, s)
        section = props.get(FRBR.partOf)
        if section is not None and section not in sections:
            heading = _properties(graph, section)
            sections[section] = (_str_of(heading, DCTERMS.title), _str_of(heading, KGA.sectionKind))
        title, kind = sections[section] if section is not None else (None, None)
        out.append(SentenceView(
            iri=s, text=_str_of(props, C4O.hasContent) or "", index=_int_of(props, KGA["index"]) or 0,
            section=title, section_kind=kind,
            char_start=_int_of(props, KGA.charStart), char_end=_int_of(props, KGA.charEnd),
        ))
    return tuple(sorted(out, key=lambda s: s.index))
