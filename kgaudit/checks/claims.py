"""Claims against the tables: significance, direction and scope stated in the prose (``claim.`` family).

The claims and their links to table rows are triples written by
:mod:`kgaudit.derive.claims`; these checks read them back and hold each one to
the rows it is about, using the printed p *and* the p recomputed from the
printed summaries (:func:`kgaudit.checks.stats.recompute_row_p`; for ratio rows,
whether the 95% CI excludes 1).  ``claim.number_mismatch`` is a SPARQL rule
(``rules/claim_number_mismatch.rq``): comparing a stated number with a linked
cell is a join.

Every message quotes the sentence and prints the row's cells side by side, so an
editor sees the text and the table at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgaudit.checks.base import Finding, Location, Severity, python_check
from kgaudit.checks.stats import RATIO_LABEL, TOTAL_LABEL, format_p, recompute_row_p
from kgaudit.derive.claims import resolve_groups
from kgaudit.graph.namespaces import C4O, KGA
from kgaudit.graph.views import CellView, ColumnView, RowView, TableView, node_properties, tables
from kgaudit.model import Num
from kgaudit.stats.pvalues import PRange

ALPHA = 0.05
MIN_CONFIDENCE = 0.5
MESSAGE_ROWS = 4  # rows spelled out in a message; the evidence lists them all
# A recomputed p this far from the threshold leaves no innocent reading of the claim.
DECISIVE_SIGNIFICANT = 0.001
DECISIVE_NOT_SIGNIFICANT = 0.2
SPECULATIVE = re.compile(r"^(?:may|might|could|should|would|possibly|potentially|likely|suggest\w*|appear\w* to"
                         r"|warrant\w*|future|alternation)$")

# Outcomes where less is better; checked before the "more is better" list, after its exceptions.
HIGHER_BETTER_FIRST = re.compile(r"free surviv|surviv|time to (?:recurrence|progression|relapse|failure|death)", re.I)
LOWER_BETTER = re.compile(
    r"complication|adverse|recurren|relaps|failure|mortalit|death|reinterven|revision|reoperat|readmission|"
    r"infection|pain|blood loss|bleeding|transfusion|\btime\b|duration|\bstay\b|length of|dose|cost|return to|"
    r"days to|leak|morbidit|toxicit|rejection|conversion|residual|exposure|contrast|radiation|nausea|vomiting|"
    r"fistula|stricture|hernia|\bloss\b|error|missed|disability|symptom",
    re.I,
)
HIGHER_BETTER = re.compile(
    r"success|response|accuracy|satisfaction|quality|function|achievement|efficacy|patency|sensitivity|"
    r"specificity|\bcure|remission|healing|adherence|compliance|union|fusion|independence|mobility|strength",
    re.I,
)
# Rows describing who the patients are, not what happened to them.
BASELINE_VARIABLE = re.compile(
    r"^\W*(?:mean\s+|median\s+)?(?:age|sex|gender|male|female|men|women|bmi|body mass|weight|height|race|"
    r"ethnicit|education|income|smok|marital|employment|duration of (?:disease|diabetes|symptoms))\b", re.I)
TIME_LIKE = re.compile(r"time|duration|\bstay\b|\((?:min|h|hours?|days?|weeks?|months?)\)|return to|days to|"
                       r"\b(?:weeks?|days?|hours?|minutes?)\b", re.I)


def lower_is_better(label: str) -> bool | None:
    """Whether a smaller value is the better outcome for a row (None when the label does not say)."""
    if HIGHER_BETTER_FIRST.search(label):
        return False
    if LOWER_BETTER.search(label):
        return True
    if HIGHER_BETTER.search(label):
        return False
    return None


# --------------------------------------------------------------------------- reading claims back


@dataclass(frozen=True)
class ClaimView:
    """A claim as the graph holds it, with the rows it is linked to (row IRI → confidence, method)."""

    iri: URIRef
    text: str
    kind: str
    cue: str
    sentence: str
    section: str | None
    char_start: int | None
    char_end: int | None
    significance: str | None
    direction: str | None
    negated: bool
    hedge: str | None
    strength: str
    universal: bool
    scope: str | None
    between: bool
    attributed: bool
    focus_phrase: str | None
    comparator_phrase: str | None
    own_p: bool = False  # the sentence prints its own p for the claim
    rows: dict[URIRef, tuple[float, str]] = field(default_factory=dict)

    @property
    def speculative(self) -> bool:
        """Hedged by a modal or by an alternation ("maintained or improved"): nothing firm to check."""
        return bool(self.hedge and SPECULATIVE.match(self.hedge))


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _claim_view(graph: Graph, node: URIRef, props: dict[Any, Any],
                row_sets: dict[URIRef, list[URIRef]]) -> ClaimView:
    """One claim read from its properties (``props``: its first object per predicate, read in one walk)."""
    def text(prop: URIRef) -> str | None:
        value = props.get(prop)
        return None if value is None else str(value)

    def flag(prop: URIRef) -> bool:
        value = props.get(prop)
        return bool(value.toPython()) if value is not None else False

    sentence = props.get(C4O.hasContext)
    section = props.get(KGA.inSection)
    rows: dict[URIRef, tuple[float, str]] = {}
    for link in graph.objects(node, KGA.hasLink):  # every link, in the graph's order
        target = graph.value(link, KGA.linkTarget)
        confidence = float(graph.value(link, KGA.linkConfidence).toPython())  # type: ignore[union-attr]
        method = str(graph.value(link, KGA.linkMethod))
        for row in row_sets.get(target, [target]):  # type: ignore[arg-type]
            if rows.get(row, (0.0, ""))[0] < confidence:
                rows[row] = (confidence, method)
    start = props.get(KGA.charStart)
    end = props.get(KGA.charEnd)
    return ClaimView(
        iri=node, text=text(C4O.hasContent) or "", kind=text(KGA.claimKind) or "",
        cue=text(KGA.claimCue) or "",
        sentence=text(KGA.contextText) or (
            _text(graph, sentence, C4O.hasContent) or "" if sentence is not None else ""),
        section=_text(graph, section, DCTERMS.title) if section is not None else None,
        char_start=int(start.toPython()) if start is not None else None,
        char_end=int(end.toPython()) if end is not None else None,
        significance=text(KGA.assertsSignificance),
        direction=text(KGA.assertsDirection), negated=flag(KGA.negated),
        hedge=text(KGA.hedge), strength=text(KGA.claimStrength) or "explicit",
        universal=flag(KGA.universalScope), scope=text(KGA.scope),
        between=flag(KGA.betweenGroups), attributed=flag(KGA.attributed),
        focus_phrase=text(KGA.groupPhrase),
        comparator_phrase=text(KGA.comparatorPhrase),
        own_p=text(KGA.assertedValueKind) == "p_value", rows=rows,
    )


def claim_views(graph: Graph, all_tables: list[TableView] | None = None) -> list[ClaimView]:
    """Every ``kga:Claim`` with its links, in reading order (``all_tables``: the paper's tables, if read)."""
    row_sets: dict[URIRef, list[URIRef]] = {}
    for table in all_tables if all_tables is not None else tables(graph):
        row_sets[table.iri] = [row.iri for row in table.rows]
    out = []
    for node in graph.subjects(RDF.type, KGA.Claim):
        assert isinstance(node, URIRef)
        out.append(_claim_view(graph, node, node_properties(graph, node), row_sets))
    return sorted(out, key=lambda c: (c.char_start if c.char_start is not None else 10**12, str(c.iri)))


# --------------------------------------------------------------------------- what a row says


@dataclass(frozen=True)
class RowFacts:
    """A row's printed p, its p recomputed from the printed numbers, and its cells side by side."""

    table: TableView
    row: RowView
    printed: Num | None
    comparator: str
    printed_significant: bool | None
    recomputed: dict[str, float]
    recomputed_significant: bool | None
    recomputed_from: str | None  # the inputs, or "95% CI 1.55–3.83 excludes 1"
    decisive: bool | None  # recomputed p far from the threshold: True = surely significant, False = surely not
    side_by_side: str

    @property
    def significant(self) -> bool | None:
        """The recomputed verdict when there is one, else the printed one."""
        return self.recomputed_significant if self.recomputed_significant is not None else self.printed_significant


def printed_significance(p: Num | None, comparator: str) -> bool | None:
    """Significance at 0.05 that a printed p states (None when its comparator leaves it open)."""
    if p is None:
        return None
    if comparator == "=":
        return p.value < ALPHA
    if comparator in ("<", "<="):
        return True if p.value <= ALPHA else None
    return False if p.value >= ALPHA else None


def _recomputed_significance(results: dict[str, PRange]) -> bool | None:
    if results and all(r.high < ALPHA for r in results.values()):
        return True
    if results and all(r.low >= ALPHA for r in results.values()):
        return False
    return None


def _p_cell(table: TableView, row: RowView) -> CellView | None:
    if len(table.column("p_value")) != 1:
        return None  # one p per block of columns (one per cancer, per outcome): which one a claim means is unknown
    for col in table.column("p_value"):
        cell = row.cells.get(col.index)
        if cell is not None and "p_value" in cell.values:
            return cell
    return None


def _short(label: str) -> str:
    return re.sub(r"\s*\(\s*[nN]\s*[=:][^)]*\)", "", label).strip()


def side_by_side(table: TableView, row: RowView) -> str:
    """"CT-guided cryoablation 113 ± 40 | Partial nephrectomy 81 ± 36 | p-value 0.35" from the row's cells."""
    parts = []
    for col in table.columns:
        if col.role == "label":
            continue
        cell = row.cells.get(col.index)
        if cell is not None and cell.raw.strip():
            parts.append(f"{_short(col.label)} {cell.raw.replace(chr(92) + 'pm', '±').strip()}")
    return " | ".join(parts)


def _ci_significance(table: TableView, row: RowView) -> tuple[bool | None, str | None]:
    """For an estimate with a 95% CI: significant when the CI excludes the null (1 for ratios, 0 otherwise)."""
    low = high = None
    if len(table.column("ci")) > 1 or len(table.column("estimate")) > 1:
        return None, None  # several estimates per row: the claim's one is unknown
    for col in table.column("ci") + table.column("estimate"):
        cell = row.cells.get(col.index)
        if cell is None:
            continue
        low = low or cell.values.get("ci_low") or cell.values.get("low")
        high = high or cell.values.get("ci_high") or cell.values.get("high")
    if low is None or high is None or low.value > high.value:
        return None, None
    ratio = any(RATIO_LABEL.search(c.label) for c in table.columns) or bool(RATIO_LABEL.search(row.label))
    null = 1.0 if ratio else 0.0
    if low.value == null or high.value == null:
        return None, None
    excludes = not low.value < null < high.value
    return excludes, f"95% CI {low.text}–{high.text} {'excludes' if excludes else 'includes'} {null:g}"


def row_facts(table: TableView, row: RowView) -> RowFacts:
    """Everything the checks need to know about one row."""
    p_cell = _p_cell(table, row)
    printed = p_cell.values["p_value"] if p_cell is not None else None
    comparator = (p_cell.comparator or "=") if p_cell is not None else "="
    recomputed: dict[str, float] = {}
    verdict, source, decisive = None, None, None
    try:
        computed = recompute_row_p(table, row)
    except (ValueError, ZeroDivisionError, ArithmeticError):
        computed = None
    if computed is not None:
        shown, results, _ = computed
        recomputed = {name: r.point for name, r in results.items()}
        verdict, source = _recomputed_significance(results), shown
        if results and all(r.high < DECISIVE_SIGNIFICANT for r in results.values()):
            decisive = True
        elif results and all(r.low > DECISIVE_NOT_SIGNIFICANT for r in results.values()):
            decisive = False
    else:
        verdict, source = _ci_significance(table, row)
    return RowFacts(table, row, printed, comparator, printed_significance(printed, comparator), recomputed, verdict,
                    source, decisive, side_by_side(table, row))


def _recomputed_text(facts: RowFacts) -> str:
    if facts.recomputed:
        tests = ", ".join(f"{format_p(p)} ({name.replace('_', ' ')})" for name, p in facts.recomputed.items())
        return f"p recomputed from the printed numbers = {tests}"
    if facts.recomputed_from:
        return facts.recomputed_from
    return "no p recomputable from the printed numbers"


def _printed_text(facts: RowFacts) -> str:
    if facts.printed is None:
        return "no p printed"
    comparator = "=" if facts.comparator == "=" else facts.comparator
    return f"printed p {comparator} {facts.printed.text}"


def _row_evidence(facts: RowFacts, confidence: float, method: str) -> dict:
    return {
        "table": facts.table.label, "row": facts.row.label, "cells": facts.side_by_side,
        "printed_p": facts.printed.text if facts.printed else None, "comparator": facts.comparator,
        "printed_significant": facts.printed_significant, "recomputed_p": facts.recomputed,
        "recomputed_from": facts.recomputed_from, "recomputed_significant": facts.recomputed_significant,
        "link_confidence": confidence, "link_method": method,
    }


def _quote_sentence(sentence: str, limit: int = 220) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + "…"


class _Rows:
    """Row IRIs → (table, row), and memoised facts."""

    def __init__(self, graph: Graph) -> None:
        self.tables = tables(graph)
        self.index: dict[URIRef, tuple[TableView, RowView]] = {}
        for table in self.tables:
            for row in table.rows:
                self.index[row.iri] = (table, row)
        self._facts: dict[URIRef, RowFacts] = {}

    def facts(self, iri: URIRef) -> RowFacts | None:
        if iri not in self.index:
            return None
        if iri not in self._facts:
            self._facts[iri] = row_facts(*self.index[iri])
        return self._facts[iri]

    def linked(self, claim: ClaimView) -> list[tuple[RowFacts, float, str]]:
        """The claim's confidently linked rows, in table order."""
        out = []
        for iri, (confidence, method) in claim.rows.items():
            facts = self.facts(iri)
            if facts is not None and confidence >= MIN_CONFIDENCE:
                out.append((facts, confidence, method))
        return sorted(out, key=lambda x: (x[0].table.number or 0, x[0].row.index))


def _location(claim: ClaimView, facts: RowFacts | None, column: str | None = None) -> Location:
    return Location(section=claim.section, table=facts.table.label if facts else None,
                    row=facts.row.label if facts else None, column=column, quote=claim.text,
                    char_start=claim.char_start, char_end=claim.char_end)


def _p_column(facts: RowFacts) -> str | None:
    cols = facts.table.column("p_value")
    return cols[0].label if cols else None


# --------------------------------------------------------------------------- claim.significance_unsupported


@dataclass(frozen=True)
class _Contradiction:
    facts: RowFacts
    confidence: float
    method: str
    by_printed: bool
    by_recomputed: bool
    decisive: bool


def _comparable(claim: ClaimView, facts: RowFacts, method: str) -> bool:
    """Whether a row's p can judge the claim at all.

    A whole table linked by its caption is a list of outcomes only when it compares groups (a regression
    table lists predictors); a claim about two named groups of a three-group table cannot be judged by the
    row's omnibus p.
    """
    groups = len(facts.table.column("group"))
    if method in ("caption", "table_note") and (groups < 2 or BASELINE_VARIABLE.search(facts.row.label)):
        return False  # a claim about "the outcomes" of a table is not about its age or sex rows
    return not (groups > 2 and (claim.focus_phrase or claim.comparator_phrase))


def _contradiction(claim: ClaimView, facts: RowFacts, confidence: float, method: str) -> _Contradiction | None:
    says = claim.significance == "significant"
    by_printed = facts.printed_significant is not None and facts.printed_significant != says
    # A claim that prints its own p rests on the authors' test; recomputing a different one proves little.
    by_recomputed = facts.recomputed_significant is not None and facts.recomputed_significant != says \
        and not claim.own_p
    if not (by_printed or by_recomputed):
        return None
    decisive = by_recomputed and facts.decisive is (not says)
    return _Contradiction(facts, confidence, method, by_printed, by_recomputed, decisive)


@python_check(
    "claim.significance_unsupported", severity="error", needs=("claims",),
    description="The text says a difference is significant (or not significant), but the printed p — or the p "
                "recomputed from the printed numbers — of the table row it is about says otherwise.",
)
def check_significance(graph: Graph) -> Iterator[Finding]:
    """Each significance claim against the p-values of its linked rows."""
    rows = _Rows(graph)
    for claim in claim_views(graph, rows.tables):
        if not claim.significance or claim.attributed or claim.hedge or claim.universal:
            continue  # universal claims are claim.overgeneralised's; hedged ones assert no decision
        linked = [x for x in rows.linked(claim) if _comparable(claim, x[0], x[2])]
        if claim.own_p and len(linked) > 1:
            continue  # "(P < 0.001 for all)": a test across rows, not any one row's p
        contradictions = [c for facts, conf, method in linked if (c := _contradiction(claim, facts, conf, method))]
        if not contradictions:
            continue
        yield _significance_finding(claim, contradictions, len(linked))


def _significance_finding(claim: ClaimView, contradictions: list[_Contradiction], judged: int) -> Finding:
    hard = any(c.by_printed or c.decisive for c in contradictions)
    severity: Severity = "error" if hard and claim.strength == "explicit" else "warning"
    says = "significant" if claim.significance == "significant" else "not significant"
    implied = " (implied by “" + claim.cue + "”)" if claim.strength == "implied" else ""
    details = "; ".join(_contradiction_text(c, claim) for c in contradictions[:MESSAGE_ROWS])
    if len(contradictions) > MESSAGE_ROWS:
        details += f"; and {len(contradictions) - MESSAGE_ROWS} more row(s) (see the evidence)"
    others = judged - len(contradictions)
    tail = f" ({others} other linked row(s) agree)" if others else ""
    superlative = _superlative_note(claim, contradictions)
    first = contradictions[0].facts
    return Finding(
        check="claim.significance_unsupported", severity=severity,
        message=f"“{_quote_sentence(claim.sentence)}” says {says}{implied}, but {details}{tail}{superlative}",
        focus=str(claim.iri), location=_location(claim, first, _p_column(first)),
        evidence={
            "claim": claim.text, "sentence": claim.sentence, "asserts": claim.significance, "strength": claim.strength,
            "contradicting_rows": [
                {**_row_evidence(c.facts, c.confidence, c.method),
                 "contradicted_by": "printed and recomputed p" if c.by_printed and c.by_recomputed else
                 ("printed p" if c.by_printed else "recomputed p")}
                for c in contradictions
            ],
            "rows_judged": judged,
        },
    )


def _contradiction_text(c: _Contradiction, claim: ClaimView) -> str:
    facts = c.facts
    where = f"{facts.table.label}, {facts.row.label}: {facts.side_by_side}"
    says_sig = claim.significance == "significant"
    if c.by_printed and c.by_recomputed:
        why = f"{_printed_text(facts)} and {_recomputed_text(facts)}"
    elif c.by_printed:
        why = f"{_printed_text(facts)} ({_recomputed_text(facts)})"
    else:
        why = f"{_printed_text(facts)}, but {_recomputed_text(facts)}"
    verdict = "not significant at 0.05" if says_sig else "significant at 0.05"
    return f"{where} — {why}: {verdict}"


def _superlative_note(claim: ClaimView, contradictions: list[_Contradiction]) -> str:
    """"most pronounced for X": say where the largest difference of that table actually is."""
    if "most" not in claim.cue.lower() or not contradictions:
        return ""
    table = contradictions[0].facts.table
    claimed = {c.facts.row.iri for c in contradictions}
    gaps = []
    for row in table.rows:
        if TOTAL_LABEL.search(row.label):
            continue
        values = _pair_values(table, row, None, None)
        if values is not None:
            (a, _), (b, _), _ = values
            gaps.append((abs(a - b), row))
    if not gaps:
        return ""
    gap, largest = max(gaps, key=lambda g: g[0])
    if largest.iri in claimed:
        return ""
    return f"; the largest between-group difference in {table.label} is {largest.label} ({side_by_side(table, largest)})"


# --------------------------------------------------------------------------- group values


def _value(cell: CellView | None) -> tuple[float, Num] | None:
    if cell is None:
        return None
    for name in ("mean", "median", "percent", "count", "number"):
        if name in cell.values:
            return cell.values[name].value, cell.values[name]
    return None


def _pair_values(table: TableView, row: RowView, focus: str | None, comparator: str | None
                 ) -> tuple[tuple[float, Num], tuple[float, Num], tuple[ColumnView, ColumnView, str]] | None:
    groups = resolve_groups(table, focus, comparator)
    if groups is None:
        return None
    f_col, c_col, _ = groups
    f, c = _value(row.cells.get(f_col.index)), _value(row.cells.get(c_col.index))
    if f is None or c is None:
        return None
    return f, c, groups


def _rounded_equal(a: Num, b: Num) -> bool:
    decimals = min(a.decimals, b.decimals)
    return round(a.value, decimals) == round(b.value, decimals)


# --------------------------------------------------------------------------- claim.direction_mismatch


@dataclass(frozen=True)
class _Reading:
    """How a direction word is read for a row: which sign of (focus − comparator) it asserts."""

    sign: int | None  # -1: focus smaller, +1: focus larger, 0: equal, None: cannot say
    reading: str


def reading(direction: str, label: str) -> _Reading:
    """The sign a direction word asserts for a row, with the reading used (for "better": is lower better?)."""
    if direction in ("lower", "fewer", "shorter"):
        return _Reading(-1, f"“{direction}” = a smaller value")
    if direction in ("higher", "more", "longer"):
        return _Reading(1, f"“{direction}” = a larger value")
    if direction in ("faster", "slower"):
        time_like = bool(TIME_LIKE.search(label))
        smaller = (direction == "faster") == time_like
        why = "a time, so faster = shorter" if time_like else "a rate, so faster = larger"
        return _Reading(-1 if smaller else 1, f"“{label}” read as {why}")
    if direction in ("better", "worse"):
        lower = lower_is_better(label)
        if lower is None:
            return _Reading(None, f"whether a lower “{label}” is better is not known")
        smaller = lower == (direction == "better")
        return _Reading(-1 if smaller else 1,
                        f"for “{label}” {'lower' if lower else 'higher'} is better, so “{direction}” = "
                        f"a {'smaller' if smaller else 'larger'} value")
    if direction == "equal":
        return _Reading(0, "“equal” = no real difference")
    return _Reading(None, f"unknown direction {direction!r}")


@python_check(
    "claim.direction_mismatch", severity="error", needs=("claims",),
    description="The text says lower / shorter / better (or equivalent) for the study group, but the table's "
                "numbers go the other way, are equal, or differ significantly; says which reading of "
                "“better” was used.",
)
def check_direction(graph: Graph) -> Iterator[Finding]:
    """Each direction or equivalence claim about a between-group comparison against its rows' numbers."""
    rows = _Rows(graph)
    for claim in claim_views(graph, rows.tables):
        if not claim.direction or claim.attributed or claim.speculative or claim.universal:
            continue
        if not claim.between and claim.direction != "equal":
            continue  # "higher ASA score" in a sentence on risk factors compares no groups
        for facts, confidence, method in rows.linked(claim):
            if not _comparable(claim, facts, method) and method in ("caption", "table_note"):
                continue
            finding = _direction_finding(claim, facts, confidence, method)
            if finding is not None:
                yield finding


def _direction_finding(claim: ClaimView, facts: RowFacts, confidence: float, method: str) -> Finding | None:
    assert claim.direction is not None
    pair = _pair_values(facts.table, facts.row, claim.focus_phrase, claim.comparator_phrase)
    if pair is None:
        return None
    (fv, fnum), (cv, cnum), (f_col, c_col, how) = pair
    read = reading(claim.direction, facts.row.label)
    if read.sign is None:
        return None
    equal = _rounded_equal(fnum, cnum)
    actual = 0 if equal else (1 if fv > cv else -1)
    significant = facts.printed_significant is True or facts.recomputed_significant is True
    if read.sign == 0 or claim.negated:
        problem = _equality_problem(claim, read, actual, significant)
    elif actual == -read.sign:
        problem = ("the numbers go the other way", "error")
    elif actual == 0:
        problem = ("the numbers are equal", "warning")
    else:
        problem = None
    if problem is None:
        return None
    what, severity = problem
    if severity == "error" and (read.sign == 0 or claim.negated) and not (
            facts.printed_significant is True or facts.decisive is True):
        severity = "warning"
    change = _change_text(fv, cv, f_col, c_col)
    stats = f"{_printed_text(facts)}; {_recomputed_text(facts)}"
    says = ("not " if claim.negated else "") + claim.direction
    return Finding(
        check="claim.direction_mismatch", severity=severity,  # type: ignore[arg-type]
        message=f"“{_quote_sentence(claim.sentence)}” says {says} for {_short(f_col.label)} against "
                f"{_short(c_col.label)}, but {facts.table.label}, {facts.row.label}: {facts.side_by_side} — "
                f"{change}; {stats}: {what} (reading: {read.reading})",
        focus=str(claim.iri), location=_location(claim, facts),
        evidence={
            "claim": claim.text, "sentence": claim.sentence, "asserts": says, "reading": read.reading,
            "focus_group": f_col.label, "comparator_group": c_col.label, "groups_from": how,
            "focus_value": fnum.text, "comparator_value": cnum.text, "problem": what,
            **_row_evidence(facts, confidence, method),
        },
    )


def _equality_problem(claim: ClaimView, read: _Reading, actual: int, significant: bool) -> tuple[str, str] | None:
    """"equivalent X" or "does not increase X": wrong when the groups differ significantly (that way)."""
    if read.sign == 0:
        return ("the groups differ significantly", "error") if actual != 0 and significant else None
    if actual == read.sign and significant:
        return (f"the numbers show a significant {'increase' if read.sign > 0 else 'decrease'}", "error")
    return None


def _change_text(fv: float, cv: float, f_col: ColumnView, c_col: ColumnView) -> str:
    if fv == cv:
        return f"{_short(f_col.label)} and {_short(c_col.label)} are equal"
    direction = "higher" if fv > cv else "lower"
    relative = f" ({abs(fv - cv) / abs(cv) * 100:.1f}% {direction})" if cv else ""
    return f"{_short(f_col.label)} is {abs(fv - cv):.4g} {direction}{relative}"


# --------------------------------------------------------------------------- claim.overgeneralised


@dataclass(frozen=True)
class _Unsupported:
    facts: RowFacts
    confidence: float
    method: str
    why: str


def _why_unsupported(claim: ClaimView, facts: RowFacts) -> str | None:
    if claim.significance == "not_significant":
        if facts.printed_significant is True:
            return f"{_printed_text(facts)} is significant"
        if facts.recomputed_significant is True:
            return f"{_recomputed_text(facts)} is significant"
        return None
    if facts.printed_significant is False:
        return f"{_printed_text(facts)} ≥ 0.05"
    if facts.recomputed_significant is False:
        return f"{_printed_text(facts)}, but {_recomputed_text(facts)} ≥ 0.05"
    if claim.direction:
        pair = _pair_values(facts.table, facts.row, claim.focus_phrase, claim.comparator_phrase)
        read = reading(claim.direction, facts.row.label)
        if pair is not None and read.sign:
            (fv, fnum), (cv, cnum), _ = pair
            actual = 0 if _rounded_equal(fnum, cnum) else (1 if fv > cv else -1)
            if actual != read.sign:
                return f"the numbers go {'the other way' if actual else 'nowhere (equal)'} ({read.reading})"
    return None


@python_check(
    "claim.overgeneralised", severity="warning", needs=("claims",),
    description="“All outcomes improved”, “across all measured parameters”: a universal claim when at least one "
                "linked row does not support it (p ≥ 0.05 printed or recomputed, or the direction against it).",
)
def check_overgeneralised(graph: Graph) -> Iterator[Finding]:
    """Each universal claim against every row it covers."""
    rows = _Rows(graph)
    for claim in claim_views(graph, rows.tables):
        if not claim.universal or claim.attributed or claim.speculative:
            continue
        linked = [x for x in rows.linked(claim) if _comparable(claim, x[0], x[2])]
        failing = [_Unsupported(facts, conf, method, why) for facts, conf, method in linked
                   if (why := _why_unsupported(claim, facts))]
        if not failing:
            continue
        listing = "; ".join(f"{u.facts.row.label}: {u.facts.side_by_side} — {u.why}" for u in failing[:MESSAGE_ROWS])
        if len(failing) > MESSAGE_ROWS:
            listing += f"; and {len(failing) - MESSAGE_ROWS} more (see the evidence)"
        tables_named = ", ".join(dict.fromkeys(u.facts.table.label for u in failing))
        yield Finding(
            check="claim.overgeneralised", severity="warning",
            message=f"“{_quote_sentence(claim.sentence)}” claims this “{claim.scope or 'for all'}”, but "
                    f"{len(failing)} of {len(linked)} linked row(s) of {tables_named} do not support it: {listing}",
            focus=str(claim.iri), location=_location(claim, failing[0].facts),
            evidence={
                "claim": claim.text, "sentence": claim.sentence, "scope": claim.scope,
                "asserts": {"significance": claim.significance, "direction": claim.direction},
                "rows_linked": len(linked),
                "unsupported_rows": [{**_row_evidence(u.facts, u.confidence, u.method), "why": u.why}
                                     for u in failing],
            },
        )
