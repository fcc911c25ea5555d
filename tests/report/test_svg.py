"""The report's pictures: which findings become points, where they are drawn, and escaping."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from kgaudit.report.svg import NETWORK_MAX_COLUMNS, P_FLOOR, PPoint, citation_chart, p_points, p_value_chart


def finding(evidence: dict, check: str = "stats.p_value_mismatch", fid: str = "F0001") -> dict:
    return {"id": fid, "check": check, "evidence": evidence, "location": {"table": "Table 3", "row": "Age"}}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # a p-value finding with both values: one point
        (finding({"reported_p": 0.35, "recomputed": {"welch_t": 1.9e-10}, "decision_error": True}),
         [PPoint("F0001", "Table 3, Age", 0.35, {"welch_t": 1.9e-10}, "=", None, True)]),
        # a reported inequality keeps its comparator
        (finding({"reported_p": 0.001, "comparator": "<", "recomputed": {"chi2": 0.2}, "closest_test": "chi2"}),
         [PPoint("F0001", "Table 3, Age", 0.001, {"chi2": 0.2}, "<", "chi2", False)]),
        (finding({"reported_p": 0.35}), []),  # nothing recomputed: nothing to draw
        (finding({"reported_p": "n/a", "recomputed": {"t": 0.1}}), []),  # unreadable reported p
        (finding({"reported_p": 0.2, "recomputed": {"t": None, "z": 0.3}}),  # unreadable tests are dropped
         [PPoint("F0001", "Table 3, Age", 0.2, {"z": 0.3})]),
        (finding({"reported_p": 0.35, "recomputed": {"t": 0.1}}, check="stats.grim"), []),  # another check
    ],
)
def test_p_points(item: dict, expected: list[PPoint]) -> None:
    assert p_points([item]) == expected


def _circles(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]


def test_points_are_placed_on_log_scales() -> None:
    svg = str(p_value_chart([PPoint("F1", "a", 0.35, {"t": 1e-10}), PPoint("F2", "b", 0.01, {"t": 0.01})]))
    (x1, y1), (x2, y2) = _circles(svg)
    assert x1 > x2  # reported 0.35 is right of 0.01
    assert y1 > y2  # recomputed 1e-10 is below 0.01 (SVG y grows downwards)
    assert svg.count('href="#F1"') == 1 and svg.count('href="#F2"') == 1


def test_values_below_the_floor_are_triangles_at_the_edge_labelled() -> None:
    svg = str(p_value_chart([PPoint("F1", "a", 0.5, {"t": 0.0}), PPoint("F2", "b", 0.5, {"t": P_FLOOR})]))
    [(_, y_floor)] = _circles(svg)  # the value at the floor is a point like any other
    [triangle] = re.findall(r'<polygon class="below-floor" points="([^"]+)"', svg)  # the one below it is not
    corners = [tuple(float(v) for v in corner.split(",")) for corner in triangle.split()]
    assert min(y for _, y in corners) < y_floor < max(y for _, y in corners)  # drawn at the edge
    assert max(y for _, y in corners) == corners[2][1]  # pointing down, past the floor
    assert "&lt; 1e-16</text>" in svg  # the floor's tick says what the triangle means
    assert "t &lt; 1e-16" in svg  # and so does the tooltip, not "t 0"


def test_floor_tick_reads_as_a_number_when_nothing_is_below_it() -> None:
    svg = str(p_value_chart([PPoint("F1", "a", 0.5, {"t": P_FLOOR})]))
    assert "&lt; 1e-16" not in svg and "below-floor" not in svg


def test_empty_chart_says_so() -> None:
    assert "no p-value could be recomputed" in str(p_value_chart([]))


def test_tooltips_are_escaped() -> None:
    svg = str(p_value_chart([PPoint("F1", "<b>Table</b> & row", 0.5, {"t": 0.1})]))
    assert "<b>" not in svg and "&lt;b&gt;Table&lt;/b&gt; &amp; row" in svg


def test_citation_chart_draws_mismatches_in_red() -> None:
    graph = nx.DiGraph()
    graph.add_node("paper", kind="paper")
    for number in (1, 2):
        graph.add_node(f"r{number}", kind="reference", number=number, first_author="Kim", year=2019)
    graph.add_node("r3", kind="undefined", number=3)
    for index, (target, bad) in enumerate([("r1", False), ("r2", True), ("r3", True)]):
        graph.add_node(f"p{index}", kind="pointer", index=index, text=f"<{index}>", label=str(index))
        graph.add_edge("paper", f"p{index}", kind="contains")
        graph.add_edge(f"p{index}", target, kind="denotes", mismatch=bad, checks=["citation.x"] if bad else [])
    svg = str(citation_chart(graph))
    assert svg.count('class="edge bad"') == 2 and svg.count('class="edge"') == 1
    assert svg.count('href="#ref-') == 3
    assert "&lt;0&gt;" in svg and "<0>" not in svg
    assert 'stroke-dasharray="2 2"' in svg  # the missing entry is dashed


def test_citation_chart_of_a_paper_without_pointers_says_so() -> None:
    assert "no in-text pointers or references" in str(citation_chart(nx.DiGraph()))


def _long_network(references: int, bad: set[int]) -> nx.DiGraph:
    """A paper citing each of ``references`` entries once, the pointers to ``bad`` ones mismatched."""
    graph = nx.DiGraph()
    graph.add_node("paper", kind="paper")
    for number in range(1, references + 1):
        graph.add_node(f"r{number}", kind="reference", number=number, first_author="Kim", year=2019)
        graph.add_node(f"p{number}", kind="pointer", index=number, text=f"Kim ({number})", label=str(number))
        graph.add_edge("paper", f"p{number}", kind="contains")
        graph.add_edge(f"p{number}", f"r{number}", kind="denotes", mismatch=number in bad,
                       checks=["citation.author_year_mismatch"] if number in bad else [])
    graph.add_node("r999", kind="undefined", number=999)
    graph.add_edge("p1", "r999", kind="denotes", mismatch=True, checks=["citation.undefined_reference"])
    return graph


@pytest.mark.parametrize(
    ("references", "drawn"),
    [
        (NETWORK_MAX_COLUMNS - 1, True),  # one column short of the limit, with the undefined entry: drawn
        (NETWORK_MAX_COLUMNS + 1, False),  # past it: a list
        (150, False),  # the 4,000-pixel tangle of issue 15
    ],
)
def test_a_long_network_becomes_a_list_keeping_mismatches_visible(references: int, drawn: bool) -> None:
    html = str(citation_chart(_long_network(references, bad={3, 40})))
    assert ("<svg" in html) is drawn
    if not drawn:
        flagged = html[html.index('class="grid mismatches"'):html.index("</table>")]
        # the two mismatched references and the missing one come first, in red, with their checks
        assert flagged.count('<tr class="bad">') == 3
        assert 'href="#ref-3"' in flagged and 'href="#ref-40"' in flagged and 'href="#ref-999"' in flagged
        assert "Kim (40) (citation.author_year_mismatch)" in flagged and "no entry in the list" in flagged
        assert f"the other {references - 2} references" in html
