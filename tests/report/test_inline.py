"""Inline Markdown and LaTeX in the paper's text, rendered safely; evidence as a table (issue 15)."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from kgaudit.report.inline import evidence_table, inline_html, render_pieces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Introduction:** text", "<strong>Introduction:</strong> text"),  # Markdown strong
        ("__Aim__ of it", "<strong>Aim</strong> of it"),  # the other spelling of strong
        ("*p* < 0.05", "<em>p</em> &lt; 0.05"),  # emphasis, and "<" escaped
        ("2 * 3 * 4", "2 * 3 * 4"),  # stars with spaces around are arithmetic, not emphasis
        ("\\*not emphasis\\*", "*not emphasis*"),  # escaped stars are stars
        ("snake_case_name", "snake_case_name"),  # underscores inside a word stay
        ("65 \\pm 3 years", "65 ± 3 years"),  # a LaTeX symbol outside math
        ("$\\alpha$ = 0.05", "α = 0.05"),  # inline math: the dollars go
        ("$$\\beta$$", "β"),  # display math
        ("$\\chi^2_{1} = 3.8$", "χ<sup>2</sup><sub>1</sub> = 3.8"),  # scripts inside math, single or braced
        ("x^{2} and H_{0}", "x<sup>2</sup> and H<sub>0</sub>"),  # braced scripts outside math
        ("10^-3^ M", "10<sup>-3</sup> M"),  # pandoc's superscript
        ("$\\mathrm{SD}$ and \\frac{1}{2}", "SD and 1/2"),  # wrappers show their content; a fraction
        ("$\\mathbf{b}$", "<strong>b</strong>"),  # bold math
        ("costs $5 and $10", "costs $5 and $10"),  # money is not math
        ("\\unknown{x}", "\\unknown{x}"),  # an unknown command is shown as written
        ("<script>alert(1)</script> & more", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),  # escaped
        ("$<b>$", "&lt;b&gt;"),  # escaped inside math too
        ("x^{2", "x^{2"),  # an unclosed group is text
    ],
)
def test_inline_html(text: str, expected: str) -> None:
    assert str(inline_html(text)) == expected


def _bracket(start: int, end: int, html: Markup) -> Markup:
    return Markup(f"[{start}:{end}|") + html + Markup("]")


@pytest.mark.parametrize(
    ("text", "cuts", "expected"),
    [
        # a highlight inside strong text: strong closed before the cut and reopened after it
        ("**Bold text** end", [0, 4, 9, 17],
         "[0:4|<strong>Bo</strong>][4:9|<strong>ld te</strong>][9:17|<strong>xt</strong> end]"),
        # a cut inside a LaTeX command: the symbol belongs to the piece where the command starts
        ("a \\pm b", [0, 4, 7], "[0:4|a ±][4:7| b]"),
        # no cut inside: one piece
        ("$\\alpha$", [0, 8], "[0:8|α]"),
    ],
)
def test_pieces_stay_well_formed(text: str, cuts: list[int], expected: str) -> None:
    assert str(render_pieces(text, cuts, _bracket)) == expected


def test_evidence_is_a_table_with_nested_values() -> None:
    html = str(evidence_table({"reported_p": 0.35, "recomputed": {"welch_t": 1.9e-10}, "decision_error": True,
                               "cited": [1, 2], "closest_test": None, "note": "<b>"}))
    assert html.startswith('<table class="evidence">')
    assert "<th>reported p</th><td>0.35</td>" in html
    assert '<th>recomputed</th><td><table class="evidence"><tr><th>welch t</th><td>1.9e-10</td>' in html
    assert "<th>decision error</th><td>yes</td>" in html and "<th>cited</th><td>1, 2</td>" in html
    assert "<th>closest test</th><td>—</td>" in html and "&lt;b&gt;" in html and "<b>" not in html
