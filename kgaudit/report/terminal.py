"""Terminal report with rich: a summary line and one table of findings."""

from __future__ import annotations

import io

from rdflib import Graph
from rich.console import Console
from rich.table import Table

from kgaudit.report.data import report_dict
from kgaudit.report.markdown import _where

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_terminal(graph: Graph, *, color: bool = True, width: int = 140) -> str:
    """The report as terminal text (ANSI colours when ``color``)."""
    data = report_dict(graph)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width)
    doc, summary, resolver = data["document"], data["summary"], data["resolver"]
    console.print(f"[bold]{doc['title'] or doc['source']}[/bold]  ({doc['source']}, {doc['format']})")
    console.print(
        f"[bold red]{summary['errors']} errors[/], [yellow]{summary['warnings']} warnings[/], "
        f"[cyan]{summary['info']} info[/]; references: {resolver['references']} "
        f"({resolver['resolved']} verified, {resolver['unverified']} unverifiable, resolver {resolver['mode']})"
    )
    if data["findings"]:
        table = Table(show_lines=False, expand=True)
        table.add_column("id", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("where", ratio=1)
        table.add_column("finding", ratio=3)
        for f in data["findings"]:
            table.add_row(
                f["id"], f"[{_STYLE[f['severity']]}]{f['severity']}[/]", f["check"], _where(f["location"]),
                f["message"],
            )
        console.print(table)
    for check_id, why in sorted(data["checks"]["skipped"].items()):
        console.print(f"[dim]not run: {check_id}: {why}[/dim]")
    return buffer.getvalue()
