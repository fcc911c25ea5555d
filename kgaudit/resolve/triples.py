"""Resolver answers as triples: who said what about each reference, and when.

Terms this module adds (``kga:`` = ``https://w3id.org/kgaudit/ns#``):

Classes
    ``kga:ResolverMatch``   (⊑ ``prov:Entity``) one answer about one reference (``D/ref/{n}/match/{k}``; k = 1 is the
                            resolver's answer, k ≥ 2 are candidates it lists)
    ``kga:ResolverLookup``  (⊑ ``prov:Activity``) one HTTP lookup (``D/ref/{n}/lookup/{k}``)
    ``kga:FieldMismatch``   one disagreeing field (``D/ref/{n}/match/1/mismatch/{field}``)

On a ``kga:ResolverMatch``
    ``kga:subject`` → the as-cited work ``D/ref/{n}/work``; ``kga:status`` (string: verified,
    mismatch, doi_elsewhere, ambiguous, not_found, unverifiable, retracted; "candidate" for k ≥ 2);
    ``kga:rank`` (int); ``kga:reason`` (string); ``kga:matchedDoi``; ``kga:matchedPmid``;
    ``kga:score`` (xsd:decimal, field agreement 0-1); ``kga:searchScore`` (xsd:decimal, the
    service's relevance score); the record's fields ``kga:recordTitle``, ``kga:recordJournal``,
    ``kga:recordYear`` (int), ``kga:recordVolume``, ``kga:recordIssue``, ``kga:recordFirstPage``,
    ``kga:recordLastPage``, ``kga:recordFirstAuthor``, ``kga:recordType``; ``kga:mismatch``
    (JSON literal ``{"field": [stated, record]}``); ``kga:fieldMismatch`` → ``kga:FieldMismatch``;
    ``kga:retractionKind`` ("retraction", "withdrawal", "expression_of_concern"),
    ``kga:retractionSource``, ``kga:retractionNoticeDoi``, ``kga:retractionNoticePmid``,
    ``kga:retractionDate``, ``kga:retractionLabel``; ``prov:wasGeneratedBy`` → the lookup(s).

On a ``kga:FieldMismatch``
    ``kga:field`` ("year", "volume", "first_page", "first_author", "journal", "doi", …),
    ``kga:statedValue``, ``kga:recordValue`` (absent when the record has no value).

On a ``kga:ResolverLookup``
    ``kga:service`` ("crossref" / "pubmed"), ``kga:requestUrl`` (no contact, no key),
    ``prov:startedAtTime`` (xsd:dateTime), ``kga:httpStatus`` (int), ``kga:fromCache`` (bool),
    ``kga:fault`` (string, when the service did not answer), ``prov:used`` → the reference entry.

On the reference entry ``D/ref/{n}``
    ``kga:resolutionStatus`` (string, one of the statuses above).

On the paper ``D`` (the JSON report's "resolver" block)
    ``kga:resolverMode`` ("online", "offline", "cache-only"), ``kga:referencesChecked`` (int),
    ``kga:referencesResolved`` (int: a record of the cited work was found),
    ``kga:referencesUnverified`` (int: status unverifiable).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kgaudit.graph.namespaces import KGA, document_iri, node_iri
from kgaudit.resolve.http import Lookup
from kgaudit.resolve.records import Record
from kgaudit.resolve.resolver import Candidate, Resolution

MODES = ("online", "offline", "cache-only")


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 4))), datatype=XSD.decimal)


def _add_lookups(graph: Graph, doc_id: str, res: Resolution) -> dict[Lookup, URIRef]:
    nodes: dict[Lookup, URIRef] = {}
    entry = node_iri(doc_id, "ref", res.number)
    for k, lookup in enumerate(res.lookups, start=1):
        node = node_iri(doc_id, "ref", res.number, "lookup", k)
        nodes[lookup] = node
        graph.add((node, RDF.type, KGA.ResolverLookup))
        graph.add((node, RDF.type, PROV.Activity))
        graph.add((node, KGA.service, Literal(lookup.service)))
        graph.add((node, KGA.requestUrl, Literal(lookup.url)))
        graph.add((node, PROV.startedAtTime, Literal(lookup.started_at.isoformat(), datatype=XSD.dateTime)))
        graph.add((node, KGA.fromCache, Literal(lookup.from_cache)))
        graph.add((node, PROV.used, entry))
        if lookup.http_status is not None:
            graph.add((node, KGA.httpStatus, Literal(lookup.http_status)))
        if lookup.fault:
            graph.add((node, KGA.fault, Literal(lookup.fault)))
    return nodes


def _add_record(graph: Graph, node: URIRef, record: Record | Candidate) -> None:
    values = {
        KGA.recordTitle: record.title,
        KGA.recordJournal: record.journal_abbrev or record.journal if isinstance(record, Record) else record.journal,
        KGA.recordFirstAuthor: record.first_author,
    }
    if isinstance(record, Record):
        values.update({
            KGA.recordVolume: record.volume, KGA.recordIssue: record.issue,
            KGA.recordFirstPage: record.first_page, KGA.recordLastPage: record.last_page,
            KGA.recordType: record.type,
        })
    for prop, value in values.items():
        if value:
            graph.add((node, prop, Literal(value)))
    if record.year is not None:
        graph.add((node, KGA.recordYear, Literal(record.year)))
    if record.doi:
        graph.add((node, KGA.matchedDoi, Literal(record.doi)))
    if record.pmid:
        graph.add((node, KGA.matchedPmid, Literal(record.pmid)))


def _add_mismatches(graph: Graph, match: URIRef, res: Resolution) -> None:
    if not res.mismatched_fields:
        return
    payload = {name: list(pair) for name, pair in res.mismatched_fields.items()}
    graph.add((match, KGA.mismatch, Literal(json.dumps(payload, ensure_ascii=False, sort_keys=True))))
    for name, (stated, recorded) in res.mismatched_fields.items():
        node = URIRef(f"{match}/mismatch/{name}")
        graph.add((match, KGA.fieldMismatch, node))
        graph.add((node, RDF.type, KGA.FieldMismatch))
        graph.add((node, KGA.field, Literal(name)))
        if stated is not None:
            graph.add((node, KGA.statedValue, Literal(stated)))
        if recorded is not None:
            graph.add((node, KGA.recordValue, Literal(recorded)))


def _add_retraction(graph: Graph, match: URIRef, res: Resolution) -> None:
    r = res.retraction
    if r is None:
        return
    graph.add((match, KGA.retractionKind, Literal(r.kind)))
    graph.add((match, KGA.retractionSource, Literal(r.source)))
    for prop, value in ((KGA.retractionNoticeDoi, r.notice_doi), (KGA.retractionNoticePmid, r.notice_pmid),
                        (KGA.retractionDate, r.date), (KGA.retractionLabel, r.label)):
        if value:
            graph.add((match, prop, Literal(value)))


def _add_answer(graph: Graph, doc_id: str, res: Resolution) -> None:
    entry = node_iri(doc_id, "ref", res.number)
    work = node_iri(doc_id, "ref", res.number, "work")
    graph.set((entry, KGA.resolutionStatus, Literal(res.status)))
    lookups = _add_lookups(graph, doc_id, res)
    match = node_iri(doc_id, "ref", res.number, "match", 1)
    graph.add((match, RDF.type, KGA.ResolverMatch))
    graph.add((match, RDF.type, PROV.Entity))
    graph.add((match, KGA.subject, work))
    graph.add((match, KGA.status, Literal(res.status)))
    graph.add((match, KGA.rank, Literal(1)))
    graph.add((match, KGA.reason, Literal(res.reason)))
    if res.score is not None:
        graph.add((match, KGA.score, _decimal(res.score)))
    if res.record is not None:
        _add_record(graph, match, res.record)
        if res.record.search_score is not None:
            graph.add((match, KGA.searchScore, _decimal(res.record.search_score)))
    else:
        for prop, value in ((KGA.matchedDoi, res.matched_doi), (KGA.matchedPmid, res.matched_pmid)):
            if value:
                graph.add((match, prop, Literal(value)))
    _add_mismatches(graph, match, res)
    _add_retraction(graph, match, res)
    # The answer was generated by the lookup that produced it; a "no" answer by every lookup asked.
    producers = [lk for lk in res.lookups if lk.url == res.request_url and lk.started_at == res.requested_at]
    for lookup in producers if res.record is not None and producers else res.lookups:
        graph.add((match, PROV.wasGeneratedBy, lookups[lookup]))
    for k, candidate in enumerate(res.candidates, start=2):
        node = node_iri(doc_id, "ref", res.number, "match", k)
        graph.add((node, RDF.type, KGA.ResolverMatch))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, KGA.subject, work))
        graph.add((node, KGA.status, Literal("candidate")))
        graph.add((node, KGA.rank, Literal(k)))
        graph.add((node, KGA.score, _decimal(candidate.score)))
        if candidate.search_score is not None:
            graph.add((node, KGA.searchScore, _decimal(candidate.search_score)))
        _add_record(graph, node, candidate)
        for lookup, lookup_node in lookups.items():
            if lookup.service == candidate.source and lookup.fault is None:
                graph.add((node, PROV.wasGeneratedBy, lookup_node))


def add_resolutions(graph: Graph, doc_id: str, resolutions: Sequence[Resolution], mode: str) -> Graph:
    """Write ``resolutions`` of paper ``doc_id`` into ``graph`` (see the module docstring for the terms).

    ``mode`` is the session's mode ("online", "offline", "cache-only").  Returns ``graph``.
    """
    if mode not in MODES:
        raise ValueError(f"resolver mode must be one of {MODES}, not {mode!r}")
    for res in resolutions:
        _add_answer(graph, doc_id, res)
    paper = document_iri(doc_id)
    graph.set((paper, KGA.resolverMode, Literal(mode)))
    graph.set((paper, KGA.referencesChecked, Literal(len(resolutions))))
    graph.set((paper, KGA.referencesResolved, Literal(sum(r.resolved for r in resolutions))))
    graph.set((paper, KGA.referencesUnverified, Literal(sum(r.status == "unverifiable" for r in resolutions))))
    return graph
