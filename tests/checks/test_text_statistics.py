"""APA results in running text: p against the statistic (statcheck's rules), df against the group sizes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kgaudit import audit
from kgaudit.checks.text_statistics import classify, df_problem, judge, method_groups, stated_samples
from kgaudit.graph.views import SentenceView
from kgaudit.ingest.statistics import check_text_statistic, find_statistics
from tests.conftest import SHARED

PEER_FILE = SHARED / "data" / "peer" / "statcheck_cases.jsonl"


def _one(text: str):
    found = find_statistics(text)
    assert len(found) == 1, text
    return found[0]


# --------------------------------------------------------------------------- judging one result


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        # consistent: t(58) = 2.31 gives p = .0245
        ("The groups differed, t(58) = 2.31, p = .024.", None),
        # decision error: p = .161 printed as significant
        ("The groups differed, t(58) = 1.42, p = .03.", "error"),
        # inconsistent but both significant: F(2, 87) = 5.12 gives p = .008
        ("Errors differed, F(2, 87) = 5.12, p = .04.", "warning"),
        # consistent F near the threshold: F(2, 87) = 3.15 gives p = .0478
        ("Errors differed, F(2, 87) = 3.15, p = .048.", None),
        # decision error the other way: r(98) = .21 gives p = .036, printed as not significant
        ("Liking correlated with effort, r(98) = .21, p = .36.", "error"),
        # "ns" for a result significant when recomputed (chi2(1) = 6.20 gives p = .013)
        ("Dropout did not differ, χ2(1, N = 58) = 6.20, ns.", "error"),
        # "ns" for a result that is not significant: nothing to say
        ("Pass rates did not differ, χ2(2, N = 58) = 1.80, ns.", None),
        # p = .000 is never right, but significance does not change: a warning
        ("Effort rose, t(60) = 5.40, p = .000.", "warning"),
        # p < .001 for the same result is consistent
        ("Effort rose, t(60) = 5.40, p < .001.", None),
        # rounding of the statistic respected: t(28) in [1.95, 2.05] reaches p = .054
        ("A borderline effect, t(28) = 2.0, p = .054.", None),
        # with two decimals the range is narrow: t(28) = 2.00 gives p = .055, never .049
        ("A borderline effect, t(28) = 2.00, p = .049.", "error"),
        # one-tailed declared in the sentence: t(40) = 1.80 gives one-tailed p = .0397
        ("A one-tailed test showed more explanations, t(40) = 1.80, p = .040.", None),
        # the same result without the declaration is a decision error (two-tailed p = .079)
        ("The test showed more explanations, t(40) = 1.80, p = .040.", "error"),
        # a z printed with the wrong p, decision flips (p = .089)
        ("The position effect was not significant, z = 1.70, p = .009.", "error"),
        # a Bonferroni-corrected p is larger than the statistic's own: not judged (info)
        ("After Bonferroni correction, t(58) = 2.31, p = .098.", "info"),
        # an exact (permutation) p need not follow the distribution: not judged (info)
        ("A permutation test gave t(58) = 1.42, p = .03.", "info"),
    ],
)
def test_judge(sentence: str, severity: str | None) -> None:
    assert judge(_one(sentence), sentence).severity == severity


@pytest.mark.parametrize(
    ("sentence", "elsewhere", "severity"),
    [
        # consistent only one-tailed; the paper mentions one-tailed tests elsewhere: not judged (info)
        ("More explanations, t(40) = 1.80, p = .040.", "Hypotheses were tested one-tailed.", "info"),
        # wrong under either reading: the mention elsewhere does not excuse it
        ("More explanations, t(40) = 1.80, p = .004.", "Hypotheses were tested one-tailed.", "error"),
        # F has no one-tailed reading: the mention elsewhere changes nothing
        ("Groups differed, F(1, 40) = 3.24, p = .040.", "Hypotheses were tested one-tailed.", "error"),
    ],
)
def test_one_tailed_elsewhere(sentence: str, elsewhere: str, severity: str) -> None:
    assert judge(_one(sentence), sentence, one_tailed_elsewhere=elsewhere).severity == severity


# --------------------------------------------------------------------------- statcheck's own labels


def _peer_cases() -> list[dict[str, Any]]:
    if not PEER_FILE.is_file():
        pytest.skip("../shared/data/peer is not beside the checkout")
    cases = [json.loads(line) for line in PEER_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if c["kind"] in ("check", "gold_manual")
            and ("decision_error" in c["expected"] or "error" in c["expected"])]


def _labels_agree(severity: str | None, expected: dict[str, Any]) -> bool:
    """Our severity against the labels statcheck's case has (a decision error is always an error too)."""
    if "decision_error" in expected and (severity == "error") != expected["decision_error"]:
        return False
    return not ("error" in expected and (severity is not None) != expected["error"])


def test_severity_classes_agree_with_statcheck_labels(record_property: Any) -> None:
    """Error = statcheck's decision error, warning = its other errors, none = consistent."""
    agree = total = decision_errors = 0
    disagreements = []
    for case in _peer_cases():
        found = find_statistics(case["text"])
        if len(found) != 1:
            continue
        options = case["options"]
        result = check_text_statistic(
            found[0], options["OneTailedTxt"], context=case["text"], alpha=options["alpha"],
            p_equal_alpha_sig=options["pEqualAlphaSig"], p_zero_error=options["pZeroError"],
            one_tailed_tests=options["OneTailedTests"],
        )
        total += 1
        decision_errors += bool(case["expected"].get("decision_error"))
        if _labels_agree(classify(result), case["expected"]):
            agree += 1
        elif not case.get("precision_edge"):
            disagreements.append(case["text"])
    print(f"\nseverity classes vs statcheck labels: {agree}/{total} ({decision_errors} decision errors)")
    record_property("statcheck_class_agreement", agree / total)
    assert total > 200
    assert agree / total >= 0.98, disagreements


# --------------------------------------------------------------------------- degrees of freedom


def _sentence(text: str, kind: str = "methods") -> SentenceView:
    return SentenceView(iri=None, text=text, index=0, section="Method", section_kind=kind,  # type: ignore[arg-type]
                        char_start=0, char_end=len(text))


METHOD = [
    _sentence("A total of 120 undergraduates took part."),
    _sentence("Students were assigned to the example group (n = 32) or the rereading group (n = 30)."),
]


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        # sizes from the method, df = 32 + 30 - 2 = 60: right
        ("The example group scored higher than the rereading group, t(60) = 2.31, p = .025.", None),
        # sizes from the method, df 62 is wrong
        ("The example group scored higher than the rereading group, t(62) = 2.45, p = .017.", "df = 32 + 30 − 2 = 60"),
        # the groups are not named: sizes do not apply
        ("Scores rose, t(62) = 2.45, p = .017.", None),
        # a paired test: df = n - 1, the independent rule does not apply
        ("Within the example group, scores rose from pre to post, t(31) = 2.45, p = .020.", None),
        # sizes in the sentence: one-way F with 3 groups, df2 = 58 - 3 = 55
        ("Scores differed (n = 20, n = 19, n = 19), F(2, 55) = 3.40, p = .040.", None),
        ("Scores differed (n = 20, n = 19, n = 19), F(2, 58) = 3.40, p = .040.", "df2 = N − k = 58 − 3 = 55"),
        # a factorial effect (df1 is not k - 1): not judged
        ("Scores differed (n = 20, n = 19, n = 19), F(1, 52) = 3.40, p = .071.", None),
        # an ANCOVA loses one df per covariate: not judged
        ("Controlling for pretest, scores differed (n = 20, n = 19, n = 19), F(2, 54) = 3.40, p = .041.", None),
        # Welch's df are smaller than n1 + n2 - 2 by design
        ("With Welch's correction (n = 32, n = 30), t(55.2) = 2.31, p = .025.", None),
        # chi2 N larger than the whole sample
        ("Completion differed, χ2(1, N = 140) = 4.10, p = .043.", "at most 120"),
        # chi2 N smaller than the sample (a subset): fine
        ("Completion differed, χ2(1, N = 100) = 4.10, p = .043.", None),
        # chi2 N against the groups of the same sentence
        ("Completion (n = 50, n = 40) differed, χ2(1, N = 95) = 4.10, p = .043.", "N = 50 + 40 = 90"),
        # "n = 30 per group": not two group sizes
        ("Groups (n = 30 per group) differed, t(62) = 2.45, p = .017.", None),
    ],
)
def test_df_problem(sentence: str, problem: str | None) -> None:
    stats = find_statistics(sentence)
    found = df_problem(stats[0], sentence, method_groups(METHOD), stated_samples(METHOD),
                       tuple(s.raw for s in stats))
    assert (found.expected if found else None) == problem


@pytest.mark.parametrize(
    ("extra", "severity"),
    [
        # fewer df than the method's groups give: a warning...
        ("", "warning"),
        # ...unless the paper reports missing data, which may explain them
        ("Two students with missing posttests were excluded. ", "info"),
    ],
)
def test_fewer_df_with_missing_data(extra: str, severity: str) -> None:
    text = ("A Study\n\nMethod\n\nStudents were assigned to the example group (n = 32) or the rereading group "
            f"(n = 30). {extra}\n\nResults\n\nThe example group scored higher than the rereading group, "
            "t(58) = 2.31, p = .024.\n")
    assert [f.severity for f in audit(text, checks=["stats.df_mismatch"]).findings] == [severity]


def test_method_groups_and_samples() -> None:
    assert method_groups(METHOD) == {"example": 32, "rereading": 30}
    assert [n for n, _ in stated_samples(METHOD)] == [120]


@pytest.mark.parametrize(
    ("abstract", "method", "found"),
    [
        # the abstract's N differs from the one the method states
        ("We tested 112 undergraduates. In a study with 112 undergraduates we compared two methods.",
         "A total of 120 undergraduates took part.", ["112"]),
        # the same N: nothing to say
        ("In a study with 120 undergraduates we compared two methods.", "A total of 120 undergraduates took part.", []),
        # the method states two totals (recruited and analysed): the abstract's N may be either
        ("In a study with 112 undergraduates we compared two methods.",
         "A total of 120 undergraduates took part. A total of 112 students completed both sessions.", []),
        # the abstract states no sample size
        ("We compared two methods.", "A total of 120 undergraduates took part.", []),
    ],
)
def test_abstract_sample_against_method(abstract: str, method: str, found: list[str]) -> None:
    text = f"A Study\n\nAbstract: {abstract}\n\nMethods\n\n{method}\n\nResults\n\nScores rose.\n"
    findings = audit(text, checks=["text.sample_size_mismatch"]).findings
    assert [str(f.evidence["abstract"]) for f in findings] == found
