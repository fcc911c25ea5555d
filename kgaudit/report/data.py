"""The report as data, read from the graph: the JSON contract of DESIGN.md.

Every renderer (JSON, terminal, Markdown, HTML) starts from :func:`report_dict`,
so what a person sees and what a program reads cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from kgaudit._version import __version__
from kgaudit.checks.base import Finding
from kgaudit.checks.runner import findings_from_graph
from kgaudit.graph.namespaces import BIRO, C4O, DOCO, FABIO, FRBR, KGA

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
        "coverage": coverage_dict(graph, findings, skipped),
    }


def _table_name(graph: Graph, table: Any) -> str:
    label = _value(graph, table, RDFS.label)
    number = _value(graph, table, KGA.number)
    return str(label or (f"Table {number}" if number is not None else "a table"))


def coverage_dict(graph: Graph, findings: list[Finding] | None = None,
                  skipped: dict[str, str] | None = None) -> dict[str, Any]:
    """What was read and what was not, so that "0 errors" never hides an unread table.

    ``tables``: the tables read (with cells) and those not read, each with why (no cells kept,
    or an ingest warning naming it: an image-only table, a table GROBID kept as loose text);
    ``references``: parsed into fields or kept as raw strings only; ``pointers``: in-text
    pointers linked to a reference entry or not; ``checks_skipped``: checks that did not run and
    why; ``could_not_judge``: info findings by check (what a check saw but could not establish,
    such as a table whose cells' meaning was not read); ``notes``: every ingest warning as
    written (unparsed references, skipped translations, …); ``resolver_outages``: services given
    up during the audit; ``structure_recognised``: False when no heading, reference, pointer,
    table or statistic was found (the file may not be a paper).
    """
    findings = findings_from_graph(graph) if findings is None else findings
    paper = next(graph.subjects(RDF.type, FABIO.JournalArticle), None)
    notes = sorted(str(w) for w in graph.objects(paper, KGA.ingestWarning)) if paper is not None else []
    read, not_read = _tables_read(graph, notes)
    references = list(graph.subjects(RDF.type, BIRO.BibliographicReference))
    parsed = sum(1 for r in references if graph.value(r, KGA.parsed) == Literal(True))
    pointers = list(graph.subjects(RDF.type, C4O.InTextReferencePointer))
    linked = sum(1 for p in pointers if graph.value(p, C4O.denotes) is not None)
    could_not_judge = Counter(f.check for f in findings if f.severity == "info")
    outages = sorted(str(o) for o in graph.objects(paper, KGA.resolverOutage)) if paper is not None else []
    sections = any(True for _ in graph.subjects(RDF.type, DOCO.Section))
    statistics = any(True for _ in graph.subjects(RDF.type, KGA.TextStatistic))
    return {
        "structure_recognised": bool(sections or references or pointers or read or not_read or statistics),
        "tables": {"found": len(read) + len(not_read), "read": read, "not_read": not_read},
        "references": {"total": len(references), "parsed": parsed, "raw": len(references) - parsed},
        "pointers": {"total": len(pointers), "linked": linked, "unlinked": len(pointers) - linked},
        "checks_skipped": dict(sorted((skipped or {}).items())),
        "could_not_judge": dict(sorted(could_not_judge.items())),
        "resolver_outages": outages,
        "notes": notes,
    }


def _tables_read(graph: Graph, notes: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tables read (with their cell counts) and not read (with why), from the graph and the ingest warnings."""
    read, not_read = [], []
    for table in sorted(graph.subjects(RDF.type, KGA.Table), key=lambda t: (_value(graph, t, KGA.number) or 0)):
        name = _table_name(graph, table)
        cells = sum(1 for _ in graph.subjects(FRBR.partOf, table) if (_, RDF.type, KGA.Cell) in graph)
        if cells:
            read.append({"table": name, "cells": cells})
        else:
            why = next((n for n in notes if n.lower().startswith(name.lower())), "no cells were read")
            not_read.append({"table": name, "why": why})
    named = {t["table"].lower() for t in read + not_read}
    for note in notes:  # a table ingest could not turn into rows at all (an image) has only its warning
        lowered = note.lower()
        if "table" in lowered and not any(lowered.startswith(n) for n in named):
            not_read.append({"table": note.split(":")[0].split(" is ")[0].split(" holds ")[0], "why": note})
    return read, not_read


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


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def coverage_lines(coverage: dict[str, Any], resolver: dict[str, Any]) -> list[tuple[str, str]]:
    """The "what was checked" section as (topic, plain sentence) pairs, for the people-facing reports."""
    lines: list[tuple[str, str]] = []
    if not coverage["structure_recognised"]:
        lines.append(("Structure", "no section headings, references, citations, tables or statistics were "
                                   "recognised: this file may not be a paper, and nothing in it was checked"))
    tables = coverage["tables"]
    text = f"{_plural(len(tables['read']), 'table')} read"
    if tables["read"]:
        text += " (" + ", ".join(t["table"] for t in tables["read"]) + ")"
    if tables["not_read"]:
        text += f"; {len(tables['not_read'])} not read, so not checked: " + "; ".join(
            t["why"] if t["why"].lower().startswith(t["table"].lower()) else f"{t['table']}: {t['why']}"
            for t in tables["not_read"])
    lines.append(("Tables", text))
    refs = coverage["references"]
    text = f"{refs['total']} in the list, {refs['parsed']} parsed into fields"
    if refs["raw"]:
        text += f", {refs['raw']} kept as raw text only (their fields were not checked)"
    lines.append(("References", text))
    if resolver["mode"] == "offline":
        lines.append(("Resolver", "offline: references were not looked up in Crossref or PubMed"))
    else:
        text = (f"{resolver['mode']}: {resolver['resolved']} of {resolver['references']} references found, "
                f"{resolver['unverified']} could not be checked")
        if coverage["resolver_outages"]:
            text += "; given up: " + "; ".join(coverage["resolver_outages"])
        lines.append(("Resolver", text))
    pointers = coverage["pointers"]
    text = f"{pointers['total']} in the text, {pointers['linked']} linked to a reference entry"
    if pointers["unlinked"]:
        text += f", {pointers['unlinked']} not linked (not checked against the list)"
    lines.append(("Citations", text))
    if coverage["checks_skipped"]:
        lines.append(("Checks not run", "; ".join(f"{c} ({why})" for c, why in coverage["checks_skipped"].items())))
    if coverage["could_not_judge"]:
        lines.append(("Could not judge", "; ".join(f"{c}: {_plural(n, 'info finding')}"
                                                    for c, n in coverage["could_not_judge"].items())))
    told = {t["why"] for t in tables["not_read"]}
    for note in coverage["notes"]:
        if note not in told:  # a table's own warning is told with the tables above
            lines.append(("Not read", note))
    return lines
