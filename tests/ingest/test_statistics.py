"""APA-style results in running text: what is found, what is not, and how it is judged."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import stats

from kgaudit.ingest.statistics import (
    apa_factor,
    check_text_statistic,
    find_p_values,
    find_statistics,
    mentions_one_tailed,
)
from kgaudit.stats.pvalues import mann_whitney_exact_p

# --------------------------------------------------------------------------- extraction

# (text, (test, value, value decimals, df1, df2, test comparator, p, p comparator, N))
FOUND = [
    ("t(48) = 2.31, p = .025", ("t", 2.31, 2, None, 48, "=", 0.025, "=", None)),  # plain APA t
    ("F(2, 87) = 4.1, p < .05", ("F", 4.1, 1, 2, 87, "=", 0.05, "<", None)),  # F with two dfs
    ("r(98) = .21, p = .04", ("r", 0.21, 2, None, 98, "=", 0.04, "=", None)),  # correlation without 0
    ("χ2(1, N = 250) = 3.9, p = .048", ("chi2", 3.9, 1, 1, None, "=", 0.048, "=", 250)),  # chi with N
    ("chi2(1) = 3.9, p = .048", ("chi2", 3.9, 1, 1, None, "=", 0.048, "=", None)),  # spelled chi2
    ("χ²(2, N = 1,204) = 9.81, p = .007", ("chi2", 9.81, 2, 2, None, "=", 0.007, "=", 1204)),  # thousands N
    ("X2(28) = 2.20, p = .03", ("chi2", 2.2, 2, 28, None, "=", 0.03, "=", None)),  # Latin X for chi
    ("z = 2.1, p = .03", ("z", 2.1, 1, None, None, "=", 0.03, "=", None)),  # z has no df
    ("Z = -2.42, p = 0.016", ("z", -2.42, 2, None, None, "=", 0.016, "=", None)),  # capital Z, negative
    ("Q(12) = 20.1, p = .07", ("Q", 20.1, 1, 12, None, "=", 0.07, "=", None)),  # heterogeneity Q
    ("Qw(2) = 2.20, p = .03", ("Q", 2.2, 2, 2, None, "=", 0.03, "=", None)),  # Q within
    ("t(28) = \u22122.20, p = .03", ("t", -2.2, 2, None, 28, "=", 0.03, "=", None)),  # Unicode minus
    ("t(553) = \u2212 4.46, p < .0001", ("t", -4.46, 2, None, 553, "=", 0.0001, "<", None)),  # minus, space
    ("t(28) = 2.20; p = .03", ("t", 2.2, 2, None, 28, "=", 0.03, "=", None)),  # semicolon separator
    ("t(28) = 2.20, ns", ("t", 2.2, 2, None, 28, "=", None, None, None)),  # ns instead of p
    ("t ( 28 ) = 2.20 , p = .03", ("t", 2.2, 2, None, 28, "=", 0.03, "=", None)),  # loose spacing
    ("t(28)=2.20,p=.03", ("t", 2.2, 2, None, 28, "=", 0.03, "=", None)),  # no spacing
    ("t(28.1) = 2.20, P = 0.03", ("t", 2.2, 2, None, 28.1, "=", 0.03, "=", None)),  # corrected df, P
    ("t(28) = 2,000.20, p = .03", ("t", 2000.2, 2, None, 28, "=", 0.03, "=", None)),  # thousands
    ("t(28) < 2.20, p > .03", ("t", 2.2, 2, None, 28, "<", 0.03, ">", None)),  # inequalities
    ("F(l, 76)\n= 23.95, p <.001", ("F", 23.95, 2, 1, 76, "=", 0.001, "<", None)),  # l for 1, line break
    ("F(1, 76) = 23.95, p ≤ .001", ("F", 23.95, 2, 1, 76, "=", 0.001, "<=", None)),  # ≤ before p
    ("t(28) = 2.20, p = .5e-3", ("t", 2.2, 2, None, 28, "=", 0.0005, "=", None)),  # exponent p
    ("t(40) = 2.10, p=0·042", ("t", 2.1, 2, None, 40, "=", 0.042, "=", None)),  # Lancet middle dot
    ("F[1,12] = 8.42, p = 0.0133", ("F", 8.42, 2, 1, 12, "=", 0.0133, "=", None)),  # F's df in brackets
    ("H(2) = 7.10, p = .03", ("H", 7.1, 2, 2, None, "=", 0.03, "=", None)),  # Kruskal-Wallis H with df
    ("H = 7.00, df = 1: P = 0.008", ("H", 7.0, 2, 1, None, "=", 0.008, "=", None)),  # df after the value
    ("t = 15.45, df = 20, p < 0.0001", ("t", 15.45, 2, None, 20, "=", 0.0001, "<", None)),  # t, df after
    ("χ2 = 4.2, df = 1, p = .04", ("chi2", 4.2, 1, 1, None, "=", 0.04, "=", None)),  # chi2, df after
    ("r = 0.68, n = 51, p < 0.001", ("r", 0.68, 2, None, 49, "=", 0.001, "<", None)),  # r with n: df = n - 2
    ("t_58 = 2.31, p = .024", ("t", 2.31, 2, None, 58, "=", 0.024, "=", None)),  # Markdown subscript df
    ("t_{58} = 2.31, p = .024", ("t", 2.31, 2, None, 58, "=", 0.024, "=", None)),  # LaTeX subscript df
    ("t58 = 2.31, p = .024", ("t", 2.31, 2, None, 58, "=", 0.024, "=", None)),  # a PDF's flattened subscript
    ("t₅₈ = 2.31, p = .024", ("t", 2.31, 2, None, 58, "=", 0.024, "=", None)),  # Unicode subscripts
    ("r_{98} = .25, p = .012", ("r", 0.25, 2, None, 98, "=", 0.012, "=", None)),  # r with a subscript df
    ("F_{2,57} = 3.40, p = .04", ("F", 3.4, 2, 2, 57, "=", 0.04, "=", None)),  # F's two subscript dfs
    ("F2,57 = 3.40, p = .04", ("F", 3.4, 2, 2, 57, "=", 0.04, "=", None)),  # flattened F subscripts
    ("F₂,₅₇ = 3.40, p = .04", ("F", 3.4, 2, 2, 57, "=", 0.04, "=", None)),  # Unicode F dfs
    ("χ²₍₂₎ = 7.10, p = .03", ("chi2", 7.1, 2, 2, None, "=", 0.03, "=", None)),  # χ²₍₂₎
    ("U(n1 = 12, n2 = 14) = 30.0, p = .005", ("U", 30.0, 1, 12, 14, "=", 0.005, "=", None)),  # sizes in ()
    ("U = 30, n1 = 12, n2 = 14, p = .005", ("U", 30.0, 0, 12, 14, "=", 0.005, "=", None)),  # sizes after U
    ("U = 2, n1 = n2 = 5: P ≤ 0.03", ("U", 2.0, 0, 5, 5, "=", 0.03, "<=", None)),  # one size for both groups
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[row[0] for row in FOUND])
def test_find_statistics_reads_every_field(text: str, expected: tuple) -> None:
    (stat,) = find_statistics(text)
    test, value, decimals, df1, df2, comparator, p, p_comparator, n = expected
    assert stat.test == test
    assert stat.value.value == pytest.approx(value) and stat.value.decimals == decimals
    assert (stat.df1, stat.df2) == (df1, df2)
    assert stat.comparator == comparator
    assert (stat.p_value.value if stat.p_value else None) == (pytest.approx(p) if p is not None else None)
    assert stat.p_comparator == p_comparator
    assert stat.n == n


NOT_FOUND = [
    "T(28) = 2.20, p = .03",  # capital T is not a t-test
    "t[28] = 2.20, p = .03",  # square brackets
    "t(2,28) = 2.20, p = .03",  # a t with two dfs
    "z(28) = 2.20, p = .03",  # a z with a df
    "r(16) = 26.05, p = .10",  # |r| > 1
    "t(28) = 2.20, p = 1.03",  # p > 1
    "t(38) >= 2.25, p = .03",  # two comparison signs on the statistic
    "t(12)=1.2 p=.34",  # no separator before p
    "t(12)=1.2, d=3.4, p=.56",  # an effect size in between
    "Qs(2) = 2.2, p = .03",  # not a Q-test
    "Qb(2, N = 187) = 2.20, p = .03",  # Q with N
    "Part(28) = 2.20, p = .03",  # a t inside a word
    "p < 0.05",  # a p-value alone
    "t = 2.20, p = .03",  # no df anywhere: nothing to recompute
    "r = .30, n = 2, p = .03",  # a correlation of two cases has no df
    "H = 7.00, p = .03",  # Kruskal-Wallis H without its df
    "at t2 = 3.10, p = .01",  # one glued digit reads as a time point (t1, t2), not a df
    "U = 45.5, p = .03",  # Mann-Whitney U without its group sizes: nothing to recompute
    "U = 200, n1 = 12, n2 = 14, p = .03",  # U above n1·n2 is not a U
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_find_statistics_ignores_non_results(text: str) -> None:
    assert find_statistics(text) == []


def test_spans_are_absolute_and_quote_the_raw_text() -> None:
    prefix = "Both effects were significant, "
    text = prefix + "t(28) = 2.20, p = .03, and F(2, 28) = 1.23, p = .04."
    found = find_statistics(text[len(prefix):], offset=len(prefix))
    assert [s.test for s in found] == ["t", "F"]
    for stat in found:
        assert text[stat.span.start:stat.span.end] == stat.raw
    assert found[0].span.start == len(prefix)


def test_several_results_in_one_sentence_come_out_in_order() -> None:
    text = "z = 2.20, p = .03, r(28) = .20, p = .03, chi2(28) = 1.23, p = .04."
    assert [s.test for s in find_statistics(text)] == ["z", "r", "chi2"]


def test_seed_paper_prints_no_apa_results_but_many_p_values(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert find_statistics(text) == []
    mentions = find_p_values(text)
    assert any(m.comparator == "<" and m.value and m.value.value == 0.05 for m in mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p = .05", [("=", 0.05)]),  # exact
        ("P < 0.001 and p > .2", [("<", 0.001), (">", 0.2)]),  # two, any case
        ("the result was not significant, ns", [("ns", None)]),  # ns
        ("see p. 01", []),  # a page number
        ("the lens was sharp", []),  # "ns" inside a word
    ],
)
def test_find_p_values(text: str, expected: list) -> None:
    found = [(m.comparator, m.value.value if m.value else None) for m in find_p_values(text)]
    assert found == expected


def test_apa_factor_is_the_share_of_p_values_with_a_statistic() -> None:
    assert apa_factor("t(28) = 2.20, p < .05, some other p = .035.") == 0.5
    assert apa_factor("no p-values here") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a one-tailed test", True),
        ("one sided", True),
        ("a directional hypothesis", True),
        ("two-tailed", False),
    ],
)
def test_mentions_one_tailed(text: str, expected: bool) -> None:
    assert mentions_one_tailed(text) is expected


# --------------------------------------------------------------------------- checking


def _check(text: str, **options):
    (stat,) = find_statistics(text)
    return check_text_statistic(stat, context=text, **options)


@pytest.mark.parametrize(
    ("text", "expected_p"),
    [
        ("t(48) = 2.31, p = .025", 2 * stats.t.sf(2.31, 48)),
        ("F(2, 87) = 4.1, p < .05", stats.f.sf(4.1, 2, 87)),
        ("r(98) = .21, p = .04", 2 * stats.t.sf(0.21 / math.sqrt((1 - 0.21**2) / 98), 98)),
        ("χ2(1, N = 250) = 3.9, p = .048", stats.chi2.sf(3.9, 1)),
        ("z = 2.1, p = .03", 2 * stats.norm.sf(2.1)),
    ],
)
def test_consistent_results_are_not_errors(text: str, expected_p: float) -> None:
    result = _check(text)
    assert result["computed_p"] == pytest.approx(expected_p)
    assert result["error"] is False and result["decision_error"] is False


@pytest.mark.parametrize(
    ("text", "error", "decision"),
    [
        ("t(28) = 2.20, p = .03", True, False),  # p is .036: wrong, same side of .05
        ("t(28) = 2.20, p = .06", True, True),  # wrong side of .05
        ("t(28) = 1.20, p = .03", True, True),
        ("t(28) = 2.20, ns", True, True),  # "ns" but p = .036
        ("t(28) = 2.2, p = .03", False, False),  # 2.2 may be 2.25, p .0325 rounds to .03
        ("t(28) = 22.20, p = .000", True, False),  # p = 0 is an error
        ("r(97) = .17, p = .084", False, False),  # r in [.165, .175] reaches p = .084
    ],
)
def test_inconsistent_results_are_errors(text: str, error: bool, decision: bool) -> None:
    result = _check(text)
    assert (result["error"], result["decision_error"]) == (error, decision)


@pytest.mark.parametrize(
    ("text", "error", "decision"),
    [
        ("U(n1 = 12, n2 = 14) = 30.0, p = .005", False, False),  # normal approximation .0055
        ("U(n1 = 12, n2 = 14) = 30.0, p = .02", True, False),  # above every variant (largest .006)
        ("U(n1 = 12, n2 = 14) = 30.0, p = .0001", False, False),  # lower p: ties could explain it
        ("U(n1 = 12, n2 = 14) = 80.0, p = .02", True, True),  # p is .84: even heavy ties do not reach .05
        ("U = 16, n1 = 8, n2 = 9, p = .059", False, False),  # the exact p of a small sample
    ],
)
def test_mann_whitney_u(text: str, error: bool, decision: bool) -> None:
    result = _check(text)
    assert (result["error"], result["decision_error"]) == (error, decision)


def test_mann_whitney_exact_p_matches_scipy() -> None:
    low = stats.mannwhitneyu([1, 2, 3, 5, 8, 9, 10, 11], [4, 6, 7, 12, 13, 14, 15, 16, 17], method="exact")
    assert mann_whitney_exact_p(low.statistic, 8, 9) == pytest.approx(low.pvalue)


def test_p_equal_alpha_sig_decides_a_reported_p_of_alpha() -> None:
    text = "t(28) = 2.20, p = .05"
    assert _check(text)["decision_error"] is False
    assert _check(text, p_equal_alpha_sig=False)["decision_error"] is True


def test_p_zero_error_can_be_switched_off() -> None:
    assert _check("t(28) = 22.20, p = .000", p_zero_error=False)["error"] is False


def test_one_tailed_tests_option_halves_every_t() -> None:
    assert _check("t(28) = 2.20, p = .02", one_tailed_tests=True)["error"] is False
    assert _check("t(28) = 2.20, p = .04", one_tailed_tests=True)["error"] is True


def test_one_tailed_text_rescues_only_when_the_text_says_so() -> None:
    text = "t(28) = 2.20, p = .018, one-tailed"
    (stat,) = find_statistics(text)
    assert check_text_statistic(stat, context=text)["error"] is True  # option off
    rescued = check_text_statistic(stat, one_tailed_ok=True, context=text)
    assert rescued["error"] is False and rescued["one_tailed_applied"] is True
    assert rescued["computed_p"] == pytest.approx(stats.t.sf(2.2, 28))
    # Wrong even as one-tailed: stays an error.
    text = "t(28) = 2.20, p = .01, one-tailed"
    assert _check(text, one_tailed_ok=True)["error"] is True
    # No phrase: no rescue.
    assert _check("t(28) = 2.20, p = .018", one_tailed_ok=True)["error"] is True


def test_check_reports_what_was_read() -> None:
    result = _check("t(28) = 2.20, ns")
    assert result["reported_p"] is None and result["p_comparator"] == "ns"
    assert result["p_low"] < result["computed_p"] < result["p_high"]
