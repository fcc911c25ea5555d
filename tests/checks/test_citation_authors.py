"""Two-author mentions against the two authors of the entry they cite (citation.second_author_mismatch)."""

from __future__ import annotations

import pytest

from kgaudit import audit

REFERENCES = (
    "References\n\n"
    "Sweller, J., & Cooper, G. A. (1985). The use of worked examples. Cognition and Instruction, 2(1), 59–89.\n\n"
    "Roediger, H. L., Karpicke, J. D., & Butler, A. C. (2006). Test-enhanced learning. Psychological Science, "
    "17(3), 249–255.\n\n"
    "Van der Berg, A., & O'Neil, B. (2010). A pair of authors. Learning and Instruction, 20(1), 1–9.\n"
)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # the listed pair: nothing to say
        ("Examples help (Sweller & Cooper, 1985).", None),
        # "and" in a narrative mention, right pair
        ("Sweller and Cooper (1985) showed it.", None),
        # another second author than the entry's
        ("Examples help (Sweller & Brown, 1985).", "Brown"),
        # the same in a narrative mention
        ("Sweller and Brown (1985) showed it.", "Brown"),
        # a three-author entry cited with two names is a style matter, not a wrong name
        ("Testing helps (Roediger & Karpicke, 2006).", None),
        # et al. names no second author
        ("Testing helps (Roediger et al., 2006).", None),
        # particles and apostrophes fold away
        ("Pairs matter (Van der Berg & O'Neil, 2010).", None),
        # a possessive on the second author still names that author
        ("Van der Berg and O'Neil's (2010) account holds.", None),
    ],
)
def test_second_author(sentence: str, named: str | None) -> None:
    text = f"A Paper\n\nIntroduction\n\n{sentence}\n\n{REFERENCES}"
    findings = audit(text, checks=["citation.second_author_mismatch"]).findings
    assert [f.evidence["named_second_author"] for f in findings] == ([named] if named else [])
