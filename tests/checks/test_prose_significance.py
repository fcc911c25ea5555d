"""Significance words against the p printed in the same clause (claim.significance_p_mismatch)."""

from __future__ import annotations

import pytest

from kgaudit import audit
from kgaudit.checks.prose_significance import _OTHER_LEVEL, clause_contradiction, clauses


@pytest.mark.parametrize(
    ("clause", "claimed"),
    [
        # "significantly" with p above .05
        ("Retrieval practice significantly increased delayed recall (p = .07)", "significant"),
        # "significantly" with p below .05: agrees
        ("Worked examples significantly improved posttest scores (p = .025)", None),
        # "no difference" with p below .05
        ("There was no difference in anxiety between the groups (p = .01)", "not significant"),
        # "did not differ" with p above .05: agrees
        ("Liking did not differ between the groups (p = .45)", None),
        # "did not differ significantly" is one negative claim, not a positive one
        ("Liking did not differ significantly between conditions (p = .04)", "not significant"),
        # negation a few words away
        ("Scores were not found to be significantly higher (p = .003)", "not significant"),
        # "did not reach significance" with p below .05
        ("The effect did not reach significance (p = .03)", "not significant"),
        # "non-significant" with p below .05
        ("The interaction was non-significant, F(1, 58) = 9.10, p = .004", "not significant"),
        # significance through a full APA result: the printed p decides
        ("The training group scored significantly higher, t(60) = 1.42, p = .16", "significant"),
        # p < .001 with "significant": agrees
        ("The difference was significant (p < .001)", None),
        # p = .05 exactly: papers differ on the convention, not judged
        ("The difference was significant (p = .05)", None),
        # hedged: "approached significance"
        ("The effect approached significance (p = .07)", None),
        # someone else's result (a citation)
        ("Smith (2019) found significantly higher scores (p = .20)", None),
        # before/after adjustment: the p may belong to the other model
        ("The effect was not significant after adjustment (p = .03 unadjusted)", None),
        # a legend defining an asterisk
        ("mortality did not differ between strains. *p<0.05 in a Student's t-test", None),
        # two p-values in one clause: which one the words mean is unclear
        ("Neither anxiety (p = .01) nor liking (p = .40) differed", None),
        # "significant proportion": not statistical significance
        ("A significant proportion of students dropped out (p = .30)", None),
    ],
)
def test_clause_contradiction(clause: str, claimed: str | None) -> None:
    found = clause_contradiction(clause)
    assert (found[0] if found else None) == claimed


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        # a contrast splits the claims: each keeps its own p
        ("Liking did not differ (p = .45), whereas effort did (p < .001).",
         ["Liking did not differ (p = .45)", "effort did (p < .001)."]),
        # a semicolon splits too
        ("Anxiety fell (p = .01); liking rose (p = .20).", ["Anxiety fell (p = .01)", "liking rose (p = .20)."]),
    ],
)
def test_clauses(sentence: str, parts: list[str]) -> None:
    assert clauses(sentence) == parts


@pytest.mark.parametrize(
    ("sentence", "other_level"),
    [
        ("The significance level was set at .10.", True),  # a declared level of .10
        ("P < .10 was considered significant.", True),  # the same, as a threshold
        ("Post hoc tests used the Bonferroni correction.", True),  # per-test levels
        ("The scale was reliable (α = .85).", False),  # Cronbach's alpha is no significance level
        ("The significance level was set at .05.", False),  # the conventional level
        ("Samples came from Stockholm.", False),  # "holm" inside a word is not Holm's method
    ],
)
def test_other_significance_level(sentence: str, other_level: bool) -> None:
    assert bool(_OTHER_LEVEL.search(sentence)) == other_level


def test_paper_with_another_level_is_not_judged() -> None:
    text = ("A Study\n\nMethods\n\nThe significance level was set at .10.\n\nResults\n\n"
            "Retrieval practice significantly increased recall (p = .07).\n")
    assert audit(text, checks=["claim.significance_p_mismatch"]).findings == []
    plain = text.replace("The significance level was set at .10.", "Students took a test.")
    assert [f.severity for f in audit(plain, checks=["claim.significance_p_mismatch"]).findings] == ["error"]
