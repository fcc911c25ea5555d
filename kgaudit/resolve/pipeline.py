"""The resolve stage as the pipeline calls it: make a session, resolve a paper, write the graph.

``kgaudit.api`` and ``kgaudit.cli`` use these functions only::

    session = make_session(offline=None, cache_path=None, use_cache=True, mailto=None)
    mode = resolve_into_graph(document, graph, session)
    mark_offline(document, graph)      # instead, when nothing may be looked up
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kgaudit.graph.namespaces import BIRO, KGA, document_iri
from kgaudit.model import Document
from kgaudit.resolve.http import SERVICE_NAMES, ResolverSession, network_available, service_urls
from kgaudit.resolve.resolver import Resolution, resolve_references
from kgaudit.resolve.triples import add_resolutions


def make_session(*, offline: bool | None = None, cache_path: str | Path | None = None, use_cache: bool = True,
                 mailto: str | None = None, **options: Any) -> ResolverSession | None:
    """A resolver session for the CLI options ``--offline/--online``, ``--cache``, ``--no-cache``, ``--mailto``.

    ``offline=None`` means online when the services' hosts answer, cache-only
    otherwise.  Returns None when offline with no cache: nothing could be
    looked up, so the audit stays offline.  ``options`` go to :class:`ResolverSession`.
    """
    if offline is None:
        urls = service_urls(options.get("crossref_url"), options.get("eutils_url"))
        offline = not network_available(urls.values())
    if offline and not use_cache:
        return None
    return ResolverSession(offline=offline, cache_path=cache_path, use_cache=use_cache, mailto=mailto, **options)


def mark_offline(document: Document, graph: Graph) -> None:
    """Record an offline audit: resolver mode "offline", no reference resolved, every one unverifiable."""
    paper = document_iri(document.id)
    graph.set((paper, KGA.resolverMode, Literal("offline")))
    graph.set((paper, KGA.referencesResolved, Literal(0)))
    graph.set((paper, KGA.referencesUnverified, Literal(len(document.references))))
    # Offline, nothing was looked up: every reference is unverifiable, none is "not found".
    for entry in graph.subjects(RDF.type, BIRO.BibliographicReference):
        graph.set((entry, KGA.resolutionStatus, Literal("unverifiable")))


def _offline_resolutions(document: Document) -> list[Resolution]:
    return [
        Resolution(number=ref.number if ref.number is not None else i + 1, key=ref.key, status="unverifiable",
                   reason="offline: no lookup was made")
        for i, ref in enumerate(document.references)
    ]


def resolve_into_graph(document: Document, graph: Graph, session: ResolverSession | None = None, *,
                       progress: bool = False) -> str:
    """Resolve ``document``'s references and add the answers to ``graph``; return the resolver mode.

    Without a session one is made as :func:`make_session` would (online when the
    network answers); when none can be made every reference is ``unverifiable``
    and the mode is "offline".
    """
    own = session is None
    if own:
        session = make_session()
    try:
        if session is None:
            resolutions, mode = _offline_resolutions(document), "offline"
        else:
            resolutions, mode = resolve_references(document.references, session, progress=progress), session.mode
        add_resolutions(graph, document.id, resolutions, mode)
        if session is not None:
            paper = document_iri(document.id)
            for service, fault in sorted(session.outages().items()):
                graph.add((paper, KGA.resolverOutage, Literal(f"{SERVICE_NAMES.get(service, service)}: {fault}")))
        return mode
    finally:
        if own and session is not None:
            session.close()
