"""Markdown report: the plain option for pasting into an editorial system."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from kgaudit.report.data import coverage_lines, report_dict

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}
_LEGEND = ("Severity: **error** = certain from the printed text; **warning** = likely, an innocent reading "
           "exists; **info** = could not judge, worth a look.")


def _count(count: int, severity: str) -> str:
    if severity == "info":
        return f"{count} info"
    return f"{count} {severity}{'' if count == 1 else 's'}"


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
        f"**{_count(summary['errors'], 'error')}, {_count(summary['warnings'], 'warning')}, "
        f"{_count(summary['info'], 'info')}.** "
        f"References: {resolver['references']} ({resolver['resolved']} verified, {resolver['unverified']} "
        f"unverifiable; resolver {resolver['mode']}).",
        "",
        _LEGEND,
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
        lines += [f"## {_HEADINGS[severity]} ({len(items)})", "", "| id | check | where | finding |",
                  "|---|---|---|---|"]
        items = sorted(items, key=lambda f: f["check"])  # same-check findings together
        for f in items:
            lines.append(f"| {f['id']} | `{f['check']}` | {_escape(_where(f['location']))} | {_escape(f['message'])} |")
        lines.append("")
    if not data["findings"]:
        lines += ["No findings.", ""]
    lines += ["## What was checked", ""]
    lines += [f"- **{topic}:** {_escape(text)}" for topic, text in coverage_lines(data["coverage"], resolver)]
    lines.append("")
    return "\n".join(lines)
