"""The report as data, read from the graph: the JSON contract of DESIGN.md.

Every renderer (JSON, terminal, Markdown, HTML) starts from :func:`report_dict`,
so what a person sees and what a program reads cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from kgaudit._version import __version__
from kgaudit.checks.base import Finding
from kgaudit.checks.runner import findings_from_graph
from kgaudit.graph.namespaces import BIRO, C4O, FABIO, KGA

LOCATION_KEYS = ("section", "table", "row", "column", "reference", "quote")


def _value(graph: Graph, node: Any, prop: Any) -> Any:
    value = graph.value(node, prop)
    if isinstance(value, Literal):
        return value.toPython()
    return None if value is None else str(value)


def finding_dict(finding: Finding, number: int) -> dict[str, Any]:
    """One finding in the JSON contract's shape."""
    loc = finding.location
    location: dict[str, Any] = {k: getattr(loc, k) for k in LOCATION_KEYS}
    if loc.references:
        location["references"] = list(loc.references)
    return {
        "id": f"F{number:04d}",
        "check": finding.check,
        "severity": finding.severity,
        "message": finding.message,
        "location": location,
        "evidence": finding.evidence,
    }


def report_dict(graph: Graph) -> dict[str, Any]:
    """The whole report for the (single) paper in ``graph``, as the JSON contract describes it."""
    paper = next(graph.subjects(RDF.type, FABIO.JournalArticle), None)
    references = sorted(
        (_value(graph, r, KGA.number) or 0 for r in graph.subjects(RDF.type, BIRO.BibliographicReference)),
    )
    findings = findings_from_graph(graph)
    by_severity = Counter(f.severity for f in findings)
    by_check = Counter(f.check for f in findings)
    mode = _value(graph, paper, KGA.resolverMode) if paper is not None else None
    resolved = _value(graph, paper, KGA.referencesResolved) if paper is not None else None
    unverified = _value(graph, paper, KGA.referencesUnverified) if paper is not None else None
    run = next(graph.subjects(RDF.type, KGA.AuditRun), None)
    skipped = {}
    ran: list[str] = []
    if run is not None:
        for text in graph.objects(run, KGA.skippedCheck):
            check_id, _, reason = str(text).partition(": ")
            skipped[check_id] = reason
        ran = sorted(str(c) for c in graph.objects(run, KGA.ranCheck))
    return {
        "kgaudit_version": __version__,
        "document": {
            "id": _value(graph, paper, KGA.docId) if paper is not None else None,
            "title": _value(graph, paper, DCTERMS.title) if paper is not None else None,
            "source": _value(graph, paper, DCTERMS.source) if paper is not None else None,
            "format": _value(graph, paper, KGA["format"]) if paper is not None else None,
        },
        "resolver": {
            "mode": mode or "offline",
            "references": len(references),
            "resolved": int(resolved or 0),
            "unverified": int(unverified if unverified is not None else len(references)),
        },
        "summary": {
            "errors": by_severity.get("error", 0),
            "warnings": by_severity.get("warning", 0),
            "info": by_severity.get("info", 0),
            "by_check": dict(sorted(by_check.items())),
        },
        "checks": {"ran": ran, "skipped": skipped},
        "findings": [finding_dict(f, i) for i, f in enumerate(findings, start=1)],
    }


def reference_statuses(graph: Graph) -> list[dict[str, Any]]:
    """Each reference entry with its number, raw text and resolver status (for people-facing reports)."""
    rows = []
    for ref in graph.subjects(RDF.type, BIRO.BibliographicReference):
        rows.append(
            {
                "number": _value(graph, ref, KGA.number),
                "raw": _value(graph, ref, C4O.hasContent),
                "status": _value(graph, ref, KGA.resolutionStatus) or "unverifiable",
                "iri": str(ref),
            }
        )
    return sorted(rows, key=lambda r: r["number"] or 0)
