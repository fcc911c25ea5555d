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


# --------------------------------------------------------------------------- subtotal denominators need evidence


@pytest.mark.parametrize(
    ("rows", "flagged"),
    [
        # levels of one variable add up to the arm (4 + 10 + 20 + 6 = 40) and the unknown level is left
        # out of the base: 10/36 = 27.8%
        ("Stage I, n (%)\t10 (27.8%)\t12 (33.3%)\t0.61\nStage II, n (%)\t20 (55.6%)\t18 (50.0%)\t0.64\n"
         "Stage III, n (%)\t6 (16.7%)\t6 (16.7%)\t1.00\nUnknown, n (%)\t4\t4\t–", set()),
        # the same levels under a heading row, percentages over the levels' own sum (36)
        ("Stage\t–\t–\t–\nStage I\t10 (27.8%)\t12 (33.3%)\t0.61\nStage II\t20 (55.6%)\t18 (50.0%)\t0.64\n"
         "Stage III\t6 (16.7%)\t6 (16.7%)\t1.00", set()),
        # the base is printed in a subtotal row under the levels: 10/36 = 27.8%
        ("Stage I\t10 (27.8%)\t12 (33.3%)\t0.61\nStage II\t20 (55.6%)\t18 (50.0%)\t0.64\n"
         "Stage III\t6 (16.7%)\t6 (16.7%)\t1.00\nKnown stage\t36\t36\t–", set()),
        # independent comorbidities, each out of the whole arm: 10/40 is 25.0%, not 27.8%, even though
        # the rows happen to add up to 40 and 40 − 4 = 36 would make it fit
        ("Hypertension, n (%)\t10 (27.8%)\t10 (25.0%)\t1.00\nDiabetes, n (%)\t20 (50.0%)\t20 (50.0%)\t1.00\n"
         "COPD, n (%)\t6 (15.0%)\t6 (15.0%)\t1.00\nSmoker, n (%)\t4 (10.0%)\t4 (10.0%)\t1.00",
         {("Hypertension, n (%)", "10 (27.8%)")}),
        # a base no row shows: 10/36 would fit, but nothing in the table says 36
        ("Stage I\t10 (27.8%)\t12 (30.0%)\t0.61\nStage II\t20 (50.0%)\t18 (45.0%)\t0.64",
         {("Stage I", "10 (27.8%)")}),
    ],
    ids=["unknown-level-left-out", "levels-under-heading", "printed-subtotal", "independent-rows", "no-evidence"],
)
def test_subtotal_denominators_need_evidence(rows: str, flagged: set[tuple[str, str]]) -> None:
    report = audit(PAPER.format(rows=rows), checks=["stats.percentage_mismatch"])
    assert {(f.location.row, f.location.quote) for f in _by(report, "stats.percentage_mismatch")} == flagged


# --------------------------------------------------------------------------- what counts as a total row


@pytest.mark.parametrize(
    ("label", "is_total"),
    [
        ("Total", True), ("Total complications", True), ("Totals", True), ("Subtotal", True), ("Overall", True),
        ("All patients", True), ("All participants", True), ("Any complication", True),
        ("Any adverse event", True), ("Overall complications", True),
        ("All-cause death", False), ("All-cause mortality", False), ("Overall survival", False),
        ("Overall response rate", False), ("Any other reason", False), ("Allergy", False), ("Anyone", False),
        ("Totally implantable port", False),
    ],
)
def test_total_label(label: str, is_total: bool) -> None:
    from kgaudit.checks.stats import TOTAL_LABEL

    assert bool(TOTAL_LABEL.search(label)) is is_total


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # "All-cause death" is an outcome of its own, not the sum of the rows above
        ("All-cause death, n (%)\t9 (22.5%)\t4 (10.0%)\t0.13", 0),
        ("All patients with an event, n (%)\t9 (22.5%)\t4 (10.0%)\t0.13", 1),
        ("Any complication, n (%)\t9 (22.5%)\t4 (10.0%)\t0.13", 1),
        ("Any complication, n (%)\t7 (17.5%)\t4 (10.0%)\t0.50", 0),
    ],
)
def test_total_rows_are_totals_by_label(last: str, expected: int) -> None:
    rows = f"Fever, n (%)\t3 (7.5%)\t2 (5.0%)\t0.64\nRash, n (%)\t4 (10.0%)\t2 (5.0%)\t0.40\n{last}"
    report = audit(PAPER.format(rows=rows), checks=["stats.total_mismatch"])
    assert len(_by(report, "stats.total_mismatch")) == expected, [f.message for f in report.findings]


# --------------------------------------------------------------------------- Carlisle: rows without information

_IDENTICAL_CONTINUOUS = "".join(
    f"{name}\t{m} ± {s}\t{m} ± {s}\t1.00\n"
    for name, m, s in [("Age (years)", "60.1", "9.8"), ("Weight (kg)", "80.2", "12.1"), ("Height (cm)", "170.3", "8.2"),
                       ("Creatinine (mg/dL)", "1.10", "0.31"), ("Haemoglobin (g/dL)", "13.2", "1.4")]
)


@pytest.mark.parametrize(
    ("rows", "flagged", "rows_used"),
    [
        # identical counts everywhere: discrete tests give p = 1 exactly, which says nothing about randomisation
        ("Male, n (%)\t20 (50.0%)\t20 (50.0%)\t1.00\nHypertension, n (%)\t10 (25.0%)\t10 (25.0%)\t1.00\n"
         "Diabetes, n (%)\t8 (20.0%)\t8 (20.0%)\t1.00\nSmoker, n (%)\t12 (30.0%)\t12 (30.0%)\t1.00\n"
         "Statin use, n (%)\t15 (37.5%)\t15 (37.5%)\t1.00", False, None),
        # five continuous rows with identical means and SDs are too similar for randomised arms (true case);
        # "Female" after "Male" repeats Male's p and is left out
        (_IDENTICAL_CONTINUOUS + "Male, n (%)\t22 (55.0%)\t21 (52.5%)\t0.82\nFemale, n (%)\t18 (45.0%)\t19 (47.5%)\t–",
         True, {"Age (years)", "Weight (kg)", "Height (cm)", "Creatinine (mg/dL)", "Haemoglobin (g/dL)", "Male, n (%)"}),
    ],
    ids=["identical-counts", "identical-means-and-a-complement"],
)
def test_baseline_anomaly_counts_only_independent_rows(rows: str, flagged: bool, rows_used: set[str] | None) -> None:
    report = audit(PAPER.format(rows=rows), checks=["stats.baseline_anomaly"])
    findings = _by(report, "stats.baseline_anomaly")
    assert bool(findings) is flagged, [f.message for f in findings]
    if rows_used is not None:
        assert {r["row"] for r in findings[0].evidence["per_row"]} == rows_used


# --------------------------------------------------------------------------- GRIM on rates, p from printed statistics


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Number of lesions", 1),  # counts: 3.46 × 40 is not a whole number
        ("Number of fibers/mm", 0),  # a density of counts need not be k/N
        ("Number of visits per year", 0),
    ],
)
def test_grim_skips_rates(label: str, expected: int) -> None:
    report = audit(PAPER.format(rows=f"{label}\t3.46 ± 1.10\t3.45 ± 1.20\t0.97"), checks=["stats.grim"])
    assert len(_by(report, "stats.grim")) == expected


THREE_GROUPS = PAPER.replace("Characteristic\tArm A (n=40)\tArm B (n=40)\tp-value",
                             "Parameter\tA (n = 12)\tB (n = 9)\tC (n = 17)\tF or χ2\tP")


@pytest.mark.parametrize(
    ("row", "severity"),
    [
        # Kruskal–Wallis H = 9.901 on 2 df gives p = 0.007; ANOVA on the means gives 0.059, but the
        # printed statistic shows which test made the p
        ("IENFD (fibers/mm)\t4.66 ± 5.25\t2.57 ± 2.60\t6.25 ± 2.51\t9.901\t0.007", None),
        # the same row without a statistic that explains the p: the flip stands
        ("IENFD (fibers/mm)\t4.66 ± 5.25\t2.57 ± 2.60\t6.25 ± 2.51\t1.000\t0.007", "error"),
    ],
)
def test_printed_statistic_that_gives_the_p(row: str, severity: str | None) -> None:
    report = audit(THREE_GROUPS.format(rows=row), checks=["stats.p_value_mismatch"])
    assert [f.severity for f in _by(report, "stats.p_value_mismatch")] == ([severity] if severity else [])


# --------------------------------------------------------------------------- CI against a p that tests several rows

ODDS = PAPER.replace("Characteristic\tArm A (n=40)\tArm B (n=40)\tp-value", "Variable\tOR (95% CI)\tp-value")


@pytest.mark.parametrize(
    ("rows", "notes", "flagged_rows"),
    [
        # a p of < 0.001 cannot go with an OR whose CI touches 1 (p ≈ 0.05): a true contradiction
        ("Age 30–49\t1.50 (1.00–2.24)\t<0.001\nAge 50–64\t1.35 (1.00–1.83)\t0.050", "", {"Age 30–49"}),
        # the footnote makes the p a test of overall variation across the age groups
        ("Age 30–49\t1.50 (1.00–2.24)\t<0.001b\nAge 50–64\t1.35 (1.00–1.83)\t0.050",
         "Interpretation: a Wald tests. b Test for overall variation between age groups.", set()),
        # a footnote that says nothing of a joint test changes nothing
        ("Age 30–49\t1.50 (1.00–2.24)\t<0.001b\nAge 50–64\t1.35 (1.00–1.83)\t0.050",
         "Interpretation: b Adjusted for sex.", {"Age 30–49"}),
        # the p is printed once for the block of rows (a rowspan): the rows below have none of their own
        ("Age 30–49\t1.50 (1.00–2.24)\t<0.001\nAge 50–64\t1.35 (1.00–1.83)", "", set()),
    ],
    ids=["own-p", "footnoted-overall-test", "unrelated-footnote", "spanning-p"],
)
def test_ci_against_p_of_several_rows(rows: str, notes: str, flagged_rows: set[str]) -> None:
    text = ODDS.format(rows=rows).replace("\nREFERENCES", f"{notes}\n\nREFERENCES" if notes else "\nREFERENCES")
    findings = _by(audit(text, checks=["stats.ci_mismatch"]), "stats.ci_mismatch")
    assert {f.location.row for f in findings if f.evidence.get("problem") == "p_vs_ci"} == flagged_rows


def test_each_estimate_is_checked_against_its_own_p() -> None:
    header = "Variable\tOR (95% CI)\tp-value\tOR (95% CI)\tp-value"  # mortality, then readmission
    rows = "Age > 65\t1.10 (0.90–1.35)\t0.35\t1.50 (1.00–2.24)\t<0.001"
    text = PAPER.replace("Characteristic\tArm A (n=40)\tArm B (n=40)\tp-value", header).format(rows=rows)
    findings = [f for f in _by(audit(text, checks=["stats.ci_mismatch"]), "stats.ci_mismatch")
                if f.evidence.get("problem") == "p_vs_ci"]
    # the readmission OR (p ≈ 0.05) against its own p < 0.001; the mortality pair agrees
    assert [(f.evidence["estimate"], f.location.quote) for f in findings] == [("1.50", "<0.001")]


def test_a_percentage_rounded_twice_is_a_warning_that_says_so() -> None:
    # 10/81 = 12.3457%: rounded once it is 12.3, rounded first to 12.35 and then again it prints 12.4.
    rows = "Readmitted, n/N (%)\t10/81 (12.4%)\t10/81 (12.3%)\t1.00"
    [finding] = _by(audit(PAPER.format(rows=rows), checks=["stats.percentage_mismatch"]),
                    "stats.percentage_mismatch")
    assert finding.severity == "warning"
    assert "10/81 = 12.35%" in finding.message and "rounding twice" in finding.message
    assert finding.evidence["double_rounding"] == "12.35"


# --------------------------------------------------------------------------- DEBIT


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        # m = 0.45, n = 40: sqrt(40/39 · 0.45 · 0.55) = 0.504, printed 0.50 — consistent in both arms
        ("Female (proportion)\t0.45 ± 0.50\t0.55 ± 0.50\t0.50", set()),
        # the same proportion with SD 0.30: no 0/1 data give it; arm B (0.50) is fine
        ("Female (proportion)\t0.45 ± 0.30\t0.55 ± 0.50\t0.50", {"0.45 ± 0.30"}),
        # a coded label: 0 = no, 1 = yes
        ("Smoker (0 = no, 1 = yes)\t0.20 ± 0.41\t0.20 ± 0.10\t1.00", {"0.20 ± 0.10"}),
        # not binary data (a score), so DEBIT does not apply even with a mean below 1
        ("Symptom score\t0.45 ± 0.30\t0.55 ± 0.50\t0.50", set()),
        # a "proportion" row printed as a percentage mean is not a 0–1 mean: not judged
        ("Proportion of visits attended\t45.0 ± 30.0\t55.0 ± 50.0\t0.50", set()),
    ],
)
def test_debit_flags_binary_sds_no_proportion_can_have(row: str, flagged: set[str]) -> None:
    report = audit(PAPER.format(rows=row), checks=["stats.debit"])
    findings = _by(report, "stats.debit")
    assert {f.location.quote for f in findings} == flagged
    for f in findings:
        assert "DEBIT" in f.message and f.evidence["binary_sd"] > 0


def test_debit_leaves_the_seed_alone(seed_report: Report) -> None:
    # The seed reports its binary variables as n (%), never as mean ± SD: nothing for DEBIT to judge.
    assert _by(seed_report, "stats.debit") == []


# --------------------------------------------------------------------------- read before judging

_READING_PAPER = """A Small Trial of Something Worth Checking Carefully

INTRODUCTION

Background text here [1].

METHODS

Patients were randomised to two arms.

RESULTS

Table 1: {caption}

{header}
{rows}

REFERENCES

1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.
"""


def _reading_audit(rows: str, header: str = "Characteristic\tArm A (n=40)\tArm B (n=40)\tp-value",
                   caption: str = "Outcomes", check: str = "stats") -> list[Finding]:
    paper = _READING_PAPER.format(caption=caption, header=header, rows=rows)
    return [f for f in audit(paper, checks=[check]).findings if f.check == check or f.check.startswith(f"{check}.")]


@pytest.mark.parametrize(
    ("rows", "severities"),
    [
        # "% (rank)": the parenthesis is a rank, not a count; nothing says otherwise, so nothing is judged
        ("First choice, % (rank)\t45% (3)\t30% (1)\t–", []),
        # "% (n)" says it is a count: 3/40 is 7.5%, not 45% -> an error in each arm
        ("First choice, % (n)\t45% (3)\t30% (1)\t–", ["error", "error"]),
        # a mean % change with its SD: no whole count, not read as n (%)
        ("Weight change, mean % (SD)\t-4.5% (2.5)\t-1.5% (3.5)\t0.01", []),
    ],
)
def test_a_parenthesis_after_a_percentage_is_a_count_only_when_printed_so(rows: str, severities: list[str]) -> None:
    findings = _reading_audit(rows, check="stats.percentage_mismatch")
    assert sorted(f.severity for f in findings) == severities


@pytest.mark.parametrize(
    ("caption", "rows", "flagged"),
    [
        # the caption says the cells are n (%): 3 (9.5) is wrong for N = 40 (7.5%)
        ("Outcomes, values are n (%)", "Deaths\t3 (9.5)\t4 (10.0)\t0.69", True),
        # nothing names the form: "3 (9.5)" could be a mean (SD); not judged
        ("Outcomes", "Deaths\t3 (9.5)\t4 (10.0)\t0.69", False),
    ],
)
def test_a_caption_can_establish_the_reading(caption: str, rows: str, flagged: bool) -> None:
    findings = _reading_audit(rows, caption=caption, check="stats.percentage_mismatch")
    assert bool([f for f in findings if f.severity == "error"]) is flagged


_MOSTLY_WRONG = "\n".join([
    "Score A, n (%)\t12 (3)\t10 (25.0)\t0.5",  # 12/40 is 30%, "3" is an SD: a misreading, as in the rows below
    "Score B, n (%)\t14 (4)\t11 (27.5)\t0.5",
    "Score C, n (%)\t9 (2)\t12 (30.0)\t0.5",
    "Score D, n (%)\t16 (5)\t13 (32.5)\t0.5",
])
_ONE_WRONG = "\n".join([
    "Fever, n (%)\t12 (30.0)\t10 (25.0)\t0.5",
    "Rash, n (%)\t14 (35.0)\t11 (27.5)\t0.5",
    "Nausea, n (%)\t9 (25.5)\t12 (30.0)\t0.5",  # 9/40 is 22.5%: a real slip among correct cells
    "Cough, n (%)\t16 (40.0)\t13 (32.5)\t0.5",
])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # four of four cells of arm A fail: the reading is wrong, one info finding instead of four errors
        (_MOSTLY_WRONG, [("info", None)]),
        # one cell of four fails: a real error, reported where it is
        (_ONE_WRONG, [("error", "Nausea, n (%)")]),
    ],
)
def test_when_most_cells_of_a_column_fail_the_reading_is_in_doubt(rows: str, expected: list) -> None:
    findings = _reading_audit(rows, check="stats.percentage_mismatch")
    assert [(f.severity, f.location.row) for f in findings] == expected
    if expected[0][0] == "info":
        assert "4 of 4 cells disagree" in findings[0].message and findings[0].location.column == "Arm A (n=40)"


@pytest.mark.parametrize(
    ("header", "rows", "flagged"),
    [
        # each arm's own mean (95% CI) beside a p for arm against arm: the CIs say nothing about that p
        ("Outcome\tDrug (n=40)\tPlacebo (n=40)\tp-value", "Pain score, mean (95% CI)\t4.1 (3.5–4.7)\t5.0 (4.4–5.6)\t0.40",
         False),
        # the difference with its CI and the p that tests it: CI 0.1–1.7 excludes 0, p = 0.40 cannot be
        ("Outcome\tDifference (95% CI)\tp-value", "Pain score\t0.9 (0.1–1.7)\t0.40", True),
        # an odds ratio whose row prints counts as well: the p may be Fisher's on the counts -> info only
        ("Outcome\tDrug (n=40)\tPlacebo (n=40)\tOR (95% CI)\tp-value",
         "Deaths\t3 (7.5%)\t12 (30.0%)\t0.19 (0.05–0.73)\t0.40", False),
        # ".0001" printed as the floor for a far smaller p (OR 5.5, 4.2–7.2): no contradiction
        ("Variable\tOR (95% CI)\tp-value", "Attendance\t5.50 (4.20–7.20)\t.0001", False),
        # ... but ".0001" against a CI implying p ≈ 0.04 is one
        ("Variable\tOR (95% CI)\tp-value", "Attendance\t1.50 (1.02–2.20)\t.0001", True),
        # "0.000" is software's p < 0.0005: consistent with a CI implying p ≈ 0.0002
        ("Variable\tOR (95% CI)\tp-value", "Falls\t1.40 (1.17–1.68)\t0.000", False),
    ],
)
def test_a_p_is_held_against_a_ci_only_when_it_tests_that_estimate(header: str, rows: str, flagged: bool) -> None:
    findings = [f for f in _reading_audit(rows, header=header, check="stats.ci_mismatch")
                if f.severity in ("error", "warning")]
    assert bool(findings) is flagged, [f.message for f in findings]


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        ("Masculino, n (%)\t20 (50,0)\t18 (45,0)\t0,65", False),  # decimal commas: 20/40 is 50.0%
        ("Masculino, n (%)\t20 (52,0)\t18 (45,0)\t0,65", True),  # 20/40 is not 52.0%
    ],
)
def test_a_decimal_comma_table_is_read_as_such(row: str, flagged: bool) -> None:
    findings = _reading_audit(row, header="Variável\tGrupo A (n=40)\tGrupo B (n=40)\tValor de p")
    assert [f.check for f in findings if f.severity == "error"] == (["stats.percentage_mismatch"] if flagged else [])


@pytest.mark.parametrize(
    ("rows", "unread"),
    [
        ("Age\t61.3 (9.8)\t60.1 (10.2)\t0.52", 2),  # a (b) under labels that do not say: two cells unread
        ("Age, mean (SD)\t61.3 (9.8)\t60.1 (10.2)\t0.52", 0),  # the label says mean (SD): read, nothing to say
    ],
)
def test_unread_cells_are_said_once_per_table(rows: str, unread: int) -> None:
    findings = _reading_audit(rows, check="stats.reading_unestablished")
    assert [f.evidence["cells_by_default_reading"].get("mean_sd") for f in findings] == ([unread] if unread else [])
    assert all(f.severity == "info" for f in findings)


@pytest.mark.parametrize(
    ("rows", "flagged"),
    [
        # the heading "Sex, n (%)" names the form of the levels below it: 12 (35.0) is wrong for N = 40
        ("Sex, n (%)\t–\t–\t–\nMale\t12 (35.0)\t20 (50.0)\t0.2\nFemale\t28 (70.0)\t20 (50.0)\t–", True),
        # without it nothing says the cells are n (%): not judged
        ("Sex\t–\t–\t–\nMale\t12 (35.0)\t20 (50.0)\t0.2\nFemale\t28 (70.0)\t20 (50.0)\t–", False),
    ],
)
def test_a_heading_row_names_the_form_of_its_levels(rows: str, flagged: bool) -> None:
    findings = _reading_audit(rows, check="stats.percentage_mismatch")
    assert bool([f for f in findings if f.severity == "error"]) is flagged


# --------------------------------------------------------------------------- GRIMMER (the check over a graph)


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        # mean 3.20 of 40 integers (sum 128) with SD 1.02: a data set has it in both arms -> nothing
        ("Number of visits\t3.20 ± 1.02\t3.20 ± 1.02\t1.00", set()),
        # the same mean with SD 1.01 in arm A: no 40 integers summing to 128 have it -> arm A flagged
        ("Number of visits\t3.20 ± 1.01\t3.20 ± 1.02\t1.00", {"3.20 ± 1.01"}),
        # a GRIM-inconsistent mean (3.21 · 40 is not a whole number) is stats.grim's business, not GRIMMER's
        ("Number of visits\t3.21 ± 1.01\t3.20 ± 1.02\t0.97", set()),
        # a rate of integers is not integer data: never judged
        ("Visits per month\t3.20 ± 1.01\t3.20 ± 1.02\t1.00", set()),
    ],
)
def test_grimmer_flags_sds_no_integer_data_set_has(row: str, flagged: set[str]) -> None:
    findings = _by(audit(PAPER.format(rows=row), checks=["stats.grimmer"]), "stats.grimmer")
    assert {f.location.quote for f in findings} == flagged
    for f in findings:
        assert f.severity == "error" and "GRIMMER" in f.message and f.evidence["n"] == 40


# --------------------------------------------------------------------------- APA count tables

COUNT_PAPER = """A Study

## Results

Table 1 describes the sample.

Table 1. {caption}

{table}
"""
N_PERCENT = "| Gender | n | % |\n|---|---|---|\n"
N_PAREN = "| Gender | Sample, n (%) | Pilot, n (%) |\n|---|---|---|\n"


@pytest.mark.parametrize(
    ("caption", "table", "expected"),
    [
        # separate n and % columns over the Total row: 46/120 is 38.3%, not 36.3%
        ("Gender", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 36.3 |\n| Other | 4 | 3.3 |\n| Total | 120 | 100.0 |",
         [("stats.percentage_mismatch", "error", "36.3")]),
        # the same table printed correctly
        ("Gender", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 38.3 |\n| Other | 4 | 3.3 |\n| Total | 120 | 100.0 |",
         []),
        # no Total row, the N in the caption: a percentage that fewer cases (missing values) give is information
        ("Gender (N = 120)", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 40.0 |\n| Other | 4 | 3.3 |",
         [("stats.percentage_mismatch", "info", "40.0")]),
        # ... one that no count out of 108 to 120 cases gives is an error
        ("Gender (N = 120)", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 30.0 |\n| Other | 4 | 3.3 |",
         [("stats.percentage_mismatch", "error", "30.0")]),
        # no N anywhere: nothing judged
        ("Gender", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 30.0 |\n| Other | 4 | 3.3 |", []),
        # a Total row the counts do not add up to: the total is wrong, and the percentages have no base
        ("Gender", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 46 | 38.3 |\n| Other | 4 | 3.3 |\n| Total | 125 | 100.0 |",
         [("stats.total_mismatch", "error", "125")]),
        # two variables above the Total (gender, then employment): their percentages add up to 166.7, so the
        # rows are not one variable's levels and their sum is no total
        ("Sample", N_PERCENT + "| Women | 70 | 58.3 |\n| Men | 50 | 41.7 |\n| Employed | 80 | 66.7 |\n"
                              "| Total | 120 | |", []),
        # n (%) in one cell, the Total row as the base: 22/58 is 37.9%, not 36.9%
        ("Gender", N_PAREN + "| Women | 36 (58.1) | 34 (58.6) |\n| Men | 24 (38.7) | 22 (36.9) |\n"
                             "| Other | 2 (3.2) | 2 (3.4) |\n| Total | 62 | 58 |",
         [("stats.percentage_mismatch", "error", "22 (36.9)")]),
        # ... and a bare Total that the counts above do not add up to
        ("Gender", N_PAREN + "| Women | 36 (58.1) | 34 (58.6) |\n| Men | 24 (38.7) | 22 (37.9) |\n"
                             "| Other | 2 (3.2) | 2 (3.4) |\n| Total | 62 | 59 |",
         [("stats.total_mismatch", "error", "59")]),
    ],
)
def test_apa_count_tables(caption: str, table: str, expected: list[tuple[str, str, str]]) -> None:
    report = audit(COUNT_PAPER.format(caption=caption, table=table), fmt="markdown",
                   checks=["stats.percentage_mismatch", "stats.total_mismatch"])
    assert [(f.check, f.severity, f.location.quote) for f in report.findings] == expected
