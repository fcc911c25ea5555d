"""Pictures for the HTML report, drawn as inline SVG (no plotting library, no external files).

* :func:`p_value_chart`: reported versus recomputed p-values on log-log axes,
  one column of points per ``stats.p_value_mismatch`` finding (one point per
  recomputing test), the line where they would agree and the 0.05 thresholds;
* :func:`citation_chart`: in-text pointers (reading order) above the reference
  list, an edge for each pointer → reference, mismatches in red.

Every text is escaped; every mark links to its finding (``#F0007``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from markupsafe import Markup, escape

# Recomputed p-values underflow towards 0 (double precision carries about 16 digits): anything smaller
# is drawn at this floor as a triangle, and the floor's tick reads "< 1e-16".
P_FLOOR = 1e-16
P_FLOOR_LABEL = "< 1e-16"
ALPHA = 0.05
ERROR_COLOUR = "#c62828"
OK_COLOUR = "#1565c0"
MUTED_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class PPoint:
    """One p-value finding: the p as reported and what each test recomputed."""

    finding_id: str
    label: str
    reported: float
    recomputed: dict[str, float] = field(default_factory=dict)
    comparator: str = "="
    closest: str | None = None
    decision_error: bool = False


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def p_points(findings: list[dict[str, Any]]) -> list[PPoint]:
    """The drawable points of ``stats.p_value_mismatch`` findings (JSON-report dicts); others are ignored."""
    points = []
    for finding in findings:
        if finding["check"] != "stats.p_value_mismatch":
            continue
        evidence = finding.get("evidence") or {}
        reported = _number(evidence.get("reported_p"))
        recomputed = {
            str(test): p for test, value in (evidence.get("recomputed") or {}).items()
            if (p := _number(value)) is not None
        }
        if reported is None or not recomputed:
            continue
        location = finding.get("location") or {}
        where = ", ".join(str(location[k]) for k in ("table", "row") if location.get(k)) or finding["id"]
        points.append(PPoint(
            finding_id=finding["id"], label=where, reported=reported, recomputed=recomputed,
            comparator=str(evidence.get("comparator") or "="), closest=evidence.get("closest_test"),
            decision_error=bool(evidence.get("decision_error")),
        ))
    return points


def _clamp(p: float) -> float:
    return min(max(p, P_FLOOR), 1.0)


def _log_range(values: list[float]) -> tuple[int, int]:
    """Decades spanned by ``values`` (at least 10^-4 … 10^0 so a few points still read as p-values)."""
    low = math.floor(math.log10(min(_clamp(v) for v in values))) if values else -4
    return min(low, -4), 0


def p_value_chart(points: list[PPoint], *, size: int = 420) -> Markup:
    """Reported (x) versus recomputed (y) p on log scales; points on the diagonal agree."""
    margin_left, pad = 62, 14  # the bottom margin equals the left one: tick labels and axis title
    plot = size - margin_left - pad
    low, high = _log_range([p.reported for p in points] + [v for p in points for v in p.recomputed.values()])

    def x(p: float) -> float:
        return margin_left + (math.log10(_clamp(p)) - low) / (high - low) * plot

    def y(p: float) -> float:
        return pad + (high - math.log10(_clamp(p))) / (high - low) * plot

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
             f'aria-labelledby="pchart-title"><title id="pchart-title">Reported versus recomputed p-values '
             f'({len(points)} findings)</title>',
             f'<rect x="{margin_left}" y="{pad}" width="{plot}" height="{plot}" fill="#fafafa" stroke="#bdbdbd"/>']
    below_x = any(p.reported < P_FLOOR for p in points)
    below_y = any(v < P_FLOOR for p in points for v in p.recomputed.values())
    step = max(1, (high - low) // 8)
    for decade in range(low, high + 1, step):
        p = 10.0 ** decade
        parts.append(f'<line x1="{x(p):.1f}" y1="{pad}" x2="{x(p):.1f}" y2="{pad + plot}" stroke="#eeeeee"/>'
                     f'<line x1="{margin_left}" y1="{y(p):.1f}" x2="{margin_left + plot}" y2="{y(p):.1f}" '
                     f'stroke="#eeeeee"/>')
        label = "1" if decade == 0 else f"1e{decade}"
        at_floor = decade == round(math.log10(P_FLOOR))
        x_label = P_FLOOR_LABEL if at_floor and below_x else label
        y_label = P_FLOOR_LABEL if at_floor and below_y else label
        parts.append(f'<text x="{x(p):.1f}" y="{pad + plot + 16}" text-anchor="middle" class="tick">'
                     f'{escape(x_label)}</text><text x="{margin_left - 6}" y="{y(p) + 4:.1f}" text-anchor="end" '
                     f'class="tick">{escape(y_label)}</text>')
    parts.append(f'<line x1="{x(10.0 ** low):.1f}" y1="{y(10.0 ** low):.1f}" x2="{x(1):.1f}" y2="{y(1):.1f}" '
                 f'stroke="#616161" stroke-dasharray="4 3"><title>reported = recomputed</title></line>')
    parts.append(f'<line x1="{x(ALPHA):.1f}" y1="{pad}" x2="{x(ALPHA):.1f}" y2="{pad + plot}" stroke="#ef9a9a"/>'
                 f'<line x1="{margin_left}" y1="{y(ALPHA):.1f}" x2="{margin_left + plot}" y2="{y(ALPHA):.1f}" '
                 f'stroke="#ef9a9a"/>')
    parts.append(f'<text x="{margin_left + plot / 2}" y="{size - 10}" text-anchor="middle" class="axis">'
                 f'reported p</text><text transform="translate(16 {pad + plot / 2}) rotate(-90)" '
                 f'text-anchor="middle" class="axis">recomputed p</text>')
    for point in points:
        parts.append(_p_marks(point, x, y))
    if not points:
        parts.append(f'<text x="{margin_left + plot / 2}" y="{pad + plot / 2}" text-anchor="middle" class="empty">'
                     f'no p-value could be recomputed</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _p_marks(point: PPoint, x: Any, y: Any) -> str:
    colour = ERROR_COLOUR if point.decision_error else OK_COLOUR
    values = sorted(point.recomputed.values())
    px = x(point.reported)
    tests = ", ".join(f"{name} {P_FLOOR_LABEL if value < P_FLOOR else format(value, '.3g')}"
                      for name, value in sorted(point.recomputed.items()))
    tooltip = escape(f"{point.finding_id} {point.label}: reported p {point.comparator} {point.reported:g}; "
                     f"recomputed {tests}" + ("; significance flips" if point.decision_error else ""))
    marks = [f'<a href="#{escape(point.finding_id)}" class="pmark"><title>{tooltip}</title>']
    if len(values) > 1:
        marks.append(f'<line x1="{px:.1f}" y1="{y(values[0]):.1f}" x2="{px:.1f}" y2="{y(values[-1]):.1f}" '
                     f'stroke="{colour}" stroke-width="1.5" opacity="0.6"/>')
    for name, value in sorted(point.recomputed.items()):
        radius = 5 if name == point.closest else 3.5
        # A reported inequality ("p < 0.001") is a bound, not a value: drawn hollow.
        fill = "white" if point.comparator != "=" else colour
        if value < P_FLOOR or point.reported < P_FLOOR:  # off the chart: a triangle pointing past the floor
            marks.append(_below_floor_mark(px, y(value), radius + 1.5, fill, colour, value < P_FLOOR))
            continue
        marks.append(f'<circle cx="{px:.1f}" cy="{y(value):.1f}" r="{radius}" fill="{fill}" stroke="{colour}" '
                     f'stroke-width="1.5"/>')
    marks.append("</a>")
    return "".join(marks)


def _below_floor_mark(cx: float, cy: float, size: float, fill: str, colour: str, downwards: bool) -> str:
    """A triangle at the chart's edge: pointing down (recomputed p below the floor) or left (reported p)."""
    if downwards:
        points = f"{cx - size:.1f},{cy - size:.1f} {cx + size:.1f},{cy - size:.1f} {cx:.1f},{cy + size / 2:.1f}"
    else:
        points = f"{cx + size:.1f},{cy - size:.1f} {cx + size:.1f},{cy + size:.1f} {cx - size / 2:.1f},{cy:.1f}"
    return (f'<polygon class="below-floor" points="{points}" fill="{fill}" stroke="{colour}" stroke-width="1.5">'
            f'<title>below {P_FLOOR:g}: drawn at the edge</title></polygon>')


# --------------------------------------------------------------------------- the citation network


# Beyond this many columns (pointers or references, whichever are more) the drawing is over 2,100 pixels
# wide at 26 pixels a column, about twice the report's 1,100-pixel text column: its edges cross in a
# tangle nobody can follow.  Such a paper gets a list instead (citation_list), mismatches first.
NETWORK_MAX_COLUMNS = 80


def network_rows(digraph: nx.DiGraph) -> tuple[list[str], list[str]]:
    """The pointers in reading order and the reference entries (and undefined numbers) in list order."""
    pointers = sorted((n for n, k in digraph.nodes(data="kind") if k == "pointer"),
                      key=lambda n: (digraph.nodes[n].get("index") or 0, n))
    references = sorted((n for n, k in digraph.nodes(data="kind") if k in ("reference", "undefined")),
                        key=lambda n: (digraph.nodes[n].get("number") or 0, n))
    return pointers, references


def network_is_drawn(digraph: nx.DiGraph, max_columns: int = NETWORK_MAX_COLUMNS) -> bool:
    """Whether the network is small enough to draw (else :func:`citation_chart` gives a list)."""
    pointers, references = network_rows(digraph)
    return max(len(pointers), len(references)) <= max_columns


def citation_chart(digraph: nx.DiGraph, *, spacing: int = 26, min_width: int = 640,
                   max_columns: int = NETWORK_MAX_COLUMNS) -> Markup:
    """Pointers (top row, reading order) → references (bottom row, list order); mismatched edges in red.

    A network wider than ``max_columns`` is given as :func:`citation_list` instead.
    """
    if not network_is_drawn(digraph, max_columns):
        return citation_list(digraph)
    pointers, references = network_rows(digraph)
    width = max(min_width, max(len(pointers), len(references), 1) * spacing + 80)
    layout = _Layout(width=width, top=46, bottom=196, height=250)
    px = {n: layout.column(i, len(pointers)) for i, n in enumerate(pointers)}
    rx = {n: layout.column(i, len(references)) for i, n in enumerate(references)}
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {layout.height}" width="{width}" '
             f'height="{layout.height}" aria-labelledby="cchart-title"><title id="cchart-title">Citation network: '
             f'{len(pointers)} in-text pointers, {len(references)} references</title>',
             f'<text x="8" y="{layout.top - 22}" class="axis">in-text pointers, in reading order</text>',
             f'<text x="8" y="{layout.bottom + 44}" class="axis">reference list</text>']
    parts += _edge_paths(digraph, px, rx, layout)
    parts += [_pointer_mark(digraph, node, px[node], layout.top) for node in pointers]
    parts += [_reference_mark(digraph, node, rx[node], layout.bottom) for node in references]
    if not pointers and not references:
        parts.append(f'<text x="{width / 2}" y="{layout.height / 2}" text-anchor="middle" class="empty">'
                     f'no in-text pointers or references were found</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class _Layout:
    """Where the citation chart's two rows are, and how wide it is."""

    width: int
    top: int
    bottom: int
    height: int

    def column(self, i: int, count: int) -> float:
        usable = self.width - 80
        return 40 + (usable * (i + 0.5) / count if count else usable / 2)


def _edge_tooltip(digraph: nx.DiGraph, source: str, target: str, data: dict[str, Any]) -> str:
    text = f"{digraph.nodes[source].get('text') or digraph.nodes[source].get('label')} → " \
           f"reference {digraph.nodes[target].get('number')}"
    return text + (f" ({', '.join(data.get('checks') or [])})" if data.get("mismatch") else "")


def _edge_paths(digraph: nx.DiGraph, px: dict[str, float], rx: dict[str, float], layout: _Layout) -> list[str]:
    edges = sorted(((u, v, d) for u, v, d in digraph.edges(data=True) if d.get("kind") == "denotes"),
                   key=lambda e: bool(e[2].get("mismatch")))  # red edges drawn last, on top
    mid = (layout.top + layout.bottom) / 2
    paths = []
    for source, target, data in edges:
        if source not in px or target not in rx:
            continue
        bad = bool(data.get("mismatch"))
        colour, weight = (ERROR_COLOUR, 2.2) if bad else (MUTED_COLOUR, 1)
        paths.append(f'<path d="M{px[source]:.1f},{layout.top + 6} C{px[source]:.1f},{mid} {rx[target]:.1f},{mid} '
                     f'{rx[target]:.1f},{layout.bottom - 6}" fill="none" stroke="{colour}" stroke-width="{weight}" '
                     f'class="{"edge bad" if bad else "edge"}"><title>'
                     f'{escape(_edge_tooltip(digraph, source, target, data))}</title></path>')
    return paths


def _pointer_mark(digraph: nx.DiGraph, node: str, x: float, top: int) -> str:
    attrs = digraph.nodes[node]
    flagged = any(d.get("mismatch") for _, _, d in digraph.out_edges(node, data=True))
    colour = ERROR_COLOUR if flagged else OK_COLOUR
    label = escape(attrs.get("text") or attrs.get("label") or "")
    return f'<circle cx="{x:.1f}" cy="{top}" r="5" fill="{colour}"><title>{label}</title></circle>'


def _reference_about(digraph: nx.DiGraph, node: str) -> str:
    attrs = digraph.nodes[node]
    if attrs.get("kind") == "undefined":
        return "no entry in the list"
    cited = digraph.in_degree(node) > 0
    return f"{attrs.get('first_author') or '?'} ({attrs.get('year') or 'n.d.'})" + ("" if cited else ", never cited")


def _reference_mark(digraph: nx.DiGraph, node: str, x: float, bottom: int) -> str:
    attrs = digraph.nodes[node]
    undefined = attrs.get("kind") == "undefined"
    cited = digraph.in_degree(node) > 0
    fill = ERROR_COLOUR if undefined else ("#2e7d32" if cited else "white")
    stroke = ERROR_COLOUR if undefined else "#2e7d32"
    tooltip = escape(f"reference {attrs.get('number')}: {_reference_about(digraph, node)}")
    dashed = ' stroke-dasharray="2 2"' if undefined else ""
    number = escape(str(attrs.get("number")))
    return (f'<a href="#ref-{number}"><circle cx="{x:.1f}" cy="{bottom}" r="6" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.5"{dashed}><title>{tooltip}</title></circle>'
            f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" class="tick">{number}</text></a>')


def _list_row(digraph: nx.DiGraph, node: str) -> tuple[bool, str]:
    """One reference as a table row, and whether a link to it is mismatched (or it is missing)."""
    attrs = digraph.nodes[node]
    links = [(source, data) for source, _, data in digraph.in_edges(node, data=True) if data.get("kind") == "denotes"]
    bad = [(source, data) for source, data in links if data.get("mismatch")]
    flagged = bool(bad) or attrs.get("kind") == "undefined"
    number = escape(str(attrs.get("number")))
    mismatches = "; ".join(
        f"{escape(digraph.nodes[source].get('text') or digraph.nodes[source].get('label') or '')} "
        f"({escape(', '.join(data.get('checks') or []))})" for source, data in bad)
    css = ' class="bad"' if flagged else ""
    return flagged, (f'<tr{css}><td class="n"><a href="#ref-{number}">{number}</a></td>'
                     f'<td>{escape(_reference_about(digraph, node))}</td><td class="n">{len(links)}</td>'
                     f'<td>{mismatches}</td></tr>')


def citation_list(digraph: nx.DiGraph) -> Markup:
    """The citation network of a long paper as a table: references with a mismatched link (or none) first."""
    pointers, references = network_rows(digraph)
    rows = [_list_row(digraph, node) for node in references]
    flagged = [row for bad, row in rows if bad]
    others = [row for bad, row in rows if not bad]
    head = ("<thead><tr><th>reference</th><th>first author (year)</th><th>pointers</th>"
            "<th>mismatched pointers (check)</th></tr></thead>")
    told = (f"{len(flagged)} reference{'' if len(flagged) == 1 else 's'} with a mismatched or missing entry first"
            if flagged else "none has a mismatched or missing entry")
    parts = [f'<div class="citation-list"><p>{len(pointers)} in-text pointers and {len(references)} references: '
             f'too many to draw, so listed; {told}.</p>']
    if flagged:
        parts.append(f'<table class="grid mismatches">{head}<tbody>{"".join(flagged)}</tbody></table>')
    if others:
        parts.append(f'<details><summary>the other {len(others)} references</summary><table class="grid">{head}'
                     f'<tbody>{"".join(others)}</tbody></table></details>')
    parts.append("</div>")
    return Markup("".join(parts))
