"""Table-level numeric checks on the seed and on small papers written here: true cases and correct cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.api import Report
from kgaudit.checks.base import Finding


@pytest.fixture(scope="module")
def seed_report(seed_path: Path) -> Report:
    return audit(seed_path, checks=["stats"])


def _by(report: Report, check: str, severity: str | None = None) -> list[Finding]:
    return [f for f in report.findings if f.check == check and (severity is None or f.severity == severity)]


def _rows(findings: list[Finding]) -> set[tuple[str | None, str | None]]:
    return {(f.location.table, f.location.row) for f in findings}


def test_impossible_simple_proportions_of_table_2_are_errors(seed_report: Report) -> None:
    errors = _by(seed_report, "stats.percentage_mismatch", "error")
    assert {(f.location.row, f.location.quote) for f in errors} == {
        ("Technical Success Rate", "97.9%"), ("Technical Success Rate", "87.3%"), ("Complete Response Rate", "87.5%"),
    }
    message = next(f.message for f in errors if f.location.quote == "97.9%")
    assert "N = 125" in message and "122/125 = 97.60%" in message and "123/125 = 98.40%" in message


def test_percentages_that_are_estimates_are_only_information(seed_report: Report) -> None:
    infos = _by(seed_report, "stats.percentage_mismatch", "info")
    assert {f.location.row for f in infos} == {
        "Procedural Accuracy (%)", "Disease-Free Survival (12mo)", "Overall Survival (12mo)",
    }
    assert all(f.evidence["treated_as_estimate"] for f in infos)


def test_correct_percentages_stay_unflagged(seed_report: Report) -> None:
    flagged = {f.location.quote for f in _by(seed_report, "stats.percentage_mismatch")}
    for correct in ("64.0%", "115 (92.0%)", "68 (54.4%)", "97 (77.6%)", "0 (0.0%)", "20 (16.0%)"):
        assert correct not in flagged


def test_p_values_no_test_reproduces(seed_report: Report) -> None:
    findings = _by(seed_report, "stats.p_value_mismatch")
    rows = _rows(findings)
    # Every Table 1 and Table 3 row with a p-value, and Table 5's mean and count rows.
    assert {r for t, r in rows if t == "Table 1"} == {
        "Mean Age (years)", "Male, n (%)", "Mean BMI (kg/m ²)", "Hypertension, n (%)", "Diabetes Mellitus, n (%)",
        "ASA Score ≥ 3 , n (%)", "Smoking History, n (%)",
    }
    assert len([r for t, r in rows if t == "Table 3"]) == 6
    assert {r for t, r in rows if t == "Table 5"} == {
        "Local Recurrence/Failure", "Revision/Reintervention", "Functional Score (Mean)", "Patient Satisfaction (VAS)",
        "Return to Activity (weeks)",
    }
    procedure = next(f for f in findings if f.location.row == "Mean Procedure Time (min)")
    assert procedure.severity == "error" and procedure.evidence["decision_error"] is True
    assert procedure.evidence["recomputed"]["welch_t"] == pytest.approx(1.9e-10, rel=0.1)
    assert "113 ± 40 vs 81 ± 36 (n = 125, 125)" in procedure.message


def test_p_values_that_some_test_reproduces_stay_unflagged(seed_report: Report) -> None:
    rows = {r for _, r in _rows(_by(seed_report, "stats.p_value_mismatch"))}
    assert "Grade I" not in rows  # printed 0.41, Fisher 0.3995: one unit of the last decimal
    assert "Quality Score (Mean \\pm SD)" not in rows  # "<0.007" holds for p ≈ 1e-15
    assert "Overall Survival (12mo)" not in rows  # survival estimates are not chi-square tested


def test_both_complication_totals_do_not_add_up(seed_report: Report) -> None:
    totals = _by(seed_report, "stats.total_mismatch")
    assert {(f.location.column, f.evidence["sum"], f.evidence["printed_total"]) for f in totals} == {
        ("CT-guided cryoablation (n=125)", 19, 20), ("Partial nephrectomy (n=125)", 34, 32),
    }
    # Male + female = n in both groups: no finding on Table 1.
    assert all(f.location.table == "Table 4" for f in totals)


def test_table_6_confidence_interval_problems(seed_report: Report) -> None:
    findings = _by(seed_report, "stats.ci_mismatch")
    problems = {(f.location.row, f.evidence["problem"]) for f in findings}
    assert problems == {
        ("Partial nephrectomy vs CT-guided cryoablation", "asymmetric"),
        ("ASA Score ≥3", "p_vs_ci"),
        ("Diabetes Mellitus", "outside"),
        ("Prior Treatment", "outside"),
    }
    assert all(f.severity == "error" for f in findings if f.evidence["problem"] == "outside")
    # BMI > 30 and Age > 65 are internally consistent.
    assert not {"BMI >30 kg/m ²", "Age >65 years"} & {f.location.row for f in findings}


PAPER = """A Small Trial of Something Worth Checking Carefully

INTRODUCTION

Background text here [1].

METHODS

Patients were randomised to two arms.

RESULTS

Table 1: Baseline Characteristics

Characteristic\tArm A (n=40)\tArm B (n=40)\tp-value
{rows}

REFERENCES

1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.
"""


@pytest.mark.parametrize(
    ("rows", "check", "expected"),
    [
        # 3/40 = 7.5%, printed 8.5%: no count out of 40 gives it -> percentage error
        ("Deaths, n (%)\t3 (8.5%)\t4 (10.0%)\t0.69", "stats.percentage_mismatch", 1),
        # the same row printed correctly -> nothing
        ("Deaths, n (%)\t3 (7.5%)\t4 (10.0%)\t0.69", "stats.percentage_mismatch", 0),
        # components 3 + 4 = 7 but total 9 -> total mismatch in arm A only
        ("Fever, n (%)\t3 (7.5%)\t2 (5.0%)\t0.64\nRash, n (%)\t4 (10.0%)\t2 (5.0%)\t0.40\n"
         "Total, n (%)\t9 (22.5%)\t4 (10.0%)\t0.13", "stats.total_mismatch", 1),
        # male + female = 41 > 40 -> impossible split
        ("Male, n (%)\t21 (52.5%)\t20 (50.0%)\t0.82\nFemale, n (%)\t20 (50.0%)\t20 (50.0%)\t–",
         "stats.total_mismatch", 1),
        # a VAS mean of 9.5 cannot have SD 3.0 on 0-10 (max about 2.2)
        ("Pain (VAS)\t9.5 ± 3.0\t5.0 ± 2.0\t<0.001", "stats.sd_impossible", 1),
        # a plausible VAS SD -> nothing
        ("Pain (VAS)\t6.5 ± 2.0\t5.0 ± 2.0\t0.001", "stats.sd_impossible", 0),
        # mean of an integer score 3.46 with n = 40 is impossible (138/40 = 3.45, 139/40 = 3.475)
        ("Symptom score\t3.46 ± 1.10\t3.50 ± 1.20\t0.88", "stats.grim", 1),
        # 3.45 = 138/40 -> GRIM-consistent
        ("Symptom score\t3.45 ± 1.10\t3.50 ± 1.20\t0.85", "stats.grim", 0),
        # median [IQR] rows are not t-tested
        ("Median stay (days)\t5 [3–8]\t9 [6–12]\t0.90", "stats.p_value_mismatch", 0),
        # t-test: 50 ± 10 vs 60 ± 10, n = 40 each -> p ≈ 2e-5, printed 0.40 -> error
        ("Weight (kg)\t50 ± 10\t60 ± 10\t0.40", "stats.p_value_mismatch", 1),
    ],
)
def test_checks_on_small_tables(rows: str, check: str, expected: int) -> None:
    report = audit(PAPER.format(rows=rows), checks=["stats"])
    assert len(_by(report, check)) == expected, [f.message for f in report.findings]


def test_percentages_over_a_known_value_subtotal_are_not_flagged() -> None:
    rows = ("Stage I, n (%)\t10 (27.8%)\t12 (33.3%)\t0.61\nStage II, n (%)\t20 (55.6%)\t18 (50.0%)\t0.64\n"
            "Stage III, n (%)\t6 (16.7%)\t6 (16.7%)\t1.00\nUnknown, n (%)\t4\t4\t–")
    report = audit(PAPER.format(rows=rows), checks=["stats.percentage_mismatch"])
    # 10/36 = 27.8%: percentages over the 36 patients with a known stage, not the 40 in the arm.
    assert _by(report, "stats.percentage_mismatch") == []
