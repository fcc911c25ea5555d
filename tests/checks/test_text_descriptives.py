"""Means and SDs in running text: GRIM, GRIMMER, DEBIT and SD bounds when the paper establishes the data."""

from __future__ import annotations

import pytest

from kgaudit import audit
from kgaudit.checks.text_descriptives import declared_measures
from kgaudit.graph.views import SentenceView


def _method(text: str) -> SentenceView:
    return SentenceView(iri=None, text=text, index=0, section="Method", section_kind="methods",  # type: ignore[arg-type]
                        char_start=0, char_end=len(text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # two single items on a stated scale
        ("Anxiety and liking were measured with single items rated from 1 to 5.",
         {"anxiety": (1, 1, 5), "liking": (1, 1, 5)}),
        # a mean of four items: steps of 1/4
        ("Self-efficacy was the mean of four items rated from 1 to 7.", {"self-efficacy": (4, 1, 7)}),
        # "k-item scale" with a Likert range
        ("Engagement was measured with a 6-item scale (1–5 Likert).", {"engagement": (6, 1, 5)}),
        # binary data: DEBIT applies, bounds 0 and 1
        ("Dropout was coded 0 or 1.", {"dropout": (0, 0, 1)}),
        # the measure named after "rated their"
        ("Participants rated their anxiety on a single item from 1 to 5.", {"anxiety": (1, 1, 5)}),
        # the measure named after "item measured"
        ("A single item measured enjoyment (1 = not at all, 7 = very much).", {"enjoyment": (1, 1, 7)}),
        # "a single 7-point item": whole numbers from 1 to 7
        ("Participants rated their mood on a single 7-point item from 1 to 7.", {"mood": (1, 1, 7)}),
        # an N-point scale: whole numbers, bounds not stated (0-4 or 1-5?)
        ("Enjoyment was rated with a single item on a 5-point scale.", {"enjoyment": (1, None, None)}),
        # a single item without any scale: could be a count or a time, nothing declared
        ("Reaction time was measured with a single item.", {}),
        # a scale without the number of items: granularity unknown, nothing declared
        ("Well-being was measured with the WEMWBS.", {}),
        # an item count without a subject
        ("Participants answered single items.", {}),
    ],
)
def test_declared_measures(sentence: str, expected: dict) -> None:
    measures = declared_measures([_method(sentence)])
    assert {name: (m.items, m.low, m.high) for name, m in measures.items()} == expected


PAPER = """A Study

Method

Anxiety was measured with a single item rated from 1 to 5. Students were assigned to the example group (n = 32) or the control group (n = 30).

Results

{results}
"""


@pytest.mark.parametrize(
    ("results", "found"),
    [
        # 2.48 is no whole-number total / 32
        ("Anxiety was lower in the example group (M = 2.48, SD = 1.10).", ["stats.grim"]),
        # 2.47 = 79/32 and SD 1.08 are possible together
        ("Anxiety was lower in the example group (M = 2.47, SD = 1.08).", []),
        # the n printed beside the mean wins; GRIMMER: 3.50 with SD 1.16 is impossible for n = 12
        ("Anxiety in a pilot (n = 12, M = 3.50, SD = 1.16) was moderate.", ["stats.grimmer"]),
        ("Anxiety in a pilot (n = 12, M = 3.50, SD = 1.17) was moderate.", []),
        # an SD beyond what a 1-5 scale allows with that mean
        ("Anxiety was high in the control group (M = 4.80, SD = 1.90).", ["stats.sd_impossible"]),
        # "M = 2.48 (SD = 1.10)": the SD in parentheses after the mean
        ("Anxiety was lower in the example group, M = 2.48 (SD = 1.10).", ["stats.grim"]),
        # no n applies (no group named, no n printed): nothing said
        ("Anxiety was moderate overall (M = 2.48, SD = 1.10).", []),
        # a measure the method does not describe: nothing said
        ("Recall was higher in the example group (M = 2.48, SD = 1.10).", []),
    ],
)
def test_text_means(results: str, found: list[str]) -> None:
    checks = ["stats.grim", "stats.grimmer", "stats.debit", "stats.sd_impossible"]
    report = audit(PAPER.format(results=results), checks=checks)
    assert [f.check for f in report.findings] == found


# --------------------------------------------------------------------------- APA tables

TABLE_PAPER = """A Study

## Method

{method}

## Results

Table 1 gives the ratings.

Table 1. {caption}

{table}
{note}
"""
SINGLE_ITEMS = "Anxiety and liking were measured with single items rated from 1 to 5."
N_M_SD = "| Measure | n | M | SD |\n|---|---|---|---|\n"


@pytest.mark.parametrize(
    ("method", "caption", "table", "note", "found"),
    [
        # n, M and SD in separate columns: 2.48 is no whole-number total / 32
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Anxiety | 32 | 2.48 | 1.10 |", "", ["stats.grim"]),
        # 79/32 = 2.47 with SD 1.08 is possible
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Anxiety | 32 | 2.47 | 1.08 |", "", []),
        # SD 1.90 is beyond what a 1-5 scale allows with mean 4.80
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Liking | 30 | 4.80 | 1.90 |", "", ["stats.sd_impossible"]),
        # GRIMMER: mean 3.50 of 12 single items with SD 1.16 is impossible, 1.17 possible
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Liking | 12 | 3.50 | 1.16 |", "", ["stats.grimmer"]),
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Liking | 12 | 3.50 | 1.17 |", "", []),
        # the measure is declared in the table's note, not the method
        ("Students took part.", "Ratings", N_M_SD + "| Anxiety | 32 | 2.48 | 1.10 |",
         "Note. Anxiety was a single item rated from 1 to 5.", ["stats.grim"]),
        # M (SD) in one cell under a group column, with the N of the note: 2.48 × 25 = 62 exactly
        (SINGLE_ITEMS, "Ratings", "| Measure | M (SD) | Range |\n|---|---|---|\n| Anxiety | 2.48 (1.12) | 1–5 |",
         "Note. N = 25.", []),
        # ... and with N = 32 it is impossible
        (SINGLE_ITEMS, "Ratings", "| Measure | M (SD) | Range |\n|---|---|---|\n| Anxiety | 2.48 (1.12) | 1–5 |",
         "Note. N = 32.", ["stats.grim"]),
        # a row that only contains a measure's name is another variable (a hormone, not the anxiety item)
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Anxiety hormone (nmol/L) | 32 | 2.48 | 1.10 |", "", []),
        # a measure the paper does not describe (recall): granularity unknown, nothing said
        (SINGLE_ITEMS, "Ratings", N_M_SD + "| Recall | 32 | 2.48 | 1.10 |", "", []),
        # no n column and no N anywhere: nothing said
        (SINGLE_ITEMS, "Ratings", "| Measure | M | SD | Range |\n|---|---|---|---|\n| Anxiety | 2.48 | 1.10 | 1–5 |",
         "", []),
        # two groups side by side: the note's one N cannot be both groups' n, nothing said
        (SINGLE_ITEMS, "Ratings", "| Measure | Example M | SD | Control M | SD |\n|---|---|---|---|---|\n"
                                  "| Anxiety | 2.48 | 1.10 | 2.50 | 1.00 |", "Note. N = 62.", []),
        # ... but with each group's n printed in its own column, each mean is tested
        (SINGLE_ITEMS, "Ratings", "| Measure | n | Example M | SD | n | Control M | SD |\n|---|---|---|---|---|---|---|\n"
                                  "| Anxiety | 32 | 2.48 | 1.10 | 30 | 2.50 | 1.04 |", "", ["stats.grim"]),
    ],
)
def test_table_means(method: str, caption: str, table: str, note: str, found: list[str]) -> None:
    checks = ["stats.grim", "stats.grimmer", "stats.debit", "stats.sd_impossible"]
    report = audit(TABLE_PAPER.format(method=method, caption=caption, table=table, note=note),
                   checks=checks, fmt="markdown")
    assert [f.check for f in report.findings if f.severity != "info"] == found


def test_markdown_table_with_an_apa7_caption_and_note() -> None:
    # "**Table 1**", a blank line, the italic title; the measure declared in the "*Note.*" under the table
    text = ("# Mood\n\n## Method\n\nStudents took part.\n\n## Results\n\nSee Table 1.\n\n**Table 1**\n\n"
            "*Descriptive statistics by condition*\n\n| Condition | n | M | SD |\n|---|---|---|---|\n"
            "| Mood, happy film | 36 | 5.14 | 1.02 |\n| Mood, sad film | 36 | 3.46 | 1.20 |\n\n"
            "*Note.* Mood was rated with a single item from 1 to 7.\n")
    report = audit(text, checks=["stats.grim"], fmt="markdown")
    assert [(f.location.table, f.location.row) for f in report.findings] == [("Table 1", "Mood, sad film")]


def test_plain_text_table_with_an_apa7_caption() -> None:
    # APA 7 sets "Table 1" and the title on separate lines; the columns are separated by tabs
    text = ("Mood and Memory\n\nMETHOD\n\nParticipants rated their mood on a single 7-point item from 1 to 7.\n\n"
            "RESULTS\n\nTable 1 shows the ratings.\n\nTable 1\nDescriptive statistics by condition\n"
            "Condition\tn\tMean\tSD\nMood, happy film\t36\t5.14\t1.02\nMood, sad film\t36\t3.46\t1.20\n")
    report = audit(text, checks=["stats.grim"], fmt="text")
    assert [(f.location.table, f.location.row) for f in report.findings] == [("Table 1", "Mood, sad film")]
