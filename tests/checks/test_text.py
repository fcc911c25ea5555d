"""Text contradictions: durations vs date ranges, excluded characteristics used as variables, sample sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.checks.text import exclusion_items, stated_durations, study_period_months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from January 2016 to December 2022", [(84, "from January 2016 to December 2022")]),  # whole years, inclusive
        ("between March 2019 and February 2023", [(48, "between March 2019 and February 2023")]),  # 4 years
        ("from Jan. 2010 to Jun. 2011", [(18, "from Jan. 2010 to Jun. 2011")]),  # abbreviated months
        ("in 2019 and 2020 we saw", []),  # two bare years are not a stated range
        ("between 2015 and 2019", [(60, "between 2015 and 2019")]),  # bare years after "between": inclusive length
        ("cited 2015-2019 reviews", []),  # bare years without "from"/"between" are no study period
    ],
)
def test_study_period_months(text: str, expected: list[tuple[int, str]]) -> None:
    assert study_period_months(text) == expected


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("over a 6-year period", [72]),  # the seed's wording
        ("during a two-year study period", [24]),  # number as a word
        ("over a period of 18 months", [18]),  # months
        ("patients over 75 years of age", []),  # an age, not a duration
    ],
)
def test_stated_durations(text: str, months: list[int]) -> None:
    assert [m for m, _ in stated_durations(text)] == months


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        # numbered list, the seed's style
        ("Exclusion criteria were: (1) age < 18 years; (2) pregnancy; and (3) prior surgery.",
         ["age < 18 years", "pregnancy", "prior surgery"]),
        # running prose with "if they had"
        ("Patients were excluded if they had dementia, active cancer or prior hip surgery.",
         ["dementia", "active cancer", "prior hip surgery"]),
        # the criteria before the verb
        ("Patients with prior delirium, dementia or active cancer were excluded.",
         ["prior delirium", "dementia", "active cancer"]),
        # no exclusion sentence at all
        ("All patients gave consent.", []),
    ],
)
def test_exclusion_items(sentence: str, items: list[str]) -> None:
    assert exclusion_items(sentence) == items


def test_seed_period_and_criteria_contradictions(seed_path: Path) -> None:
    report = audit(seed_path, checks=["text"])
    by_check = {f.check: f for f in report.findings}
    period = by_check["text.period_mismatch"]
    assert period.evidence["stated_months"] == 72 and period.evidence["range_months"] == 84
    criteria = by_check["text.criteria_contradiction"]
    assert criteria.location.table == "Table 6" and criteria.location.row == "Prior Treatment"
    # Age < 18 is an exclusion threshold; age stays a valid variable. 250 = 125 + 125.
    assert [f.check for f in report.findings].count("text.criteria_contradiction") == 1
    assert "text.sample_size_mismatch" not in by_check


def test_example_paper_text_is_consistent() -> None:
    report = audit(Path(__file__).resolve().parents[2] / "data/examples/early-mobilisation.txt", checks=["text"])
    # "a 4-year period" matches March 2019–February 2023; "severe" dementia is only partly excluded.
    assert report.findings == []


def test_sample_size_contradicting_the_tables() -> None:
    text = (
        "A Cohort Study of Something Measured in Two Groups\n\nMETHODS\n\nA total of 300 patients were included.\n\n"
        "RESULTS\n\nTable 1: Outcomes\n\nOutcome\tA (n=120)\tB (n=130)\tp-value\nDeaths, n (%)\t12 (10.0%)\t13 (10.0%)\t1.00\n"
    )
    report = audit(text, checks=["text.sample_size_mismatch"])
    assert [f.evidence["stated"] for f in report.findings] == [300]
    assert report.findings[0].evidence["table_totals"] == [250]


_CRITERIA_PAPER = (
    "A Cohort Study of Women Followed for Years\n\nMETHODS\n\nWomen were excluded if they had prevalent cancer, "
    "if they never menstruated or if they had prior surgery.\n\nRESULTS\n\nTable 1: Hazard ratios\n\n"
    "Variable\tHR (95% CI)\tp-value\n{rows}\n"
)


@pytest.mark.parametrize(
    ("rows", "flagged"),
    [
        # "Never" is a level of oral contraceptive use (never used them), not "never menstruated"
        ("Oral contraceptive use\t–\t–\nNever\t1.00 (reference)\t–\nEver\t0.93 (0.84–1.03)\t0.18", []),
        # the excluded characteristic used as a variable: a true contradiction
        ("Prior surgery\t1.40 (1.10–1.80)\t0.01", ["Prior surgery"]),
        # a level word with no heading above it is not a variable either
        ("Never\t1.00 (reference)\t–\nEver\t0.93 (0.84–1.03)\t0.18", []),
    ],
)
def test_criteria_contradiction_reads_levels_with_their_variable(rows: str, flagged: list[str]) -> None:
    report = audit(_CRITERIA_PAPER.format(rows=rows), checks=["text.criteria_contradiction"])
    assert [f.location.row for f in report.findings] == flagged


@pytest.mark.parametrize(
    ("duration", "flagged"),
    [
        ("a 5-year period", False),  # 2015 to 2019 counted inclusively
        ("a 4-year period", False),  # ... or counted without the last year
        ("a 6-year period", True),  # neither
    ],
)
def test_a_duration_against_a_range_of_bare_years(duration: str, flagged: bool) -> None:
    paper = ("A Cohort\n\nINTRODUCTION\n\nDelirium is common [1].\n\nMETHODS\n\nWe included adults treated "
             f"between 2015 and 2019, {duration}.\n\nREFERENCES\n\n1. A B. A title. BMJ. 2019;365:l1.\n")
    findings = [f for f in audit(paper, checks=["text.period_mismatch"]).findings]
    assert bool(findings) is flagged
    if flagged:
        assert "4 or 5 years" in findings[0].message


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        ("Prior delirium, n (%)", True),  # the excluded history used as a variable
        ("Delirium, n (%)", False),  # the same event as the outcome: excluding its history does not rule it out
        ("Diabetes, n (%)", False),  # unrelated
    ],
)
def test_an_excluded_history_is_not_the_outcome(row: str, flagged: bool) -> None:
    paper = ("A Cohort\n\nINTRODUCTION\n\nDelirium is common [1].\n\nMETHODS\n\nPatients with prior delirium "
             "were excluded.\n\nRESULTS\n\nTable 1: Outcomes\n\nVariable\tStatin (n=300)\tNo statin (n=300)\tp\n"
             f"{row}\t41 (13.7)\t58 (19.3)\t0.06\n\nREFERENCES\n\n1. A B. A title. BMJ. 2019;365:l1.\n")
    findings = audit(paper, checks=["text.criteria_contradiction"]).findings
    assert [f.location.row for f in findings] == ([row] if flagged else [])


_PERIOD_PAPER = ("A Cohort\n\nINTRODUCTION\n\nFalls are common [1].\n\nMETHODS\n\n{range_sentence}\n\n"
                 "{duration_sentence}\n\nREFERENCES\n\n1. A B. A title. BMJ. 2019;365:l1.\n")


@pytest.mark.parametrize(
    ("range_sentence", "duration_sentence", "flagged"),
    [
        # the study period against the enrolment dates: a true contradiction
        ("We enrolled patients from March 2012 to February 2016.",
         "The cohort was recruited over a 7-year period.", True),
        # a per-patient follow-up is not the study period
        ("We enrolled patients from March 2012 to February 2016.",
         "Each patient was followed over a 12-month period.", False),
        # another study's period, attributed to its authors
        ("We enrolled patients from March 2012 to February 2016.",
         "Lee et al. recruited their cohort over a 2-year period.", False),
        # a literature search window is not the study's own period
        ("We enrolled patients from March 2012 to February 2016.",
         "Databases were searched over a three month period.", False),
        # a range of publication years is no enrolment date range
        ("We reviewed reports published between 1970 and 2010 in the archive.",
         "Patients were included over a 2-year period.", False),
        # a duration printed with its own dates is about those dates, not the enrolment range
        ("We enrolled patients from March 2012 to February 2016.",
         "Controls were recruited over a 2-year period, from January 2014 to December 2015.", False),
    ],
)
def test_period_compares_a_study_period_with_enrolment_dates_only(
        range_sentence: str, duration_sentence: str, flagged: bool) -> None:
    paper = _PERIOD_PAPER.format(range_sentence=range_sentence, duration_sentence=duration_sentence)
    findings = audit(paper, checks=["text.period_mismatch"]).findings
    assert bool(findings) is flagged, [f.message for f in findings]


@pytest.mark.parametrize(
    ("sentence", "is_criteria"),
    [
        ("Exclusion criteria were pregnancy and prior surgery.", True),  # the criteria themselves
        ("Participants who smoked were excluded.", True),  # people excluded
        ("Studies were excluded if they lacked a control arm.", True),  # a review's exclusion of studies
        ("The four categories were not mutually exclusive: internal practices and payer practices.", False),
        ("Two species are exclusive to the northern region.", False),  # "exclusive" states no criterion
        ("The runtime of the third method is excluded from the table because it stalled.", False),  # a column left out
    ],
)
def test_an_exclusion_sentence_states_who_was_excluded(sentence: str, is_criteria: bool) -> None:
    from kgaudit.checks.text import is_exclusion_sentence

    assert is_exclusion_sentence(sentence) is is_criteria


@pytest.mark.parametrize(
    ("stated", "flagged"),
    [
        (100, False),  # the patients, 60 + 40, without the healthy controls listed beside them
        (150, False),  # everyone in the table
        (120, True),  # neither
    ],
)
def test_a_total_may_leave_out_a_control_group_listed_in_the_table(stated: int, flagged: bool) -> None:
    paper = ("A Cohort\n\nINTRODUCTION\n\nMarkers matter [1].\n\nMETHODS\n\nA total of "
             f"{stated} patients were included.\n\nRESULTS\n\nTable 1: Characteristics\n\n"
             "Variable\tMild (n=60)\tSevere (n=40)\tHealthy controls (n=50)\n"
             "Age, mean ± SD\t61.2 ± 8.1\t63.4 ± 7.9\t60.8 ± 8.4\n\n"
             "REFERENCES\n\n1. A B. A title. BMJ. 2019;365:l1.\n")
    findings = audit(paper, checks=["text.sample_size_mismatch"]).findings
    assert bool(findings) is flagged, [f.message for f in findings]
