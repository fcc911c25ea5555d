"""Claim extraction from single sentences: kinds, polarity, direction, subjects, groups, numbers, hedges."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgaudit.derive.claim_text import ClaimSpec, claim_units, extract_claims, extract_quantities


def _matches(claim: ClaimSpec, expected: dict[str, Any]) -> bool:
    for key, value in expected.items():
        if key == "quantities":
            got = [(q.text, q.role, q.comparator) for q in claim.quantities]
            if got != value:
                return False
        elif getattr(claim, key) != value:
            return False
    return True


CASES: list[tuple[str, list[dict[str, Any]]]] = [
    # negated significance; the subject is the noun phrase before the verb, "difference" dropped
    ("The overall procedural time difference did not reach statistical significance.",
     [{"kind": "significance", "polarity": "not_significant", "subjects": ("overall procedural time",)}]),
    # "no significant differences … in X, Y, or Z": one subject per list item
    ("No statistically significant differences were observed in age, sex, or BMI.",
     [{"polarity": "not_significant", "subjects": ("age", "sex", "BMI")}]),
    # significance adverb folded into the direction; focus and comparator groups; the p joins the claim
    ("Mortality was significantly higher in the control arm than in the intervention arm (p = 0.02).",
     [{"kind": "significance", "polarity": "significant", "direction": "higher", "subjects": ("Mortality",),
       "focus_group": "control arm", "comparator_group": "intervention",
       "quantities": [("p = 0.02", "p_value", "=")]}]),
    # attributive: the cue's noun phrase follows it; the group is named after "in the"
    ("Table 4 shows a significantly lower total complication rate in the CT-guided cryoablation group.",
     [{"polarity": "significant", "direction": "lower", "subjects": ("total complication rate",),
       "focus_group": "CT-guided cryoablation group"}]),
    # a hedge keeps the direction but marks it
    ("Serum creatinine tended to be lower in treated patients.",
     [{"kind": "direction", "direction": "lower", "subjects": ("Serum creatinine",), "hedge": "tended to be"}]),
    # "a trend toward": hedged; p = 0.08 gives the claim its (non-)significance
    ("There was a trend toward fewer infections with the new dressing (p = 0.08).",
     [{"direction": "fewer", "subjects": ("infections",), "hedge": "a trend", "polarity": "not_significant"}]),
    # equivalence words read as direction "equal"
    ("Quality-of-life scores were similar between groups.",
     [{"kind": "equivalence", "direction": "equal", "subjects": ("Quality-of-life scores",)}]),
    # a universal scope before the cue; the adverb after the verb ("improved significantly")
    ("All secondary endpoints improved significantly with dapagliflozin.",
     [{"kind": "scope", "universal": True, "polarity": "significant", "direction": "better",
       "subjects": ("secondary endpoints",)}]),
    # "across all measured parameters" after the cue; the "including" items are claims of their own
    ("Table 5 demonstrates favorable outcomes across all measured parameters, including lower local "
     "recurrence rates and faster return to activity.",
     [{"kind": "scope", "universal": True, "scope": "across all measured parameters", "direction": "better"},
      {"kind": "direction", "direction": "lower", "subjects": ("local recurrence rates",), "universal": False},
      {"kind": "direction", "direction": "faster", "subjects": ("return to activity",)}]),
    # "multiple outcome domains" is a scope, not a universal one; an "including" list gives the subjects
    ("The statistically significant improvements observed across multiple outcome domains—including technical "
     "success rate and hospital length of stay—support its use.",
     [{"polarity": "significant", "universal": False, "scope": "across multiple outcome domains",
       "subjects": ("technical success rate", "hospital length of stay")}]),
    # "from A to B" numbers take the subject of the claim they belong to
    ("Hospital stay was reduced from 6.1 to 4.3 days.",
     [{"direction": "lower", "subjects": ("Hospital stay",)},
      {"kind": "number", "subjects": ("Hospital stay",), "quantities": [("6.1", "mean", "=")]},
      {"kind": "number", "subjects": ("Hospital stay",), "quantities": [("4.3 days", "mean", "=")]}]),
    # a verb of change with an agent; "by 12 percentage points" is a change, not a level
    ("The intervention reduced 30-day readmissions by 12 percentage points.",
     [{"direction": "lower", "subjects": ("30-day readmissions",), "focus_group": "intervention"},
      {"kind": "number", "quantities": [("12 percentage points", "change", "=")]}]),
    # a value with a unit, the subject before "was", the group after the number
    ("Median operative time was 95 minutes in the robotic group.",
     [{"kind": "number", "subjects": ("Median operative time",), "focus_group": "robotic group",
       "quantities": [("95 minutes", "mean", "=")]}]),
    # "n (x%)": both numbers measure the same subject
    ("Adverse events occurred in 14 (11.2%) patients receiving placebo.",
     [{"kind": "number", "subjects": ("Adverse events",), "quantities": [("14", "count", "=")]},
      {"kind": "number", "subjects": ("Adverse events",), "quantities": [("11.2%", "percent", "=")]}]),
    # a ratio with a comparator
    ("The odds of failure were higher with partial nephrectomy (OR > 2.0).",
     [{"kind": "number", "subjects": ("odds of failure",), "quantities": [("OR > 2.0", "ratio", ">")]}]),
    # someone else's data
    ("Kim et al. (2019) reported lower complication rates.",
     [{"direction": "lower", "attributed": True}]),
    # a modal hedge
    ("These findings may reflect improved patient selection.",
     [{"direction": "better", "hedge": "may"}]),
    # a negated verb keeps its direction, marked negated; "substantially" does not imply significance then
    ("The technology does not substantially increase operative time.",
     [{"kind": "direction", "direction": "higher", "negated": True, "subjects": ("operative time",),
       "strength": "explicit"}]),
    # "did not differ" with a printed pair: positional groups @1/@2, one subject
    ("Response rates did not differ between the two arms (42% vs 45%, p = 0.61).",
     [{"polarity": "not_significant", "subjects": ("Response rates",), "quantities": [("p = 0.61", "p_value", "=")]},
      {"kind": "number", "focus_group": "@1", "quantities": [("42%", "percent", "=")]},
      {"kind": "number", "focus_group": "@2", "subjects": ("Response rates",), "quantities": [("45%", "percent", "=")]}]),
    # mean ± SD with a unit
    ("Blood loss was 250 ± 80 mL in the laparoscopic group.",
     [{"kind": "number", "subjects": ("Blood loss",), "quantities": [("250 ± 80 mL", "mean", "=")]}]),
    # a sample size and a stated period are numbers, kept as such
    ("A total of 250 patients were included over a 6-year period.",
     [{"kind": "number", "quantities": [("250 patients", "n", "=")]},
      {"kind": "number", "quantities": [("6-year", "duration", "=")]}]),
    # an intensifier implies a real difference; a qualifying phrase stays in the subject
    ("Pain at 24 hours was markedly reduced after nerve block.",
     [{"polarity": "significant", "strength": "implied", "direction": "lower", "subjects": ("Pain at 24 hours",)}]),
    # "most pronounced for Grade II and IIIa": codes share the head word and the trailing noun
    ("The difference was most pronounced for Grade II and IIIa complications.",
     [{"polarity": "significant", "strength": "implied",
       "subjects": ("Grade II complications", "Grade IIIa complications")}]),
    # a plural subject list before "were … identified as significant independent risk factors"
    ("Age >65, ASA score ≥3, and prior treatment were also identified as significant independent risk factors.",
     [{"polarity": "significant", "subjects": ("Age >65", "ASA score ≥3", "prior treatment")}]),
    # an anaphoric "this" takes the previous claim's subject
    ("Readmission was reduced by half (7.5% vs 17.5%), although this did not reach significance.",
     [{"direction": "lower", "subjects": ("Readmission",)},
      {"polarity": "not_significant", "subjects": ("Readmission",)}]),
    # coordinated verbs share "significantly" and the comparator
    ("Cryoablation significantly improves success rates, reduces complication rates, and shortens hospital stay "
     "compared to surgery.",
     [{"polarity": "significant", "direction": "better", "subjects": ("success rates",)},
      {"polarity": "significant", "direction": "lower", "subjects": ("complication rates",),
       "comparator_group": "surgery"},
      {"polarity": "significant", "direction": "shorter", "subjects": ("hospital stay",)}]),
    # the adverb after the verb, followed by "more": one claim, the subject before the verb
    ("HbA1c decreased significantly more in the semaglutide group than with placebo.",
     [{"polarity": "significant", "direction": "lower", "subjects": ("HbA1c",), "focus_group": "semaglutide group",
       "comparator_group": "placebo"}]),
    # a hazard ratio and its CI in parentheses support the claim before them
    ("Survival did not differ significantly between groups (HR 0.92, 95% CI 0.71–1.19).",
     [{"polarity": "not_significant", "subjects": ("Survival",)},
      {"kind": "number", "subjects": ("Survival",), "quantities": [("HR 0.92", "ratio", "=")]},
      {"kind": "number", "quantities": [("95% CI 0.71–1.19", "ci", "=")]}]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_extracts_the_expected_claims(sentence: str, expected: list[dict[str, Any]]) -> None:
    claims = extract_claims(sentence)
    for want in expected:
        assert any(_matches(c, want) for c in claims), (want, claims)


NO_CLAIMS = [
    "Data were collected from electronic medical records.",  # methods prose
    "Hip fracture is common in older adults.",  # background, no comparison
    "The study was approved by the ethics committee in 2019.",  # a year is not a number claim
]


@pytest.mark.parametrize("sentence", NO_CLAIMS)
def test_plain_prose_has_no_claims(sentence: str) -> None:
    assert extract_claims(sentence) == []


def test_not_significantly_denies_significance_without_asserting_a_direction() -> None:
    claims = extract_claims("Overall procedural time was not significantly increased despite the imaging step.")
    assert [(c.polarity, c.direction) for c in claims] == [("not_significant", None)]


def test_alternation_of_directions_is_a_hedge() -> None:
    claims = extract_claims("Procedural efficiency was maintained or improved.")
    assert {c.hedge for c in claims} == {"alternation"}
    assert all(c.subjects == ("Procedural efficiency",) for c in claims)


def test_more_than_is_a_bound_not_a_comparison() -> None:
    assert all(c.direction != "more" for c in extract_claims("More than 80 patients were screened."))


def test_claim_spans_point_into_the_sentence() -> None:
    sentence = "Complication rates were lower in the study group."
    claim = extract_claims(sentence)[0]
    assert sentence[claim.start:claim.end] == claim.text == "Complication rates were lower"


QUANTITIES = [
    ("p<0.05", ("p_value", 0.05, "<")),  # comparator kept
    ("P = .031", ("p_value", 0.031, "=")),  # no leading zero
    ("20 (16.0%)", ("count", 20.0, "=")),  # count first, then its percentage
    ("OR >2.0", ("ratio", 2.0, ">")),  # a ratio bound
    ("5.9 ± 2.2 days", ("mean", 5.9, "=")),  # mean ± SD with unit
    ("113 \\pm 40", ("mean", 113.0, "=")),  # LaTeX ± from PDF extraction
    ("within 30 days", ("duration", 30.0, "=")),  # a window, not a measured value
    ("$18,000", ("money", 18000.0, "=")),  # money is never a table quantity
]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES)
def test_reads_numbers_with_their_role(text: str, expected: tuple[str, float, str]) -> None:
    first = extract_quantities(text)[0]
    assert (first.role, first.value, first.comparator) == expected


def test_inline_headings_split_a_sentence_into_units() -> None:
    text = "Primary outcomes included success. **Results:** The study group did better (p<0.05)."
    units = claim_units(text)
    assert [u for _, u in units] == ["Primary outcomes included success.", "The study group did better (p<0.05)."]
    assert all(text[offset:offset + len(u)] == u for offset, u in units)


def test_a_note_label_is_not_part_of_the_unit() -> None:
    assert claim_units("Interpretation: Table 1 shows balance.") == [(16, "Table 1 shows balance.")]


_PIECES = st.sampled_from(list("abc XYZ0123456789.,;:()%<>=±-–—/pPnN\\") + [
    "significantly", " lower ", " higher ", " not ", " no ", " all ", " group", " vs ", " p ", "did not reach",
    " in the ", "compared to", " and ", " or ", "(n=", " days", "OR ", "95% CI ", " Grade II", " respectively"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_claims_with_spans_inside_it(text: str) -> None:
    for claim in extract_claims(text):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert claim.kind in ("significance", "direction", "number", "scope", "equivalence")


@pytest.mark.parametrize(
    ("sentence", "directions"),
    [
        ("Fractures of the lower limb were common in both groups.", []),  # a place in the body, no claim
        ("Infections of the lower respiratory tract were rare.", []),  # the same: no comparison stated
        ("Pain was lower in the early group.", ["lower"]),  # a comparison: kept
    ],
)
def test_an_anatomical_lower_is_not_a_comparison(sentence: str, directions: list) -> None:
    assert [c.direction for c in extract_claims(sentence)] == directions
