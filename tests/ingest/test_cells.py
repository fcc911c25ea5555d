"""The table cell grammar (kgaudit.ingest.cells): table-driven cases and property tests."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import get_args, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgaudit.ingest.cells import column_role, parse_cell, parse_group_size, parse_number
from kgaudit.model import CellValue, Num


def numbers_of(value: CellValue) -> dict[str, object]:
    """The fields a cell value sets, numbers as plain floats."""
    out: dict[str, object] = {}
    for name in value.__dataclass_fields__:
        field = getattr(value, name)
        if name in ("kind", "basis", "evidence") or field is None:  # the reading's basis is tested on its own
            continue
        out[name] = field.value if isinstance(field, Num) else field
    return out


def assert_cell(value: CellValue, kind: str, expected: dict[str, object]) -> None:
    assert value.kind == kind, value
    got = numbers_of(value)
    assert set(got) == set(expected), got
    for name, want in expected.items():
        if isinstance(want, float):
            assert math.isclose(got[name], want, rel_tol=1e-9, abs_tol=1e-12), (name, got[name], want)
        else:
            assert got[name] == want, (name, got[name], want)


# --------------------------------------------------------------------------- parse_number

NUMBER_CASES = [
    (".04", 0.04, ".04", 2),  # leading decimal point, as in APA p-values
    ("0.35", 0.35, "0.35", 2),  # plain decimal
    ("113", 113.0, "113", 0),  # integer
    ("1,234", 1234.0, "1,234", 0),  # thousands separator
    ("12,345,678.5", 12345678.5, "12,345,678.5", 1),  # several groups and decimals
    ("−1.2", -1.2, "−1.2", 1),  # Unicode minus sign
    ("-0.5", -0.5, "-0.5", 1),  # ASCII minus
    ("–1.2", -1.2, "–1.2", 1),  # en dash used as a minus by a PDF
    ("+2.5", 2.5, "+2.5", 1),  # explicit plus sign
    ("1.2e-5", 1.2e-5, "1.2e-5", 6),  # e-notation: decimals of the value
    ("3E+02", 300.0, "3E+02", 0),  # upper-case exponent with plus
    ("2.1×10⁻⁵", 2.1e-5, "2.1×10⁻⁵", 6),  # times ten to a superscript power
    ("2.1 x 10^-5", 2.1e-5, "2.1 x 10^-5", 6),  # ASCII spelling of the same
    ("2.1 × 10−5", 2.1e-5, "2.1 × 10−5", 6),  # superscript lost in PDF extraction
    ("0,35", 0.35, "0,35", 2),  # decimal comma after a zero
    ("1\u2009204", 1204.0, "1204", 0),  # thin space between digit groups
    ("10\u00a0699", 10699.0, "10699", 0),  # no-break space between digit groups (French typesetting)
    ("0.001*", 0.001, "0.001", 3),  # footnote mark after the number
    (" 12.5\u00a0", 12.5, "12.5", 1),  # non-breaking space around it
    ("2.1 \\times 10^{-5}", 2.1e-5, "2.1 × 10^{-5}", 6),  # LaTeX \times left in the text
    ("2.1\\cdot10^{-5}", 2.1e-5, "2.1×10^{-5}", 6),  # LaTeX \cdot for the product
    ("0.03\\dagger", 0.03, "0.03", 2),  # LaTeX dagger footnote mark stripped
]


@pytest.mark.parametrize(("text", "value", "printed", "decimals"), NUMBER_CASES)
def test_parse_number_reads_value_text_and_decimals(text: str, value: float, printed: str, decimals: int) -> None:
    num = parse_number(text)
    assert num is not None
    assert math.isclose(num.value, value, rel_tol=1e-9)
    assert (num.text, num.decimals) == (printed, decimals)


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing
        "abc",  # words
        "12%",  # a percentage is not a bare number
        "1.55–3.83",  # an interval
        "1 204",  # ordinary space: two numbers, not thousands
        "1e999",  # overflows a float
        "NA",  # an empty marker
    ],
)
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


# --------------------------------------------------------------------------- parse_cell

CELL_CASES = [
    # count with percentage
    ("68 (54.4%)", None, "count_percent", {"count": 68.0, "percent": 54.4}),  # percent sign printed
    ("68 (54.4 %)", None, "count_percent", {"count": 68.0, "percent": 54.4}),  # space before %
    ("68 [54.4%]", None, "count_percent", {"count": 68.0, "percent": 54.4}),  # square brackets
    ("68 (54.4)", "Male, n (%)", "count_percent", {"count": 68.0, "percent": 54.4}),  # % only in the hint
    ("68 (54)", "No. (%)", "count_percent", {"count": 68.0, "percent": 54.0}),  # whole percentage
    ("54.4% (68)", None, "count_percent", {"count": 68.0, "percent": 54.4}),  # percentage first
    # a (b) without hint: documented rule says mean (SD)
    ("61.3 (9.8)", None, "mean_sd", {"mean": 61.3, "sd": 9.8}),  # the classic mean (SD)
    ("68 (54.4)", None, "mean_sd", {"mean": 68.0, "sd": 54.4}),  # ambiguous: mean (SD) by default
    ("61.3 (9.8)", "Age, mean (SD)", "mean_sd", {"mean": 61.3, "sd": 9.8}),  # hint agrees
    ("45 (12)", "Weight (kg), mean (SD)", "mean_sd", {"mean": 45.0, "sd": 12.0}),  # whole numbers, SD hint
    # fractions
    ("23/84 (27.4%)", None, "fraction", {"count": 23.0, "denominator": 84.0, "percent": 27.4}),  # with %
    ("23/84", None, "fraction", {"count": 23.0, "denominator": 84.0}),  # bare fraction
    ("23 / 84 (27.4)", None, "fraction", {"count": 23.0, "denominator": 84.0, "percent": 27.4}),  # spaced
    ("23 of 84", None, "fraction", {"count": 23.0, "denominator": 84.0}),  # spelled out
    ("10 699 (79%)", None, "count_percent", {"count": 10699.0, "percent": 79.0}),  # thousands by a space (mds526)
    ("12 345", None, "text", {}),  # two numbers or one? without a percentage nothing says: left as text
    ("0.5 123 (4%)", None, "text", {}),  # a decimal before the group: not a grouped count
    # mean ± SD
    ("59.2 ± 14.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # plus-minus sign
    ("59.2 \\pm 14.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # LaTeX leftover
    ("59.2\\pm14.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # LaTeX without spaces
    ("$59.2 \\pm 14.5$", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # LaTeX math mode
    ("59.2 +/- 14.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # ASCII spelling
    ("59.2 +- 14.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # shorter ASCII spelling
    ("59.2\u2009±\u200914.5", None, "mean_sd", {"mean": 59.2, "sd": 14.5}),  # thin spaces
    ("−0.4 ± 1.1", None, "mean_sd", {"mean": -0.4, "sd": 1.1}),  # negative mean
    # median with IQR or range
    ("12 [8–17]", None, "median_iqr", {"median": 12.0, "low": 8.0, "high": 17.0}),  # square brackets
    ("12 (8-17)", "median (IQR)", "median_iqr", {"median": 12.0, "low": 8.0, "high": 17.0}),  # hint says IQR
    ("12 (8-17)", None, "median_iqr", {"median": 12.0, "low": 8.0, "high": 17.0}),  # whole numbers: median
    ("12 (IQR 8–17)", None, "median_iqr", {"median": 12.0, "low": 8.0, "high": 17.0}),  # labelled IQR
    ("12 (IQR: 8–17)", None, "median_iqr", {"median": 12.0, "low": 8.0, "high": 17.0}),  # with colon
    ("4.5 (3.0, 7.5)", "Median (Q1, Q3)", "median_iqr", {"median": 4.5, "low": 3.0, "high": 7.5}),  # quartiles
    ("12 (range 3–40)", None, "median_range", {"median": 12.0, "low": 3.0, "high": 40.0}),  # labelled range
    ("12 (3–40)", "Median (range)", "median_range", {"median": 12.0, "low": 3.0, "high": 40.0}),  # hint range
    ("12 (min–max 3–40)", None, "median_range", {"median": 12.0, "low": 3.0, "high": 40.0}),  # min–max
    # percentages
    ("97.9%", None, "percent", {"percent": 97.9}),  # bare percentage
    ("97.9 %", None, "percent", {"percent": 97.9}),  # with a space
    ("97.9\u00a0%", None, "percent", {"percent": 97.9}),  # with a non-breaking space
    ("97.9\\%", None, "percent", {"percent": 97.9}),  # LaTeX escaped percent
    # p-values
    ("0.47", "p", "p_value", {"p_value": 0.47, "comparator": "="}),  # plain number in a p column
    ("0.47", "P value", "p_value", {"p_value": 0.47, "comparator": "="}),  # spelled-out column label
    ("0.47", None, "number", {"number": 0.47}),  # without hint it is just a number
    ("<0.001", None, "p_value", {"p_value": 0.001, "comparator": "<"}),  # comparator makes it a p-value
    ("<0.001", "p", "p_value", {"p_value": 0.001, "comparator": "<"}),  # and so does the hint
    ("< .001", None, "p_value", {"p_value": 0.001, "comparator": "<"}),  # APA style with space
    ("≤0.05", None, "p_value", {"p_value": 0.05, "comparator": "<="}),  # less-or-equal sign
    ("> 0.05", None, "p_value", {"p_value": 0.05, "comparator": ">"}),  # greater than
    ("P = .04", None, "p_value", {"p_value": 0.04, "comparator": "="}),  # explicit P
    ("p<0.05", None, "p_value", {"p_value": 0.05, "comparator": "<"}),  # no spaces
    ("P-value = 0.04", None, "p_value", {"p_value": 0.04, "comparator": "="}),  # long label
    ("0.001*", "p", "p_value", {"p_value": 0.001, "comparator": "="}),  # asterisk footnote stripped
    (".03†", "p", "p_value", {"p_value": 0.03, "comparator": "="}),  # dagger footnote stripped
    ("0.04ᵃ", "p", "p_value", {"p_value": 0.04, "comparator": "="}),  # superscript letter footnote
    ("0.04 a", "p", "p_value", {"p_value": 0.04, "comparator": "="}),  # footnote letter as extracted
    ("<0.001**", None, "p_value", {"p_value": 0.001, "comparator": "<"}),  # double asterisk
    ("2.1×10⁻⁵", "p", "p_value", {"p_value": 2.1e-5, "comparator": "="}),  # scientific p-value
    ("P < 1.2e-8", None, "p_value", {"p_value": 1.2e-8, "comparator": "<"}),  # e-notation p-value
    ("NS", "p", "text", {}),  # "not significant" carries no number
    ("<5", None, "text", {}),  # a category bound, not a p-value
    # estimates with confidence intervals
    ("HR 1.42 (1.05–1.93)", None, "estimate_ci", {"estimate": 1.42, "ci_low": 1.05, "ci_high": 1.93, "measure": "HR"}),  # measure named
    ("1.42 (1.05, 1.93)", None, "estimate_ci", {"estimate": 1.42, "ci_low": 1.05, "ci_high": 1.93}),  # comma in brackets
    ("1.42 (1.05–1.93)", None, "estimate_ci", {"estimate": 1.42, "ci_low": 1.05, "ci_high": 1.93}),  # decimals: an estimate
    ("1.42 (1.05 to 1.93)", None, "estimate_ci", {"estimate": 1.42, "ci_low": 1.05, "ci_high": 1.93}),  # "to"
    ("OR = 2.1; 95% CI 1.3–3.4", None, "estimate_ci", {"estimate": 2.1, "ci_low": 1.3, "ci_high": 3.4, "measure": "OR"}),  # spelled out
    ("2.1 (95% CI: 1.3–3.4)", None, "estimate_ci", {"estimate": 2.1, "ci_low": 1.3, "ci_high": 3.4}),  # CI inside brackets
    ("2.1 [1.3; 3.4]", None, "estimate_ci", {"estimate": 2.1, "ci_low": 1.3, "ci_high": 3.4}),  # semicolon in brackets
    ("12 (8–17)", "OR (95% CI)", "estimate_ci", {"estimate": 12.0, "ci_low": 8.0, "ci_high": 17.0}),  # hint says CI
    ("aOR 0.8 (−1.2 to −0.3)", None, "estimate_ci", {"estimate": 0.8, "ci_low": -1.2, "ci_high": -0.3, "measure": "aOR"}),  # negatives
    ("−0.52 (−0.91, −0.13)", None, "estimate_ci", {"estimate": -0.52, "ci_low": -0.91, "ci_high": -0.13}),  # all negative
    # bare intervals
    ("1.55–3.83", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # en dash
    ("1.55 - 3.83", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # spaced hyphen
    ("1.55—3.83", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # em dash
    ("1.55 to 3.83", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # "to"
    ("1.55--3.83", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # LaTeX double hyphen
    ("(1.55, 3.83)", None, "interval", {"ci_low": 1.55, "ci_high": 3.83}),  # bracketed pair
    ("-0.5 to 1.2", None, "interval", {"ci_low": -0.5, "ci_high": 1.2}),  # negative lower bound
    ("−2.1–−0.3", None, "interval", {"ci_low": -2.1, "ci_high": -0.3}),  # both negative, minus signs
    ("-2.1 - -0.3", None, "interval", {"ci_low": -2.1, "ci_high": -0.3}),  # both negative, hyphens
    ("0.73–1.112", None, "interval", {"ci_low": 0.73, "ci_high": 1.112}),  # uneven decimals kept
    # empty markers
    ("–", None, "empty", {}),  # en dash
    ("—", None, "empty", {}),  # em dash
    ("-", None, "empty", {}),  # hyphen
    ("−", None, "empty", {}),  # minus sign
    ("NA", None, "empty", {}),  # not applicable
    ("n/a", None, "empty", {}),  # lower case
    ("N/A", None, "empty", {}),  # slash form
    ("NR", None, "empty", {}),  # not reported
    ("", None, "empty", {}),  # blank cell
    ("  ", None, "empty", {}),  # white space only
    ("…", None, "empty", {}),  # ellipsis
    # plain numbers and text
    ("3.71", None, "number", {"number": 3.71}),  # decimal
    ("125", None, "number", {"number": 125.0}),  # integer
    ("1,204", None, "number", {"number": 1204.0}),  # thousands
    ("−1.2", None, "number", {"number": -1.2}),  # negative
    ("OR = 2.1", None, "number", {"number": 2.1}),  # measure without CI
    ("3.71*", None, "number", {"number": 3.71}),  # with footnote mark
    ("Yes", None, "text", {}),  # a word
    ("Clavien-Dindo", None, "text", {}),  # hyphenated words are not empty
    ("12 mm", None, "text", {}),  # a number with a unit stays text
]


@pytest.mark.parametrize(("text", "hint", "kind", "expected"), CELL_CASES)
def test_parse_cell_reads_each_printed_form(text: str, hint: str | None, kind: str, expected: dict) -> None:
    assert_cell(parse_cell(text, hint=hint), kind, expected)


# Every cell of the seed paper's six tables; the hint is what the table reader passes
# ("p" in a p-value column, else row label + column label).
SEED_CELLS = [
    ('59.2 \\pm 14.5', 'Mean Age (years) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 59.2, 'sd': 14.5}),  # T1 Mean Age (years) / CT-guided cryoablation
    ('55.7 \\pm 14.4', 'Mean Age (years) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 55.7, 'sd': 14.4}),  # T1 Mean Age (years) / Partial nephrectomy
    ('0.47', 'p', 'p_value', {'p_value': 0.47, 'comparator': '='}),  # T1 Mean Age (years) / p-value
    ('68 (54.4%)', 'Male, n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 68.0, 'percent': 54.4}),  # T1 Male, n (%) / CT-guided cryoablation
    ('65 (52.0%)', 'Male, n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 65.0, 'percent': 52.0}),  # T1 Male, n (%) / Partial nephrectomy
    ('0.89', 'p', 'p_value', {'p_value': 0.89, 'comparator': '='}),  # T1 Male, n (%) / p-value
    ('57 (45.6%)', 'Female, n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 57.0, 'percent': 45.6}),  # T1 Female, n (%) / CT-guided cryoablation
    ('60 (48.0%)', 'Female, n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 60.0, 'percent': 48.0}),  # T1 Female, n (%) / Partial nephrectomy
    ('–', 'p', 'empty', {}),  # T1 Female, n (%) / p-value
    ('29.0 \\pm 4.6', 'Mean BMI (kg/m ²) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 29.0, 'sd': 4.6}),  # T1 Mean BMI (kg/m ²) / CT-guided cryoablation
    ('29.6 \\pm 4.0', 'Mean BMI (kg/m ²) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 29.6, 'sd': 4.0}),  # T1 Mean BMI (kg/m ²) / Partial nephrectomy
    ('0.55', 'p', 'p_value', {'p_value': 0.55, 'comparator': '='}),  # T1 Mean BMI (kg/m ²) / p-value
    ('47 (37.6%)', 'Hypertension, n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 47.0, 'percent': 37.6}),  # T1 Hypertension, n (%) / CT-guided cryoablation
    ('45 (36.0%)', 'Hypertension, n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 45.0, 'percent': 36.0}),  # T1 Hypertension, n (%) / Partial nephrectomy
    ('0.57', 'p', 'p_value', {'p_value': 0.57, 'comparator': '='}),  # T1 Hypertension, n (%) / p-value
    ('22 (17.6%)', 'Diabetes Mellitus, n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 22.0, 'percent': 17.6}),  # T1 Diabetes Mellitus, n (%) / CT-guided cryoablation
    ('25 (20.0%)', 'Diabetes Mellitus, n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 25.0, 'percent': 20.0}),  # T1 Diabetes Mellitus, n (%) / Partial nephrectomy
    ('0.72', 'p', 'p_value', {'p_value': 0.72, 'comparator': '='}),  # T1 Diabetes Mellitus, n (%) / p-value
    ('35 (28.0%)', 'ASA Score ≥ 3 , n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 35.0, 'percent': 28.0}),  # T1 ASA Score ≥ 3 , n (%) / CT-guided cryoablation
    ('32 (25.6%)', 'ASA Score ≥ 3 , n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 32.0, 'percent': 25.6}),  # T1 ASA Score ≥ 3 , n (%) / Partial nephrectomy
    ('0.72', 'p', 'p_value', {'p_value': 0.72, 'comparator': '='}),  # T1 ASA Score ≥ 3 , n (%) / p-value
    ('30 (24.0%)', 'Smoking History, n (%) CT-guided cryoablation (n=125)', 'count_percent', {'count': 30.0, 'percent': 24.0}),  # T1 Smoking History, n (%) / CT-guided cryoablation
    ('27 (21.6%)', 'Smoking History, n (%) Partial nephrectomy (n=125)', 'count_percent', {'count': 27.0, 'percent': 21.6}),  # T1 Smoking History, n (%) / Partial nephrectomy
    ('0.87', 'p', 'p_value', {'p_value': 0.87, 'comparator': '='}),  # T1 Smoking History, n (%) / p-value
    ('97.9%', 'Technical Success Rate CT-guided cryoablation (n=125)', 'percent', {'percent': 97.9}),  # T2 Technical Success Rate / CT-guided cryoablation
    ('87.3%', 'Technical Success Rate Partial nephrectomy (n=125)', 'percent', {'percent': 87.3}),  # T2 Technical Success Rate / Partial nephrectomy
    ('<0.001', 'p', 'p_value', {'p_value': 0.001, 'comparator': '<'}),  # T2 Technical Success Rate / p-value
    ('87.5%', 'Complete Response Rate CT-guided cryoablation (n=125)', 'percent', {'percent': 87.5}),  # T2 Complete Response Rate / CT-guided cryoablation
    ('64.0%', 'Complete Response Rate Partial nephrectomy (n=125)', 'percent', {'percent': 64.0}),  # T2 Complete Response Rate / Partial nephrectomy
    ('0.046', 'p', 'p_value', {'p_value': 0.046, 'comparator': '='}),  # T2 Complete Response Rate / p-value
    ('94.1%', 'Procedural Accuracy (%) CT-guided cryoablation (n=125)', 'percent', {'percent': 94.1}),  # T2 Procedural Accuracy (%) / CT-guided cryoablation
    ('81.9%', 'Procedural Accuracy (%) Partial nephrectomy (n=125)', 'percent', {'percent': 81.9}),  # T2 Procedural Accuracy (%) / Partial nephrectomy
    ('<0.003', 'p', 'p_value', {'p_value': 0.003, 'comparator': '<'}),  # T2 Procedural Accuracy (%) / p-value
    ('115 (92.0%)', 'Target Achievement CT-guided cryoablation (n=125)', 'count_percent', {'count': 115.0, 'percent': 92.0}),  # T2 Target Achievement / CT-guided cryoablation
    ('97 (77.6%)', 'Target Achievement Partial nephrectomy (n=125)', 'count_percent', {'count': 97.0, 'percent': 77.6}),  # T2 Target Achievement / Partial nephrectomy
    ('<0.001', 'p', 'p_value', {'p_value': 0.001, 'comparator': '<'}),  # T2 Target Achievement / p-value
    ('86.6%', 'Disease-Free Survival (12mo) CT-guided cryoablation (n=125)', 'percent', {'percent': 86.6}),  # T2 Disease-Free Survival (12mo) / CT-guided cryoablation
    ('77.5%', 'Disease-Free Survival (12mo) Partial nephrectomy (n=125)', 'percent', {'percent': 77.5}),  # T2 Disease-Free Survival (12mo) / Partial nephrectomy
    ('0.015', 'p', 'p_value', {'p_value': 0.015, 'comparator': '='}),  # T2 Disease-Free Survival (12mo) / p-value
    ('9.8 \\pm 1.8', 'Quality Score (Mean \\pm SD) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 9.8, 'sd': 1.8}),  # T2 Quality Score (Mean \pm SD) / CT-guided cryoablation
    ('7.9 \\pm 1.5', 'Quality Score (Mean \\pm SD) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 7.9, 'sd': 1.5}),  # T2 Quality Score (Mean \pm SD) / Partial nephrectomy
    ('<0.007', 'p', 'p_value', {'p_value': 0.007, 'comparator': '<'}),  # T2 Quality Score (Mean \pm SD) / p-value
    ('113 \\pm 40', 'Mean Procedure Time (min) CT-guided cryoablation', 'mean_sd', {'mean': 113.0, 'sd': 40.0}),  # T3 Mean Procedure Time (min) / CT-guided cryoablation
    ('81 \\pm 36', 'Mean Procedure Time (min) Partial nephrectomy', 'mean_sd', {'mean': 81.0, 'sd': 36.0}),  # T3 Mean Procedure Time (min) / Partial nephrectomy
    ('0.35', 'p', 'p_value', {'p_value': 0.35, 'comparator': '='}),  # T3 Mean Procedure Time (min) / p-value
    ('5.9 \\pm 2.2', 'Mean Hospital Stay (days) CT-guided cryoablation', 'mean_sd', {'mean': 5.9, 'sd': 2.2}),  # T3 Mean Hospital Stay (days) / CT-guided cryoablation
    ('6.1 \\pm 3.7', 'Mean Hospital Stay (days) Partial nephrectomy', 'mean_sd', {'mean': 6.1, 'sd': 3.7}),  # T3 Mean Hospital Stay (days) / Partial nephrectomy
    ('0.022', 'p', 'p_value', {'p_value': 0.022, 'comparator': '='}),  # T3 Mean Hospital Stay (days) / p-value
    ('311 \\pm 130', 'Estimated Blood Loss (mL) CT-guided cryoablation', 'mean_sd', {'mean': 311.0, 'sd': 130.0}),  # T3 Estimated Blood Loss (mL) / CT-guided cryoablation
    ('528 \\pm 183', 'Estimated Blood Loss (mL) Partial nephrectomy', 'mean_sd', {'mean': 528.0, 'sd': 183.0}),  # T3 Estimated Blood Loss (mL) / Partial nephrectomy
    ('0.030', 'p', 'p_value', {'p_value': 0.03, 'comparator': '='}),  # T3 Estimated Blood Loss (mL) / p-value
    ('12 \\pm 5', 'Imaging Time (min) CT-guided cryoablation', 'mean_sd', {'mean': 12.0, 'sd': 5.0}),  # T3 Imaging Time (min) / CT-guided cryoablation
    ('6 \\pm 7', 'Imaging Time (min) Partial nephrectomy', 'mean_sd', {'mean': 6.0, 'sd': 7.0}),  # T3 Imaging Time (min) / Partial nephrectomy
    ('0.012', 'p', 'p_value', {'p_value': 0.012, 'comparator': '='}),  # T3 Imaging Time (min) / p-value
    ('105 \\pm 29', 'Contrast Volume (mL) CT-guided cryoablation', 'mean_sd', {'mean': 105.0, 'sd': 29.0}),  # T3 Contrast Volume (mL) / CT-guided cryoablation
    ('119 \\pm 34', 'Contrast Volume (mL) Partial nephrectomy', 'mean_sd', {'mean': 119.0, 'sd': 34.0}),  # T3 Contrast Volume (mL) / Partial nephrectomy
    ('0.031', 'p', 'p_value', {'p_value': 0.031, 'comparator': '='}),  # T3 Contrast Volume (mL) / p-value
    ('28.5 \\pm 8.0', 'Radiation Dose (mGy) CT-guided cryoablation', 'mean_sd', {'mean': 28.5, 'sd': 8.0}),  # T3 Radiation Dose (mGy) / CT-guided cryoablation
    ('21.8 \\pm 7.1', 'Radiation Dose (mGy) Partial nephrectomy', 'mean_sd', {'mean': 21.8, 'sd': 7.1}),  # T3 Radiation Dose (mGy) / Partial nephrectomy
    ('0.054', 'p', 'p_value', {'p_value': 0.054, 'comparator': '='}),  # T3 Radiation Dose (mGy) / p-value
    ('10 (8.0%)', 'Grade I CT-guided cryoablation (n=125)', 'count_percent', {'count': 10.0, 'percent': 8.0}),  # T4 Grade I / CT-guided cryoablation
    ('15 (12.0%)', 'Grade I Partial nephrectomy (n=125)', 'count_percent', {'count': 15.0, 'percent': 12.0}),  # T4 Grade I / Partial nephrectomy
    ('0.41', 'p', 'p_value', {'p_value': 0.41, 'comparator': '='}),  # T4 Grade I / p-value
    ('6 (4.8%)', 'Grade II CT-guided cryoablation (n=125)', 'count_percent', {'count': 6.0, 'percent': 4.8}),  # T4 Grade II / CT-guided cryoablation
    ('10 (8.0%)', 'Grade II Partial nephrectomy (n=125)', 'count_percent', {'count': 10.0, 'percent': 8.0}),  # T4 Grade II / Partial nephrectomy
    ('0.35', 'p', 'p_value', {'p_value': 0.35, 'comparator': '='}),  # T4 Grade II / p-value
    ('2 (1.6%)', 'Grade IIIa CT-guided cryoablation (n=125)', 'count_percent', {'count': 2.0, 'percent': 1.6}),  # T4 Grade IIIa / CT-guided cryoablation
    ('5 (4.0%)', 'Grade IIIa Partial nephrectomy (n=125)', 'count_percent', {'count': 5.0, 'percent': 4.0}),  # T4 Grade IIIa / Partial nephrectomy
    ('0.40', 'p', 'p_value', {'p_value': 0.4, 'comparator': '='}),  # T4 Grade IIIa / p-value
    ('1 (0.8%)', 'Grade IIIb CT-guided cryoablation (n=125)', 'count_percent', {'count': 1.0, 'percent': 0.8}),  # T4 Grade IIIb / CT-guided cryoablation
    ('3 (2.4%)', 'Grade IIIb Partial nephrectomy (n=125)', 'count_percent', {'count': 3.0, 'percent': 2.4}),  # T4 Grade IIIb / Partial nephrectomy
    ('0.158', 'p', 'p_value', {'p_value': 0.158, 'comparator': '='}),  # T4 Grade IIIb / p-value
    ('0 (0.0%)', 'Grade IV CT-guided cryoablation (n=125)', 'count_percent', {'count': 0.0, 'percent': 0.0}),  # T4 Grade IV / CT-guided cryoablation
    ('1 (0.8%)', 'Grade IV Partial nephrectomy (n=125)', 'count_percent', {'count': 1.0, 'percent': 0.8}),  # T4 Grade IV / Partial nephrectomy
    ('0.44', 'p', 'p_value', {'p_value': 0.44, 'comparator': '='}),  # T4 Grade IV / p-value
    ('20 (16.0%)', 'Total Complications CT-guided cryoablation (n=125)', 'count_percent', {'count': 20.0, 'percent': 16.0}),  # T4 Total Complications / CT-guided cryoablation
    ('32 (25.6%)', 'Total Complications Partial nephrectomy (n=125)', 'count_percent', {'count': 32.0, 'percent': 25.6}),  # T4 Total Complications / Partial nephrectomy
    ('0.031', 'p', 'p_value', {'p_value': 0.031, 'comparator': '='}),  # T4 Total Complications / p-value
    ('7 (5.6%)', 'Local Recurrence/Failure CT-guided cryoablation (n=125)', 'count_percent', {'count': 7.0, 'percent': 5.6}),  # T5 Local Recurrence/Failure / CT-guided cryoablation
    ('15 (12.0%)', 'Local Recurrence/Failure Partial nephrectomy (n=125)', 'count_percent', {'count': 15.0, 'percent': 12.0}),  # T5 Local Recurrence/Failure / Partial nephrectomy
    ('0.036', 'p', 'p_value', {'p_value': 0.036, 'comparator': '='}),  # T5 Local Recurrence/Failure / p-value
    ('5 (4.0%)', 'Revision/Reintervention CT-guided cryoablation (n=125)', 'count_percent', {'count': 5.0, 'percent': 4.0}),  # T5 Revision/Reintervention / CT-guided cryoablation
    ('11 (8.8%)', 'Revision/Reintervention Partial nephrectomy (n=125)', 'count_percent', {'count': 11.0, 'percent': 8.8}),  # T5 Revision/Reintervention / Partial nephrectomy
    ('0.046', 'p', 'p_value', {'p_value': 0.046, 'comparator': '='}),  # T5 Revision/Reintervention / p-value
    ('79.1 ± 9.4', 'Functional Score (Mean) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 79.1, 'sd': 9.4}),  # T5 Functional Score (Mean) / CT-guided cryoablation
    ('77.6 ± 14.4', 'Functional Score (Mean) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 77.6, 'sd': 14.4}),  # T5 Functional Score (Mean) / Partial nephrectomy
    ('0.035', 'p', 'p_value', {'p_value': 0.035, 'comparator': '='}),  # T5 Functional Score (Mean) / p-value
    ('8.4 ± 1.4', 'Patient Satisfaction (VAS) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 8.4, 'sd': 1.4}),  # T5 Patient Satisfaction (VAS) / CT-guided cryoablation
    ('7.1 ± 1.5', 'Patient Satisfaction (VAS) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 7.1, 'sd': 1.5}),  # T5 Patient Satisfaction (VAS) / Partial nephrectomy
    ('0.012', 'p', 'p_value', {'p_value': 0.012, 'comparator': '='}),  # T5 Patient Satisfaction (VAS) / p-value
    ('6.0 ± 4.5', 'Return to Activity (weeks) CT-guided cryoablation (n=125)', 'mean_sd', {'mean': 6.0, 'sd': 4.5}),  # T5 Return to Activity (weeks) / CT-guided cryoablation
    ('11.2 ± 4.8', 'Return to Activity (weeks) Partial nephrectomy (n=125)', 'mean_sd', {'mean': 11.2, 'sd': 4.8}),  # T5 Return to Activity (weeks) / Partial nephrectomy
    ('0.013', 'p', 'p_value', {'p_value': 0.013, 'comparator': '='}),  # T5 Return to Activity (weeks) / p-value
    ('97.1%', 'Overall Survival (12mo) CT-guided cryoablation (n=125)', 'percent', {'percent': 97.1}),  # T5 Overall Survival (12mo) / CT-guided cryoablation
    ('90.9%', 'Overall Survival (12mo) Partial nephrectomy (n=125)', 'percent', {'percent': 90.9}),  # T5 Overall Survival (12mo) / Partial nephrectomy
    ('0.31', 'p', 'p_value', {'p_value': 0.31, 'comparator': '='}),  # T5 Overall Survival (12mo) / p-value
    ('3.71', 'Partial nephrectomy vs CT-guided cryoablation Odds Ratio', 'number', {'number': 3.71}),  # T6 Partial nephrectomy vs CT-guided cryoablation / Odds Ratio
    ('1.55–3.83', 'Partial nephrectomy vs CT-guided cryoablation 95% CI', 'interval', {'ci_low': 1.55, 'ci_high': 3.83}),  # T6 Partial nephrectomy vs CT-guided cryoablation / 95% CI
    ('<0.001', 'p', 'p_value', {'p_value': 0.001, 'comparator': '<'}),  # T6 Partial nephrectomy vs CT-guided cryoablation / p-value
    ('1.67', 'Age >65 years Odds Ratio', 'number', {'number': 1.67}),  # T6 Age >65 years / Odds Ratio
    ('1.17–2.53', 'Age >65 years 95% CI', 'interval', {'ci_low': 1.17, 'ci_high': 2.53}),  # T6 Age >65 years / 95% CI
    ('0.012', 'p', 'p_value', {'p_value': 0.012, 'comparator': '='}),  # T6 Age >65 years / p-value
    ('1.40', 'BMI >30 kg/m ² Odds Ratio', 'number', {'number': 1.4}),  # T6 BMI >30 kg/m ² / Odds Ratio
    ('0.82–2.26', 'BMI >30 kg/m ² 95% CI', 'interval', {'ci_low': 0.82, 'ci_high': 2.26}),  # T6 BMI >30 kg/m ² / 95% CI
    ('0.235', 'p', 'p_value', {'p_value': 0.235, 'comparator': '='}),  # T6 BMI >30 kg/m ² / p-value
    ('1.72', 'ASA Score ≥3 Odds Ratio', 'number', {'number': 1.72}),  # T6 ASA Score ≥3 / Odds Ratio
    ('1.34–2.48', 'ASA Score ≥3 95% CI', 'interval', {'ci_low': 1.34, 'ci_high': 2.48}),  # T6 ASA Score ≥3 / 95% CI
    ('0.032', 'p', 'p_value', {'p_value': 0.032, 'comparator': '='}),  # T6 ASA Score ≥3 / p-value
    ('1.38', 'Diabetes Mellitus Odds Ratio', 'number', {'number': 1.38}),  # T6 Diabetes Mellitus / Odds Ratio
    ('0.73–1.112', 'Diabetes Mellitus 95% CI', 'interval', {'ci_low': 0.73, 'ci_high': 1.112}),  # T6 Diabetes Mellitus / 95% CI
    ('0.212', 'p', 'p_value', {'p_value': 0.212, 'comparator': '='}),  # T6 Diabetes Mellitus / p-value
    ('1.104', 'Prior Treatment Odds Ratio', 'number', {'number': 1.104}),  # T6 Prior Treatment / Odds Ratio
    ('1.47–2.76', 'Prior Treatment 95% CI', 'interval', {'ci_low': 1.47, 'ci_high': 2.76}),  # T6 Prior Treatment / 95% CI
    ('0.015', 'p', 'p_value', {'p_value': 0.015, 'comparator': '='}),  # T6 Prior Treatment / p-value

]


@pytest.mark.parametrize(("text", "hint", "kind", "expected"), SEED_CELLS)
def test_parse_cell_reads_every_seed_table_cell(text: str, hint: str, kind: str, expected: dict) -> None:
    assert_cell(parse_cell(text, hint=hint), kind, expected)


def test_seed_cell_table_covers_the_seed_tables(seed_path: Path) -> None:
    """Every tab-separated cell of the seed's tables is in SEED_CELLS, and none parses as text."""
    text = seed_path.read_text(encoding="utf-8")
    listed = {(raw, hint) for raw, hint, _, _ in SEED_CELLS}
    seen = 0
    for caption in re.finditer(r"^Table \d+: .*$", text, re.M):
        body = text[caption.end() : text.index("Interpretation", caption.end())]
        rows = [line.split("\t") for line in body.splitlines() if "\t" in line]
        header = [h.strip() for h in rows[0]]
        for row in rows[1:]:
            for column, raw in zip(header[1:], row[1:], strict=True):
                hint = "p" if column.lower().startswith("p-value") else f"{row[0].strip()} {column}"
                assert (raw, hint) in listed
                assert parse_cell(raw, hint=hint).kind != "text"
                seen += 1
    assert seen == len(SEED_CELLS)


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize(
    ("hint", "kind"),
    [
        ("n (%)", "count_percent"),  # the usual column label
        ("Male, n (%) Group A (n=125)", "count_percent"),  # row and column label together
        ("No. (%)", "count_percent"),  # "No." spelling
        ("Mean (SD)", "mean_sd"),  # SD named
        ("Mean \\pm SD", "mean_sd"),  # LaTeX leftover in the label
        ("Age, years", "mean_sd"),  # nothing said: the default
        ("95% CI", "mean_sd"),  # a "%" inside "95% CI" does not mean n (%)
    ],
)
def test_hint_settles_number_in_brackets(hint: str, kind: str) -> None:
    assert parse_cell("40 (32.0)", hint=hint).kind == kind


# --------------------------------------------------------------------------- group sizes


@pytest.mark.parametrize(
    ("header", "n"),
    [
        ("(n=125)", 125),  # compact
        ("(n = 125)", 125),  # spaced
        ("N=84", 84),  # capital N
        ("n: 40", 40),  # colon
        ("(N = 1,204)", 1204),  # thousands separator
        ("Breast n = 22 447", 22447),  # SI thousands grouped by a plain space (JATS mds526)
        ("(n = 40 100%)", 40),  # a space before a percentage does not group thousands
        ("CT-guided cryoablation (n=125)", 125),  # group name before it
        ("Controls (n\u00a0=\u00a060)", 60),  # non-breaking spaces
        ("Placebo\n(n = 73)", 73),  # header wrapped over two lines
        ("Partial nephrectomy", None),  # no size printed
        ("Mean", None),  # a word ending in n is not n
        ("Women: 40", None),  # nor a word ending in n before a colon
        ("p-value", None),  # nothing there
    ],
)
def test_parse_group_size_reads_n_from_a_header(header: str, n: int | None) -> None:
    assert parse_group_size(header) == n


# --------------------------------------------------------------------------- properties

CELL_ALPHABET = st.sampled_from(
    list("0123456789.,;:()[]%±<>=≤≥/*†‡§ᵃᵇ -–—−+xX×^eE") + ["\u2009", "\u00a0", "\\pm", "to", "IQR", "range", "CI", "P", "NA", "10⁻⁵", "HR", "OR"]
)
cell_like = st.lists(CELL_ALPHABET, max_size=25).map("".join)
KINDS = set(get_args(get_type_hints(CellValue)["kind"]))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=40), cell_like), hint=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["p", "n (%)", "Mean (SD)", "Median (IQR)", "OR (95% CI)", "range"])))
def test_parse_cell_never_raises_and_returns_a_known_kind(text: str, hint: str | None) -> None:
    value = parse_cell(text, hint=hint)
    assert value.kind in KINDS
    for field in numbers_of(value).values():
        if isinstance(field, float):
            assert math.isfinite(field)


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(st.text(max_size=30), cell_like))
def test_parse_number_never_raises_and_keeps_text(text: str) -> None:
    num = parse_number(text)
    if num is not None:
        assert math.isfinite(num.value)
        assert num.decimals >= 0
        assert num.text.strip() == num.text and num.text


@settings(max_examples=500, deadline=None)
@given(value=st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_parse_number_round_trips_printed_decimals(value) -> None:
    printed = f"{value:.3f}"
    num = parse_number(printed)
    assert num is not None
    assert math.isclose(num.value, float(printed), rel_tol=1e-12, abs_tol=1e-12)
    assert num.decimals == 3


@settings(max_examples=500, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=5000),
    percent=st.floats(min_value=0, max_value=100, allow_nan=False),
    space=st.sampled_from(["", " ", "\u2009", "\u00a0"]),
)
def test_count_percent_round_trips(count: int, percent: float, space: str) -> None:
    printed = f"{percent:.1f}"
    value = parse_cell(f"{count}{space}({printed}%)")
    assert value.kind == "count_percent"
    assert value.count is not None and value.count.value == count
    assert value.percent is not None and value.percent.text == printed


# --------------------------------------------------------------------------- column roles


@pytest.mark.parametrize(
    ("header", "index", "unsized", "role"),
    [
        ("Characteristic", 0, "group", "label"),  # the first column holds row labels
        ("p-value", 3, "group", "p_value"),  # the common spelling
        ("P", 3, "group", "p_value"),  # bare letter
        ("Mortality p", 3, "other", "p_value"),  # p named after its variable (a header GROBID flattened)
        ("P (χ²)", 3, "group", "p_value"),  # the test in brackets
        ("Sig.", 3, "group", "p_value"),  # SPSS
        ("Pr(>|t|)", 3, "group", "p_value"),  # R
        ("95% CI", 2, "group", "ci"),  # interval alone
        ("OR (95% CI)", 1, "group", "estimate"),  # estimates with their intervals
        ("Adjusted HR", 1, "group", "estimate"),  # hazard ratio abbreviation
        ("Mean difference", 1, "group", "estimate"),  # a difference is an estimate
        ("Total (n=250)", 3, "group", "total"),  # the total column with its size
        ("All patients", 3, "other", "total"),  # spelled out
        ("Overall survival", 1, "other", "other"),  # an outcome, not the total column
        ("Arm A (n=40)", 1, "other", "group"),  # a size makes it a group whatever the default
        ("Arm A", 1, "group", "group"),  # plain text: unsized columns are groups
        ("Arm A", 1, "other", "other"),  # XML: unsized descriptive columns are not
        ("p53 expression", 1, "other", "other"),  # a gene, not a p-value
    ],
)
def test_column_role_reads_the_header(header: str, index: int, unsized: str, role: str) -> None:
    n = parse_group_size(header)
    assert column_role(header, index, n, unsized=unsized) == role


# --------------------------------------------------------------------------- how a reading is established


@pytest.mark.parametrize(
    ("text", "hint", "context", "kind", "basis"),
    [
        ("68 (54.4%)", None, None, "count_percent", "cell"),  # the % is printed: the cell says it
        ("61.3 (9.8)", None, None, "mean_sd", "default"),  # a (b) with nothing to say which: a guess
        ("12 (5)", "Deaths n (%)", None, "count_percent", "label"),  # the label names n (%)
        ("61.3 (9.8)", "Age, mean (SD)", None, "mean_sd", "label"),  # the label names mean (SD)
        ("12 (5)", None, "Values are n (%).", "count_percent", "table"),  # the caption names n (%)
        ("12 (5)", None, "Values are n (%) or mean (SD).", "mean_sd", "default"),  # caption names both: unsettled
        ("12.5 (3)", "n (%)", None, "mean_sd", "default"),  # a count must be whole: 12.5 is none
        ("45% (3)", None, None, "count_percent", "default"),  # % (k): k may be a rank or an SD
        ("45% (3)", "% (n)", None, "count_percent", "label"),  # ... unless the label says % (n)
        ("45% (n = 3)", None, None, "count_percent", "cell"),  # ... or the cell prints n =
        ("1.42 (1.05–1.93)", None, None, "estimate_ci", "default"),  # a bracket nothing names
        ("1.42 (1.05–1.93)", "OR (95% CI)", None, "estimate_ci", "label"),  # the header names an OR with its CI
        ("HR 1.42 (1.05–1.93)", None, None, "estimate_ci", "cell"),  # the measure is in the cell
        ("1.42 (95% CI 1.05–1.93)", None, None, "estimate_ci", "cell"),  # the CI is named in the cell
        ("1.42 (1.05–1.93)", None, "Odds ratios (95% CI) from the model.", "estimate_ci", "table"),
        ("12 (8–17)", None, "Data are median (IQR).", "median_iqr", "table"),  # the caption names the IQR
        ("1,00 (0,89-1,12)", "RP (IC95%)", None, "estimate_ci", "label"),  # "IC95%": the CI in Portuguese
    ],
)
def test_the_reading_records_what_established_it(text: str, hint: str | None, context: str | None, kind: str,
                                                  basis: str) -> None:
    value = parse_cell(text, hint=hint, context=context, decimal_comma="," in text and "." not in text)
    assert (value.kind, value.basis) == (kind, basis), value


@pytest.mark.parametrize(
    ("cells", "decimal_comma"),
    [
        (["50 (38,2)", "0,601", "1,00 (0,89-1,12)"], True),  # commas before 1–2 digits: decimal marks
        (["1,234 (12.5%)", "2,345 (20.0%)"], False),  # thousands groups beside decimal points
        (["1,234", "12,345"], False),  # three digits after every comma: thousands
        (["12,5", "3.5"], False),  # both marks in one table: not read as decimal commas
    ],
)
def test_a_table_with_decimal_commas_is_recognised(cells: list[str], decimal_comma: bool) -> None:
    from kgaudit.ingest.cells import uses_decimal_comma

    assert uses_decimal_comma(cells) is decimal_comma


def test_a_decimal_comma_cell_reads_as_its_decimal_point_twin() -> None:
    # "50 (38,2)" under n (%) is 50 with 38.2%, not an estimate 50 with the interval 38 to 2
    value = parse_cell("50 (38,2)", hint="n (%)", decimal_comma=True)
    assert (value.kind, value.count.value, value.percent.value) == ("count_percent", 50, 38.2)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("labels", "roles"),
    [
        # a meta-analysis table: the p printed beside I² may be the heterogeneity test's, not the pooled OR's
        (["Subgroup", "OR (95% CI)", "p", "I² (%)"], ["label", "estimate", "heterogeneity_p", "group"]),
        # named as the heterogeneity test
        (["Subgroup", "OR (95% CI)", "P (heterogeneity)"], ["label", "estimate", "heterogeneity_p"]),
        # no I² in the table: the p after the OR is the OR's p
        (["Variable", "OR (95% CI)", "p"], ["label", "estimate", "p_value"]),
    ],
)
def test_a_p_beside_i_squared_is_not_read_as_the_estimates_p(labels: list[str], roles: list[str]) -> None:
    from kgaudit.ingest.cells import column_role, mark_heterogeneity_p
    from kgaudit.model import Column

    columns = tuple(Column(label=lab, index=i, role=column_role(lab, i, 1 if "I²" in lab else None))
                    for i, lab in enumerate(labels))
    assert [c.role for c in mark_heterogeneity_p(columns)] == roles
