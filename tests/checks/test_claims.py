"""claim.* checks: the prose against the tables, on the seed and on a paper written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.checks.base import Finding
from kgaudit.checks.claims import lower_is_better, printed_significance, reading
from kgaudit.checks.runner import all_checks
from kgaudit.model import Num

CLAIM_CHECKS = ("claim.significance_unsupported", "claim.direction_mismatch", "claim.number_mismatch",
                "claim.overgeneralised")

# A randomised trial in another field, worded unlike the seed.  Planted problems: a "significant" delirium
# reduction with p = 0.21; pain "lower" although 3.1 > 3.0; "all functional outcomes improved" with two
# p-values above 0.05; a p of 0.01 for a row printing 0.001; a mean stay of 7.4 days for a cell of 7.9;
# a time to ambulation stated as 1.2 and as 1.6 days.  Everything else is supported and must stay quiet.
TRIAL = """Early Mobilisation after Hip Fracture Surgery: A Randomised Trial

A. Author, B. Author

Abstract: **Background:** Early mobilisation may shorten recovery after hip fracture surgery. **Methods:** We randomised 160 patients to early mobilisation (n=80) or usual care (n=80). **Results:** Length of stay was significantly shorter with early mobilisation (p < 0.001). Delirium occurred in 12.5% of the early mobilisation group. The mean time to first ambulation was 1.2 days in the early mobilisation group. **Conclusion:** Early mobilisation improved all functional outcomes at discharge.

INTRODUCTION

Hip fracture is common in older adults.¹ Prolonged bed rest is associated with complications.²

METHODS

We conducted a randomised trial between March 2019 and February 2021. Continuous variables were compared with the t-test and categorical variables with the chi-square test.

RESULTS

A total of 160 patients were randomised. The mean time to first ambulation of 1.6 days in the early mobilisation group was well within the protocol target.

Table 1: Clinical Outcomes

Outcome	Early mobilisation (n=80)	Usual care (n=80)	p-value
Length of Stay (days)	7.9 ± 2.1	9.4 ± 2.6	<0.001
Delirium, n (%)	10 (12.5%)	17 (21.3%)	0.21
Pressure Ulcers, n (%)	4 (5.0%)	5 (6.3%)	0.73
30-day Readmission, n (%)	6 (7.5%)	14 (17.5%)	0.055
Pain Score (0-10)	3.1 ± 1.2	3.0 ± 1.3	0.61

Notes: Patients in the early mobilisation group had a significantly lower incidence of delirium than those receiving usual care. Pressure ulcer rates were similar in both groups. Pain scores were lower with early mobilisation.

Table 2: Functional Outcomes at Discharge

Outcome	Early mobilisation (n=80)	Usual care (n=80)	p-value
Barthel Index	68.2 ± 12.0	61.5 ± 13.1	0.001
Timed Up and Go (s)	24.5 ± 8.1	27.0 ± 9.0	0.07
Independent Walking, n (%)	52 (65.0%)	41 (51.3%)	0.08

Readmission within 30 days was reduced by more than half (7.5% vs 17.5%), although this did not reach significance. Barthel index scores were higher in the early mobilisation group (p = 0.01). Mean length of stay was 7.4 days in the early mobilisation group.

DISCUSSION

Early mobilisation shortened the hospital stay by 1.5 days. Smith et al. (2018) reported a 40% reduction in delirium with a similar protocol.³ Readmissions tended to be lower with early mobilisation.

REFERENCES

1. Smith J, Jones K. Hip fracture in older adults. Lancet. 2018;391(10):100-110.
2. Brown L, Green M. Bed rest and complications. BMJ. 2017;356:j100.
3. Smith J, White P. Mobilisation protocols. Age Ageing. 2018;47(2):200-210.
"""


@pytest.fixture(scope="module")
def seed_findings(seed_path: Path) -> list[Finding]:
    return audit(seed_path, checks=["claim"]).findings


@pytest.fixture(scope="module")
def trial_findings() -> list[Finding]:
    return audit(TRIAL, checks=["claim"]).findings


def _about(findings: list[Finding], check: str, words: str) -> list[Finding]:
    """Findings of ``check`` whose quoted sentence contains ``words``."""
    return [f for f in findings if f.check == check and words in f.evidence.get("sentence", "")]


def test_claim_checks_are_registered() -> None:
    checks = all_checks()
    assert set(CLAIM_CHECKS) <= set(checks)
    assert checks["claim.number_mismatch"].kind == "sparql"
    assert all(checks[c].needs == ("claims",) for c in CLAIM_CHECKS)


# --------------------------------------------------------------------------- the seed's true cases


def test_not_significant_procedural_time_is_contradicted_by_the_recomputed_p(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.significance_unsupported", "did not reach statistical significance")
    assert len(found) == 1 and found[0].severity == "error"
    row = found[0].evidence["contradicting_rows"][0]
    assert (found[0].location.table, found[0].location.row) == ("Table 3", "Mean Procedure Time (min)")
    assert row["printed_p"] == "0.35" and row["contradicted_by"] == "recomputed p"
    assert max(row["recomputed_p"].values()) < 1e-6
    assert "113 ± 40" in found[0].message and "81 ± 36" in found[0].message


def test_across_all_measured_parameters_is_overgeneralised(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.overgeneralised", "across all measured parameters")
    assert len(found) == 1 and found[0].severity == "warning"
    rows = {r["row"]: r for r in found[0].evidence["unsupported_rows"]}
    assert rows["Overall Survival (12mo)"]["printed_p"] == "0.31"
    assert "Patient Satisfaction (VAS)" not in rows and "Return to Activity (weeks)" not in rows


def test_most_pronounced_for_grade_ii_and_iiia_is_flagged(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.significance_unsupported", "most pronounced for Grade II and IIIa")
    assert len(found) == 1
    rows = {r["row"]: r["printed_p"] for r in found[0].evidence["contradicting_rows"]}
    assert rows == {"Grade II": "0.35", "Grade IIIa": "0.40"}
    assert found[0].evidence["strength"] == "implied"
    assert "largest between-group difference in Table 4 is Grade I" in found[0].message


def test_significantly_lower_complications_rest_on_a_p_the_counts_do_not_give(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.significance_unsupported", "significantly lower total complication rate")
    assert len(found) == 1 and found[0].severity == "warning"  # the printed p agrees; the recomputed does not
    assert found[0].evidence["contradicting_rows"][0]["cells"].startswith("CT-guided cryoablation 20 (16.0%)")


def test_equivalent_operative_times_contradict_113_vs_81(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.direction_mismatch", "equivalent total operative times")
    assert len(found) == 1 and found[0].severity == "error"
    assert (found[0].evidence["focus_value"], found[0].evidence["comparator_value"]) == ("113", "81")


def test_does_not_increase_operative_time_is_contradicted(seed_findings: list[Finding]) -> None:
    found = _about(seed_findings, "claim.direction_mismatch", "does not substantially increase operative time")
    assert len(found) == 1 and found[0].evidence["asserts"] == "not higher"


# --------------------------------------------------------------------------- the seed's supported claims


def test_lower_complication_rates_in_the_study_group_are_supported(seed_findings: list[Finding]) -> None:
    assert _about(seed_findings, "claim.direction_mismatch", "Complication rates were lower") == []
    assert not [f for f in seed_findings if "Complication rates were lower" in f.evidence.get("sentence", "")]


def test_the_16_percent_complication_rate_matches_its_cell(seed_findings: list[Finding]) -> None:
    assert not [f for f in seed_findings if f.check == "claim.number_mismatch"]
    assert not [f for f in seed_findings if f.location.quote == "16.0%"]


def test_sample_sizes_are_left_to_the_text_checks(seed_findings: list[Finding]) -> None:
    assert not [f for f in seed_findings if "250 patients" in (f.location.quote or "")
                or "n=125" in (f.location.quote or "")]


SUPPORTED_SEED_SENTENCES = [
    "demonstrated significantly improved primary outcomes",  # Table 2: every p < 0.05
    "statistically significant improvements in all primary outcome measures",  # Table 2 note
    "no statistically significant differences observed in age",  # Table 1 note
    "identified as significant independent risk factors",  # Table 6: p < 0.05, CIs exclude 1
    "The technical success rate was notably higher",  # 97.9% vs 87.3%
    "offset by reduced blood loss and shorter hospital stays",  # 311 vs 528 mL; 5.9 vs 6.1 days
]


@pytest.mark.parametrize("words", SUPPORTED_SEED_SENTENCES)
def test_supported_seed_claims_stay_unflagged(seed_findings: list[Finding], words: str) -> None:
    assert [f.message for f in seed_findings if words in f.evidence.get("sentence", "")] == []


def test_findings_quote_the_sentence_and_locate_the_claim(seed_findings: list[Finding], seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert seed_findings
    for finding in seed_findings:
        assert finding.message.startswith("“")
        start, end = finding.location.char_start, finding.location.char_end
        assert start is not None and end is not None
        assert " ".join(text[start:end].split()) == " ".join((finding.location.quote or "").split())


# --------------------------------------------------------------------------- another paper


def test_trial_significance_claim_with_p_021_is_flagged(trial_findings: list[Finding]) -> None:
    found = _about(trial_findings, "claim.significance_unsupported", "significantly lower incidence of delirium")
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].evidence["contradicting_rows"][0]["contradicted_by"] == "printed and recomputed p"


def test_trial_direction_against_the_numbers_is_flagged(trial_findings: list[Finding]) -> None:
    found = _about(trial_findings, "claim.direction_mismatch", "Pain scores were lower")
    assert len(found) == 1 and found[0].evidence["problem"] == "the numbers go the other way"


def test_trial_all_functional_outcomes_is_overgeneralised(trial_findings: list[Finding]) -> None:
    found = _about(trial_findings, "claim.overgeneralised", "all functional outcomes")
    rows = {r["row"] for r in found[0].evidence["unsupported_rows"]}
    assert rows == {"Timed Up and Go (s)", "Independent Walking, n (%)"}


def test_trial_numbers_that_differ_from_cells_or_from_the_text_are_flagged(trial_findings: list[Finding]) -> None:
    found = {f.evidence["stated"]: f for f in trial_findings if f.check == "claim.number_mismatch"}
    assert set(found) == {"p = 0.01", "7.4 days", "1.6 days"}
    assert found["p = 0.01"].location.row == "Barthel Index" and found["p = 0.01"].evidence["cell"] == "0.001"
    assert found["7.4 days"].evidence["cell"] == "7.9 ± 2.1"
    assert found["1.6 days"].evidence["other_statement"] == "1.2 days"


SUPPORTED_TRIAL_SENTENCES = [
    "Length of stay was significantly shorter",  # p < 0.001 printed and recomputed
    "Delirium occurred in 12.5%",  # the cell prints 10 (12.5%)
    "Pressure ulcer rates were similar",  # 5.0% vs 6.3%, p = 0.73
    "although this did not reach significance",  # 6/80 vs 14/80, p = 0.055
    "Readmissions tended to be lower",  # hedged, and 7.5% < 17.5%
    "Smith et al. (2018) reported",  # someone else's data
    "shortened the hospital stay",  # 7.9 vs 9.4 days
]


@pytest.mark.parametrize("words", SUPPORTED_TRIAL_SENTENCES)
def test_supported_trial_claims_stay_unflagged(trial_findings: list[Finding], words: str) -> None:
    assert [f.message for f in trial_findings if words in f.evidence.get("sentence", "")] == []


# --------------------------------------------------------------------------- readings


POLARITY = [
    ("Total Complications", True),  # fewer is better
    ("Mean Hospital Stay (days)", True),  # shorter is better
    ("Overall Survival (12mo)", False),  # more is better
    ("Recurrence-free Survival", False),  # "free survival" wins over "recurrence"
    ("Patient Satisfaction (VAS)", False),
    ("Haemoglobin (g/dL)", None),  # the label does not say
]


@pytest.mark.parametrize(("label", "expected"), POLARITY)
def test_which_way_is_better_is_read_from_the_label(label: str, expected: bool | None) -> None:
    assert lower_is_better(label) is expected


READINGS = [
    ("faster", "Return to Activity (weeks)", -1),  # a time: faster = shorter
    ("faster", "Healing Rate (%)", 1),  # a rate: faster = larger
    ("better", "Total Complications", -1),  # lower is better
    ("better", "Technical Success Rate", 1),
    ("fewer", "Revision/Reintervention", -1),
    ("equal", "Pain Score", 0),
    ("better", "Haemoglobin (g/dL)", None),  # unknown: not judged
]


@pytest.mark.parametrize(("direction", "label", "sign"), READINGS)
def test_direction_words_read_as_a_sign(direction: str, label: str, sign: int | None) -> None:
    assert reading(direction, label).sign == sign


PRINTED = [
    (Num(0.031, "0.031", 3), "=", True),
    (Num(0.35, "0.35", 2), "=", False),
    (Num(0.001, "0.001", 3), "<", True),
    (Num(0.05, "0.05", 2), ">", False),
    (Num(0.07, "0.07", 2), "<", None),  # "< 0.07" does not decide at 0.05
    (None, "=", None),
]


@pytest.mark.parametrize(("p", "comparator", "expected"), PRINTED)
def test_printed_p_decides_significance_only_when_it_can(p: Num | None, comparator: str, expected: bool | None) -> None:
    assert printed_significance(p, comparator) is expected


# --------------------------------------------------------------------------- certain links only

_LINK_PAPER = """Early Versus Delayed Mobilisation After Hip Fracture

INTRODUCTION

Mobilisation matters [1].

METHODS

Patients were randomised to early or delayed mobilisation.

RESULTS

{sentence}

Table 2: Functional outcomes

Outcome\tEarly (n=80)\tDelayed (n=80)\tp-value
Barthel Index\t78.2 ± 9.1\t71.4 ± 10.3\t0.20

REFERENCES

1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.
"""


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # the row's own means beside the p: the sentence reports this row, and its p is not the row's 0.20
        ("The Barthel index was higher in the early group (78.2 vs 71.4, p = 0.04).", True),
        # a p stated with an effect size the row does not hold: another analysis (a model, a subgroup)
        ("The Barthel index was higher in the early group (p = 0.04, effect size 0.8).", False),
        # a p alone: judged on the link as before
        ("The Barthel index was higher in the early group (p = 0.04).", True),
    ],
)
def test_a_number_is_judged_only_against_the_row_the_sentence_reports(sentence: str, flagged: bool) -> None:
    report = audit(_LINK_PAPER.format(sentence=sentence), checks=["claim"])
    findings = [f for f in report.findings if f.check == "claim.number_mismatch"]
    assert bool(findings) is flagged, [f.message for f in findings]
    # a number left unjudged is said so in the graph: the claim says why, the paper counts it
    withheld = report.query("SELECT ?why WHERE { ?claim kga:linkWithheld ?why }")
    assert bool(withheld) is not flagged
    counted = report.query("SELECT ?n WHERE { ?paper kga:unlinkedClaimCount ?n }")
    assert counted and int(counted[0]["n"]) >= (0 if flagged else 1)


_PAIR_PAPER = """Smoking and Sex in a Survey

INTRODUCTION

Smoking varies [1].

METHODS

Adults were surveyed.

RESULTS

{sentence}

Table 1: Habits by sex

Habit\tWomen (n=200)\tMen (n=200)
Smoking, n (%)\t36 (18.0%)\t24 (12.0%)

REFERENCES

1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.
"""


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # the sentence names men first, the table prints women first: the pair is right, only its order differs
        ("Among men, smoking was less common than among women (12.0% vs 18.0%).", False),
        # a number that no group's cell holds is still wrong
        ("Among men, smoking was less common than among women (10.0% vs 18.0%).", True),
    ],
)
def test_numbers_paired_by_position_are_matched_to_the_group_that_holds_them(sentence: str, flagged: bool) -> None:
    findings = [f for f in audit(_PAIR_PAPER.format(sentence=sentence), checks=["claim"]).findings
                if f.check == "claim.number_mismatch"]
    assert bool(findings) is flagged, [f.message for f in findings]


_ANALYSIS_PAPER = """Statins and Delirium

INTRODUCTION

Delirium is common [1].

METHODS

A cohort was followed.

RESULTS

{sentence}

Table 3: {caption}

Outcome\tOR (95% CI)\tp-value
Delirium\t0.62 (0.45–0.85)\t0.003

REFERENCES

1. Smith J, Jones K. A title here. BMJ. 2019;365:l123.
"""


@pytest.mark.parametrize(
    ("caption", "sentence", "flagged"),
    [
        # the same analysis, a different p: flagged
        ("Adjusted odds ratios", "In the adjusted model, delirium was less frequent with statins (p = 0.03).", True),
        # an unadjusted estimate in the text against the adjusted table: another analysis, not judged
        ("Adjusted odds ratios", "In the unadjusted analysis, delirium was less frequent with statins (p = 0.03).",
         False),
        # a 6-month result against a table of 12-month outcomes: another time point, not judged
        ("Outcomes at 12 months", "At 6 months, delirium was less frequent with statins (p = 0.03).", False),
        # the table's own time point: judged
        ("Outcomes at 12 months", "At 12 months, delirium was less frequent with statins (p = 0.03).", True),
    ],
)
def test_a_number_is_judged_only_against_the_same_analysis_and_time_point(caption: str, sentence: str,
                                                                           flagged: bool) -> None:
    report = audit(_ANALYSIS_PAPER.format(caption=caption, sentence=sentence), checks=["claim"])
    findings = [f for f in report.findings if f.check == "claim.number_mismatch"]
    assert bool(findings) is flagged, [f.message for f in findings]
