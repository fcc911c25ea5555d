"""Markdown report: the plain option for pasting into an editorial system."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from kgaudit.report.data import report_dict


def _where(location: dict[str, Any]) -> str:
    parts = []
    if location.get("table"):
        parts.append(location["table"])
        if location.get("row"):
            parts.append(f"row “{location['row']}”")
        if location.get("column"):
            parts.append(f"column “{location['column']}”")
    elif location.get("section"):
        parts.append(location["section"].title())
    if location.get("references"):
        parts.append("references " + ", ".join(str(r) for r in location["references"]))
    elif location.get("reference") is not None:
        parts.append(f"reference {location['reference']}")
    return ", ".join(parts) or "—"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(graph: Graph) -> str:
    """A Markdown report: summary, then one table of findings per severity."""
    data = report_dict(graph)
    doc, summary, resolver = data["document"], data["summary"], data["resolver"]
    lines = [
        f"# kgaudit report: {doc['title'] or doc['source']}",
        "",
        f"Source: `{doc['source']}` ({doc['format']}); kgaudit {data['kgaudit_version']}.",
        "",
        f"**{summary['errors']} errors, {summary['warnings']} warnings, {summary['info']} info.** "
        f"References: {resolver['references']} ({resolver['resolved']} verified, {resolver['unverified']} "
        f"unverifiable; resolver {resolver['mode']}).",
        "",
    ]
    if summary["by_check"]:
        lines += ["| check | findings |", "|---|---|"]
        lines += [f"| `{c}` | {n} |" for c, n in summary["by_check"].items()]
        lines.append("")
    for severity in ("error", "warning", "info"):
        items = [f for f in data["findings"] if f["severity"] == severity]
        if not items:
            continue
        lines += [f"## {severity.title()}s ({len(items)})", "", "| id | check | where | finding |", "|---|---|---|---|"]
        for f in items:
            lines.append(f"| {f['id']} | `{f['check']}` | {_escape(_where(f['location']))} | {_escape(f['message'])} |")
        lines.append("")
    if data["checks"]["skipped"]:
        lines += ["## Checks that did not run", ""]
        lines += [f"- `{c}`: {why}" for c, why in sorted(data["checks"]["skipped"].items())]
        lines.append("")
    if not data["findings"]:
        lines += ["No findings.", ""]
    return "\n".join(lines)
