"""The author-date example papers (APA and Harvard, plain text and Markdown): every planted problem is
found, and once each is replaced by its correct value nothing is left (both directions).

Each planted problem is printed in the paper beside a correct twin of the same kind, so a check that
fires on everything fails the clean direction and one that fires on nothing fails the planted one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.api import Report

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
CHECKS = ["stats.test_statistic_mismatch", "stats.df_mismatch", "stats.grim", "stats.grimmer", "stats.debit",
          "stats.sd_impossible", "claim.significance_p_mismatch", "citation", "reference.implausible_volume",
          "text.sample_size_mismatch", "stats.p_value_mismatch", "stats.percentage_mismatch", "stats.total_mismatch"]

# (paper, planted text, its correct value, check that must find it)
PLANTED = [
    # --- APA paper
    ("apa", "t(60) = 1.42, p = .03", "t(60) = 1.42, p = .16", "stats.test_statistic_mismatch"),  # decision error
    ("apa", "t(60) = 5.40, p = .000", "t(60) = 5.40, p < .001", "stats.test_statistic_mismatch"),  # p = .000
    ("apa", "F(2, 87) = 5.12, p = .04", "F(2, 87) = 5.12, p = .008", "stats.test_statistic_mismatch"),  # no flip
    ("apa", "r(98) = .15, p = .02", "r(98) = .15, p = .14", "stats.test_statistic_mismatch"),  # decision error
    ("apa", "χ2(1, N = 58) = 6.20, ns", "χ2(1, N = 58) = 6.20, p = .013", "stats.test_statistic_mismatch"),  # ns
    ("apa", "z = 1.70, p = .009", "z = 1.70, p = .089", "stats.test_statistic_mismatch"),  # z decision error
    ("apa", "t(28) = 2.00, p = .049", "t(28) = 2.00, p = .055", "stats.test_statistic_mismatch"),  # rounding edge
    ("apa", "t(62) = 2.45, p = .017", "t(60) = 2.45, p = .017", "stats.df_mismatch"),  # df ≠ 32 + 30 − 2
    ("apa", "F(2, 58) = 3.40, p = .040", "F(2, 55) = 3.40, p = .040", "stats.df_mismatch"),  # df2 ≠ N − k
    ("apa", "χ2(1, N = 140) = 4.10", "χ2(1, N = 120) = 4.10", "stats.df_mismatch"),  # N above the sample
    ("apa", "M = 2.48, SD = 1.10", "M = 2.47, SD = 1.08", "stats.grim"),  # single item, n = 32
    ("apa", "n = 10, M = 5.24", "n = 10, M = 5.25", "stats.grim"),  # mean of four items, n = 10
    ("apa", "n = 12, M = 3.50, SD = 1.16", "n = 12, M = 3.50, SD = 1.17", "stats.grimmer"),
    ("apa", "M = 4.80, SD = 1.90", "M = 4.80, SD = 0.41", "stats.sd_impossible"),  # 1–5 scale
    ("apa", "significantly increased delayed recall (p = .07)", "significantly increased delayed recall (p = .007)",
     "claim.significance_p_mismatch"),
    ("apa", "no difference in anxiety between the groups (p = .01)",
     "no difference in anxiety between the groups (p = .41)", "claim.significance_p_mismatch"),
    ("apa", "Sweller & Brown, 1985", "Sweller & Cooper, 1985", "citation.second_author_mismatch"),
    ("apa", "Psychiatry, 279(2)", "Psychiatry, 179(2)", "reference.implausible_volume"),
    ("apa", "Psychology, 183(4)", "Psychology, 83(4)", "reference.implausible_volume"),  # JCCP 2015 is vol 83
    ("apa", "with 112 undergraduates", "with 120 undergraduates", "text.sample_size_mismatch"),  # abstract vs method
    ("apa", "U(n1 = 32, n2 = 30) = 430.0, p = .02", "U(n1 = 32, n2 = 30) = 430.0, p = .48",
     "stats.test_statistic_mismatch"),  # Mann-Whitney U: p is .48, even heavy ties keep it above .15
    ("apa", "t₄₀ = 2.10, p = .08", "t₄₀ = 2.10, p = .042", "stats.test_statistic_mismatch"),  # subscript df
    ("apa", "2.61", "2.59", "stats.grim"),  # Table 1: n, M and SD in separate columns; single item, n = 32
    ("apa", "2.40", "0.96", "stats.sd_impossible"),  # Table 1: SD above the 1–5 bound for M = 3.90
    ("apa", ".19*", ".19", "stats.p_value_mismatch"),  # Table 2: r = .19 with N = 100 gives p = .058, no star
    ("apa", "22 (36.9)", "22 (37.9)", "stats.percentage_mismatch"),  # Table 3: n (%) over the Total row
    ("apa", "31.8", "32.8", "stats.percentage_mismatch"),  # Table 4: separate n and % columns
    # --- Harvard paper
    ("harvard", "t = 1.62, df = 44, p = 0.03", "t = 1.62, df = 44, p = 0.11", "stats.test_statistic_mismatch"),
    ("harvard", "F(1, 44) = 9.80, p = 0.02", "F(1, 44) = 9.80, p = 0.003", "stats.test_statistic_mismatch"),
    ("harvard", "chi-square(1, N = 96) = 2.10, p = 0.02", "chi-square(1, N = 96) = 2.10, p = 0.15",
     "stats.test_statistic_mismatch"),
    ("harvard", "r(94) = 0.28, p = 0.20", "r(94) = 0.28, p = 0.006", "stats.test_statistic_mismatch"),
    ("harvard", "t(44) = 4.90, p = 0.000", "t(44) = 4.90, p < 0.001", "stats.test_statistic_mismatch"),
    ("harvard", "t(46) = 2.31, p = 0.025", "t(44) = 2.31, p = 0.026", "stats.df_mismatch"),  # 24 + 22 − 2
    ("harvard", "F(2, 99) = 3.20", "F(2, 93) = 3.20", "stats.df_mismatch"),  # 96 − 3
    ("harvard", "χ2(1, N = 110)", "χ2(1, N = 96)", "stats.df_mismatch"),  # sample of 96
    ("harvard", "M = 4.12, SD = 1.39", "M = 4.14, SD = 1.39", "stats.grim"),  # single item, n = 22
    ("harvard", "Worry decreased significantly in the mindfulness group (p = 0.12)",
     "Worry decreased significantly in the mindfulness group (p = 0.012)", "claim.significance_p_mismatch"),
    ("harvard", "Sleep quality did not differ between the groups (p = 0.03)",
     "Sleep quality did not differ between the groups (p = 0.31)", "claim.significance_p_mismatch"),
    ("harvard", "Creswell and Lindqvist (2014)", "Creswell and Lindsay (2014)", "citation.second_author_mismatch"),
    ("harvard", "Psychological Medicine, 148(3)", "Psychological Medicine, 48(3)", "reference.implausible_volume"),
    ("harvard", "U = 120.0, n1 = 24, n2 = 22, p = 0.04", "U = 120.0, n1 = 24, n2 = 22, p = 0.002",
     "stats.test_statistic_mismatch"),  # Mann-Whitney U with the group sizes after it: p is .002
    ("harvard", "t44 = 2.60, p = 0.21", "t44 = 2.60, p = 0.013", "stats.test_statistic_mismatch"),  # flattened df
    ("harvard", "−0.30", "−0.30**", "stats.p_value_mismatch"),  # Table 1: p = .003 at N = 96, legend ** is < .01
]

PAPERS = [(style, suffix) for style in ("apa", "harvard") for suffix in ("txt", "md")]


def _text(style: str, suffix: str) -> str:
    return (EXAMPLES / f"{style}-planted.{suffix}").read_text(encoding="utf-8")


@cache
def _audit(text: str, fmt: str) -> Report:
    return audit(text, checks=CHECKS, fmt="markdown" if fmt == "md" else "text")


def _corrected(style: str, text: str) -> str:
    for paper, planted, correct, _check in PLANTED:
        if paper == style:
            assert text.count(planted) == 1, planted
            text = text.replace(planted, correct)
    return text


@pytest.mark.parametrize(("style", "suffix"), PAPERS)
def test_every_planted_problem_is_found(style: str, suffix: str) -> None:
    report = _audit(_text(style, suffix), suffix)
    missed = [planted for paper, planted, _c, check in PLANTED if paper == style and not any(
        f.check == check and planted in f"{f.location.quote} {f.message}" for f in report.findings)]
    assert not missed


@pytest.mark.parametrize(("style", "suffix"), PAPERS)
def test_nothing_else_is_reported(style: str, suffix: str) -> None:
    report = _audit(_text(style, suffix), suffix)
    planted = [(check, text) for paper, text, _c, check in PLANTED if paper == style]
    extra = [f.message for f in report.findings if f.severity != "info" and not any(
        f.check == check and text in f"{f.location.quote} {f.message}" for check, text in planted)]
    assert not extra


@pytest.mark.parametrize(("style", "suffix"), PAPERS)
def test_clean_version_has_no_findings(style: str, suffix: str) -> None:
    report = _audit(_corrected(style, _text(style, suffix)), suffix)
    assert [f.message for f in report.findings if f.severity != "info"] == []
