"""Throughput of the statistics engine: table cells (or text results) checked per second.

Run ``python benchmarks/stats_engine.py [--cells 20000]``.  Inputs are generated
with a fixed seed, shaped like clinical tables (n of 20-500 per group, means and
percentages with one or two decimals).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from kgaudit.ingest.statistics import check_text_statistic, find_statistics
from kgaudit.model import Num
from kgaudit.stats.numeric import grim_consistent, grimmer_consistent, percent_grim, percentage_consistent
from kgaudit.stats.pvalues import recompute_p_counts, recompute_p_two_groups, reproducing_tests


def _num(value: float, decimals: int) -> Num:
    text = f"{value:.{decimals}f}"
    return Num(float(text), text, decimals)


def percentage_cells(rng: random.Random, count: int) -> list[tuple[int, int, Num]]:
    """``n (x%)`` cells: mostly right, some with a last digit off."""
    cells = []
    for _ in range(count):
        n = rng.randint(20, 500)
        k = rng.randint(0, n)
        percent = 100 * k / n + (0.1 if rng.random() < 0.2 else 0.0)
        cells.append((k, n, _num(percent, 1)))
    return cells


def mean_cells(rng: random.Random, count: int) -> list[tuple[Num, Num, int]]:
    """``mean ± SD`` cells of integer data (a 1-7 scale), two decimals."""
    cells = []
    for _ in range(count):
        n = rng.randint(10, 120)
        data = [rng.randint(1, 7) for _ in range(n)]
        mean = sum(data) / n
        sd = (sum((x - mean) ** 2 for x in data) / (n - 1)) ** 0.5
        cells.append((_num(mean + (0.01 if rng.random() < 0.2 else 0.0), 2), _num(sd, 2), n))
    return cells


def two_group_rows(rng: random.Random, count: int) -> list[tuple[tuple[Num, Num, int], tuple[Num, Num, int], Num]]:
    """Two-group rows ``m ± sd | m ± sd | p`` with one-decimal summaries."""
    rows = []
    for _ in range(count):
        n1, n2 = rng.randint(20, 300), rng.randint(20, 300)
        m1, m2 = rng.uniform(20, 80), rng.uniform(20, 80)
        rows.append(((_num(m1, 1), _num(rng.uniform(3, 20), 1), n1),
                     (_num(m2, 1), _num(rng.uniform(3, 20), 1), n2), _num(rng.random(), 3)))
    return rows


def count_rows(rng: random.Random, count: int) -> list[tuple[list[list[int]], Num]]:
    """2x2 rows ``a/n1 vs b/n2`` with a printed p."""
    rows = []
    for _ in range(count):
        n1, n2 = rng.randint(20, 300), rng.randint(20, 300)
        a, b = rng.randint(0, n1), rng.randint(0, n2)
        rows.append(([[a, n1 - a], [b, n2 - b]], _num(rng.random(), 2)))
    return rows


def text_results(rng: random.Random, count: int) -> list[str]:
    """Sentences with one APA result each, of mixed test types."""
    templates = [
        lambda: f"t({rng.randint(10, 200)}) = {rng.uniform(0, 4):.2f}, p = {rng.random():.3f}",
        lambda: f"F({rng.randint(1, 4)}, {rng.randint(20, 200)}) = {rng.uniform(0, 9):.2f}, p < .05",
        lambda: f"r({rng.randint(10, 200)}) = .{rng.randint(1, 99):02d}, p = {rng.random():.2f}",
        lambda: f"χ2({rng.randint(1, 4)}, N = {rng.randint(50, 900)}) = {rng.uniform(0, 12):.1f}, p = .04",
    ]
    return [f"The effect was tested, {rng.choice(templates)()}." for _ in range(count)]


def _time(label: str, items: Sequence[Any], work: Callable[[Any], object]) -> None:
    start = time.perf_counter()
    for item in items:
        work(item)
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {len(items):>7} cells  {elapsed:7.3f} s  {len(items) / elapsed:>10,.0f} cells/s")


def main() -> None:
    """Generate inputs, time each check family, print cells per second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=20000, help="cells per cheap check (default 20000)")
    args = parser.parse_args()
    rng = random.Random(20250101)
    cheap, costly = args.cells, max(args.cells // 10, 100)

    percentages = percentage_cells(rng, cheap)
    _time("percentage n (x%) consistency", percentages, lambda c: percentage_consistent(*c))
    _time("percent GRIM (possible counts)", percentages, lambda c: percent_grim(c[2], c[1]))
    means = mean_cells(rng, cheap)
    _time("GRIM (mean, n)", means, lambda c: grim_consistent(c[0], c[2]))
    _time("GRIMMER (mean, SD, n)", means, lambda c: grimmer_consistent(c[0], c[1], c[2]))
    groups = two_group_rows(rng, costly)
    _time("t-tests over rounding box (Student+Welch)", groups,
          lambda r: reproducing_tests(r[2], "=", recompute_p_two_groups(r[0], r[1])))
    counts = count_rows(rng, costly)
    _time("2x2 counts (chi2, Yates, Fisher)", counts,
          lambda r: reproducing_tests(r[1], "=", recompute_p_counts(r[0])))
    sentences = text_results(rng, costly)
    _time("text results (find + statcheck rules)", sentences,
          lambda s: [check_text_statistic(stat) for stat in find_statistics(s)])


if __name__ == "__main__":
    main()
