"""Numeric consistency of tables: percentages, GRIM family, p-values, totals, CIs, baseline tables.

Each check is one function over the graph (read through
:mod:`kgaudit.graph.views`); the statistics live in :mod:`kgaudit.checks.numeric`
and :mod:`kgaudit.checks.pvalues`.  Every printed number is read as the
interval it rounds from, every plausible convention (test, rounding,
denominator) is tried, and a finding is raised only when none reconciles the
numbers.  Messages state the numbers used and what was recomputed, so an
editor can redo the arithmetic by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph

from kgaudit.checks.base import Finding, Location, python_check
from kgaudit.checks.numeric import (
    grim_consistent,
    grimmer_consistent,
    max_sd_for_bounded,
    percent_grim,
    percentage_consistent,
)
from kgaudit.checks.pvalues import (
    carlisle_combined,
    ci_contains,
    decision_error,
    p_consistent,
    p_distance_units,
    p_range_from_ci,
    ratio_midpoint_ratio,
    recompute_p_counts,
    recompute_p_groups,
)
from kgaudit.graph.views import CellView, ColumnView, RowView, TableView, sentences, tables
from kgaudit.model import Num

# Row labels whose percentages are estimates, not k/N proportions (Kaplan–Meier, accuracy, rates).
ESTIMATE_LABEL = re.compile(
    r"surviv|kaplan|free surviv|\bdfs\b|\bos\b|\bpfs\b|accuracy|sensitivity|specificity|\bppv\b|\bnpv\b|auc|"
    r"per\s+\d+|person[- ]|rate per|incidence rate|cumulative|probability|predicted|adjusted|weighted",
    re.IGNORECASE,
)
# Row labels of integer-valued data (GRIM/GRIMMER apply to their means).
INTEGER_LABEL = re.compile(r"score|scale|likert|\bvas\b|number of|no\. of|count|items?\b|points?\b", re.IGNORECASE)
MEDIAN_LABEL = re.compile(r"median|\biqr\b|interquartile|range", re.IGNORECASE)
TOTAL_LABEL = re.compile(r"^\s*(total|overall|any|all)\b", re.IGNORECASE)
RATIO_LABEL = re.compile(r"odds|hazard|risk ratio|relative risk|\b(a?or|a?hr|rr|irr)\b", re.IGNORECASE)

# Software differs in exact-test and continuity-correction variants: a printed p whose last decimal is
# one unit away from some standard test's rounded value (0.41 printed, Fisher 0.3995 → 0.40; 1.05 units
# outside the range) is not called inconsistent.
NEAR_MISS_UNITS = 1.5
# A p-value implied by a CI is approximate (CIs are not always Wald); the printed p must lie within
# this factor of the CI's p-range before it is called inconsistent.
CI_P_FACTOR = 4.0
# An estimate more than this far (as a ratio) from its CI's geometric midpoint is asymmetric.
MIDPOINT_RATIO_LIMIT = 1.25


def _fmt(num: Num) -> str:
    return num.text


def _fmt_p(p: float) -> str:
    if p < 0.001:
        return f"{p:.1e}"
    return f"{p:.3f}" if p < 0.1 else f"{p:.2f}"


def _location(table: TableView, row: RowView, column: str | None, cell: CellView | None) -> Location:
    return Location(
        table=table.label, row=row.label, column=column, quote=cell.raw if cell else None,
        char_start=cell.char_start if cell else None, char_end=cell.char_end if cell else None,
    )


def _group_cells(table: TableView, row: RowView) -> list[tuple[ColumnView, CellView]]:
    return [(col, row.cells[col.index]) for col in table.column("group") if col.index in row.cells]


def _p_cell(table: TableView, row: RowView) -> CellView | None:
    for col in table.column("p_value"):
        cell = row.cells.get(col.index)
        if cell is not None and "p_value" in cell.values:
            return cell
    return None


# --------------------------------------------------------------------------- percentages


@python_check(
    "stats.percentage_mismatch", severity="error",
    description="“n (x%)” where x is not n/N rounded, or a bare percentage that no integer count out of N "
                "can produce (GRIM for percentages).",
)
def check_percentages(graph: Graph) -> Iterator[Finding]:
    """Flag percentages that no count out of the column's N (or the printed denominator) can give."""
    for table in tables(graph):
        for row in table.rows:
            for col, cell in _group_cells(table, row):
                yield from _percentage_finding(table, row, col, cell)


def _count_run(table: TableView, row: RowView, col: ColumnView) -> list[int]:
    """Counts of the contiguous rows of counts around ``row`` in ``col`` (a categorical variable's levels)."""
    position = table.rows.index(row)
    counts: dict[int, int] = {}
    for step in (-1, 1):
        i = position
        while 0 <= i < len(table.rows):
            value = _count(table.rows[i].cells.get(col.index))
            if value is None:
                break
            counts[i] = value
            i += step
    return [counts[i] for i in sorted(counts)]


def _subtotal_denominators(table: TableView, row: RowView, col: ColumnView) -> set[int]:
    """Denominators a categorical variable's percentages may use: its levels' sum, or the sum without one level
    (the "unknown" level is often left out of the denominator)."""
    run = _count_run(table, row, col)
    if len(run) < 2:
        return set()
    total = sum(run)
    return {total} | {total - level for level in run}


def _percentage_finding(table: TableView, row: RowView, col: ColumnView, cell: CellView) -> Iterator[Finding]:
    percent = cell.values.get("percent")
    if percent is None or cell.kind not in ("count_percent", "fraction", "percent"):
        return
    n = int(cell.values["denominator"].value) if "denominator" in cell.values else col.n
    if not n:
        return
    n_source = "printed denominator" if "denominator" in cell.values else f"column n ({col.n_source})"
    estimate = bool(ESTIMATE_LABEL.search(row.label))
    count = cell.values.get("count")
    if count is not None:
        k = int(count.value)
        if percentage_consistent(k, n, percent):
            return
        if "denominator" not in cell.values and any(
            d >= max(k, 1) and percentage_consistent(k, d, percent) for d in _subtotal_denominators(table, row, col)
        ):
            return  # computed over the variable's known-value subtotal, a common and valid convention
        exact = 100 * k / n
        near = [d for d in range(max(k, 1), n) if d >= 0.9 * n and percentage_consistent(k, d, percent)]
        hint = (f" (a denominator of {near[-1]} would give it: missing data, if the paper says so)" if near else "")
        yield Finding(
            check="stats.percentage_mismatch", severity="error",
            message=f"{table.label}, {row.label} ({col.label}): {cell.raw} but {k}/{n} = {exact:.2f}%, "
                    f"which does not round to {_fmt(percent)}%{hint}",
            focus=str(cell.iri), location=_location(table, row, col.label, cell),
            evidence={"count": k, "n": n, "n_source": n_source, "printed_percent": percent.text,
                      "exact_percent": round(exact, 4), "denominators_that_fit": near[-3:]},
        )
        return
    counts = percent_grim(percent, n)
    if counts:
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


@python_check(
    "stats.grim", severity="error",
    description="A mean of integer data (scores, counts) that no integer sum over N can produce (GRIM).",
)
def check_grim(graph: Graph) -> Iterator[Finding]:
    """GRIM on mean ± SD cells of rows whose label says the data are integers."""
    for table in tables(graph):
        for row in table.rows:
            if not INTEGER_LABEL.search(row.label):
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


@python_check(
    "stats.grimmer", severity="error",
    description="An SD impossible for integer data with that mean and N (GRIMMER).",
)
def check_grimmer(graph: Graph) -> Iterator[Finding]:
    """GRIMMER on mean ± SD cells of integer-valued rows (GRIM-consistent means only)."""
    for table in tables(graph):
        for row in table.rows:
            if not INTEGER_LABEL.search(row.label):
                continue
            for col, cell in _group_cells(table, row):
                mean, sd = cell.values.get("mean"), cell.values.get("sd")
                if mean is None or sd is None or not col.n or col.n < 2 or sd.decimals == 0:
                    continue
                if grim_consistent(mean.text, col.n) and not grimmer_consistent(mean.text, sd.text, col.n):
                    yield Finding(
                        check="stats.grimmer", severity="error",
                        message=f"{table.label}, {row.label} ({col.label}): SD {sd.text} is impossible for integer "
                                f"data with mean {mean.text} and N = {col.n} (GRIMMER)",
                        focus=str(cell.iri), location=_location(table, row, col.label, cell),
                        evidence={"mean": mean.text, "sd": sd.text, "n": col.n, "test": "GRIMMER"},
                    )


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
                "reproduces from the row's printed summaries; error when significance at 0.05 flips.",
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
            best = min(results.items(), key=lambda item: abs(item[1].point - reported.value))
            flips = all(decision_error(reported.text, comparator, r.point) for r in results.values())
            tests = ", ".join(f"{_fmt_p(r.point)} ({name.replace('_', ' ')})" for name, r in results.items())
            yield Finding(
                check="stats.p_value_mismatch", severity="error" if flips else "warning",
                message=f"{table.label}, {row.label}: reported p {comparator if comparator != '=' else '='} "
                        f"{reported.text}, but {shown} gives p = {tests}"
                        + ("; significance at 0.05 flips" if flips else ""),
                focus=str(p_cell.iri), location=_location(table, row, _column_label(table, p_cell), p_cell),
                evidence={
                    "reported_p": reported.value, "reported_text": reported.text, "comparator": comparator,
                    "recomputed": {name: r.point for name, r in results.items()},
                    "recomputed_range": {name: [r.low, r.high] for name, r in results.items()},
                    "closest_test": best[0], "decision_error": flips, "inputs": inputs,
                },
            )


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
    if cell is None or "count" not in cell.values or cell.kind not in ("count_percent", "fraction", "number"):
        return None
    return int(cell.values["count"].value)


def _total_rows(table: TableView) -> Iterator[Finding]:
    start = 0
    for position, row in enumerate(table.rows):
        if not TOTAL_LABEL.search(row.label):
            continue
        block = [r for r in table.rows[start:position] if not TOTAL_LABEL.search(r.label)]
        start = position + 1
        for col in table.column("group") + table.column("total"):
            total = _count(row.cells.get(col.index))
            # The components are the run of count rows directly above the total.
            components: list[RowView] = []
            for candidate in reversed(block):
                if _count(candidate.cells.get(col.index)) is None:
                    break
                components.insert(0, candidate)
            parts = [_count(r.cells.get(col.index)) for r in components]
            if total is None or len(components) < 2:
                continue
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


def _estimate_and_ci(table: TableView, row: RowView) -> tuple[CellView, Num, CellView, Num, Num] | None:
    for cell in row.cells.values():
        if cell.kind == "estimate_ci" and {"estimate", "ci_low", "ci_high"} <= cell.values.keys():
            return cell, cell.values["estimate"], cell, cell.values["ci_low"], cell.values["ci_high"]
    est_cells = [row.cells[c.index] for c in table.column("estimate") if c.index in row.cells]
    ci_cells = [row.cells[c.index] for c in table.column("ci") if c.index in row.cells]
    for est in est_cells:
        value = est.values.get("number") or est.values.get("estimate")
        for ci in ci_cells:
            low, high = ci.values.get("ci_low") or ci.values.get("low"), ci.values.get("ci_high") or ci.values.get("high")
            if value is not None and low is not None and high is not None:
                return est, value, ci, low, high
    return None


def _is_ratio(table: TableView, row: RowView, est_cell: CellView) -> bool:
    labels = " ".join([est_cell.column_label, est_cell.measure or "", table.caption, row.label])
    return bool(RATIO_LABEL.search(labels))


@python_check(
    "stats.ci_mismatch", severity="error",
    description="An estimate outside its CI, a ratio estimate far from its CI's geometric midpoint, or a p-value "
                "that contradicts the CI (Altman & Bland).",
)
def check_confidence_intervals(graph: Graph) -> Iterator[Finding]:
    """Estimates against their confidence intervals and p-values."""
    for table in tables(graph):
        for row in table.rows:
            found = _estimate_and_ci(table, row)
            if found is None:
                continue
            est_cell, estimate, ci_cell, low, high = found
            ratio = _is_ratio(table, row, est_cell)
            where = _location(table, row, est_cell.column_label or None, est_cell)
            shown = f"{estimate.text} ({low.text}–{high.text})"
            evidence = {"estimate": estimate.text, "ci_low": low.text, "ci_high": high.text, "ratio_measure": ratio}
            if low.value > high.value:
                yield Finding(check="stats.ci_mismatch", severity="error",
                              message=f"{table.label}, {row.label}: the CI {low.text}–{high.text} has its lower "
                                      f"limit above its upper limit", focus=str(ci_cell.iri), location=where,
                              evidence=evidence)
                continue
            if not ci_contains(estimate.text, low.text, high.text):
                yield Finding(check="stats.ci_mismatch", severity="error",
                              message=f"{table.label}, {row.label}: estimate {estimate.text} lies outside its "
                                      f"95% CI {low.text}–{high.text}", focus=str(est_cell.iri), location=where,
                              evidence={**evidence, "problem": "outside"})
                continue
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
            p_cell = _p_cell(table, row)
            if p_cell is not None:
                yield from _p_against_ci(table, row, p_cell, estimate, low, high, ratio, evidence)


def _p_against_ci(table: TableView, row: RowView, p_cell: CellView, estimate: Num, low: Num, high: Num,
                  ratio: bool, evidence: dict) -> Iterator[Finding]:
    if ratio and min(low.value, high.value) <= 0:
        return
    reported = p_cell.values["p_value"]
    comparator = p_cell.comparator or "="
    p_range = p_range_from_ci(estimate.text, low.text, high.text, ratio)
    null = 1.0 if ratio else 0.0
    excludes_null = low.value > null or high.value < null
    lenient_low, lenient_high = p_range.low / CI_P_FACTOR, min(1.0, p_range.high * CI_P_FACTOR)
    if p_consistent(reported.text, comparator, lenient_low, lenient_high):
        return
    significant = reported.value < 0.05 if comparator == "=" else (comparator in ("<", "<=") and reported.value <= 0.05)
    flips = significant != excludes_null
    yield Finding(
        check="stats.ci_mismatch", severity="error" if flips else "warning",
        message=f"{table.label}, {row.label}: reported p {comparator} {reported.text}, but the estimate "
                f"{estimate.text} with 95% CI {low.text}–{high.text} implies p ≈ {_fmt_p(p_range.point)} "
                f"(range {_fmt_p(p_range.low)}–{_fmt_p(p_range.high)}, SE from the CI width"
                f"{' on the log scale' if ratio else ''})"
                + ("; the CI and the p disagree on significance" if flips else ""),
        focus=str(p_cell.iri), location=_location(table, row, _column_label(table, p_cell), p_cell),
        evidence={**evidence, "problem": "p_vs_ci", "reported_p": reported.value, "comparator": comparator,
                  "p_from_ci": p_range.point, "p_from_ci_range": [p_range.low, p_range.high],
                  "decision_error": flips, "method": "Altman & Bland 2011"},
    )


# --------------------------------------------------------------------------- baseline tables (Carlisle)

BASELINE_CAPTION = re.compile(r"baseline|demographic|characteristics of (the )?(patients|participants|subjects)", re.I)
COMPARABLE_DESIGN = re.compile(r"randomi[sz]|matched|propensity", re.I)


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
