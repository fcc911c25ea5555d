"""P-values recomputed from what a paper prints (pure functions over numbers).

Three sources of a recomputed p:

* a test statistic (``t(48) = 2.31``): :func:`p_from_statistic`, with
  statcheck's formulas (r is turned into t with its df; F, chi2 and Q use the
  upper tail; t, z, r are two-sided unless told otherwise);
* group summaries (means, SDs, n; or counts): Student and Welch t, one-way
  ANOVA, Pearson chi-square with and without Yates' correction, Fisher's exact
  test.  Every printed input is an interval (it was rounded), so each test
  yields a :class:`PRange`: the p at the printed numbers and the smallest and
  largest p anywhere in the rounding box.  Strings, :class:`~kgaudit.model.Num`
  and ints are printed numbers (``"113"`` may be 112.5 to 113.5); a bare float
  is taken as exact;
* a confidence interval (Altman & Bland 2011): :func:`p_from_ci`.

Whether a reported p agrees follows statcheck: an exact ``p = .04`` agrees
when it lies within the recomputed range rounded to the reported decimals;
``p < x`` and ``p > x`` are compared one-sidedly; ``p = 0`` and ``p < 0`` are
errors unless ``p_zero_error`` is off.  A decision error is an error whose
reported and recomputed p fall on different sides of alpha.

Carlisle's method for baseline tables (:func:`carlisle_combined`) combines many
p-values and asks whether they look uniform.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from scipy import optimize, special, stats

from kgaudit.model import Num
from kgaudit.stats.numeric import Printed, printed_value, rounding_interval

# Comparators as printed and how the rules read them.
_LESS = {"<", "<=", "≤"}
_GREATER = {">", ">=", "≥"}

# Fisher's exact test on tables larger than 2x2 is a Monte Carlo estimate.
_FISHER_RESAMPLES = 9999
_FISHER_MAX_TOTAL = 5000

# Carlisle: printed p-values of 0 or 1 cannot enter log/probit transforms.
_P_CLAMP = 1e-12


@dataclass(frozen=True)
class PRange:
    """A recomputed p: at the printed inputs (``point``) and its extremes over their rounding."""

    point: float
    low: float
    high: float

    def contains(self, p: float) -> bool:
        """Whether ``p`` lies in ``[low, high]``."""
        return self.low <= p <= self.high


# --------------------------------------------------------------------------- helpers


def _value(x: Printed | float) -> float:
    if isinstance(x, Num):
        return float(x.value)
    if isinstance(x, int | float) and not isinstance(x, bool):
        return float(x)
    return float(printed_value(x)[0])


def _box(x: Printed | float) -> tuple[float, float]:
    """The rounding interval of a printed number; a bare float is taken as exact."""
    if isinstance(x, float):
        return x, x
    return rounding_interval(x).as_floats()


def _decimals(x: Printed | float) -> int:
    return printed_value(x)[1]


# --------------------------------------------------------------------------- tests on summaries


# The distribution functions below call scipy.special directly: the same algorithms as
# scipy.stats, without the per-call overhead of distribution objects (about 30x faster).


def _t_sf(t: float, df: float) -> float:
    """Upper tail of Student's t."""
    return float(special.stdtr(df, -t))


def _f_sf(f: float, df1: float, df2: float) -> float:
    return float(special.fdtrc(df1, df2, f)) if f > 0 else 1.0


def _chi2_sf(x: float, df: float) -> float:
    return float(special.chdtrc(df, x)) if x > 0 else 1.0


def _norm_sf(z: float) -> float:
    return float(special.ndtr(-z))


def _t_p(t: float, df: float) -> float:
    if math.isinf(t):
        return 0.0
    return min(2 * _t_sf(abs(t), df), 1.0)


def student_t_p(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> float:
    """Two-sided p of Student's two-sample t-test (pooled variance) from summaries."""
    df = n1 + n2 - 2
    if n1 < 1 or n2 < 1 or df < 1:
        raise ValueError("a two-sample t-test needs n1, n2 >= 1 and n1 + n2 >= 3")
    pooled = ((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / df
    se = math.sqrt(pooled * (1 / n1 + 1 / n2))
    return _t_p(_ratio(m1 - m2, se), df)


def welch_t_p(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> float:
    """Two-sided p of Welch's unequal-variance t-test from summaries."""
    if n1 < 2 or n2 < 2:
        raise ValueError("Welch's t-test needs at least two observations per group")
    v1, v2 = sd1**2 / n1, sd2**2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return 0.0 if m1 != m2 else 1.0
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return _t_p((m1 - m2) / se, df)


def _ratio(difference: float, se: float) -> float:
    if se == 0:
        return math.inf if difference != 0 else 0.0
    return difference / se


def anova_p(groups: Sequence[tuple[float, float, int]]) -> float:
    """P of a one-way ANOVA from ``(mean, sd, n)`` per group."""
    between, within, df_between, df_within = _anova_sums(
        [g[0] for g in groups], [g[1] for g in groups], [int(g[2]) for g in groups]
    )
    return _f_p(between, within, df_between, df_within)


def _anova_sums(means: Sequence[float], sds: Sequence[float], ns: Sequence[int]) -> tuple[float, float, int, int]:
    total = sum(ns)
    grand = sum(n * m for n, m in zip(ns, means, strict=True)) / total
    between = sum(n * (m - grand) ** 2 for n, m in zip(ns, means, strict=True))
    within = sum((n - 1) * s**2 for n, s in zip(ns, sds, strict=True))
    return between, within, len(ns) - 1, total - len(ns)


def _f_p(between: float, within: float, df_between: int, df_within: int) -> float:
    if within == 0:
        return 0.0 if between > 0 else 1.0
    f = (between / df_between) / (within / df_within)
    return _f_sf(f, df_between, df_within)


def _clean_table(table: Sequence[Sequence[int]]) -> np.ndarray:
    """The table as integers, without all-zero rows and columns (they carry no information)."""
    array = np.asarray(table, dtype=np.int64)
    if array.ndim != 2 or (array < 0).any():
        raise ValueError("a contingency table is a 2-D array of non-negative counts")
    array = array[array.sum(axis=1) > 0]
    return array[:, array.sum(axis=0) > 0]


def chi2_p(table: Sequence[Sequence[int]], yates: bool = False) -> float:
    """P of Pearson's chi-square test of independence; ``yates`` corrects 2x2 tables for continuity."""
    array = _clean_table(table)
    if min(array.shape) < 2:
        return 1.0  # a margin of zeros: nothing differs
    observed = array.astype(float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    gap = np.abs(observed - expected)
    if yates and array.shape == (2, 2):
        # Yates: move each count half a unit towards its expectation, never past it.
        gap = gap - np.minimum(0.5, gap)
    dof = (array.shape[0] - 1) * (array.shape[1] - 1)
    return _chi2_sf(float(np.sum(gap * gap / expected)), dof)


def fisher_p(table: Sequence[Sequence[int]]) -> float:
    """Two-sided p of Fisher's exact test (exact for 2x2; a seeded Monte Carlo estimate for r x c)."""
    return fisher_range(table).point


def fisher_range(table: Sequence[Sequence[int]]) -> PRange:
    """Fisher's exact p; for r x c tables with the Monte Carlo error (3 SE) as its range."""
    array = _clean_table(table)
    if min(array.shape) < 2:
        return PRange(1.0, 1.0, 1.0)
    if array.shape == (2, 2):
        p = _fisher_2x2(array)
        return PRange(p, p, p)
    if array.sum() > _FISHER_MAX_TOTAL:
        raise ValueError(f"Fisher's exact test on a {array.shape} table of {array.sum()} is not computed")
    method = stats.MonteCarloMethod(n_resamples=_FISHER_RESAMPLES, rng=np.random.default_rng(20250101))
    p = float(stats.fisher_exact(array, method=method).pvalue)
    error = 3 * math.sqrt(max(p * (1 - p), 1 / _FISHER_RESAMPLES) / _FISHER_RESAMPLES)
    return PRange(p, max(p - error, 0.0), min(p + error, 1.0))


def _fisher_2x2(array: np.ndarray) -> float:
    """Two-sided Fisher p: the hypergeometric mass of tables no more likely than the observed one."""
    (a, b), (c, d) = array.tolist()
    row1, col1, total = a + b, a + c, a + b + c + d
    support = np.arange(max(0, row1 + col1 - total), min(row1, col1) + 1)

    def log_pmf(x: np.ndarray | int) -> np.ndarray:
        return -(special.gammaln(x + 1) + special.gammaln(row1 - x + 1) + special.gammaln(col1 - x + 1)
                 + special.gammaln(total - row1 - col1 + x + 1))

    log_masses = log_pmf(support)
    scale = log_masses.max()
    masses = np.exp(log_masses - scale)
    observed = math.exp(float(log_pmf(a)) - scale)
    # The relative tolerance treats tables tied with the observed one as such (R uses 1 + 1e-7).
    return float(min(masses[masses <= observed * (1 + 1e-7)].sum() / masses.sum(), 1.0))


# --------------------------------------------------------------------------- rounding boxes


def recompute_p_two_groups(
    group1: tuple[Printed | float, Printed | float, int],
    group2: tuple[Printed | float, Printed | float, int],
) -> dict[str, PRange]:
    """Student and Welch t p-values for two ``(mean, sd, n)`` summaries, over their rounding box.

    The smallest p takes the largest mean difference and the smallest SDs the
    rounding allows; the largest p the smallest difference (0 when the mean
    intervals overlap) and the largest SDs.  Welch's df depends on the SDs, so
    all four SD corners are tried at each extreme.
    """
    (m1, s1, n1), (m2, s2, n2) = group1, group2
    point_args = (_value(m1), _value(s1), int(n1), _value(m2), _value(s2), int(n2))
    m1_box, m2_box = _box(m1), _box(m2)
    s1_box = tuple(max(v, 0.0) for v in _box(s1))
    s2_box = tuple(max(v, 0.0) for v in _box(s2))
    widest = max(abs(m1_box[1] - m2_box[0]), abs(m1_box[0] - m2_box[1]))
    narrowest = max(m1_box[0] - m2_box[1], m2_box[0] - m1_box[1], 0.0)
    results: dict[str, PRange] = {}
    for name, test in (("student_t", student_t_p), ("welch_t", welch_t_p)):
        corners = list(itertools.product(s1_box, s2_box))
        low = min(test(widest, a, int(n1), 0.0, b, int(n2)) for a, b in corners)
        high = max(test(narrowest, a, int(n1), 0.0, b, int(n2)) for a, b in corners)
        results[name] = PRange(test(*point_args), low, high)
    return results


def recompute_p_groups(groups: Sequence[tuple[Printed | float, Printed | float, int]]) -> dict[str, PRange]:
    """Plausible tests for two or more ``(mean, sd, n)`` summaries, over their rounding box.

    Two groups: Student and Welch t (one-way ANOVA equals Student's t there).
    More groups: one-way ANOVA.
    """
    if len(groups) < 2:
        raise ValueError("a comparison needs at least two groups")
    if len(groups) == 2:
        return recompute_p_two_groups(groups[0], groups[1])
    return {"anova": _anova_range(groups)}


def _anova_range(groups: Sequence[tuple[Printed | float, Printed | float, int]]) -> PRange:
    ns = [int(g[2]) for g in groups]
    means = [_value(g[0]) for g in groups]
    sds = [_value(g[1]) for g in groups]
    mean_boxes = [_box(g[0]) for g in groups]
    sd_boxes = [tuple(max(v, 0.0) for v in _box(g[1])) for g in groups]
    df_between, df_within = len(ns) - 1, sum(ns) - len(ns)
    within_low = sum((n - 1) * box[0] ** 2 for n, box in zip(ns, sd_boxes, strict=True))
    within_high = sum((n - 1) * box[1] ** 2 for n, box in zip(ns, sd_boxes, strict=True))
    between_high = _max_between(mean_boxes, ns)
    between_low = _min_between(mean_boxes, ns)
    point = anova_p([(m, s, n) for m, s, n in zip(means, sds, ns, strict=True)])
    return PRange(
        point,
        _f_p(between_high, within_low, df_between, df_within),
        _f_p(between_low, within_high, df_between, df_within),
    )


def _weighted_ss(values: Sequence[float], ns: Sequence[int]) -> float:
    grand = sum(n * v for n, v in zip(ns, values, strict=True)) / sum(ns)
    return sum(n * (v - grand) ** 2 for n, v in zip(ns, values, strict=True))


def _max_between(boxes: Sequence[tuple[float, float]], ns: Sequence[int]) -> float:
    """Largest between-group sum of squares over the box: a convex function peaks at a vertex."""
    if len(boxes) <= 12:
        return max(_weighted_ss(vertex, ns) for vertex in itertools.product(*boxes))
    grand = sum(n * (lo + hi) / 2 for n, (lo, hi) in zip(ns, boxes, strict=True)) / sum(ns)
    return _weighted_ss([hi if (lo + hi) / 2 >= grand else lo for lo, hi in boxes], ns)


def _min_between(boxes: Sequence[tuple[float, float]], ns: Sequence[int]) -> float:
    """Smallest between-group sum of squares: min over c of sum n * distance(c, box)^2."""
    def spread(c: float) -> float:
        return sum(n * (max(lo - c, 0.0, c - hi)) ** 2 for n, (lo, hi) in zip(ns, boxes, strict=True))

    lows, highs = [b[0] for b in boxes], [b[1] for b in boxes]
    if max(lows) <= min(highs):
        return 0.0
    result = optimize.minimize_scalar(spread, bounds=(min(lows), max(highs)), method="bounded",
                                      options={"xatol": 1e-12})
    return float(result.fun)


def recompute_p_counts(table: Sequence[Sequence[int]]) -> dict[str, PRange]:
    """Plausible tests for a contingency table of counts: Pearson chi-square (with Yates for 2x2), Fisher.

    Counts are exact, so each range is a point (Fisher on r x c carries its Monte Carlo error).
    """
    array = _clean_table(table)
    results: dict[str, PRange] = {}
    pearson = chi2_p(array)
    results["chi2"] = PRange(pearson, pearson, pearson)
    if array.shape == (2, 2):
        yates = chi2_p(array, yates=True)
        results["chi2_yates"] = PRange(yates, yates, yates)
    try:
        results["fisher"] = fisher_range(array)
    except ValueError:
        pass  # too large for the exact test; chi-square is then the standard anyway
    return results


def recompute_p_from_summary(
    *, groups: Sequence[tuple[Printed | float, Printed | float, int]] | None = None,
    table: Sequence[Sequence[int]] | None = None,
) -> dict[str, PRange]:
    """Every plausible test for what a table row prints: group summaries or a table of counts.

    Returns ``{test name: PRange}``; a reported p is consistent when any test's
    range reproduces it (see :func:`reproducing_tests`).
    """
    if (groups is None) == (table is None):
        raise ValueError("give either groups (mean, sd, n) or a table of counts")
    if groups is not None:
        return recompute_p_groups(groups)
    assert table is not None
    return recompute_p_counts(table)


def reproducing_tests(reported: Printed, comparator: str, results: dict[str, PRange],
                      p_zero_error: bool = True) -> list[str]:
    """Names of the tests whose recomputed range agrees with the reported p (statcheck rules)."""
    return [
        name for name, p_range in results.items()
        if p_consistent(reported, comparator, p_range.low, p_range.high, p_zero_error=p_zero_error)
    ]


# --------------------------------------------------------------------------- test statistics


def _normalised_test(test: str) -> str:
    key = test.strip().lower().replace("χ", "chi").replace("²", "2")
    if key in {"t"}:
        return "t"
    if key in {"f"}:
        return "F"
    if key in {"r"}:
        return "r"
    if key in {"z"}:
        return "z"
    if key in {"chi2", "chi", "x2", "chisq", "chi-square", "g2"}:
        return "chi2"
    if key.startswith("q"):
        return "Q"
    if key == "h":
        return "chi2"  # Kruskal-Wallis H is referred to chi-square with k - 1 df
    if key == "u":
        return "U"
    raise ValueError(f"unknown test statistic {test!r}")


def p_from_statistic(test: str, value: float, df1: float | None = None, df2: float | None = None,
                     two_sided: bool = True) -> float:
    """The p-value of a test statistic, with statcheck's formulas.

    ``t`` and ``r`` take their df from ``df2`` (statcheck's convention) or
    ``df1``; ``r`` becomes ``t = r / sqrt((1 - r^2) / df)``; ``F`` uses the
    upper tail of F(df1, df2) whatever ``two_sided`` says; ``chi2`` and ``Q``
    the upper tail of chi-square(df1); ``z`` the normal.  ``two_sided`` doubles
    the one-tailed p of t, r and z.
    """
    kind = _normalised_test(test)
    tails = 2 if two_sided else 1
    if kind in {"t", "r"}:
        df = df2 if df2 is not None else df1
        if df is None or df <= 0:
            raise ValueError(f"{test} needs positive degrees of freedom")
        t = value if kind == "t" else _r_to_t(value, df)
        if math.isinf(t):
            return 0.0
        return min(tails * _t_sf(abs(t), df), 1.0)
    if kind == "z":
        return min(tails * _norm_sf(abs(value)), 1.0)
    if kind == "U":
        if df1 is None or df2 is None or df1 < 1 or df2 < 1:
            raise ValueError("U needs both group sizes (carried as df1 and df2)")
        return min(tails * _norm_sf(abs(_u_to_z(value, int(df1), int(df2)))), 1.0)
    if kind == "F":
        if df1 is None or df2 is None or df1 <= 0 or df2 <= 0:
            raise ValueError("F needs two positive degrees of freedom")
        return _f_sf(value, df1, df2)
    df = df1 if df1 is not None else df2
    if df is None or df <= 0:
        raise ValueError(f"{test} needs positive degrees of freedom")
    return _chi2_sf(value, df)


def _u_to_z(u: float, n1: int, n2: int, continuity: float = 0.0) -> float:
    """Mann-Whitney U as a normal deviate (no tie correction): (|U − n1·n2/2| − c) / sqrt(n1·n2·(n1+n2+1)/12)."""
    spread = math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    return max(abs(u - n1 * n2 / 2) - continuity, 0.0) / spread


# Group sizes up to which the exact null distribution of U is counted (n1·n2 cells; software reports
# exact p-values for small samples: R's wilcox.test below 50 per group, SPSS's "exact sig." when small).
EXACT_U_LIMIT = 2500


@cache
def _u_counts(n1: int, n2: int) -> tuple[int, ...]:
    """How many orderings of n1 + n2 untied observations give each U = 0 … n1·n2 (Mann & Whitney's recursion)."""
    if n1 == 0 or n2 == 0:
        return (1,)
    largest_in_first = _u_counts(n1 - 1, n2)  # it beats all n2 of group 2: U grows by n2
    largest_in_second = _u_counts(n1, n2 - 1)  # it beats nothing of group 1: U unchanged
    counts = [0] * (n1 * n2 + 1)
    for u, c in enumerate(largest_in_second):
        counts[u] += c
    for u, c in enumerate(largest_in_first):
        counts[u + n2] += c
    return tuple(counts)


def mann_whitney_exact_p(u: float, n1: int, n2: int) -> float | None:
    """Two-sided exact p of U without ties (None above :data:`EXACT_U_LIMIT`)."""
    if n1 * n2 > EXACT_U_LIMIT or n1 + n2 > 60:
        return None
    counts = _u_counts(min(n1, n2), max(n1, n2))
    total = sum(counts)
    low_u = min(u, n1 * n2 - u)
    tail = sum(c for k, c in enumerate(counts) if k <= low_u + 1e-9)
    return min(2 * tail / total, 1.0)


# Tied ranks shrink U's variance by the factor 1 − Σ(t³ − t)/(N³ − N) (the standard tie correction): about
# 0.96 for a 5-point item in five equal classes, 0.75 for a 50:50 binary split, 0.27 when 90% of the values
# are one value.  A variance of a quarter covers all but degenerate data.
TIE_VARIANCE_FLOOR = 0.25


def mann_whitney_p_range(u: Printed, n1: int, n2: int) -> PRange:
    """Every p a program prints for U: exact (small samples), normal approximation with and without the
    continuity correction, over the rounding of the printed U (``high``); ties only lower the p, down to
    the normal approximation with :data:`TIE_VARIANCE_FLOOR` of the variance (``low``)."""
    number = _value(u)
    half = 0.5 * 10.0 ** -_decimals(u)
    candidates = []
    for value in (number - half, number, number + half):
        for continuity in (0.0, 0.5):
            candidates.append(min(2 * _norm_sf(_u_to_z(value, n1, n2, continuity)), 1.0))
        exact = mann_whitney_exact_p(round(value), n1, n2)
        if exact is not None:
            candidates.append(exact)
    point = min(2 * _norm_sf(_u_to_z(number, n1, n2)), 1.0)
    furthest = _u_to_z(number + half if number >= n1 * n2 / 2 else number - half, n1, n2)
    low = min(2 * _norm_sf(furthest / math.sqrt(TIE_VARIANCE_FLOOR)), 1.0)
    return PRange(point, low, max(candidates))


def _r_to_t(r: float, df: float) -> float:
    if abs(r) >= 1:
        return math.copysign(math.inf, r)
    return r / math.sqrt((1 - r * r) / df)


def p_range_from_statistic(test: str, value: Printed, df1: float | None = None, df2: float | None = None,
                           two_sided: bool = True) -> PRange:
    """The p of a printed statistic and its range when the statistic is anywhere within its rounding.

    As statcheck: the statistic is ``value`` +- half a unit of its last decimal.
    """
    if _normalised_test(test) == "U" and df1 is not None and df2 is not None:
        return mann_whitney_p_range(value, int(df1), int(df2))
    number = _value(value)
    half = 0.5 * 10.0 ** -_decimals(value)
    magnitude = abs(number)
    smaller, larger = magnitude - half, magnitude + half
    point = p_from_statistic(test, number, df1, df2, two_sided)
    low = p_from_statistic(test, larger, df1, df2, two_sided)
    if smaller < 0 and _normalised_test(test) in {"t", "r", "z"}:
        high = 1.0  # the interval reaches 0: no effect at all is possible
    else:
        high = p_from_statistic(test, smaller, df1, df2, two_sided)
    return PRange(point, low, high)


# --------------------------------------------------------------------------- consistency rules


def _reported(reported: Printed | float) -> tuple[float, int]:
    value, decimals = printed_value(reported)
    return float(value), decimals


def p_consistent(reported: Printed | float, comparator: str, recomputed_low: float, recomputed_high: float,
                 *, test_comparator: str = "=", p_zero_error: bool = True, alpha: float = 0.05) -> bool:
    """Whether a reported p agrees with a recomputed range, by statcheck's rules.

    * ``p = x``: ``x`` within ``[round(low, d), round(high, d)]``, ``d`` the decimals of ``x``;
    * ``p < x`` (or ``<=``): wrong only if even the smallest p is above ``x``;
    * ``p > x`` (or ``>=``): wrong only if even the largest p is below ``x``;
    * ``ns``: read as ``p > alpha``;
    * ``p <= 0`` is wrong when ``p_zero_error`` (a p-value is never 0).

    ``test_comparator`` is the comparator of the test statistic (``t < 2.2``):
    it makes one side of the range open-ended, as in statcheck.
    """
    if comparator == "ns":
        value, decimals, comparator = alpha, _reported(alpha)[1], ">"
    else:
        value, decimals = _reported(reported)
    if p_zero_error and value <= 0:
        return False
    less, greater = comparator in _LESS, comparator in _GREATER
    if test_comparator == "<":
        # t < x: the true p is at least the p at x; nothing bounds it from above.
        if greater:
            return True
        return not (value < (recomputed_high if less else round(recomputed_high, decimals)))
    if test_comparator == ">":
        if less:
            return True
        return not (value > (recomputed_low if greater else round(recomputed_low, decimals)))
    if less:
        return not value < recomputed_low
    if greater:
        return not value > recomputed_high
    return round(recomputed_low, decimals) <= value <= round(recomputed_high, decimals)


def decision_error(reported: Printed | float, comparator: str, recomputed: float, alpha: float = 0.05,
                   *, p_equal_alpha_sig: bool = True, test_comparator: str = "=") -> bool:
    """Whether the reported and recomputed p fall on different sides of ``alpha`` (statcheck's table).

    ``p_equal_alpha_sig``: a reported ``p = alpha`` counts as significant.
    Call it for results that are errors (statcheck only asks then).
    """
    if comparator == "ns":
        value, comparator = alpha, ">"
    else:
        value = _reported(reported)[0]
    less, greater = comparator in _LESS, comparator in _GREATER
    if test_comparator == "<":
        if greater:
            return False
        if less:
            return value <= alpha and recomputed >= alpha
        return (value <= alpha if p_equal_alpha_sig else value < alpha) and recomputed >= alpha
    if test_comparator == ">":
        if less:
            return False
        if greater:
            return value >= alpha and recomputed <= alpha
        return (value > alpha if p_equal_alpha_sig else value >= alpha) and recomputed <= alpha
    if less:
        return value <= alpha and (recomputed > alpha if p_equal_alpha_sig else recomputed >= alpha)
    if greater:
        return value >= alpha and (recomputed <= alpha if p_equal_alpha_sig else recomputed < alpha)
    if p_equal_alpha_sig:
        return (value <= alpha < recomputed) or (value > alpha >= recomputed)
    return (value < alpha <= recomputed) or (value >= alpha > recomputed)


def p_distance_units(reported: Printed | float, recomputed_low: float, recomputed_high: float) -> float:
    """How far a reported exact p lies outside a recomputed range, in units of its last decimal.

    0 when inside; ``1.05`` means just over one unit away (``0.41`` against ``0.3995``).
    """
    value, decimals = _reported(reported)
    if recomputed_low <= value <= recomputed_high:
        return 0.0
    gap = recomputed_low - value if value < recomputed_low else value - recomputed_high
    return gap * 10**decimals


# --------------------------------------------------------------------------- confidence intervals


def _interval_boxes(estimate: Printed | float, low: Printed | float, high: Printed | float
                    ) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    return _box(estimate), _box(low), _box(high)


def ci_contains(estimate: Printed | float, low: Printed | float, high: Printed | float) -> bool:
    """Whether the estimate can lie inside its CI once every number is read as its rounding interval."""
    est_box, low_box, high_box = _interval_boxes(estimate, low, high)
    bottom, top = min(low_box[0], high_box[0]), max(low_box[1], high_box[1])
    return est_box[1] >= bottom and est_box[0] <= top


def ratio_midpoint_ratio(estimate: Printed | float, low: Printed | float, high: Printed | float) -> float:
    """Estimate over the CI's geometric midpoint ``sqrt(low * high)``, as close to 1 as rounding allows.

    A ratio estimate (OR, HR, RR) sits at the geometric midpoint of a Wald CI;
    1.0 means rounding can explain any gap; 1.5 means the estimate is at least
    50 % above the midpoint whatever the unrounded numbers were.
    """
    est_box, low_box, high_box = _interval_boxes(estimate, low, high)
    if min(low_box[0], high_box[0]) <= 0 or est_box[0] <= 0:
        raise ValueError("a ratio and its CI must be positive")
    smallest = est_box[0] / math.sqrt(low_box[1] * high_box[1])
    largest = est_box[1] / math.sqrt(low_box[0] * high_box[0])
    if smallest <= 1.0 <= largest:
        return 1.0
    return smallest if smallest > 1.0 else largest


def _z_critical(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be between 0 and 1, got {level}")
    return float(special.ndtri(0.5 + level / 2))


def _p_from_ci_values(estimate: float, low: float, high: float, ratio: bool, level: float) -> float:
    transform = math.log if ratio else (lambda v: v)
    if ratio and min(estimate, low, high) <= 0:
        raise ValueError("a ratio and its CI must be positive")
    width = abs(transform(high) - transform(low))
    if width == 0:
        return 0.0 if transform(estimate) != 0 else 1.0
    se = width / (2 * _z_critical(level))
    return min(2 * _norm_sf(abs(transform(estimate)) / se), 1.0)


def p_from_ci(estimate: Printed | float, low: Printed | float, high: Printed | float, ratio: bool,
              level: float = 0.95) -> float:
    """P-value implied by an estimate and its CI (Altman & Bland 2011).

    SE = CI width / (2 * 1.96) (on the log scale for ratios), z = estimate / SE,
    p = 2 * (1 - Phi(|z|)), with the exact normal rather than their approximation.
    """
    return _p_from_ci_values(_value(estimate), _value(low), _value(high), ratio, level)


def p_range_from_ci(estimate: Printed | float, low: Printed | float, high: Printed | float, ratio: bool,
                    level: float = 0.95, z_tolerance: float = 0.0) -> PRange:
    """:func:`p_from_ci` at the printed numbers and over all corners of their rounding box.

    ``z_tolerance`` widens the z range by that fraction (``0.05`` = 5 %) for CIs
    that are not exactly Wald (profile likelihood, exact, bootstrap).
    """
    point = p_from_ci(estimate, low, high, ratio, level)
    est_box, low_box, high_box = _interval_boxes(estimate, low, high)
    values = [
        _p_from_ci_values(e, lo, hi, ratio, level)
        for e, lo, hi in itertools.product(est_box, low_box, high_box)
        if not ratio or min(e, lo, hi) > 0
    ]
    null = 1.0 if ratio else 0.0
    low_p, high_p = min(values), max(values)
    if est_box[0] <= null <= est_box[1]:
        high_p = 1.0  # the estimate may be the null value itself
    if z_tolerance:
        z_low, z_high = stats.norm.isf(high_p / 2), stats.norm.isf(low_p / 2)
        high_p = float(2 * stats.norm.sf(max(z_low * (1 - z_tolerance), 0.0)))
        low_p = float(2 * stats.norm.sf(z_high * (1 + z_tolerance)))
    return PRange(point, low_p, high_p)


def p_ci_consistent(reported: Printed | float, comparator: str, estimate: Printed | float,
                    low: Printed | float, high: Printed | float, ratio: bool, level: float = 0.95,
                    z_tolerance: float = 0.0, p_zero_error: bool = True) -> bool:
    """Whether a printed p agrees with the p its estimate and CI imply (statcheck rules on the range)."""
    p_range = p_range_from_ci(estimate, low, high, ratio, level, z_tolerance)
    return p_consistent(reported, comparator, p_range.low, p_range.high, p_zero_error=p_zero_error)


# --------------------------------------------------------------------------- Carlisle


def carlisle_combined(p_values: Iterable[float]) -> dict[str, Any]:
    """Carlisle's check of baseline p-values: are they uniform, as randomisation makes them?

    Both tails are reported, since both are suspicious: ``*_small`` tests for
    too many small p-values (groups differ more than chance allows),
    ``*_large`` for too many large ones (groups too alike, as in fabricated
    tables).  Stouffer combines probits, Fisher combines logs (of p for the
    small tail, of 1 - p for the large tail); Kolmogorov–Smirnov and
    Anderson–Darling (Monte Carlo, seeded) test uniformity directly.
    Printed p-values of 0 or 1 are clamped just inside (0, 1).
    """
    clamped = np.clip(np.asarray(list(p_values), dtype=float), _P_CLAMP, 1 - _P_CLAMP)
    k = len(clamped)
    if k < 2:
        raise ValueError("Carlisle's method needs at least two p-values")
    stouffer_z = float(np.sum(stats.norm.ppf(clamped)) / math.sqrt(k))
    fisher_small = float(-2 * np.sum(np.log(clamped)))
    fisher_large = float(-2 * np.sum(np.log1p(-clamped)))
    ad = stats.goodness_of_fit(stats.uniform, clamped, known_params={"loc": 0.0, "scale": 1.0},
                               statistic="ad", n_mc_samples=1999, rng=np.random.default_rng(2011))
    return {
        "n": k,
        "mean_p": float(np.mean(clamped)),
        "stouffer_z": stouffer_z,
        "stouffer_p_small": float(stats.norm.cdf(stouffer_z)),
        "stouffer_p_large": float(stats.norm.sf(stouffer_z)),
        "fisher_p_small": float(stats.chi2.sf(fisher_small, 2 * k)),
        "fisher_p_large": float(stats.chi2.sf(fisher_large, 2 * k)),
        "ks_statistic": float(stats.kstest(clamped, "uniform").statistic),
        "ks_p": float(stats.kstest(clamped, "uniform").pvalue),
        # alternative="greater": the empirical CDF runs above the uniform (p-values pile up low).
        "ks_p_small": float(stats.kstest(clamped, "uniform", alternative="greater").pvalue),
        "ks_p_large": float(stats.kstest(clamped, "uniform", alternative="less").pvalue),
        "ad_statistic": float(ad.statistic),
        "ad_p": float(ad.pvalue),
    }
