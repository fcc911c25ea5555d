"""Numeric consistency of tables: percentages, GRIM family, p-values, totals, CIs, baseline tables.

Each check is one function over the graph (read through
:mod:`kgaudit.graph.views`); the statistics live in :mod:`kgaudit.stats.numeric`
and :mod:`kgaudit.stats.pvalues`.  Every printed number is read as the
interval it rounds from, every plausible convention (test, rounding,
denominator) is tried, and a finding is raised only when none reconciles the
numbers.  Messages state the numbers used and what was recomputed, so an
editor can redo the arithmetic by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction

from rdflib import Graph

from kgaudit.checks import correlation_stars, text_descriptives
from kgaudit.checks.base import Finding, Location, python_check
from kgaudit.graph.views import CellView, ColumnView, RowView, TableView, sentences, tables
from kgaudit.model import Num
from kgaudit.stats.numeric import (
    binary_sd,
    debit_consistent,
    double_rounded_percentage,
    grim_consistent,
    grimmer_consistent,
    max_sd_for_bounded,
    percent_grim,
    percentage_consistent,
)
from kgaudit.stats.pvalues import (
    carlisle_combined,
    ci_contains,
    decision_error,
    p_consistent,
    p_distance_units,
    p_range_from_ci,
    p_range_from_statistic,
    ratio_midpoint_ratio,
    recompute_p_counts,
    recompute_p_groups,
)

# Row labels whose percentages are estimates, not k/N proportions (Kaplan–Meier, accuracy, rates).
ESTIMATE_LABEL = re.compile(
    r"surviv|kaplan|free surviv|\bdfs\b|\bos\b|\bpfs\b|accuracy|sensitivity|specificity|\bppv\b|\bnpv\b|auc|"
    r"per\s+\d+|person[- ]|rate per|incidence rate|cumulative|probability|predicted|adjusted|weighted",
    re.IGNORECASE,
)
# Row labels of integer-valued data (GRIM/GRIMMER apply to their means).
INTEGER_LABEL = re.compile(r"score|scale|likert|\bvas\b|number of|no\. of|count|items?\b|points?\b", re.IGNORECASE)
# ... unless the label makes them a rate or a density: "number of fibers/mm", "visits per year", "index".
RATE_LABEL = re.compile(r"/|\bper\b|densit|\brate\b|ratio|\bindex\b|average|proportion|percent|%", re.IGNORECASE)
MEDIAN_LABEL = re.compile(r"median|\biqr\b|interquartile|range", re.IGNORECASE)
# A row that totals the rows above it: "Total", "Total complications", "Overall", "All patients", "Any
# complication" — not a variable that merely starts with such a word ("All-cause death", "Overall survival",
# "Any other reason").
TOTAL_LABEL = re.compile(
    r"^\s*(?:(?:sub)?totals?\b(?!-)"
    r"|overall\b(?![-\s]*(?:survival|response|rate|mortality|quality|score|satisfaction|health))"
    r"|all\s+(?:patients|participants|subjects|cases|respondents|children|women|men|adults|individuals|groups?)\b"
    r"|any\s+(?:complications?|adverse\s+events?|AEs?\b|events?|toxicit(?:y|ies)|infections?|bleeding|"
    r"side[- ]effects?|reactions?|grade)\b)",
    re.IGNORECASE,
)
# Ratio measures, also as abbreviated in other languages' journals ("RP (IC95%)": razão de prevalência).
RATIO_LABEL = re.compile(r"odds|hazard|risk ratio|relative risk|prevalence ratio|\b(a?or|a?hr|a?rr|irr|a?pr|rp)\b",
                         re.IGNORECASE)

# Software differs in exact-test and continuity-correction variants: a printed p whose last decimal is
# one unit away from some standard test's rounded value (0.41 printed, Fisher 0.3995 → 0.40; 1.05 units
# outside the range) is not called inconsistent.
NEAR_MISS_UNITS = 1.5
# A p-value implied by a CI is approximate (CIs are not always Wald); the printed p must lie within
# this factor of the CI's p-range before it is called inconsistent.
CI_P_FACTOR = 4.0
# An estimate more than this far (as a ratio) from its CI's geometric midpoint is asymmetric.
MIDPOINT_RATIO_LIMIT = 1.25
# A percentage that misses its column n may have been computed over the patients with data: denominators
# down to this share of n are offered as that reading in the message and evidence (a hint only: the
# severity does not depend on it; a tenth missing is this check's rule of thumb for "a few missing").
MISSING_DATA_MIN_SHARE = 0.9


def _fmt(num: Num) -> str:
    return num.text


def format_p(p: float) -> str:
    """A recomputed p for a message: 3 decimals below .1, 2 above, scientific below .001."""
    if p < 0.001:
        return f"{p:.1e}"
    return f"{p:.3f}" if p < 0.1 else f"{p:.2f}"


def _location(table: TableView, row: RowView, column: str | None, cell: CellView | None) -> Location:
    return Location(
        table=table.label, row=row.label, column=column, quote=cell.raw if cell else None,
        char_start=cell.char_start if cell else None, char_end=cell.char_end if cell else None,
    )


def _group_cells(table: TableView, row: RowView) -> list[tuple[ColumnView, CellView]]:
    """The row's cells under group columns whose reading is established (read before judging)."""
    return [(col, row.cells[col.index]) for col in table.column("group")
            if col.index in row.cells and row.cells[col.index].established]


# Table-level sanity.  A real table error touches a cell or two (a typo, a miscount); when more than
# half of the cells one test judges in a column fail it, the reading (what the numbers are, which N)
# is what is wrong, not the table.  Three failures at least, because one or two cells failing out of
# two or three is as likely a real slip as a misreading.
MOST_CELLS_FAIL = 0.5
SANITY_MIN_FAILURES = 3


def _column_sanity(check: str, table: TableView, column: str, reading: str, tested: int,
                   failed: list[Finding]) -> Iterator[Finding]:
    """The column's findings, or one info finding instead when most of the cells tested fail."""
    if len(failed) >= SANITY_MIN_FAILURES and len(failed) > MOST_CELLS_FAIL * tested:
        yield Finding(
            check=check, severity="info",
            message=f"{table.label} column “{column}” does not read as {reading}: {len(failed)} of {tested} cells "
                    "disagree, so the reading (what the numbers are, or the N) is in doubt and no cell is flagged",
            focus=str(table.iri), location=Location(table=table.label, column=column),
            evidence={"reading": reading, "cells_tested": tested, "cells_failing": len(failed),
                      "threshold": MOST_CELLS_FAIL, "withheld": [f.message for f in failed[:5]]},
        )
        return
    yield from failed


def _p_cell(table: TableView, row: RowView) -> CellView | None:
    for col in table.column("p_value"):
        cell = row.cells.get(col.index)
        if cell is not None and "p_value" in cell.values:
            return cell
    return None


# --------------------------------------------------------------------------- what could not be read

# What each guessed form could be, for the message (the cell grammar's defaults, kgaudit.ingest.cells).
_UNSETTLED_FORMS = {
    "mean_sd": "“a (b)”: n (%) or mean (SD)",
    "count_percent": "“x% (k)”: k a count, a rank or an SD",
    "percent": "“x% (k)”: k not a whole count",
    "median_iqr": "“a (b–c)”: median (IQR), median (range) or estimate (95% CI)",
    "estimate_ci": "“a (b–c)”: estimate (95% CI) or median (IQR/range)",
    "median_range": "“a (b–c)”: median (range) or estimate (95% CI)",
}


@python_check(
    "stats.reading_unestablished", severity="info",
    description="Table cells whose meaning (n (%) or mean (SD), estimate (CI) or median (IQR)…) nothing in the "
                "table's labels, caption or footnotes establishes: they were not checked.",
)
def check_unestablished_readings(graph: Graph) -> Iterator[Finding]:
    """One info finding per table listing the cells whose reading was only a default guess."""
    for table in tables(graph):
        unsettled: dict[str, int] = {}
        for row in table.rows:
            for cell in row.cells.values():
                if not cell.established:
                    unsettled[cell.kind] = unsettled.get(cell.kind, 0) + 1
        if not unsettled:
            continue
        forms = "; ".join(f"{count} printed as {_UNSETTLED_FORMS.get(kind, kind)}"
                          for kind, count in sorted(unsettled.items(), key=lambda item: -item[1]))
        yield Finding(
            check="stats.reading_unestablished", severity="info",
            message=f"{table.label}: {sum(unsettled.values())} cells could not be read with certainty ({forms}); "
                    "nothing in the table's labels, caption or footnotes says which, so they were not checked",
            focus=str(table.iri), location=Location(table=table.label),
            evidence={"cells_by_default_reading": unsettled},
        )


# --------------------------------------------------------------------------- percentages


@python_check(
    "stats.percentage_mismatch", severity="error",
    description="“n (x%)” where x is not n/N rounded, or a bare percentage that no integer count out of N "
                "can produce (GRIM for percentages).",
)
def check_percentages(graph: Graph) -> Iterator[Finding]:
    """Flag percentages that no count out of the column's N (or the printed denominator) can give.

    Column by column: when most cells of a column fail, one info finding replaces them
    (:data:`MOST_CELLS_FAIL`).
    """
    for table in tables(graph):
        for col in table.column("group"):
            tested, failed = 0, []
            for row in table.rows:
                cell = row.cells.get(col.index)
                if cell is None or not cell.established or "percent" not in cell.values:
                    continue
                tested += 1
                for finding in _percentage_finding(table, row, col, cell):
                    if finding.severity == "info":
                        yield finding
                    else:
                        failed.append(finding)
            yield from _column_sanity("stats.percentage_mismatch", table, col.label, "n (%)", tested, failed)
        yield from _split_percentage_findings(table)


# A row that prints the denominator of the rows around it: "All known stage  4450", "Subtotal", "n".
SUBTOTAL_LABEL = re.compile(
    r"\b(?:total|subtotal|all\b|known|available|with (?:data|information)|valid|analy[sz]ed|respond|"
    r"denominator)|^\s*n\s*$|^\s*(?:number|no\.) of (?:patients|participants|subjects|cases|respondents)",
    re.IGNORECASE,
)
# A level that is often left out of a variable's denominator.
UNKNOWN_LABEL = re.compile(
    r"unknown|missing|not (?:known|reported|recorded|available|stated|assessed|specified|applicable)|"
    r"\bn/?a\b|no (?:data|information|answer)|undetermined|unclassified|declined|refused|unanswered",
    re.IGNORECASE,
)
_INDENT = re.compile(r"^(?:[\s\u00a0\u2000-\u200b\u3000]+|[-–•·]\s*)(?=\S)")
_N_IN_LABEL = re.compile(r"\bn\s*=\s*(\d[\d\s,\u2009]*\d|\d)", re.IGNORECASE)


def _is_heading(row: RowView, table: TableView) -> bool:
    """A label-only row naming the variable whose levels follow ("Stage", "Smoking status")."""
    group_indexes = {c.index for c in table.column("group") + table.column("total")}
    return bool(row.label.strip()) and not any(
        row.cells[i].values for i in group_indexes if i in row.cells)


def _level_run(table: TableView, row: RowView, col: ColumnView) -> list[RowView]:
    """The contiguous rows of counts around ``row`` in ``col``: the levels of one categorical variable.

    A heading row, a blank row or a total/subtotal row ends the run.
    """
    position = table.rows.index(row)
    run: dict[int, RowView] = {}
    for step in (-1, 1):
        i = position
        while 0 <= i < len(table.rows):
            candidate = table.rows[i]
            if _level_count(candidate.cells.get(col.index)) is None or (
                    i != position and (TOTAL_LABEL.search(candidate.label) or SUBTOTAL_LABEL.search(candidate.label))):
                break
            run[i] = candidate
            i += step
    return [run[i] for i in sorted(run)]


_BARE_COUNT = re.compile(r"\d{1,3}(?:[ ,\u00a0\u2009\u202f]\d{3})+|\d+")


def _bare_count(cell: CellView | None) -> int | None:
    """A cell that prints a whole count and nothing else ("4450", "20 748", "20,748")."""
    if cell is None or not _BARE_COUNT.fullmatch(cell.raw.strip()):
        return None
    return int(re.sub(r"\D", "", cell.raw))


def _level_count(cell: CellView | None) -> int | None:
    """The count of one level: "n (x%)", or a bare count (an "Unknown" level is often printed without %)."""
    count = _count(cell)
    return count if count is not None else _bare_count(cell)


def _printed_subtotals(table: TableView, run: list[RowView], col: ColumnView, heading: RowView | None) -> set[int]:
    """Denominators the table prints next to a variable's levels: a bare count in the subtotal row just
    above or below them ("All known stage  4450"), or "n = 4450" in a level's label or the heading's."""
    found: set[int] = set()
    first, last = table.rows.index(run[0]), table.rows.index(run[-1])
    # The subtotal row closes the variable's block: walk out over the block's rows (some of which the
    # cell grammar may not read) to the first subtotal row, stopping at a blank cell or a heading.
    for start, step in ((first - 1, -1), (last + 1, 1)):
        i = start
        while 0 <= i < len(table.rows):
            other = table.rows[i]
            cell = other.cells.get(col.index)
            if SUBTOTAL_LABEL.search(other.label):
                value = _bare_count(cell)
                if value is not None:
                    found.add(value)
                break
            if cell is None or not cell.raw.strip() or _is_heading(other, table):
                break
            i += step
    for label in [r.label for r in run] + [heading.label if heading is not None else ""]:
        for m in _N_IN_LABEL.finditer(label):
            found.add(int(re.sub(r"\D", "", m.group(1))))
    return found


def _subtotal_denominators(table: TableView, row: RowView, col: ColumnView) -> dict[int, str]:
    """Denominators other than the column n that the table gives evidence for, with the evidence.

    Percentages are often taken over a subtotal (the patients with a known stage), but only where the
    table shows it: the subtotal is printed, or the row is a level of a categorical variable (under a
    heading, indented, or its levels add up exactly to the column n) whose "unknown" level is left out
    or whose own total is the base.  Independent rows (comorbidities, each out of the whole group) never
    borrow a denominator just because some N would make the percentage fit.
    """
    run = _level_run(table, row, col) or [row]
    first = table.rows.index(run[0])
    heading = table.rows[first - 1] if first > 0 and _is_heading(table.rows[first - 1], table) else None
    found = {d: "printed subtotal" for d in _printed_subtotals(table, run, col, heading)}
    if len(run) < 2:
        return found
    counts = [_level_count(r.cells.get(col.index)) or 0 for r in run]
    total = sum(counts)
    unknown = sum(c for r, c in zip(run, counts, strict=True) if UNKNOWN_LABEL.search(r.label))
    under_parent = heading is not None or all(_INDENT.match(r.label) for r in run)
    partition = col.n is not None and total == col.n
    if under_parent and (col.n is None or total <= col.n):
        found.setdefault(total, "sum of the variable's levels")
    if (under_parent or partition) and unknown and not UNKNOWN_LABEL.search(row.label):
        found.setdefault(total - unknown, "the variable's levels without its unknown level")
    return found


def _column_total(table: TableView, col: ColumnView, count_of: Callable[[RowView], int | None]) -> int | None:
    """The column's N from an APA count table's Total row: a bare count in a "Total" row that the counts of
    the other rows add up to exactly (so the rows are one variable's levels and the Total is their base)."""
    totals = [r for r in table.rows if TOTAL_LABEL.match(r.label)]
    if len(totals) != 1:
        return None
    total = _bare_count(totals[0].cells.get(col.index))
    counts = [c for r in table.rows if r is not totals[0] and (c := count_of(r)) is not None]
    return total if total and len(counts) >= 2 and sum(counts) == total else None


# APA count tables print the count and the percentage in two columns: "| Women | 70 | 58.3 |".
# A variable with missing values is usually reported over its valid cases; a tenth missing is common
# in survey data (the same margin as the near-denominator hint of the n (%) cells above).
MISSING_DATA_SHARE = 0.9
_COUNT_HEAD = re.compile(r"^\W*(?:n|N|No\.|Count|Frequency|f)\W*$")
_PERCENT_HEAD = re.compile(r"^\W*%\W*$|^\W*(?:Percent(?:age)?)\W*$", re.IGNORECASE)
_TABLE_N = re.compile(r"(?<![A-Za-z])N\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)")


def _split_count_columns(table: TableView) -> list[tuple[ColumnView, ColumnView]]:
    """(count column, percent column) pairs printed side by side ("n | %")."""
    columns = sorted(table.columns, key=lambda c: c.index)
    return [(a, b) for a, b in zip(columns, columns[1:], strict=False)
            if _COUNT_HEAD.match(a.label.replace("*", "")) and _PERCENT_HEAD.match(b.label.replace("*", ""))]


def _split_denominator(table: TableView, count_col: ColumnView, single_pair: bool) -> tuple[int, str] | None:
    def count_of(row: RowView) -> int | None:
        cell = row.cells.get(count_col.index)
        return _bare_count(cell)

    total = _column_total(table, count_col, count_of)
    if total:
        return total, "the Total row, which the counts above it add up to"
    if count_col.n:
        return count_col.n, f"column n ({count_col.n_source})"
    sizes = {int(m.replace(",", "")) for m in _TABLE_N.findall(f"{table.caption} {table.notes}")}
    if single_pair and len(sizes) == 1:
        return sizes.pop(), "the N stated in the table's caption or note"
    return None


def _split_percentage_finding(table: TableView, row: RowView, percent_col: ColumnView, cell: CellView, k: int,
                              percent: Num, base: tuple[int, str]) -> Finding:
    """One "%" cell that k out of N does not give.  When N is the sample the caption or note states (not a
    Total row the counts add up to), a variable with missing values is taken over fewer cases: a denominator
    between :data:`MISSING_DATA_SHARE` of N and N that gives the percentage makes it information only."""
    n, n_source = base
    fewer = [d for d in range(max(k, 1), n) if d >= MISSING_DATA_SHARE * n and percentage_consistent(k, d, percent)]
    stated_sample = "Total row" not in n_source
    missing_data = stated_sample and bool(fewer)
    why = (f"; {k}/{fewer[-1]} gives it, so the variable may have missing values (information only)"
           if missing_data else "")
    return Finding(
        check="stats.percentage_mismatch", severity="info" if missing_data else "error",
        message=f"{table.label}, {row.label}: {k} ({percent_col.label} {cell.raw}) but {k}/{n} = "
                f"{100 * k / n:.2f}%, which does not round to {percent.text}% (N = {n}: {n_source}){why}",
        focus=str(cell.iri), location=_location(table, row, percent_col.label, cell),
        evidence={"count": k, "n": n, "n_source": n_source, "printed_percent": percent.text,
                  "exact_percent": round(100 * k / n, 4), "denominators_that_fit": fewer[-3:]},
    )


def _split_percentage_findings(table: TableView) -> Iterator[Finding]:
    """Percentages in a "%" column against the counts beside them and the table's N."""
    pairs = _split_count_columns(table)
    for count_col, percent_col in pairs:
        base = _split_denominator(table, count_col, single_pair=len(pairs) == 1)
        if base is None:
            continue
        n, n_source = base
        tested, failed = 0, []
        for row in table.rows:
            if TOTAL_LABEL.match(row.label) or ESTIMATE_LABEL.search(row.label):
                continue
            k = _bare_count(row.cells.get(count_col.index))
            cell = row.cells.get(percent_col.index)
            percent = cell.values.get("number", cell.values.get("percent")) if cell is not None else None
            if k is None or percent is None or cell is None or k > n:
                continue
            tested += 1
            if percentage_consistent(k, n, percent) or any(
                    percentage_consistent(k, d, percent) for d in _subtotal_denominators(table, row, count_col)):
                continue
            finding = _split_percentage_finding(table, row, percent_col, cell, k, percent, base)
            if finding.severity == "info":
                yield finding
            else:
                failed.append(finding)
        yield from _column_sanity("stats.percentage_mismatch", table, percent_col.label, "n and %", tested, failed)


def _percentage_finding(table: TableView, row: RowView, col: ColumnView, cell: CellView) -> Iterator[Finding]:
    percent = cell.values.get("percent")
    if percent is None or cell.kind not in ("count_percent", "fraction", "percent"):
        return
    n = int(cell.values["denominator"].value) if "denominator" in cell.values else col.n
    n_source = "printed denominator" if "denominator" in cell.values else f"column n ({col.n_source})"
    if not n:
        n = _column_total(table, col, lambda r: _count(r.cells.get(col.index)))
        n_source = "the Total row, which the counts above it add up to"
    if not n:
        return
    estimate = bool(ESTIMATE_LABEL.search(row.label))
    count = cell.values.get("count")
    if count is not None:
        k = int(count.value)
        if percentage_consistent(k, n, percent):
            return
        if "denominator" not in cell.values and any(
            d >= max(k, 1) and percentage_consistent(k, d, percent) for d in _subtotal_denominators(table, row, col)
        ):
            return  # computed over a subtotal the table shows (known values, a printed base): a valid convention
        exact = 100 * k / n
        near = [d for d in range(max(k, 1), n) if d >= MISSING_DATA_MIN_SHARE * n and percentage_consistent(k, d, percent)]
        hint = (f" (a denominator of {near[-1]} would give it: missing data, if the paper says so)" if near else "")
        twice = double_rounded_percentage(k, n, percent)
        if twice is not None:
            hint += (f"; it is what rounding twice gives ({exact:.4f} → {float(twice):g} → {_fmt(percent)}), "
                     "a rounding habit rather than a wrong number, so this is a warning")
        yield Finding(
            check="stats.percentage_mismatch", severity="warning" if twice is not None else "error",
            message=f"{table.label}, {row.label} ({col.label}): {cell.raw} but {k}/{n} = {exact:.2f}%, "
                    f"which does not round to {_fmt(percent)}%{hint}",
            focus=str(cell.iri), location=_location(table, row, col.label, cell),
            evidence={"count": k, "n": n, "n_source": n_source, "printed_percent": percent.text,
                      "exact_percent": round(exact, 4), "denominators_that_fit": near[-3:],
                      "double_rounding": None if twice is None else str(float(twice))},
        )
        return
    counts = percent_grim(percent, n)
    if counts:
        return
    if "denominator" not in cell.values and any(percent_grim(percent, d) for d in _subtotal_denominators(table, row, col)):
        return
    below = int(percent.value * n / 100)
    neighbours = ", ".join(f"{k}/{n} = {100 * k / n:.2f}%" for k in (below, below + 1) if 0 <= k <= n)
    severity = "info" if estimate else "error"
    why = (" The row reads as an estimate (survival, accuracy or rate), which need not be k/N, so this is "
           "for information only." if estimate else "")
    yield Finding(
        check="stats.percentage_mismatch", severity=severity,  # type: ignore[arg-type]
        message=f"{table.label}, {row.label} ({col.label}): {_fmt(percent)}% cannot be a proportion of "
                f"N = {n}: no whole count gives it ({neighbours}).{why}",
        focus=str(cell.iri), location=_location(table, row, col.label, cell),
        evidence={"printed_percent": percent.text, "n": n, "n_source": n_source, "possible_counts": [],
                  "nearest": neighbours, "treated_as_estimate": estimate},
    )


# --------------------------------------------------------------------------- GRIM, GRIMMER


def _integer_valued(label: str) -> bool:
    """Whether a row's label says its values are whole numbers (a score, a count) and not a rate of them."""
    return bool(INTEGER_LABEL.search(label)) and not RATE_LABEL.search(label)


@python_check(
    "stats.grim", severity="error",
    description="A mean of integer data (scores, counts) that no integer sum over N can produce (GRIM).",
)
def check_grim(graph: Graph) -> Iterator[Finding]:
    """GRIM on mean ± SD cells of rows whose label says the data are integers."""
    for table in tables(graph):
        for row in table.rows:
            if not _integer_valued(row.label):
                continue
            for col, cell in _group_cells(table, row):
                mean = cell.values.get("mean")
                if mean is None or not col.n or mean.decimals == 0:
                    continue
                if not grim_consistent(mean.text, col.n):
                    yield Finding(
                        check="stats.grim", severity="error",
                        message=f"{table.label}, {row.label} ({col.label}): a mean of {mean.text} is impossible "
                                f"for integer data with N = {col.n} (no whole-number total / {col.n} rounds to it)",
                        focus=str(cell.iri), location=_location(table, row, col.label, cell),
                        evidence={"mean": mean.text, "n": col.n, "items": 1, "test": "GRIM"},
                    )
    yield from text_descriptives.text_grim_findings(graph)  # the same test on means printed in the text


def _mean_sd_cells(
    graph: Graph, row_wanted: Callable[[str], bool]
) -> Iterator[tuple[TableView, RowView, ColumnView, CellView, Num, Num, int]]:
    """Group cells printing mean ± SD with a group size of 2 or more, in rows whose label ``row_wanted`` accepts."""
    for table in tables(graph):
        for row in table.rows:
            if not row_wanted(row.label):
                continue
            for col, cell in _group_cells(table, row):
                mean, sd = cell.values.get("mean"), cell.values.get("sd")
                if mean is not None and sd is not None and col.n and col.n >= 2:
                    yield table, row, col, cell, mean, sd, col.n


@python_check(
    "stats.grimmer", severity="error",
    description="An SD impossible for integer data with that mean and N (GRIMMER).",
)
def check_grimmer(graph: Graph) -> Iterator[Finding]:
    """GRIMMER on mean ± SD cells of integer-valued rows (GRIM-consistent means only)."""
    for table, row, col, cell, mean, sd, n in _mean_sd_cells(graph, _integer_valued):
        if sd.decimals == 0 or not grim_consistent(mean.text, n) or grimmer_consistent(mean.text, sd.text, n):
            continue
        yield Finding(
            check="stats.grimmer", severity="error",
            message=f"{table.label}, {row.label} ({col.label}): SD {sd.text} is impossible for integer "
                    f"data with mean {mean.text} and N = {n} (GRIMMER)",
            focus=str(cell.iri), location=_location(table, row, col.label, cell),
            evidence={"mean": mean.text, "sd": sd.text, "n": n, "test": "GRIMMER"},
        )
    yield from text_descriptives.text_grimmer_findings(graph)  # the same test on means printed in the text


# A row of 0/1 data summarised as mean ± SD: "Female (proportion)", "Smoker (0 = no, 1 = yes)", "binary".
BINARY_LABEL = re.compile(
    r"\bbinary\b|dichotom|\bproportion\b|yes\s*/\s*no|\(\s*0\s*/\s*1\s*\)|\b[01]\s*=\s*(?:no|yes|absent|present|"
    r"male|female)",
    re.IGNORECASE,
)


@python_check(
    "stats.debit", severity="error",
    description="A mean ± SD of binary (0/1) data whose SD no proportion with that mean and N can have (DEBIT).",
)
def check_debit(graph: Graph) -> Iterator[Finding]:
    """DEBIT on mean ± SD cells of rows whose label says the data are binary and whose mean is a proportion."""
    for table, row, col, cell, mean, sd, n in _mean_sd_cells(graph, lambda label: bool(BINARY_LABEL.search(label))):
        if not 0 <= mean.value <= 1 or debit_consistent(mean.text, sd.text, n):
            continue
        expected = binary_sd(mean.value, n)
        yield Finding(
            check="stats.debit", severity="error",
            message=f"{table.label}, {row.label} ({col.label}): SD {sd.text} is impossible for binary data "
                    f"with mean {mean.text} and N = {n}: a proportion of {mean.text} has SD "
                    f"sqrt(N/(N−1)·m·(1−m)) = {expected:.3f} (DEBIT)",
            focus=str(cell.iri), location=_location(table, row, col.label, cell),
            evidence={"mean": mean.text, "sd": sd.text, "n": n, "binary_sd": round(expected, 4), "test": "DEBIT"},
        )
    yield from text_descriptives.text_debit_findings(graph)  # the same test on means printed in the text


# --------------------------------------------------------------------------- SD bounds

_SCALE = re.compile(r"\(?\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*(?:points?|scale)?\s*\)?")


def scale_bounds(label: str, mean: float) -> tuple[float, float, str] | None:
    """Bounds of a measurement scale stated or implied by a row label, with the reason."""
    match = re.search(r"(?:\(|\b)(-?\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*(?:\)|points?|scale|\b)", label)
    if match:
        low, high = float(match.group(1)), float(match.group(2))
        if low < high:
            return low, high, f"scale {match.group(1)}–{match.group(2)} stated in the label"
    if re.search(r"\bvas\b|visual analog", label, re.IGNORECASE):
        return (0.0, 10.0, "VAS read as 0–10") if mean <= 10 else (0.0, 100.0, "VAS read as 0–100")
    if re.search(r"\(%\)|percent", label, re.IGNORECASE):
        return 0.0, 100.0, "a percentage lies in 0–100"
    return None


@python_check(
    "stats.sd_impossible", severity="error",
    description="An SD larger than the scale's bounds allow for that mean (Bhatia–Davis), or a mean outside them.",
)
def check_sd_bounds(graph: Graph) -> Iterator[Finding]:
    """Mean ± SD on a bounded scale: the SD cannot exceed sqrt((mean − low)(high − mean)) (sample-corrected)."""
    for table in tables(graph):
        for row in table.rows:
            for col, cell in _group_cells(table, row):
                mean, sd = cell.values.get("mean"), cell.values.get("sd")
                if mean is None or sd is None:
                    continue
                bounds = scale_bounds(row.label, mean.value)
                if bounds is None:
                    continue
                low, high, why = bounds
                if not low <= mean.value <= high:
                    yield Finding(
                        check="stats.sd_impossible", severity="error",
                        message=f"{table.label}, {row.label} ({col.label}): mean {mean.text} lies outside the "
                                f"scale's bounds {low:g}–{high:g} ({why})",
                        focus=str(cell.iri), location=_location(table, row, col.label, cell),
                        evidence={"mean": mean.text, "low": low, "high": high, "bounds_reason": why},
                    )
                    continue
                # Give the printed numbers their rounding slack before calling the SD impossible.
                half = 0.5 * 10 ** -mean.decimals
                limit = max(max_sd_for_bounded(m, low, high, col.n) for m in (mean.value - half, mean.value + half)
                            if low <= m <= high)
                sd_low = sd.value - 0.5 * 10 ** -sd.decimals
                if sd_low > limit:
                    yield Finding(
                        check="stats.sd_impossible", severity="error",
                        message=f"{table.label}, {row.label} ({col.label}): SD {sd.text} is impossible for mean "
                                f"{mean.text} on a {low:g}–{high:g} scale ({why}): the largest possible SD is "
                                f"{limit:.2f}",
                        focus=str(cell.iri), location=_location(table, row, col.label, cell),
                        evidence={"mean": mean.text, "sd": sd.text, "n": col.n, "low": low, "high": high,
                                  "max_sd": round(limit, 4), "bounds_reason": why, "test": "Bhatia–Davis"},
                    )
    yield from text_descriptives.text_sd_bound_findings(graph)  # the same test on means printed in the text


# --------------------------------------------------------------------------- p-values


def recompute_row_p(table: TableView, row: RowView) -> tuple[str, dict, dict] | None:
    """The tests that apply to a row's group cells: (description of inputs, {test: PRange}, inputs)."""
    groups = _group_cells(table, row)
    if len(groups) < 2 or any(not col.n for col, _ in groups):
        return None
    kinds = {cell.kind for _, cell in groups}
    if kinds == {"mean_sd"} and not MEDIAN_LABEL.search(row.label):
        summaries = [(cell.values["mean"].text, cell.values["sd"].text, int(col.n)) for col, cell in groups]
        shown = " vs ".join(f"{m} ± {s}" for m, s, _ in summaries)
        ns = ", ".join(str(n) for *_, n in summaries)
        return f"{shown} (n = {ns})", recompute_p_groups(summaries), {"groups": summaries}
    if kinds <= {"count_percent", "fraction"} and all("count" in cell.values for _, cell in groups):
        counts = []
        for col, cell in groups:
            k = int(cell.values["count"].value)
            n = int(cell.values["denominator"].value) if "denominator" in cell.values else int(col.n)
            if not 0 <= k <= n:
                return None
            counts.append((k, n))
        table_counts = [[k, n - k] for k, n in counts]
        shown = " vs ".join(f"{k}/{n}" for k, n in counts)
        return shown, recompute_p_counts(table_counts), {"counts": counts}
    if kinds == {"percent"} and not ESTIMATE_LABEL.search(row.label):
        derived = []
        for col, cell in groups:
            options = percent_grim(cell.values["percent"], int(col.n))
            if len(options) != 1:
                return None  # impossible or ambiguous percentages are not turned into counts
            derived.append((options[0], int(col.n)))
        shown = " vs ".join(f"{k}/{n} (from {cell.raw})" for (k, n), (_, cell) in zip(derived, groups, strict=True))
        return shown, recompute_p_counts([[k, n - k] for k, n in derived]), {"counts": derived,
                                                                               "counts_derived_from_percent": True}
    return None


@python_check(
    "stats.p_value_mismatch", severity="error",
    description="A reported p that no standard test (Student/Welch t, ANOVA, chi-square ± Yates, Fisher) "
                "reproduces from the row's printed summaries; error when significance at 0.05 flips. In APA "
                "correlation matrices, significance stars that r with the table's N contradicts (a star on a "
                "non-significant r is an error; missing or too few stars a warning).",
)
def check_table_p_values(graph: Graph) -> Iterator[Finding]:
    """Recompute each table row's p from its group summaries and compare with the printed p."""
    for table in tables(graph):
        for row in table.rows:
            p_cell = _p_cell(table, row)
            if p_cell is None:
                continue
            recomputed = recompute_row_p(table, row)
            if recomputed is None:
                continue
            shown, results, inputs = recomputed
            reported = p_cell.values["p_value"]
            comparator = p_cell.comparator or "="
            if any(p_consistent(reported.text, comparator, r.low, r.high) for r in results.values()):
                continue
            if comparator == "=" and min(p_distance_units(reported.text, r.low, r.high) for r in results.values()) \
                    <= NEAR_MISS_UNITS:
                continue
            explained_by = _statistic_explains_p(table, row, reported.text, comparator)
            if explained_by in ("chi2", "z"):
                # A rank (Kruskal–Wallis H, Mann–Whitney z) or chi-square statistic gives the printed p:
                # a test the summaries cannot redo.
                continue
            best = min(results.items(), key=lambda item: abs(item[1].point - reported.value))
            flips = all(decision_error(reported.text, comparator, r.point) for r in results.values())
            tests = ", ".join(f"{format_p(r.point)} ({name.replace('_', ' ')})" for name, r in results.items())
            # A printed F or t that gives the printed p points to an adjusted model (ANCOVA, repeated
            # measures) rather than to a wrong p: very likely a problem, but not a proven one.
            yield Finding(
                check="stats.p_value_mismatch", severity="error" if flips and not explained_by else "warning",
                message=f"{table.label}, {row.label}: reported p {comparator if comparator != '=' else '='} "
                        f"{reported.text}, but {shown} gives p = {tests}"
                        + ("; significance at 0.05 flips" if flips else "")
                        + (f" (the printed {explained_by} statistic does give the printed p)" if explained_by else ""),
                focus=str(p_cell.iri), location=_location(table, row, _column_label(table, p_cell), p_cell),
                evidence={
                    "reported_p": reported.value, "reported_text": reported.text, "comparator": comparator,
                    "recomputed": {name: r.point for name, r in results.items()},
                    "recomputed_range": {name: [r.low, r.high] for name, r in results.items()},
                    "closest_test": best[0], "decision_error": flips, "inputs": inputs,
                    "printed_statistic_reproduces_p": explained_by,
                },
            )
    yield from correlation_stars.star_findings(graph)  # stars in correlation matrices against r and N


# A column of test statistics: "F", "t", "χ2", "H", "F or χ 2", "Test statistic".
STATISTIC_COLUMN = re.compile(r"(?<![A-Za-z])(?:F|t|z|H|U|χ\s*2|χ²|X2|chi[- ]?squared?|statistic)(?![A-Za-z])",
                              re.IGNORECASE)
_STATISTIC_VALUE = re.compile(r"^\s*([-−]?\d+(?:\.\d+)?)\s*[*†‡a-z]?\s*$")


def _statistic_explains_p(table: TableView, row: RowView, reported: str, comparator: str) -> str | None:
    """The distribution ("chi2", "F", "t", "z") under which a test statistic printed in the row gives
    the printed p, or ``None``.

    Rank tests (Kruskal–Wallis H, read on chi-square with k − 1 df), chi-square tests and tests on
    unprinted data cannot be redone from means and SDs; when the row prints the statistic and it gives
    the printed p under a standard distribution (chi-square(k − 1), F(k − 1, N − k), t(N − 2), z), the
    p is what that test gave, so the summaries disagreeing with it is no proof of an error.
    """
    groups = _group_cells(table, row)
    ns = [col.n for col, _ in groups if col.n]
    if len(ns) != len(groups) or len(ns) < 2:
        return None
    k, total = len(ns), sum(ns)
    for col in table.columns:
        if col.role in ("group", "p_value", "total", "label") or not STATISTIC_COLUMN.search(col.label):
            continue
        cell = row.cells.get(col.index)
        match = _STATISTIC_VALUE.match(cell.raw) if cell is not None else None
        if match is None:
            continue
        value = match.group(1).replace("−", "-")
        candidates = [("chi2", k - 1, None), ("F", k - 1, total - k)]
        if k == 2:
            candidates += [("t", None, total - 2), ("z", None, None)]
        for test, df1, df2 in candidates:
            try:
                r = p_range_from_statistic(test, value, df1, df2)
            except ValueError:
                continue
            if p_consistent(reported, comparator, r.low, r.high) or (
                    comparator == "=" and p_distance_units(reported, r.low, r.high) <= NEAR_MISS_UNITS):
                return test
    return None


def _column_label(table: TableView, cell: CellView) -> str | None:
    return next((c.label for c in table.columns if c.index == cell.column_index), None)


# --------------------------------------------------------------------------- totals


@python_check(
    "stats.total_mismatch", severity="error",
    description="Component counts that do not add up to the printed total row, or sub-groups (male + female) "
                "that do not add up to the group's n.",
)
def check_totals(graph: Graph) -> Iterator[Finding]:
    """Totals rows against the rows above them; complementary pairs against the column n."""
    for table in tables(graph):
        yield from _total_rows(table)
        yield from _complementary_pairs(table)


def _count(cell: CellView | None) -> int | None:
    if cell is None or "count" not in cell.values or cell.kind not in ("count_percent", "fraction", "number") \
            or not cell.established:
        return None
    return int(cell.values["count"].value)


# The literal "Total" row, whose bare count is the sum of the levels above it.
_PLAIN_TOTAL = re.compile(r"^\W*total\W*$", re.IGNORECASE)


def _percentages_partition(table: TableView, components: list[RowView], col: ColumnView) -> bool:
    """Whether the components' printed percentages (in their n (%) cells, or in the "%" column beside a
    count column) add up to 100 within their rounding: then the rows are one variable's levels."""
    columns = sorted(table.columns, key=lambda c: c.index)
    beside = next((b for a, b in zip(columns, columns[1:], strict=False)
                   if a.index == col.index and _PERCENT_HEAD.match(b.label.replace("*", ""))), None)
    percents = []
    for r in components:
        cell = r.cells.get(col.index)
        percent = cell.values.get("percent") if cell is not None else None
        if percent is None and beside is not None and (other := r.cells.get(beside.index)) is not None:
            percent = other.values.get("number", other.values.get("percent"))
        if percent is None:
            return False
        percents.append(percent)
    slack = sum(0.5 * 10 ** -p.decimals for p in percents)
    return abs(sum(p.value for p in percents) - 100) <= slack


def _total_rows(table: TableView) -> Iterator[Finding]:
    start = 0
    for position, row in enumerate(table.rows):
        if not TOTAL_LABEL.search(row.label):
            continue
        block = [r for r in table.rows[start:position] if not TOTAL_LABEL.search(r.label)]
        start = position + 1
        for col in table.column("group") + table.column("total"):
            total = _count(row.cells.get(col.index))
            apa_layout = total is None
            if total is None and _PLAIN_TOTAL.match(row.label):
                total = _bare_count(row.cells.get(col.index))  # APA: "Total | 120" under "n (%)" cells
            bare = bool(_COUNT_HEAD.match(col.label.replace("*", "")))  # an "n" column of bare counts

            def count(r: RowView, c: ColumnView = col, bare_counts: bool = bare) -> int | None:
                found = _count(r.cells.get(c.index))
                return found if found is not None or not bare_counts else _bare_count(r.cells.get(c.index))

            # The components are the run of count rows directly above the total.
            components: list[RowView] = []
            for candidate in reversed(block):
                if count(candidate) is None:
                    break
                components.insert(0, candidate)
            parts = [count(r) for r in components]
            if total is None or len(components) < 2:
                continue
            apa_layout = apa_layout or any(_count(r.cells.get(col.index)) is None for r in components)
            if apa_layout and not _percentages_partition(table, components, col):
                continue  # the rows above may be several variables: nothing shows they share the total
            summed = sum(p for p in parts if p is not None)
            if summed != total:
                cell = row.cells[col.index]
                listing = " + ".join(str(p) for p in parts)
                yield Finding(
                    check="stats.total_mismatch", severity="error",
                    message=f"{table.label}, {row.label} ({col.label}): the rows above add up to {listing} = "
                            f"{summed}, but the total printed is {total}",
                    focus=str(cell.iri), location=_location(table, row, col.label, cell),
                    evidence={"components": {r.label: p for r, p in zip(components, parts, strict=True)},
                              "sum": summed, "printed_total": total},
                )


_PAIRS = (
    (re.compile(r"^\s*(male|men|boys)\b", re.I), re.compile(r"^\s*(female|women|girls)\b", re.I)),
    (re.compile(r"^\s*yes\b", re.I), re.compile(r"^\s*no\b", re.I)),
)


def _complementary_pairs(table: TableView) -> Iterator[Finding]:
    for first, second in _PAIRS:
        a = next((r for r in table.rows if first.search(r.label)), None)
        b = next((r for r in table.rows if second.search(r.label)), None)
        if a is None or b is None:
            continue
        for col in table.column("group") + table.column("total"):
            ca, cb = _count(a.cells.get(col.index)), _count(b.cells.get(col.index))
            if ca is None or cb is None or not col.n:
                continue
            if ca + cb != col.n:
                cell = b.cells[col.index]
                yield Finding(
                    check="stats.total_mismatch", severity="error" if ca + cb > col.n else "warning",
                    message=f"{table.label}, {a.label} + {b.label} ({col.label}): {ca} + {cb} = {ca + cb}, "
                            f"but the group has n = {col.n}"
                            + ("" if ca + cb > col.n else " (missing data would explain a shortfall)"),
                    focus=str(cell.iri), location=_location(table, b, col.label, cell),
                    evidence={"rows": [a.label, b.label], "counts": [ca, cb], "n": col.n},
                )


# --------------------------------------------------------------------------- confidence intervals


def _estimates_and_cis(table: TableView, row: RowView) -> Iterator[tuple[CellView, Num, CellView, Num, Num]]:
    """Every estimate of a row with its CI: "1.50 (1.00, 2.24)" cells, or an estimate column and the CI
    column after it.  A table of several outcomes side by side has one pair per outcome."""
    for index in sorted(row.cells):
        cell = row.cells[index]
        if cell.kind == "estimate_ci" and cell.established and {"estimate", "ci_low", "ci_high"} <= cell.values.keys():
            yield cell, cell.values["estimate"], cell, cell.values["ci_low"], cell.values["ci_high"]
    ci_columns = table.column("ci")
    for est_col in table.column("estimate"):
        est = row.cells.get(est_col.index)
        if est is None or est.kind == "estimate_ci":
            continue
        value = est.values.get("number") or est.values.get("estimate")
        # The CI column that belongs to this estimate: the first one to its right.
        ci_col = next((c for c in ci_columns if c.index > est_col.index), None)
        ci = row.cells.get(ci_col.index) if ci_col is not None else None
        if value is None or ci is None:
            continue
        low, high = ci.values.get("ci_low") or ci.values.get("low"), ci.values.get("ci_high") or ci.values.get("high")
        if low is not None and high is not None:
            yield est, value, ci, low, high


def _paired_p_cell(table: TableView, row: RowView, est_cell: CellView) -> CellView | None:
    """The p-value cell of one estimate: in the first p column to its right, before the next estimate."""
    after = est_cell.column_index
    next_estimate = min({c.index for c in table.columns if c.role == "estimate" and c.index > after}
                        | {i for i, c in row.cells.items() if c.kind == "estimate_ci" and i > after}, default=None)
    for col in table.column("p_value"):
        if col.index <= after or (next_estimate is not None and col.index > next_estimate):
            continue
        cell = row.cells.get(col.index)
        if cell is not None and "p_value" in cell.values:
            return cell
    return None


# A footnote that makes a p-value a test of several rows at once, not of this row's estimate.
_JOINT_TEST = re.compile(
    r"overall|trend|joint|global|omnibus|interaction|heterogeneity|likelihood[- ]ratio|variation|across|"
    r"between (?:\w+ ){0,3}(?:groups|categories|levels)|all (?:levels|categories)", re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"\d\s*([a-z]|[*†‡§¶#]+)\s*$")


def _is_joint_p(table: TableView, row: RowView, p_cell: CellView, est_cell: CellView) -> bool:
    """Whether a row's p-value tests more than its own estimate, so the CI cannot be checked against it.

    Two signs: the p cell spans the rows below it (they have an estimate but no cell at all in the
    p column: a ``rowspan``), or a footnote marker on the p ("<0.001b") whose note calls it a test of
    overall variation, trend, interaction or heterogeneity.
    """
    position = table.rows.index(row)
    if position + 1 < len(table.rows):
        below = table.rows[position + 1]
        if p_cell.column_index not in below.cells and est_cell.column_index in below.cells:
            return True
    mark = _FOOTNOTE_MARK.search(p_cell.raw)
    if mark and table.notes:
        note = re.search(rf"(?:^|(?<=[\s.;,)]))\(?{re.escape(mark.group(1))}\)?\s*[:.]?\s*([^.;]+)", table.notes)
        if note and _JOINT_TEST.search(note.group(1)):
            return True
    return False


# What makes a bracket the CI of a comparison (the quantity a p-value tests): a ratio, a difference, a
# regression coefficient or an effect, named in the cell or its column header.
EFFECT_LABEL = re.compile(
    r"odds|hazard|risk ratio|relative risk|rate ratio|\b(?:a?OR|a?HR|a?RR|a?PR|RP|IRR|SHR|RD|ARR|ARD|MD|SMD|WMD|GMR)\b|"
    r"differen|ratio|coefficient|\bbeta\b|β|\bB\b|effect|estimate|slope|association", re.IGNORECASE,
)


def _p_tests_estimate(table: TableView, row: RowView, est_cell: CellView, p_cell: CellView) -> bool:
    """Whether the row's p tests this estimate, so that the CI and the p must agree.

    An arm's own mean or rate with its CI ("12.1 (10.3–14.0)" under "Drug") sits beside a p for arm
    against arm, which its CI says nothing about: only an estimate the cell or its column names as a
    comparison (OR, HR, difference, coefficient) is paired, and only when it is the row's one estimate
    before the p (two bracketed estimates before one p are the groups the p compares).
    """
    if est_cell.measure is None and not EFFECT_LABEL.search(est_cell.column_label or ""):
        return False
    column = next((c for c in table.columns if c.index == est_cell.column_index), None)
    if column is not None and column.role == "group":
        return False
    start = max((c.index for c in table.column("p_value") if c.index < est_cell.column_index), default=-1)
    before_p = [c for i, c in row.cells.items() if start < i < p_cell.column_index and c.kind == "estimate_ci"]
    return len(before_p) <= 1


def _is_ratio(table: TableView, row: RowView, est_cell: CellView) -> bool:
    labels = " ".join([est_cell.column_label, est_cell.measure or "", table.caption, row.label])
    return bool(RATIO_LABEL.search(labels))


@python_check(
    "stats.ci_mismatch", severity="error",
    description="An estimate outside its CI, a ratio estimate far from its CI's geometric midpoint, or a p-value "
                "that contradicts the CI (Altman & Bland).",
)
def check_confidence_intervals(graph: Graph) -> Iterator[Finding]:
    """Estimates against their confidence intervals and p-values.

    Table by table and problem by problem: when most of a table's estimates fail the same test, one
    info finding replaces them (:data:`MOST_CELLS_FAIL`).
    """
    for table in tables(graph):
        tested = 0
        failed: dict[str, list[Finding]] = {}
        for row in table.rows:
            for found in _estimates_and_cis(table, row):
                tested += 1
                for finding in _ci_findings(table, row, *found):
                    failed.setdefault(str(finding.evidence.get("problem", "order")), []).append(finding)
        for problem, findings in failed.items():
            reading = "estimates (95% CI) with their p-values" if problem == "p_vs_ci" else "estimates (95% CI)"
            yield from _column_sanity("stats.ci_mismatch", table, "all", reading, tested, findings)


def _ci_findings(table: TableView, row: RowView, est_cell: CellView, estimate: Num, ci_cell: CellView, low: Num,
                 high: Num) -> Iterator[Finding]:
    """The CI check of one estimate: order of the limits, estimate inside, log-symmetry, agreement with its p."""
    ratio = _is_ratio(table, row, est_cell)
    where = _location(table, row, est_cell.column_label or None, est_cell)
    shown = f"{estimate.text} ({low.text}–{high.text})"
    evidence = {"estimate": estimate.text, "ci_low": low.text, "ci_high": high.text, "ratio_measure": ratio}
    if low.value > high.value:
        yield Finding(check="stats.ci_mismatch", severity="error",
                      message=f"{table.label}, {row.label}: the CI {low.text}–{high.text} has its lower "
                              f"limit above its upper limit", focus=str(ci_cell.iri), location=where,
                      evidence={**evidence, "problem": "order"})
        return
    if not ci_contains(estimate.text, low.text, high.text):
        yield Finding(check="stats.ci_mismatch", severity="error",
                      message=f"{table.label}, {row.label}: estimate {estimate.text} lies outside its "
                              f"95% CI {low.text}–{high.text}", focus=str(est_cell.iri), location=where,
                      evidence={**evidence, "problem": "outside"})
        return
    if ratio and min(low.value, high.value, estimate.value) > 0:
        distance = ratio_midpoint_ratio(estimate.text, low.text, high.text)
        off = max(distance, 1 / distance) if distance > 0 else float("inf")
        if off > MIDPOINT_RATIO_LIMIT:
            midpoint = (low.value * high.value) ** 0.5
            yield Finding(check="stats.ci_mismatch", severity="warning",
                          message=f"{table.label}, {row.label}: ratio estimate {shown} is {off:.2f}× away "
                                  f"from the CI's geometric midpoint {midpoint:.2f}; a ratio CI is "
                                  f"symmetric on the log scale", focus=str(est_cell.iri), location=where,
                          evidence={**evidence, "problem": "asymmetric", "geometric_midpoint": midpoint,
                                    "ratio_to_midpoint": off})
    p_cell = _paired_p_cell(table, row, est_cell)
    if p_cell is not None and _p_tests_estimate(table, row, est_cell, p_cell) \
            and not _is_joint_p(table, row, p_cell, est_cell):
        yield from _p_against_ci(table, row, p_cell, estimate, low, high, ratio, evidence)


def _p_against_ci(table: TableView, row: RowView, p_cell: CellView, estimate: Num, low: Num, high: Num,
                  ratio: bool, evidence: dict) -> Iterator[Finding]:
    if ratio and min(low.value, high.value) <= 0:
        return
    reported = p_cell.values["p_value"]
    comparator = p_cell.comparator or "="
    reported_text = reported.text
    if reported.value == 0 and comparator == "=":
        # "0.000" is statistics software's way of printing p < 0.0005, not a claim that p is zero.
        comparator, reported_text = "<", f"{0.5 * 10 ** -max(reported.decimals, 1):.{max(reported.decimals, 1) + 1}f}"
    p_range = p_range_from_ci(estimate.text, low.text, high.text, ratio)
    if comparator == "=" and reported.decimals >= 3 and abs(reported.value - 10 ** -reported.decimals) < 1e-12 \
            and p_range.high < reported.value:
        # ".001" or ".0001", the smallest p its decimals can print, stands for "at most that" when the true p
        # is smaller still (a floor, as in tables that print ".0001" for p < .0001).
        comparator = "<="
    null = 1.0 if ratio else 0.0
    excludes_null = low.value > null or high.value < null
    lenient_low, lenient_high = p_range.low / CI_P_FACTOR, min(1.0, p_range.high * CI_P_FACTOR)
    if p_consistent(reported_text, comparator, lenient_low, lenient_high):
        return
    significant = float(reported_text) < 0.05 if comparator == "=" else (
        comparator in ("<", "<=") and float(reported_text) <= 0.05)
    flips = significant != excludes_null
    severity = "error" if flips else "warning"
    counts_beside = [c for c in row.cells.values() if c.kind in ("count_percent", "fraction") and c.established]
    why = ""
    if counts_beside:
        # The row prints its counts too: its p may come from a test on them (chi-square, Fisher's exact),
        # which the CI of a ratio does not follow, least of all in small groups.  Which test gave the p is
        # not established, so this is for information only.
        severity = "info"
        why = ("; the row also prints counts, so the p may be a chi-square or exact test on them rather than "
               "the test of this estimate (for information only)")
    yield Finding(
        check="stats.ci_mismatch", severity=severity,  # type: ignore[arg-type]
        message=f"{table.label}, {row.label}: reported p {comparator} {reported.text}, but the estimate "
                f"{estimate.text} with 95% CI {low.text}–{high.text} implies p ≈ {format_p(p_range.point)} "
                f"(range {format_p(p_range.low)}–{format_p(p_range.high)}, SE from the CI width"
                f"{' on the log scale' if ratio else ''})"
                + ("; the CI and the p disagree on significance" if flips else "") + why,
        focus=str(p_cell.iri), location=_location(table, row, _column_label(table, p_cell), p_cell),
        evidence={**evidence, "problem": "p_vs_ci", "reported_p": reported.value, "comparator": comparator,
                  "p_from_ci": p_range.point, "p_from_ci_range": [p_range.low, p_range.high],
                  "decision_error": flips, "method": "Altman & Bland 2011"},
    )


# --------------------------------------------------------------------------- baseline tables (Carlisle)

BASELINE_CAPTION = re.compile(r"baseline|demographic|characteristics of (the )?(patients|participants|subjects)", re.I)
COMPARABLE_DESIGN = re.compile(r"randomi[sz]|matched|propensity", re.I)


def _row_counts(table: TableView, row: RowView) -> list[tuple[int, int]] | None:
    """(count, n) of each group of a count row, or ``None`` when the row is not counts in every group."""
    out = []
    for col, cell in _group_cells(table, row):
        k = _count(cell)
        n = int(cell.values["denominator"].value) if "denominator" in cell.values else col.n
        if k is None or not n:
            return None
        out.append((k, int(n)))
    return out if len(out) >= 2 else None


def _no_independent_information(table: TableView, row: RowView) -> bool:
    """Rows Carlisle's method must not count, because their p-values are not independent draws.

    * identical counts (proportions) in every group: a discrete test gives p = 1 exactly, a value a continuous p
      would almost never take, and a pile of such rows would look "too similar" for no reason;
    * the complement of an earlier row (Female after Male, No after Yes): k + k' = n in every group,
      so its p is the earlier row's p again.
    """
    counts = _row_counts(table, row)
    if counts is None:
        return False
    if len({Fraction(k, n) for k, n in counts}) == 1:
        return True
    position = table.rows.index(row)
    for earlier in table.rows[:position]:
        other = _row_counts(table, earlier)
        if other is not None and len(other) == len(counts) and all(
                k1 + k2 == n1 == n2 for (k1, n1), (k2, n2) in zip(counts, other, strict=True)):
            return True
    return False


@python_check(
    "stats.baseline_anomaly", severity="warning",
    description="Baseline-table p-values (recomputed from the summaries) too uniform or too extreme to come from "
                "randomised or matched groups (Carlisle's method).",
)
def check_baseline_table(graph: Graph) -> Iterator[Finding]:
    """Carlisle's method on a baseline table, when the design claims comparable groups."""
    if not any(COMPARABLE_DESIGN.search(s.text) for s in sentences(graph)):
        return
    for table in tables(graph):
        if not BASELINE_CAPTION.search(table.caption):
            continue
        p_values, used = [], []
        for row in table.rows:
            if _no_independent_information(table, row):
                continue
            recomputed = recompute_row_p(table, row)
            if recomputed is None:
                continue
            _, results, _ = recomputed
            name = "welch_t" if "welch_t" in results else ("chi2" if "chi2" in results else next(iter(results)))
            p_values.append(results[name].point)
            used.append({"row": row.label, "test": name, "p": results[name].point})
        if len(p_values) < 4:
            continue
        combined = carlisle_combined(p_values)
        extreme = min(combined["stouffer_p_small"], combined["stouffer_p_large"])
        if extreme >= 0.001:
            continue
        direction = "too similar (p-values pile up near 1)" if combined["stouffer_p_large"] < 0.001 else \
            "too different (p-values pile up near 0)"
        yield Finding(
            check="stats.baseline_anomaly", severity="warning",
            message=f"{table.label}: the {len(p_values)} baseline p-values recomputed from the printed summaries are "
                    f"{direction} for groups the design says are comparable (Stouffer combined p = {extreme:.1e})",
            focus=str(table.iri), location=Location(table=table.label),
            evidence={"per_row": used, **combined, "method": "Carlisle (Stouffer and Fisher combination)"},
        )
