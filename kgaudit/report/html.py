"""The HTML report: one self-contained file rendered from the graph alone.

The paper is rebuilt from its graph (sections, ``doco:Sentence`` nodes with
their character positions, tables with their cells), each flagged span is
highlighted and linked to its finding, the reference list shows every entry's
resolver status, and two inline SVG pictures show the p-values reported versus
recomputed and the citation network.  CSS, JavaScript and SVG are inline; the
file fetches nothing.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kgaudit.checks.base import Finding
from kgaudit.checks.runner import findings_from_graph
from kgaudit.graph.namespaces import BIRO, C4O, DOCO, FABIO, FRBR, KGA, document_of
from kgaudit.report.data import coverage_lines, reference_statuses, report_dict
from kgaudit.report.inline import evidence_table, inline_html, render_pieces
from kgaudit.report.networks import citation_digraph
from kgaudit.report.svg import citation_chart, network_is_drawn, p_points, p_value_chart

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# Two characters or more between sentences (a blank line, a page break) start a new paragraph.
PARAGRAPH_GAP = 2


# --------------------------------------------------------------------------- what the graph holds


@dataclass
class Mark:
    """A finding placed on the page: its id, severity, check and message."""

    id: str
    severity: str
    check: str
    message: str


@dataclass
class Hint:
    """Where a finding points in running text: document offsets and the text expected there."""

    start: int
    end: int
    text: str | None
    mark: Mark


@dataclass
class Sentence:
    """A sentence node: content, document offsets and the highlights placed on it."""

    iri: str
    start: int
    end: int
    content: str
    section: str | None
    ranges: list[tuple[int, int, Mark]] = field(default_factory=list)


@dataclass
class TableView:
    """A table node with its columns, rows and cells (cell text as printed)."""

    iri: str
    label: str
    caption: str
    start: int
    section: str | None
    notes: str
    columns: list[tuple[int, str]]
    rows: list[tuple[int, str, str]]  # index, label, row IRI
    cells: dict[tuple[str, int], tuple[str, str]]  # (row IRI, column index) → (cell IRI, raw)
    marks: dict[str, list[Mark]] = field(default_factory=lambda: defaultdict(list))  # node IRI → marks


def _literal(graph: Graph, node: Any, prop: Any, default: Any = None) -> Any:
    value = graph.value(node, prop)
    return value.toPython() if isinstance(value, Literal) else (default if value is None else str(value))


def _sentences(graph: Graph) -> list[Sentence]:
    sentences = []
    for node in graph.subjects(RDF.type, DOCO.Sentence):
        start, end = _literal(graph, node, KGA.charStart), _literal(graph, node, KGA.charEnd)
        index = _literal(graph, node, KGA["index"], 0)
        part = graph.value(node, FRBR.partOf)
        sentences.append(Sentence(
            iri=str(node), start=start if start is not None else index, end=end if end is not None else index,
            content=str(_literal(graph, node, C4O.hasContent, "")),
            section=str(part) if part is not None and (part, RDF.type, DOCO.Section) in graph else None,
        ))
    return sorted(sentences, key=lambda s: (s.start, s.iri))


def _tables(graph: Graph) -> list[TableView]:
    tables = []
    for node in graph.subjects(RDF.type, KGA.Table):
        columns = sorted(
            (_literal(graph, c, KGA["index"], 0), str(_literal(graph, c, RDFS.label, "")))
            for c in graph.subjects(FRBR.partOf, node) if (c, RDF.type, KGA.Column) in graph
        )
        rows = sorted(
            (_literal(graph, r, KGA["index"], 0), str(_literal(graph, r, RDFS.label, "")), str(r))
            for r in graph.subjects(FRBR.partOf, node) if (r, RDF.type, KGA.Row) in graph
        )
        cells = {}
        for cell in graph.subjects(FRBR.partOf, node):
            if (cell, RDF.type, KGA.Cell) in graph:
                key = (str(graph.value(cell, KGA.row)), _literal(graph, cell, KGA.columnIndex, 0))
                cells[key] = (str(cell), str(_literal(graph, cell, C4O.hasContent, "")))
        section = graph.value(node, KGA.inSection)
        tables.append(TableView(
            iri=str(node), label=str(_literal(graph, node, RDFS.label, "")),
            caption=str(_literal(graph, node, DCTERMS.title, "")),
            start=_literal(graph, node, KGA.charStart, 10**12), section=str(section) if section else None,
            notes=str(_literal(graph, node, KGA.notes, "")), columns=columns, rows=rows, cells=cells,
        ))
    return sorted(tables, key=lambda t: (t.start, t.label))


def _sections(graph: Graph) -> list[dict[str, Any]]:
    sections = []
    for node in graph.subjects(RDF.type, DOCO.Section):
        sections.append({
            "iri": str(node), "heading": str(_literal(graph, node, DCTERMS.title, "")),
            "kind": _literal(graph, node, KGA.sectionKind, "other"), "index": _literal(graph, node, KGA["index"], 0),
            "start": _literal(graph, node, KGA.charStart),
        })
    return sorted(sections, key=lambda s: s["index"])


# --------------------------------------------------------------------------- placing findings


def _kind(graph: Graph, node: URIRef) -> str | None:
    for rdf_type, kind in (
        (C4O.InTextReferencePointer, "pointer"), (DOCO.Sentence, "sentence"), (KGA.Cell, "cell"),
        (KGA.Row, "row"), (KGA.Table, "table"), (BIRO.BibliographicReference, "reference"),
        (KGA.AsCitedRecord, "work"), (FABIO.JournalArticle, "paper"),
    ):
        if (node, RDF.type, rdf_type) in graph:
            return kind
    return None


def _hints(graph: Graph, finding: Finding, mark: Mark) -> list[Hint]:
    """Where in the running text a finding points: its focus node's span, else its location's."""
    focus = URIRef(finding.focus)
    kind = _kind(graph, focus)
    start, end = _literal(graph, focus, KGA.charStart), _literal(graph, focus, KGA.charEnd)
    location = finding.location
    if kind == "pointer" and start is not None:
        hints = [Hint(start, end, _literal(graph, focus, C4O.hasContent), mark)]
        mention = _literal(graph, focus, KGA.mentionText)
        if mention:
            hints.append(Hint(start, start, str(mention), mark))
        return hints
    if kind == "sentence" and start is not None:
        # A finding about a sentence quotes the words it is about; the whole sentence when the quote is absent.
        return [Hint(start, end, location.quote or None, mark)]
    if kind in (None, "paper") and location.char_start is not None:
        end = location.char_end if location.char_end is not None else location.char_start + len(location.quote or "")
        return [Hint(location.char_start, end, location.quote, mark)]
    if kind is None and start is not None:
        return [Hint(start, end if end is not None else start, _literal(graph, focus, C4O.hasContent), mark)]
    return []


def _locate(content: str, approx: int, length: int, text: str | None) -> tuple[int, int] | None:
    """Content offsets of a hint: the occurrence of ``text`` nearest its approximate offset.

    Sentence content may differ from the document slice (whitespace runs folded), so
    document offsets are only approximate inside it.  A hint with no length of its
    own whose text is not in the sentence is not placed (None).
    """
    if text:
        occurrences, at = [], content.find(text)
        while at >= 0:
            occurrences.append(at)
            at = content.find(text, at + 1)
        if occurrences:
            best = min(occurrences, key=lambda o: abs(o - approx))
            return best, best + len(text)
        if length <= 0:
            return None
    start = min(max(approx, 0), len(content))
    end = min(len(content), start + length) if length > 0 else len(content)
    return start, end


def _place_in_sentences(sentences: list[Sentence], hints: list[Hint]) -> list[Hint]:
    """Attach each hint to the sentence holding its start; return those no sentence holds."""
    starts = [s.start for s in sentences]
    unplaced = []
    for hint in hints:
        at = bisect.bisect_right(starts, hint.start) - 1
        holder = sentences[at] if at >= 0 and sentences[at].start <= hint.start <= sentences[at].end else None
        if holder is None:
            unplaced.append(hint)
        elif hint.text is None and hint.start <= holder.start and hint.end >= holder.end:
            holder.ranges.append((0, len(holder.content), hint.mark))
        else:
            located = _locate(holder.content, hint.start - holder.start, hint.end - hint.start, hint.text)
            if located is not None:
                holder.ranges.append((*located, hint.mark))
    return unplaced


def _cell_at(tables: list[TableView], graph: Graph, offset: int) -> tuple[TableView, str] | None:
    """The table cell whose printed span holds ``offset`` (a finding located by offsets only)."""
    for table in tables:
        for cell_iri, _ in table.cells.values():
            start = _literal(graph, URIRef(cell_iri), KGA.charStart)
            end = _literal(graph, URIRef(cell_iri), KGA.charEnd)
            if start is not None and end is not None and start <= offset < end:
                return table, cell_iri
    return None


# --------------------------------------------------------------------------- rendering pieces


def _drop_notes_told_as_sentences(tables: list[TableView], sentences: list[Sentence]) -> None:
    """Clear a table's notes when its sentences are running text too, so the page does not print them twice."""
    contents = [" ".join(s.content.split()) for s in sentences]
    for table in tables:
        notes = " ".join(table.notes.split())
        if notes and any(content and content[:60] in notes for content in contents):
            table.notes = ""


def _worst(marks: list[Mark]) -> str:
    return min((m.severity for m in marks), key=lambda s: SEVERITY_ORDER.get(s, 3))


class _Anchors:
    """Gives the first highlight of each finding the id its finding links back to."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def attributes(self, marks: list[Mark]) -> Markup:
        ordered = sorted({m.id: m for m in marks}.values(), key=lambda m: m.id)
        first = ordered[0]
        anchor = ""
        new = [m.id for m in ordered if m.id not in self.seen]
        if new:
            anchor = f' id="at-{new[0]}"'
            self.seen.update(new)
        title = " · ".join(f"{m.id} {m.check}: {m.message}" for m in ordered)
        checks = " ".join(sorted({m.check for m in ordered}))
        return Markup(f'href="#{first.id}" class="hl sev-{_worst(ordered)}"{anchor} '
                      f'data-findings="{escape(" ".join(m.id for m in ordered))}" data-checks="{escape(checks)}" '
                      f'title="{escape(title)}"')


def _sentence_html(sentence: Sentence, anchors: _Anchors) -> Markup:
    """The sentence (inline Markdown and LaTeX rendered) with every highlighted range linked to its finding(s)."""
    text = sentence.content
    if not sentence.ranges:
        return inline_html(text)
    cuts = sorted({0, len(text)} | {s for s, _, _ in sentence.ranges} | {e for _, e, _ in sentence.ranges})

    def wrap(a: int, b: int, piece: Markup) -> Markup:
        covering = [m for s, e, m in sentence.ranges if s <= a and e >= b]
        return Markup(f"<a {anchors.attributes(covering)}>{piece}</a>") if covering else piece

    return render_pieces(text, cuts, wrap)


def _table_html(table: TableView, anchors: _Anchors) -> Markup:
    def cell(tag: str, iri: str | None, text: str, extra_marks: list[Mark] | None = None) -> str:
        marks = (table.marks.get(iri, []) if iri else []) + (extra_marks or [])
        body = inline_html(text)
        if marks:
            body = Markup(f"<a {anchors.attributes(marks)}>{body}</a>")
        return f"<{tag}>{body}</{tag}>"

    caption_marks = table.marks.get(table.iri, [])
    caption = inline_html(f"{table.label}: {table.caption}" if table.caption else table.label)
    if caption_marks:
        caption = Markup(f"<a {anchors.attributes(caption_marks)}>{caption}</a>")
    header = "".join(cell("th", None, label) for _, label in table.columns)
    body = []
    data_columns = [index for index, _ in table.columns if index > 0] or sorted({c for _, c in table.cells})
    for _, label, row_iri in table.rows:
        row_marks = table.marks.get(row_iri, [])
        cells = [cell("th", None, label, row_marks)]
        for column in data_columns:
            cell_iri, raw = table.cells.get((row_iri, column), (None, ""))
            cells.append(cell("td", cell_iri, raw))
        css = f' class="flagged sev-{_worst(row_marks)}"' if row_marks else ""
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    notes = f'<p class="notes">{inline_html(table.notes)}</p>' if table.notes else ""
    return Markup(f'<figure class="table" id="{escape(_fragment(table.iri))}"><figcaption>{caption}</figcaption>'
                  f'<div class="scroll"><table><thead><tr>{header}</tr></thead><tbody>{"".join(body)}</tbody>'
                  f'</table></div>{notes}</figure>')


def _fragment(iri: str) -> str:
    """A short HTML id for a node: the IRI's path inside its paper (``table-3``)."""
    doc = document_of(iri)
    return (iri[len(doc) + 1:].replace("/", "-") if doc else "") or "paper"


def _paper_blocks(sections: list[dict[str, Any]], sentences: list[Sentence], tables: list[TableView],
                  anchors: _Anchors) -> list[dict[str, Any]]:
    """Sections in order, each a list of blocks: paragraphs (sentence HTML) and tables."""
    by_section: dict[str | None, list[tuple[int, str, Any]]] = defaultdict(list)
    section_starts = [(s["start"], s["iri"]) for s in sections if s["start"] is not None]

    def section_of(offset: int, declared: str | None) -> str | None:
        if declared is not None:
            return declared
        holder = None
        for start, iri in section_starts:
            if start <= offset:
                holder = iri
        return holder

    for sentence in sentences:
        by_section[section_of(sentence.start, sentence.section)].append((sentence.start, "sentence", sentence))
    for table in tables:
        by_section[section_of(table.start, table.section)].append((table.start, "table", table))
    ordered = [{"iri": None, "heading": "", "kind": "front"}] + sections
    rendered = []
    for section in ordered:
        items = sorted(by_section.get(section["iri"], []), key=lambda item: item[0])
        if not items:
            continue
        blocks: list[dict[str, Any]] = []
        previous_end = None
        for _, kind, item in items:
            if kind == "table":
                blocks.append({"kind": "table", "html": _table_html(item, anchors)})
                previous_end = None
                continue
            new_paragraph = (not blocks or blocks[-1]["kind"] != "paragraph" or previous_end is None
                             or item.start - previous_end >= PARAGRAPH_GAP)
            if new_paragraph:
                blocks.append({"kind": "paragraph", "sentences": []})
            blocks[-1]["sentences"].append(_sentence_html(item, anchors))
            previous_end = item.end
        rendered.append({"heading": inline_html(section["heading"]), "kind": section["kind"], "blocks": blocks,
                         "id": _fragment(section["iri"]) if section["iri"] else "front"})
    return rendered


def _where(location: dict[str, Any]) -> str:
    parts = [str(location[k]) for k in ("table", "row", "column") if location.get(k)]
    if not parts and location.get("section"):
        parts.append(str(location["section"]).title())
    if location.get("references"):
        parts.append("references " + ", ".join(str(r) for r in location["references"]))
    elif location.get("reference") is not None:
        parts.append(f"reference {location['reference']}")
    return " · ".join(parts)


# --------------------------------------------------------------------------- the whole report


def _marks(data: dict[str, Any], findings: list[Finding]) -> list[tuple[Finding, dict[str, Any], Mark]]:
    if len(findings) != len(data["findings"]):  # both read the same graph; a mismatch is a bug
        raise RuntimeError("findings and JSON report disagree")
    return [
        (finding, entry, Mark(entry["id"], entry["severity"], entry["check"], entry["message"]))
        for finding, entry in zip(findings, data["findings"], strict=True)
    ]


def _reference_marks(graph: Graph, placed: list[tuple[Finding, dict[str, Any], Mark]],
                     references: list[dict[str, Any]]) -> dict[str, list[Mark]]:
    """Reference entry IRI → the findings about it (by focus, or by the numbers in their location)."""
    entry_of_work = {str(graph.value(URIRef(r["iri"]), BIRO.references)): r["iri"] for r in references}
    entry_of_number = {r["number"]: r["iri"] for r in references}
    marks: dict[str, list[Mark]] = defaultdict(list)
    for finding, entry, mark in placed:
        about = set()
        if _kind(graph, URIRef(finding.focus)) in ("reference", "work"):
            about.add(entry_of_work.get(finding.focus, finding.focus))
        location = entry["location"]
        numbers = location.get("references") or ([location["reference"]] if location.get("reference") is not None
                                                 else [])
        about |= {entry_of_number[n] for n in numbers if n in entry_of_number}
        for iri in about:
            marks[iri].append(mark)
    return marks


def _place_findings(graph: Graph, marks: list[tuple[Finding, dict[str, Any], Mark]],
                    sentences: list[Sentence], tables: list[TableView]) -> None:
    """Put each finding's mark on the table node or sentence range it is about (or the cell holding its offset)."""
    table_of_node = {iri: table for table in tables
                     for iri in [table.iri] + [r for _, _, r in table.rows] + [c for c, _ in table.cells.values()]}
    hints: list[Hint] = []
    for finding, _, mark in marks:
        if finding.focus in table_of_node:
            table_of_node[finding.focus].marks[finding.focus].append(mark)
        hints += _hints(graph, finding, mark)
    for hint in _place_in_sentences(sentences, hints):
        found = _cell_at(tables, graph, hint.start)
        if found:
            found[0].marks[found[1]].append(hint.mark)


def _reference_rows(graph: Graph, marks: list[tuple[Finding, dict[str, Any], Mark]]
                    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The reference list with each entry's findings, and the first entry each finding is about."""
    references = reference_statuses(graph)
    reference_marks = _reference_marks(graph, marks, references)
    rows = []
    first_reference: dict[str, int] = {}
    for row in references:
        row_marks = sorted({m.id: m for m in reference_marks.get(row["iri"], [])}.values(), key=lambda m: m.id)
        for mark in row_marks:
            first_reference.setdefault(mark.id, row["number"])
        rows.append({**row, "raw_html": inline_html(row["raw"] or ""), "marks": row_marks,
                     "severity": _worst(row_marks) if row_marks else None})
    return rows, first_reference


def check_groups(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings grouped by check (worst severity first, then by check id), each group with its counts."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        groups[finding["check"]].append(finding)
    ordered = []
    for check, items in groups.items():
        counts = Counter(f["severity"] for f in items)
        worst = min(counts, key=lambda s: SEVERITY_ORDER.get(s, 3))
        ordered.append({"check": check, "findings": items, "total": len(items), "worst": worst,
                        **{severity: counts.get(severity, 0) for severity in SEVERITY_ORDER}})
    return sorted(ordered, key=lambda g: (SEVERITY_ORDER.get(g["worst"], 3), g["check"]))


def report_context(graph: Graph) -> dict[str, Any]:
    """Everything the template shows, computed from the graph (exposed for tests and other renderers)."""
    data = report_dict(graph)
    marks = _marks(data, findings_from_graph(graph))
    sentences, tables, sections = _sentences(graph), _tables(graph), _sections(graph)
    _place_findings(graph, marks, sentences, tables)
    _drop_notes_told_as_sentences(tables, sentences)
    anchors = _Anchors()
    paper_sections = _paper_blocks(sections, sentences, tables, anchors)
    reference_rows, first_reference = _reference_rows(graph, marks)
    findings = []
    for entry in data["findings"]:
        target = (f"#at-{entry['id']}" if entry["id"] in anchors.seen else
                  f"#ref-{first_reference[entry['id']]}" if entry["id"] in first_reference else None)
        findings.append({**entry, "where": _where(entry["location"]), "target": target,
                         "evidence_html": evidence_table(entry["evidence"] or {})})
    severities = Counter(f["severity"] for f in data["findings"])
    groups = check_groups(findings)
    points = p_points(data["findings"])
    network = citation_digraph(graph)
    return {
        "data": data,
        "coverage": coverage_lines(data["coverage"], data["resolver"]),
        "title": data["document"]["title"] or data["document"]["source"] or "kgaudit report",
        "findings": findings,
        "groups": groups,
        "severities": {s: severities.get(s, 0) for s in SEVERITY_ORDER},
        "by_check": sorted(({k: v for k, v in g.items() if k != "findings"} for g in groups),
                           key=lambda g: g["check"]),
        "sections": paper_sections,
        "references": reference_rows,
        "status_counts": dict(sorted(Counter(r["status"] for r in reference_rows).items())),
        "p_chart": p_value_chart(points),
        "p_points": len(points),
        "citation_chart": citation_chart(network),
        "network_drawn": network_is_drawn(network),
        "pointers": sum(1 for _, kind in network.nodes(data="kind") if kind == "pointer"),
        "mismatch_edges": sum(1 for *_, bad in network.edges(data="mismatch") if bad),
    }


_ENVIRONMENT = Environment(loader=PackageLoader("kgaudit.report", "templates"), autoescape=True,
                           trim_blocks=True, lstrip_blocks=True)


def render_html(graph: Graph) -> str:
    """The HTML report of the (single) paper in ``graph``: one self-contained page."""
    return _ENVIRONMENT.get_template("report.html.j2").render(**report_context(graph))
