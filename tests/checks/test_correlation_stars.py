"""Stars in APA correlation matrices against the p that r and the table's N give (stats.p_value_mismatch)."""

from __future__ import annotations

import pytest

from kgaudit import audit
from kgaudit.ingest.jats import parse_jats

PAPER = """A Study

## Method

A total of 100 students took part.

## Results

Table 1 gives the correlations.

Table 1. {caption}

| Variable | M | SD | 1 | 2 |
|---|---|---|---|---|
| 1. Test score | 14.20 | 3.10 | — | |
| 2. Study time | 42.50 | 11.30 | {r} | — |
{note}
"""
LEGEND = "*p < .05. **p < .01."


@pytest.mark.parametrize(
    ("caption", "r", "note", "expected"),
    [
        # r = .25 with N = 100: p = .012, one star is right
        ("Correlations", ".25*", f"Note. N = 100. {LEGEND}", []),
        # r = .19 with N = 100: p = .058 over the whole rounding of r, so a star is wrong (a decision error)
        ("Correlations", ".19*", f"Note. N = 100. {LEGEND}", [("error", ".19*")]),
        # the same r with N = 200: p = .007, two stars are right, one is too few
        ("Correlations", ".19**", f"Note. N = 200. {LEGEND}", []),
        ("Correlations", ".19*", f"Note. N = 200. {LEGEND}", [("warning", ".19*")]),
        # r = .30 at N = 100: p = .002, printed without a star although the legend marks p < .01
        ("Correlations", "−.30", f"Note. N = 100. {LEGEND}", [("warning", "−.30")]),
        # two stars where p = .012: the level is overstated, significance is not
        ("Correlations", ".25**", f"Note. N = 100. {LEGEND}", [("warning", ".25**")]),
        # one-tailed tests declared in the note: r = .19 gives p = .029, one star is right
        ("Correlations", ".19*", f"Note. N = 100. One-tailed tests. {LEGEND}", []),
        # the N in the caption
        ("Correlations (N = 100)", ".19*", f"Note. {LEGEND}", [("error", ".19*")]),
        # no N stated: nothing judged
        ("Correlations", ".19*", f"Note. {LEGEND}", []),
        # pairwise N: the stated N is not every pair's, nothing judged
        ("Correlations", ".19*", f"Note. N = 100 (pairwise deletion). {LEGEND}", []),
        # two samples split by the diagonal: the note's N is not every cell's, nothing judged
        ("Correlations", ".19*", f"Note. N = 100; women below the diagonal. {LEGEND}", []),
        # partial correlations have fewer df than N − 2: nothing judged
        ("Partial correlations controlling for age", ".19*", f"Note. N = 100. {LEGEND}", []),
        # no legend: what the star means is not stated, nothing judged
        ("Correlations", ".19*", "Note. N = 100.", []),
        # not a correlation table (the caption and note never say so): nothing judged
        ("Test scores", ".19*", f"Note. N = 100. {LEGEND}", []),
    ],
)
def test_stars_against_r_and_n(caption: str, r: str, note: str, expected: list[tuple[str, str]]) -> None:
    report = audit(PAPER.format(caption=caption, r=r, note=note), checks=["stats.p_value_mismatch"],
                   fmt="markdown")
    assert [(f.severity, f.location.quote) for f in report.findings if f.severity != "info"] == expected


def test_numbered_columns_without_numbered_variables_are_not_a_matrix() -> None:
    # models 1 and 2 of a regression, stars on coefficients: not correlations between numbered variables
    text = PAPER.format(caption="Coefficients; predictors correlated weakly", r=".19*",
                        note=f"Note. N = 100. {LEGEND}").replace("1. Test score", "Test score").replace(
        "2. Study time", "Study time")
    report = audit(text, checks=["stats.p_value_mismatch"], fmt="markdown")
    assert report.findings == []


def test_most_cells_failing_withholds_the_table() -> None:
    # every r starred although none reaches p < .05 at N = 40: the reading (N, legend) is in doubt
    rows = "\n".join(f"| {i}. V{i} | " + " | ".join([".20*"] * (i - 1) + ["—"] + [""] * (4 - i)) + " |"
                     for i in range(1, 5))
    text = ("A Study\n\n## Results\n\nTable 1. Correlations\n\n| Variable | 1 | 2 | 3 | 4 |\n|---|---|---|---|---|\n"
            f"{rows}\nNote. N = 40. *p < .05.\n")
    report = audit(text, checks=["stats.p_value_mismatch"], fmt="markdown")
    assert [f.severity for f in report.findings] == ["info"]


def test_jats_tables_are_read_the_same_way() -> None:
    # a JATS correlation table (star as a superscript, legend in the table foot) and an n/M/SD table
    body = ("<sec><title>Methods</title><p>Anxiety was measured with a single item rated from 1 to 5.</p></sec>"
            "<sec><title>Results</title><p>See Tables 1 and 2.</p>"
            '<table-wrap id="t1"><label>Table 1</label><caption><p>Correlations among measures</p></caption><table>'
            "<thead><tr><th>Variable</th><th>1</th><th>2</th></tr></thead><tbody>"
            "<tr><td>1. Score</td><td>—</td><td></td></tr><tr><td>2. Time</td><td>.19<sup>*</sup></td><td>—</td></tr>"
            "</tbody></table><table-wrap-foot><p><italic>Note</italic>. <italic>N</italic> = 100. *<italic>p</italic>"
            " &lt; .05.</p></table-wrap-foot></table-wrap>"
            '<table-wrap id="t2"><label>Table 2</label><caption><p>Ratings</p></caption><table><thead><tr>'
            "<th>Measure</th><th><italic>n</italic></th><th><italic>M</italic></th><th><italic>SD</italic></th></tr>"
            "</thead><tbody><tr><td>Anxiety</td><td>32</td><td>2.48</td><td>1.10</td></tr></tbody></table></table-wrap>"
            "</sec>")
    xml = ("<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta>"
           f"</front><body>{body}</body></article>")
    report = audit(parse_jats(xml.encode(), "apa.xml"), checks=["stats.p_value_mismatch", "stats.grim"])
    assert sorted((f.check, f.location.table) for f in report.findings) == [
        ("stats.grim", "Table 2"), ("stats.p_value_mismatch", "Table 1")]
