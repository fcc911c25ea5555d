"""Recomputed p-values: summaries, counts, statistics, CIs, statcheck's rules, Carlisle.

Expected values are computed here from textbook formulas (with scipy's
distributions) rather than copied from the module's output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from kgaudit.model import Num
from kgaudit.stats.pvalues import (
    PRange,
    anova_p,
    carlisle_combined,
    chi2_p,
    ci_contains,
    decision_error,
    fisher_p,
    fisher_range,
    p_ci_consistent,
    p_consistent,
    p_distance_units,
    p_from_ci,
    p_from_statistic,
    p_range_from_ci,
    p_range_from_statistic,
    ratio_midpoint_ratio,
    recompute_p_from_summary,
    recompute_p_groups,
    recompute_p_two_groups,
    reproducing_tests,
    student_t_p,
    welch_t_p,
)


def _num(text: str) -> Num:
    return Num(float(text), text, len(text.split(".")[1]) if "." in text else 0)


# --------------------------------------------------------------------------- hand formulas


def _pooled_t_p(m1, s1, n1, m2, s2, n2) -> float:
    sp2 = ((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2)
    t = (m1 - m2) / math.sqrt(sp2 * (1 / n1 + 1 / n2))
    return 2 * stats.t.sf(abs(t), n1 + n2 - 2)


def _pearson_2x2(a, b, c, d, yates=False) -> float:
    table = [[a, b], [c, d]]
    rows, cols, total = [a + b, c + d], [a + c, b + d], a + b + c + d
    chi = 0.0
    for i in range(2):
        for j in range(2):
            expected = rows[i] * cols[j] / total
            gap = abs(table[i][j] - expected) - (0.5 if yates else 0.0)
            chi += max(gap, 0.0) ** 2 / expected
    return stats.chi2.sf(chi, 1)


def _fisher_2x2(a, b, c, d) -> float:
    # Sum of the hypergeometric probabilities of tables no more likely than the observed one.
    total, row1, col1 = a + b + c + d, a + b, a + c
    observed = stats.hypergeom.pmf(a, total, col1, row1)
    support = range(max(0, row1 + col1 - total), min(row1, col1) + 1)
    return sum(p for x in support if (p := stats.hypergeom.pmf(x, total, col1, row1)) <= observed * (1 + 1e-7))


# --------------------------------------------------------------------------- two groups


def test_student_and_welch_match_the_formulas() -> None:
    assert student_t_p(113, 40, 125, 81, 36, 125) == pytest.approx(_pooled_t_p(113, 40, 125, 81, 36, 125))
    v1, v2 = 40**2 / 125, 36**2 / 100
    df = (v1 + v2) ** 2 / (v1**2 / 124 + v2**2 / 99)
    expected = 2 * stats.t.sf(32 / math.sqrt(v1 + v2), df)
    assert welch_t_p(113, 40, 125, 81, 36, 100) == pytest.approx(expected)


def test_seed_procedure_time_p_is_inconsistent_with_a_decision_error() -> None:
    # Seed Table 3: "113 ± 40 vs 81 ± 36", n = 125 each, printed p = 0.35.
    groups = [(_num("113"), _num("40"), 125), (_num("81"), _num("36"), 125)]
    results = recompute_p_from_summary(groups=groups)
    assert set(results) == {"student_t", "welch_t"}
    assert results["student_t"].point == pytest.approx(_pooled_t_p(113, 40, 125, 81, 36, 125))
    assert results["student_t"].point == pytest.approx(1.9e-10, rel=0.05)
    reported = _num("0.35")
    assert reproducing_tests(reported, "=", results) == []
    assert decision_error(reported, "=", results["welch_t"].point)


def test_rounding_box_spans_the_extreme_corners() -> None:
    # Means 10.5 and 9.5 can be 10.45..10.55 and 9.45..9.55; SDs 2.0 can be 1.95..2.05.
    result = recompute_p_two_groups((_num("10.5"), _num("2.0"), 30), (_num("9.5"), _num("2.0"), 30))["student_t"]
    assert result.low == pytest.approx(_pooled_t_p(10.55, 1.95, 30, 9.45, 1.95, 30))
    assert result.high == pytest.approx(_pooled_t_p(10.45, 2.05, 30, 9.55, 2.05, 30))
    assert result.low < result.point < result.high


def test_overlapping_means_can_give_p_one() -> None:
    result = recompute_p_two_groups((_num("5.0"), _num("1.0"), 20), (_num("5.0"), _num("1.1"), 20))
    assert result["student_t"].high == pytest.approx(1.0)
    assert result["welch_t"].high == pytest.approx(1.0)


def test_exact_floats_have_no_rounding_box() -> None:
    result = recompute_p_two_groups((10.5, 2.0, 30), (9.5, 2.0, 30))["student_t"]
    assert result.low == result.point == result.high


def test_seed_table_5_functional_score_is_not_reproduced() -> None:
    # "79.1 ± 9.4 vs 77.6 ± 14.4", n = 125 each, printed p = 0.035: no test gets near.
    results = recompute_p_groups([(_num("79.1"), _num("9.4"), 125), (_num("77.6"), _num("14.4"), 125)])
    assert results["student_t"].point == pytest.approx(_pooled_t_p(79.1, 9.4, 125, 77.6, 14.4, 125))
    assert reproducing_tests(_num("0.035"), "=", results) == []


# --------------------------------------------------------------------------- ANOVA


def test_anova_matches_f_oneway_on_raw_data() -> None:
    rng = np.random.default_rng(7)
    samples = [rng.normal(loc, 1.0, size) for loc, size in ((0.0, 12), (0.4, 15), (0.9, 11))]
    summaries = [(float(np.mean(s)), float(np.std(s, ddof=1)), len(s)) for s in samples]
    assert anova_p(summaries) == pytest.approx(stats.f_oneway(*samples).pvalue)


def test_anova_range_brackets_the_point_and_widens_with_rounding() -> None:
    result = recompute_p_groups([(_num("5.1"), _num("1.2"), 30), (_num("5.6"), _num("1.1"), 30),
                                 (_num("6.0"), _num("1.3"), 30)])["anova"]
    assert result.low < result.point < result.high
    # The extreme corners: means spread out and SDs shrunk, and the reverse.
    assert result.low == pytest.approx(anova_p([(5.05, 1.15, 30), (5.6, 1.05, 30), (6.05, 1.25, 30)]), rel=0.05)
    assert result.high >= anova_p([(5.15, 1.25, 30), (5.6, 1.15, 30), (5.95, 1.35, 30)])


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("a", "b", "reported"),
    [
        (10, 15, "0.41"),  # seed Table 4 Grade I
        (6, 10, "0.35"),  # seed Table 4 Grade II
        (20, 32, "0.031"),  # seed Table 4 total
        (115, 97, "0.001"),  # seed Table 2 target achievement (printed "<0.001")
    ],
)
def test_count_tests_match_the_formulas(a, b, reported) -> None:
    table = [[a, 125 - a], [b, 125 - b]]
    results = recompute_p_from_summary(table=table)
    assert results["chi2"].point == pytest.approx(_pearson_2x2(a, 125 - a, b, 125 - b))
    assert results["chi2_yates"].point == pytest.approx(_pearson_2x2(a, 125 - a, b, 125 - b, yates=True))
    assert results["fisher"].point == pytest.approx(_fisher_2x2(a, 125 - a, b, 125 - b))


def test_seed_grade_i_is_one_unit_away_from_yates_and_fisher() -> None:
    # "10/125 vs 15/125, p = 0.41": Pearson 0.29, Yates 0.399, Fisher 0.3995 -> both print 0.40.
    results = recompute_p_from_summary(table=[[10, 115], [15, 110]])
    assert reproducing_tests("0.41", "=", results) == []
    nearest = min(p_distance_units("0.41", r.low, r.high) for r in results.values())
    assert nearest == pytest.approx((0.41 - _fisher_2x2(10, 115, 15, 110)) * 100)
    assert nearest < 1.1  # a near miss in the last digit, not a different result


def test_seed_total_complications_is_a_decision_error() -> None:
    # "20/125 vs 32/125, p = 0.031": every test gives about 0.06-0.09.
    results = recompute_p_from_summary(table=[[20, 105], [32, 93]])
    assert reproducing_tests("0.031", "=", results) == []
    assert all(decision_error("0.031", "=", r.point) for r in results.values())


def test_a_correct_count_comparison_is_reproduced() -> None:
    p = _fisher_2x2(12, 38, 3, 47)
    printed = f"{p:.3f}"
    assert "fisher" in reproducing_tests(printed, "=", recompute_p_from_summary(table=[[12, 38], [3, 47]]))


def test_zero_margins_give_p_one() -> None:
    assert chi2_p([[0, 125], [0, 125]]) == 1.0
    assert fisher_p([[0, 125], [0, 125]]) == 1.0


def test_fisher_on_r_by_c_is_a_seeded_estimate_with_its_error() -> None:
    table = [[10, 20, 30], [15, 25, 12]]
    first, second = fisher_range(table), fisher_range(table)
    assert first == second
    assert first.low <= first.point <= first.high
    # The Monte Carlo p should be near the chi-square p for a table this size.
    assert abs(first.point - stats.chi2_contingency(table).pvalue) < 0.02


def test_summary_entry_point_needs_exactly_one_kind_of_input() -> None:
    with pytest.raises(ValueError):
        recompute_p_from_summary()
    with pytest.raises(ValueError):
        recompute_p_from_summary(groups=[(1.0, 1.0, 5)], table=[[1, 2], [3, 4]])


# --------------------------------------------------------------------------- test statistics


@pytest.mark.parametrize(
    ("test", "value", "df1", "df2", "expected"),
    [
        ("t", 2.31, None, 48, 2 * stats.t.sf(2.31, 48)),  # t(48) = 2.31
        ("t", -2.2, None, 28, 2 * stats.t.sf(2.2, 28)),  # the sign does not matter two-sided
        ("F", 4.1, 2, 87, stats.f.sf(4.1, 2, 87)),  # F(2, 87) = 4.1: upper tail
        ("r", 0.21, None, 98, 2 * stats.t.sf(0.21 / math.sqrt((1 - 0.21**2) / 98), 98)),  # r -> t
        ("chi2", 3.9, 1, None, stats.chi2.sf(3.9, 1)),  # chi2(1) = 3.9
        ("Q", 22.2, 28, None, stats.chi2.sf(22.2, 28)),  # Q is chi-square
        ("z", 2.1, None, None, 2 * stats.norm.sf(2.1)),  # z = 2.1
        ("r", 1.0, None, 10, 0.0),  # a perfect correlation
    ],
)
def test_p_from_statistic_uses_statcheck_formulas(test, value, df1, df2, expected) -> None:
    assert p_from_statistic(test, value, df1, df2) == pytest.approx(expected, abs=1e-15)


def test_one_sided_halves_t_but_not_f() -> None:
    assert p_from_statistic("t", 2.2, df2=28, two_sided=False) == pytest.approx(stats.t.sf(2.2, 28))
    assert p_from_statistic("F", 2.2, 2, 28, two_sided=False) == pytest.approx(stats.f.sf(2.2, 2, 28))


def test_statistic_range_spans_half_a_unit_either_side() -> None:
    result = p_range_from_statistic("t", _num("2.20"), df2=28)
    assert result.low == pytest.approx(2 * stats.t.sf(2.205, 28))
    assert result.high == pytest.approx(2 * stats.t.sf(2.195, 28))


def test_missing_degrees_of_freedom_are_rejected() -> None:
    with pytest.raises(ValueError):
        p_from_statistic("t", 2.0)
    with pytest.raises(ValueError):
        p_from_statistic("F", 2.0, 2)
    with pytest.raises(ValueError):
        p_from_statistic("omega", 2.0, 1)


# --------------------------------------------------------------------------- statcheck's rules


@pytest.mark.parametrize(
    ("reported", "comparator", "low", "high", "expected"),
    [
        ("0.04", "=", 0.0355, 0.0372, True),  # both bounds round to .04
        ("0.03", "=", 0.0355, 0.0372, False),  # .0355 rounds to .04 at 2 dp
        ("0.036", "=", 0.0355, 0.0372, True),  # inside at 3 dp
        ("0.05", "<", 0.0355, 0.0372, True),  # p < .05 holds
        ("0.03", "<", 0.0355, 0.0372, False),  # even the smallest p is above .03
        ("0.03", ">", 0.0355, 0.0372, True),  # p > .03 holds
        ("0.05", ">", 0.0355, 0.0372, False),  # even the largest p is below .05
        ("0.05", "<=", 0.0355, 0.0372, True),  # <= reads like <
        ("0.000", "=", 1e-9, 2e-9, False),  # p = 0 is an error by default
        ("0.000", "<", 1e-9, 2e-9, False),  # so is p < 0
        (None, "ns", 0.2, 0.3, True),  # ns means p > alpha
        (None, "ns", 0.01, 0.02, False),
    ],
)
def test_p_consistent_follows_statcheck(reported, comparator, low, high, expected) -> None:
    assert p_consistent(reported, comparator, low, high) is expected


def test_p_zero_can_be_allowed() -> None:
    assert p_consistent("0.000", "=", 1e-9, 2e-9, p_zero_error=False)
    assert not p_consistent("0.000", "<", 1e-9, 2e-9, p_zero_error=False)  # p < 0 never holds


@pytest.mark.parametrize(
    ("reported", "comparator", "recomputed", "sig_at_alpha", "expected"),
    [
        ("0.35", "=", 1.9e-10, True, True),  # seed Table 3: reported ns, truly significant
        ("0.03", "=", 0.07, True, True),  # reported significant, truly not
        ("0.04", "=", 0.03, True, False),  # both significant
        ("0.05", "=", 0.06, True, True),  # p = .05 counts as significant by default
        ("0.05", "=", 0.06, False, False),  # ...unless told otherwise
        ("0.05", "<", 0.06, True, True),
        ("0.05", ">", 0.04, True, True),
        (None, "ns", 0.01, True, True),  # "ns" with a significant p
    ],
)
def test_decision_error_follows_statcheck(reported, comparator, recomputed, sig_at_alpha, expected) -> None:
    assert decision_error(reported, comparator, recomputed, 0.05, p_equal_alpha_sig=sig_at_alpha) is expected


# --------------------------------------------------------------------------- confidence intervals


@pytest.mark.parametrize(
    ("estimate", "low", "high", "expected"),
    [
        ("3.71", "1.55", "3.83", True),  # seed Table 6: inside, but far from the middle
        ("1.104", "1.47", "2.76", False),  # seed Table 6 prior treatment: below the CI
        ("1.38", "0.73", "1.112", False),  # seed Table 6 diabetes: above the CI
        ("1.47", "1.47", "2.76", True),  # on the bound
        ("1.465", "1.47", "2.76", True),  # 1.47 may have been 1.465 before rounding
    ],
)
def test_ci_contains_allows_for_rounding(estimate, low, high, expected) -> None:
    assert ci_contains(estimate, low, high) is expected


def test_seed_odds_ratio_sits_far_above_the_geometric_midpoint() -> None:
    # "3.71 (1.55–3.83)": even the most charitable rounding leaves the OR ~50 % above.
    ratio = ratio_midpoint_ratio("3.71", "1.55", "3.83")
    assert ratio == pytest.approx(3.705 / math.sqrt(1.555 * 3.835))
    assert ratio > 1.5


def test_a_wald_ci_has_its_estimate_at_the_midpoint() -> None:
    # OR 1.50 with SE(log OR) 0.2: CI = exp(log 1.5 -+ 1.96 * 0.2), printed to 2 dp.
    low, high = (f"{math.exp(math.log(1.5) + s * 1.959964 * 0.2):.2f}" for s in (-1, 1))
    assert ratio_midpoint_ratio("1.50", low, high) == 1.0


def test_p_from_ci_follows_altman_and_bland() -> None:
    # Seed Table 6 "1.67 (1.17–2.53)": SE = (ln 2.53 - ln 1.17) / (2 * 1.96).
    se = (math.log(2.53) - math.log(1.17)) / (2 * stats.norm.ppf(0.975))
    expected = 2 * stats.norm.sf(math.log(1.67) / se)
    assert p_from_ci("1.67", "1.17", "2.53", ratio=True) == pytest.approx(expected)
    # A difference: 2.0 (0.4 to 3.6) has SE 0.816, z 2.45.
    se_diff = 3.2 / (2 * stats.norm.ppf(0.975))
    assert p_from_ci(2.0, 0.4, 3.6, ratio=False) == pytest.approx(2 * stats.norm.sf(2.0 / se_diff))


def test_p_agrees_with_a_self_consistent_ci() -> None:
    log_or, se = math.log(1.8), 0.25
    low, high = (f"{math.exp(log_or + s * 1.959964 * se):.2f}" for s in (-1, 1))
    p = f"{2 * stats.norm.sf(log_or / se):.3f}"
    assert p_ci_consistent(p, "=", "1.80", low, high, ratio=True)


def test_seed_diabetes_p_disagrees_with_its_ci() -> None:
    # "1.38 (0.73–1.112), p = 0.212": the CI implies p of about 0.003.
    assert not p_ci_consistent("0.212", "=", "1.38", "0.73", "1.112", ratio=True)


def test_ci_range_reaches_p_one_when_the_estimate_may_be_null() -> None:
    assert p_range_from_ci("1.0", "0.5", "2.0", ratio=True).high == 1.0


def test_z_tolerance_widens_the_range() -> None:
    strict = p_range_from_ci("1.67", "1.17", "2.53", ratio=True)
    loose = p_range_from_ci("1.67", "1.17", "2.53", ratio=True, z_tolerance=0.1)
    assert loose.low < strict.low and loose.high > strict.high


def test_ratio_functions_reject_non_positive_bounds() -> None:
    with pytest.raises(ValueError):
        ratio_midpoint_ratio("1.2", "0", "2.0")
    with pytest.raises(ValueError):
        p_from_ci("1.2", "-0.1", "2.0", ratio=True)


# --------------------------------------------------------------------------- Carlisle


def test_carlisle_stouffer_and_fisher_match_their_formulas() -> None:
    ps = [0.47, 0.89, 0.55, 0.57, 0.72, 0.72, 0.87]  # seed Table 1 baseline p-values
    result = carlisle_combined(ps)
    z = sum(stats.norm.ppf(p) for p in ps) / math.sqrt(len(ps))
    assert result["stouffer_z"] == pytest.approx(z)
    assert result["stouffer_p_large"] == pytest.approx(stats.norm.sf(z))
    assert result["fisher_p_small"] == pytest.approx(stats.chi2.sf(-2 * sum(math.log(p) for p in ps), 14))
    assert result["fisher_p_large"] == pytest.approx(stats.chi2.sf(-2 * sum(math.log(1 - p) for p in ps), 14))
    assert result["n"] == 7


def test_carlisle_flags_too_similar_groups_in_the_large_tail() -> None:
    too_alike = [0.91, 0.95, 0.88, 0.97, 0.93, 0.9, 0.96, 0.94, 0.92, 0.98]
    result = carlisle_combined(too_alike)
    assert result["stouffer_p_large"] < 0.001 and result["ks_p_large"] < 0.001
    assert result["stouffer_p_small"] > 0.99
    assert result["ad_p"] < 0.01


def test_carlisle_leaves_uniform_p_values_alone() -> None:
    uniform = [(i + 0.5) / 20 for i in range(20)]
    result = carlisle_combined(uniform)
    for key in ("stouffer_p_small", "stouffer_p_large", "fisher_p_small", "fisher_p_large", "ks_p", "ad_p"):
        assert result[key] > 0.2, key


def test_carlisle_clamps_printed_zero_and_one() -> None:
    result = carlisle_combined([0.0, 1.0, 0.5])
    assert math.isfinite(result["stouffer_z"])


def test_prange_contains() -> None:
    assert PRange(0.04, 0.03, 0.05).contains(0.05)
    assert not PRange(0.04, 0.03, 0.05).contains(0.051)
