"""Significance stars in correlation matrices, held against the p that r and the table's N give.

An APA correlation table prints r for each pair of variables (columns numbered 1, 2, 3 … after the
variables) and marks significant ones with stars whose levels the note states ("*p < .05. **p < .01.").
With the table's one N, each r gives a p (t = r·sqrt(N − 2)/sqrt(1 − r²), two-tailed unless the note says
one-tailed), over the rounding of the printed r.  Reported under ``stats.p_value_mismatch``, as a table p
that its own numbers do not give:

* a star on an r whose p cannot be below the starred level: an **error** when the r is not significant at
  the lowest level at all (the stated N is the largest any pair can have, and fewer cases only raise p);
  a **warning** when only the number of stars is too high;
* no star (or too few) on an r whose p must be below a starred level: a **warning** (pairwise deletion
  can leave a pair with fewer cases than the stated N, which the note may not say).

Nothing is judged unless the table reads as a correlation matrix (the caption or note says correlations,
and the variables are numbered in the rows as in the column heads), states one N, and its note gives the
star legend; a note that mentions pairwise or varying N, partial correlations or two samples split by the
diagonal withholds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph

from kgaudit.checks.base import Finding, Location
from kgaudit.graph.views import CellView, ColumnView, TableView, tables
from kgaudit.model import Num
from kgaudit.stats.pvalues import p_range_from_statistic

_EMPHASIS = re.compile(r"[*_]")
_CORRELATION_TABLE = re.compile(r"correlat|\bPearson\b", re.IGNORECASE)
# A matrix numbers its variables in the rows ("1. Anxiety", "(2) Stress") as in the column heads.
_ROW_NUMBER = re.compile(r"^\s*\(?(\d{1,2})[.)]\s*\S")
# "*p < .05", "** p < 0.01", "***p ≤ .001" in a table's note: stars and the level they stand for.
_LEGEND = re.compile(r"(?<!\*)(?P<stars>\*{1,3})\s*[pP]\s*(?:<|≤|<=)\s*(?P<level>0?\.\d+)")
_ONE_TAILED = re.compile(r"one[-\s]?(?:tailed|sided)", re.IGNORECASE)
# The N varies between pairs (missing data, two samples split by the diagonal), or the r's are partial
# correlations (fewer df than N − 2): the one N of the note does not give every r's p.
_VARYING_N = re.compile(r"pairwise|n\s*(?:s\s*)?(?:range|ranged|varies|varied|vary)|ranged?\s+from|listwise|"
                        r"(?:above|below)\s+(?:the\s+)?diagonal|partial|controlling\s+for|adjusted\s+for",
                        re.IGNORECASE)
_TABLE_N = re.compile(r"(?<![A-Za-z])N\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)")
# A correlation as printed: "−.21*", "0.35**", ".08" (stars only; other marks withhold the cell).
_R_CELL = re.compile(r"^(?P<r>[-−–]?0?\.\d+)\s*(?P<stars>\**)$")
_VARIABLE_NUMBER = re.compile(r"^\s*\(?(\d{1,2})[.)]?\s*$")

# Half the cells failing means the reading (N, tails, legend) is wrong, not the table (as in stats.py).
MOST_CELLS_FAIL = 0.5
SANITY_MIN_FAILURES = 3


@dataclass(frozen=True)
class CorrelationTable:
    """What a correlation table establishes: its r columns, its one N, its star levels and its tails."""

    table: TableView
    columns: list[ColumnView]
    n: int
    levels: dict[int, float]  # number of stars -> the p it stands below
    two_sided: bool


def read_correlation_table(table: TableView) -> CorrelationTable | None:
    """The table as a correlation matrix, or None when it is not one or leaves N or the legend open."""
    columns = [c for c in table.columns if _VARIABLE_NUMBER.match(_EMPHASIS.sub("", c.label))]
    if len(columns) < 2 or not _CORRELATION_TABLE.search(f"{table.caption} {table.notes}"):
        return None
    numbers = {m.group(1) for c in columns if (m := _VARIABLE_NUMBER.match(_EMPHASIS.sub("", c.label)))}
    numbered_rows = [r for r in table.rows if (m := _ROW_NUMBER.match(r.label)) and m.group(1) in numbers]
    if len(numbered_rows) < 2:
        return None  # numbered columns without numbered variables: models or time points, not a matrix
    described = f"{table.caption} {table.notes}"
    sizes = {int(m.replace(",", "")) for m in _TABLE_N.findall(described)}
    if len(sizes) != 1 or _VARYING_N.search(described):
        return None
    levels = {len(m.group("stars")): float(m.group("level")) for m in _LEGEND.finditer(table.notes or "")}
    if 1 not in levels or any(levels[k] <= levels.get(k + 1, 0.0) for k in levels):
        return None  # no one-star level, or levels that do not shrink with more stars
    (n,) = sizes
    if n < 4:
        return None
    return CorrelationTable(table, columns, n, levels, two_sided=not _ONE_TAILED.search(table.notes or ""))


def _fmt_p(p: float) -> str:
    if p < 0.001:
        return f"{p:.1e}"
    return f"{p:.3f}".lstrip("0")


def _cell_finding(matrix: CorrelationTable, row_label: str, column: ColumnView, cell: CellView) -> Finding | None:
    match = _R_CELL.match(cell.raw.strip())
    if match is None:
        return None
    text = match.group("r").replace("−", "-").replace("–", "-")
    decimals = len(text.split(".")[1])
    r = Num(float(text), text, decimals)
    stars = len(match.group("stars"))
    if stars and stars not in matrix.levels:
        return None  # a mark the legend does not define
    p = p_range_from_statistic("r", r, None, matrix.n - 2, two_sided=matrix.two_sided)
    top = max(matrix.levels)
    problem, severity = None, "warning"
    if stars and p.low >= matrix.levels[stars]:
        problem = f"{'*' * stars} means p < {matrix.levels[stars]:g}, but p cannot be below it"
        if p.low >= matrix.levels[1]:
            severity = "error"
            problem += " (not significant at any starred level)"
    elif stars < top and p.high < matrix.levels[stars + 1]:
        needed = max(k for k, level in matrix.levels.items() if p.high < level)
        shown = f"{'*' * stars} (p < {matrix.levels[stars]:g})" if stars else "no star"
        problem = (f"p is below {matrix.levels[needed]:g}, which the legend marks {'*' * needed}, but the cell "
                   f"has {shown}")
    if problem is None:
        return None
    tails = "two-tailed" if matrix.two_sided else "one-tailed, as the note says"
    table = matrix.table
    return Finding(
        check="stats.p_value_mismatch", severity=severity,  # type: ignore[arg-type]
        message=f"{table.label}, {row_label} × {column.label}: r = {cell.raw.strip()} with N = {matrix.n} "
                f"(stated in the table's caption or note) gives p = {_fmt_p(p.point)} ({tails}; {_fmt_p(p.low)} to {_fmt_p(p.high)} over "
                f"the rounding of r): {problem}",
        focus=str(cell.iri),
        location=Location(table=table.label, row=row_label, column=column.label, quote=cell.raw,
                          char_start=cell.char_start, char_end=cell.char_end),
        evidence={"r": r.text, "n": matrix.n, "stars": stars, "levels": matrix.levels, "p": p.point,
                  "p_range": [p.low, p.high], "two_sided": matrix.two_sided, "decision_error": severity == "error"},
    )


def star_findings(graph: Graph) -> Iterator[Finding]:
    """Stars that disagree with the p of r and N, table by table (one info finding when most cells disagree)."""
    for table in tables(graph):
        matrix = read_correlation_table(table)
        if matrix is None:
            continue
        tested, failed = 0, []
        for row in table.rows:
            for column in matrix.columns:
                cell = row.cells.get(column.index)
                if cell is None or _R_CELL.match(cell.raw.strip()) is None:
                    continue
                tested += 1
                finding = _cell_finding(matrix, row.label, column, cell)
                if finding is not None:
                    failed.append(finding)
        if len(failed) >= SANITY_MIN_FAILURES and len(failed) > MOST_CELLS_FAIL * tested:
            yield Finding(
                check="stats.p_value_mismatch", severity="info",
                message=f"{table.label}: {len(failed)} of {tested} correlations disagree with their stars at "
                        f"N = {matrix.n}, so the reading (the N, the tails or the legend) is in doubt and no cell "
                        "is flagged",
                focus=str(table.iri), location=Location(table=table.label),
                evidence={"cells_tested": tested, "cells_failing": len(failed),
                          "withheld": [f.message for f in failed[:5]]},
            )
            continue
        yield from failed
