"""Query engines: rdflib graphs become in-memory Oxigraph stores for fast SPARQL.

Rules and analyst queries run on pyoxigraph (measured 10–1000× faster than
rdflib's engine on rule workloads); users still get rdflib graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.plugins.stores.memory import SimpleMemory

from kgaudit.errors import StoreError
from kgaudit.graph.namespaces import sparql_prefix_block

_NO_CONTEXTS: tuple[()] = ()


class PaperStore(SimpleMemory):
    """rdflib's in-memory store for one paper's graph, without what a single graph never uses.

    rdflib's default ``Memory`` store tracks the contexts (named graphs) of every triple and
    dispatches an event per added triple; building and reading a paper's graph spent most of its
    time there.  This store keeps only the three indexes (subject, predicate and object first),
    counts its triples (``len`` is constant time) and lists every triple in the order it was added
    (so the N-Triples handed to Oxigraph, and every result that follows their order, do not depend
    on Python's hash seed).  Like ``Memory`` it drops an emptied index entry, so a value replaced by
    ``Graph.set`` is listed where a fresh one would be.  Namespace bindings are ``SimpleMemory``'s.

    Every triple belongs to the one graph that added it, its only context, so a library that views
    the graph as a dataset over the same store (pySHACL does) still sees every triple.
    """

    context_aware = True
    graph_aware = True

    def add_graph(self, graph: Any) -> None:
        """The one graph is always there: nothing to add."""

    def remove_graph(self, graph: Any) -> None:
        """Remove the graph's triples (the store holds no other graph)."""
        self.remove((None, None, None))

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._spo: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._pos: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._osp: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._all: dict[tuple[Any, Any, Any], None] = {}
        self._contexts: tuple[Any, ...] = _NO_CONTEXTS  # (the graph that owns this store,) once it added
        # Counts the changes to the store: readers that cache what they read (graph/views.py) compare it,
        # so a triple replaced by another (``Graph.set``, same size) is seen as a change.
        self.version = 0

    def _own(self, context: Any) -> None:
        if context is not None and not self._contexts:
            self._contexts = (context,)

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        """Add one triple (the context is the graph itself: ignored)."""
        if triple in self._all:
            return
        if not self._contexts:
            self._own(context)
        self.version += 1
        self._all[triple] = None
        s, p, o = triple
        by_p = self._spo.get(s)
        if by_p is None:
            by_p = self._spo[s] = {}
        objects = by_p.get(p)
        if objects is None:
            objects = by_p[p] = {}
        objects[o] = None
        by_o = self._pos.get(p)
        if by_o is None:
            by_o = self._pos[p] = {}
        subjects = by_o.get(o)
        if subjects is None:
            subjects = by_o[o] = {}
        subjects[s] = None
        by_s = self._osp.get(o)
        if by_s is None:
            by_s = self._osp[o] = {}
        predicates = by_s.get(s)
        if predicates is None:
            predicates = by_s[s] = {}
        predicates[p] = None

    def add_many(self, triples: Iterable[tuple[Any, Any, Any]], context: Any = None) -> None:
        """Add triples in order, as :meth:`add` would one by one (a triple already held is skipped)."""
        if not self._contexts:
            self._own(context)
        held, spo, pos, osp = self._all, self._spo, self._pos, self._osp
        self.version += 1
        for triple in triples:
            if triple in held:
                continue
            held[triple] = None
            s, p, o = triple
            # The three index updates written out (no call per index): this loop runs once per triple built.
            inner = spo.get(s)
            if inner is None:
                spo[s] = {p: {o: None}}
            elif (leaves := inner.get(p)) is None:
                inner[p] = {o: None}
            else:
                leaves[o] = None
            inner = pos.get(p)
            if inner is None:
                pos[p] = {o: {s: None}}
            elif (leaves := inner.get(o)) is None:
                inner[o] = {s: None}
            else:
                leaves[s] = None
            inner = osp.get(o)
            if inner is None:
                osp[o] = {s: {p: None}}
            elif (leaves := inner.get(s)) is None:
                inner[s] = {p: None}
            else:
                leaves[p] = None

    def first_objects(self, subject: Any) -> dict[Any, Any]:
        """``{predicate: first object}`` of ``subject`` (what ``Graph.value`` gives for each predicate)."""
        by_p = self._spo.get(subject)
        if not by_p:
            return {}
        return {p: next(iter(objects)) for p, objects in by_p.items()}

    @staticmethod
    def _drop(index: dict[Any, dict[Any, dict[Any, None]]], a: Any, b: Any, c: Any) -> None:
        inner = index[a]
        del inner[b][c]
        if not inner[b]:
            del inner[b]
            if not inner:
                del index[a]

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove every triple matching the pattern."""
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            self.version += 1
            del self._all[(s, p, o)]
            self._drop(self._spo, s, p, o)
            self._drop(self._pos, p, o, s)
            self._drop(self._osp, o, s, p)

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Any, Any]]:
        """The triples matching ``(s, p, o)`` (None = any), with an empty context list each."""
        s, p, o = triple_pattern
        if s is not None:
            by_p = self._spo.get(s)
            if not by_p:
                return
            if p is not None:
                objects = by_p.get(p)
                if not objects:
                    return
                if o is not None:
                    if o in objects:
                        yield (s, p, o), self._contexts
                    return
                for obj in list(objects):
                    yield (s, p, obj), self._contexts
                return
            for pred, objects in list(by_p.items()):
                if o is not None:
                    if o in objects:
                        yield (s, pred, o), self._contexts
                    continue
                for obj in list(objects):
                    yield (s, pred, obj), self._contexts
            return
        if p is not None:
            by_o = self._pos.get(p)
            if not by_o:
                return
            if o is not None:
                for subj in list(by_o.get(o, ())):
                    yield (subj, p, o), self._contexts
                return
            for obj, subjects in list(by_o.items()):
                for subj in list(subjects):
                    yield (subj, p, obj), self._contexts
            return
        if o is not None:
            for subj, predicates in list(self._osp.get(o, {}).items()):
                for pred in list(predicates):
                    yield (subj, pred, o), self._contexts
            return
        for triple in list(self._all):
            yield triple, self._contexts

    def all_triples(self) -> list[tuple[Any, Any, Any]]:
        """Every triple, in the order they were added (what ``triples((None, None, None))`` yields)."""
        return list(self._all)

    def __len__(self, context: Any = None) -> int:
        return len(self._all)

    def contexts(self, triple: Any = None) -> Iterator[Any]:
        """The graph that owns the store (its only context)."""
        return iter(self._contexts)


def graph_version(graph: Graph) -> int:
    """A number that changes whenever ``graph`` does: its store's change count, else its size."""
    store = graph.store
    return store.version if isinstance(store, PaperStore) else len(graph)


def add_triples(graph: Graph, triples: Iterable[tuple[Any, Any, Any]]) -> None:
    """Add rdflib terms to ``graph`` in order: straight into a :class:`PaperStore`, else by ``addN``.

    ``Graph.add`` checks each term's type and ``PaperStore.add`` is called once per triple; graph
    building makes only rdflib terms, so they go in as one batch.
    """
    if isinstance(graph.store, PaperStore):
        graph.store.add_many(triples, graph)
    else:
        graph.addN((s, p, o, graph) for s, p, o in triples)


def new_graph() -> Graph:
    """An empty rdflib graph on a :class:`PaperStore` (prefixes are bound by the caller)."""
    return Graph(store=PaperStore())


def to_oxigraph(graph: Graph, store: ox.Store | None = None) -> ox.Store:
    """Load ``graph`` into a (new, in-memory) pyoxigraph store."""
    store = store if store is not None else ox.Store()
    store.load(n_triples(graph), format=ox.RdfFormat.N_TRIPLES)
    return store


def n_triples(graph: Graph) -> bytes:
    """``graph`` as N-Triples (UTF-8), the text rdflib's ``nt`` serializer writes, in the graph's order.

    Oxigraph parses N-Triples faster than Python can hand it terms one by one; what costs is writing
    them.  A paper's graph names each IRI about seven times, so each IRI is written once and reused;
    literals, mostly distinct, are written as rdflib's serializer writes them.
    """
    written: dict[Any, str] = {}
    rows: list[str] = []
    append = rows.append
    # A paper store's triples are read from its list directly (the order ``graph.triples`` gives, without
    # rdflib's two generator layers per triple).
    store = graph.store
    triples = store.all_triples() if isinstance(store, PaperStore) else graph.triples((None, None, None))
    for s, p, o in triples:
        subject = written.get(s)
        if subject is None:
            subject = written[s] = s.n3()
        predicate = written.get(p)
        if predicate is None:
            predicate = written[p] = p.n3()
        if isinstance(o, Literal):
            obj = _quoteLiteral(o)
        else:
            obj = written.get(o)
            if obj is None:
                obj = written[o] = o.n3()
        append(f"{subject} {predicate} {obj} .\n")
    return "".join(rows).encode()


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
