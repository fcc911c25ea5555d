"""Loading papers into a persistent Oxigraph store: audit each one, store its graph as a named graph.

A batch operation over the pipeline (audit) and the store (:mod:`kgaudit.graph.oxstore`), so it lives
above both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgaudit.api import audit
from kgaudit.errors import KgauditError
from kgaudit.graph.namespaces import document_iri
from kgaudit.graph.oxstore import open_store, store_graph


@dataclass(frozen=True)
class LoadedPaper:
    """What loading one paper did: its named graph and size, or why it failed."""

    path: str
    graph_iri: str | None = None
    triples: int = 0
    findings: int = 0
    error: str | None = None


def load_papers(
    papers: Iterable[str | Path],
    directory: str | Path,
    *,
    fmt: str | None = None,
    on_paper: Callable[[LoadedPaper], None] | None = None,
    resolver: Any | None = None,
    on_graph: Callable[[Any], None] | None = None,
) -> list[LoadedPaper]:
    """Audit each paper and store its graph (findings included) as a named graph in ``directory``.

    Offline unless ``resolver`` (a :class:`kgaudit.resolve.http.ResolverSession`) is given.
    ``on_graph`` sees each audited graph before it is stored.  A paper that cannot be
    read is reported (``LoadedPaper.error``) and the rest still load.
    """
    store = open_store(directory)
    results = []
    try:
        for paper in papers:
            try:
                report = audit(Path(paper), offline=resolver is None, fmt=fmt, resolver=resolver)
            except KgauditError as exc:
                result = LoadedPaper(path=str(paper), error=exc.one_line())
            else:
                if on_graph is not None:
                    on_graph(report.graph)
                iri = str(document_iri(report.document.id))
                triples = store_graph(store, report.graph, iri)
                result = LoadedPaper(path=str(paper), graph_iri=iri, triples=triples,
                                     findings=len(report.findings))
            results.append(result)
            if on_paper is not None:
                on_paper(result)
        store.flush()
    finally:
        del store  # release the RocksDB lock before a server may open the directory
    return results
