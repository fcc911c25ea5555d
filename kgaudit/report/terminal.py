"""Terminal report with rich: the counts, a legend, a summary by check, findings grouped by check, what was checked.

Width follows the terminal (or ``COLUMNS``; 100 columns when writing to a file or a pipe), and
colour is off when ``NO_COLOR`` is set (https://no-color.org) or the output is not a terminal.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from typing import Any

from rdflib import Graph
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kgaudit.report.data import coverage_lines, report_dict
from kgaudit.report.markdown import _where

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_ORDER = ("error", "warning", "info")
# What each severity promises (the README's "Severity is a contract").
LEGEND = {
    "error": "certain from the printed text",
    "warning": "likely, an innocent reading exists",
    "info": "could not judge, worth a look",
}
# Width when the output is not a terminal and COLUMNS is not set: wide enough for a finding on one or
# two lines, narrow enough for a pager or an e-mail.
FILE_WIDTH = 100
MIN_WIDTH = 40


def no_color_requested() -> bool:
    """True when the ``NO_COLOR`` environment variable is set to anything but the empty string."""
    return bool(os.environ.get("NO_COLOR"))


def terminal_width(default: int = FILE_WIDTH) -> int:
    """Columns of the terminal on standard output, else ``COLUMNS``, else ``default``."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    try:
        return max(MIN_WIDTH, os.get_terminal_size(1).columns)
    except OSError:
        return default


def count_words(count: int, severity: str) -> str:
    """``1 error``, ``2 errors``, ``1 warning``, ``6 info`` (info is a mass noun)."""
    if severity == "info":
        return f"{count} info"
    return f"{count} {severity}{'' if count == 1 else 's'}"


def render_terminal(graph: Graph, *, color: bool = True, width: int | None = None) -> str:
    """The report as terminal text (ANSI colours when ``color`` and ``NO_COLOR`` is not set)."""
    data = report_dict(graph)
    color = color and not no_color_requested()
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or terminal_width(),
                      highlight=False, emoji=False)
    doc, summary, resolver = data["document"], data["summary"], data["resolver"]
    console.print(f"[bold]{escape(doc['title'] or doc['source'] or '')}[/bold]  "
                  f"({escape(str(doc['source']))}, {doc['format']})")
    counts = {"error": summary["errors"], "warning": summary["warnings"], "info": summary["info"]}
    console.print(
        ", ".join(f"[{_STYLE[s]}]{count_words(counts[s], s)}[/]" for s in SEVERITY_ORDER)
        + f"; references: {resolver['references']} ({resolver['resolved']} verified, "
          f"{resolver['unverified']} unverifiable, resolver {resolver['mode']})"
    )
    console.print("[dim]Severity: " + " · ".join(f"{s} = {LEGEND[s]}" for s in SEVERITY_ORDER) + "[/dim]")
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in data["findings"]:
        groups[(finding["severity"], finding["check"])].append(finding)
    ordered = sorted(groups.items(), key=lambda kv: (SEVERITY_ORDER.index(kv[0][0]), kv[0][1]))
    if ordered:
        console.print()
        console.print("[bold]By check[/bold]")
        summary_table = Table.grid(padding=(0, 2))
        summary_table.add_column(no_wrap=True)
        summary_table.add_column(justify="right", no_wrap=True)
        for (severity, check), items in ordered:
            summary_table.add_row(f"  {check}", f"[{_STYLE[severity]}]{count_words(len(items), severity)}[/]")
        console.print(summary_table)
        console.print()
        console.print("[bold]Findings[/bold]")
        for (severity, check), items in ordered:
            console.print(f"[{_STYLE[severity]}]{severity}[/] [bold]{check}[/bold] ({len(items)})")
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(no_wrap=True)  # indent
            table.add_column(no_wrap=True)  # id
            table.add_column(ratio=1)  # where
            table.add_column(ratio=3)  # message
            for f in items:
                table.add_row(" ", f["id"], escape(_where(f["location"])), escape(f["message"]))
            console.print(table)
    else:
        console.print()
        console.print("No findings.")
    console.print()
    console.print("[bold]What was checked[/bold]")
    checked = Table.grid(padding=(0, 1), expand=True)
    checked.add_column(no_wrap=True)
    checked.add_column(ratio=1)
    for topic, text in coverage_lines(data["coverage"], resolver):
        style = "bold yellow" if topic == "Structure" else ""
        checked.add_row(f"  {topic}:", f"[{style}]{escape(text)}[/]" if style else escape(text))
    console.print(checked)
    # the grids pad every line to the full width: trailing blanks only get in the way of a pager or a diff
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
