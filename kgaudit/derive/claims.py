"""Claims as triples: what the prose asserts, linked to the table rows and cells it talks about.

For every sentence of the abstract, results, discussion and conclusion (and every
table note, wherever it sits) :func:`kgaudit.derive.claim_text.extract_claims` finds
the claims; this derivation links each one to table rows by its subject phrase
and writes it into the graph.

Linking: row labels and captions are normalised (a small synonym table of
clinical wording — "length of stay" ↔ "hospital stay", "operative time" ↔
"procedure time", "complications" ↔ "adverse events", "revision" ↔
"reintervention", "sex" ↔ male / female, "comorbidities" ↔ hypertension,
diabetes …), reduced to content words (generic words such as "mean", "total",
"rate", units and "outcomes" dropped) and compared word by word (equal stems, a
shared prefix, or rapidfuzz similarity for variants); words that occur in many
labels weigh less.  The score is a weighted F1 of subject and label words; the
best rows within 0.1 of the best score ≥ 0.5 are linked, with the score as
``kga:linkConfidence``.  A subject that matches a table's caption better than any
row ("primary outcome measures" ↔ "Table 2: Primary Outcome Measures") links
the whole table.  A table note ("Interpretation: Table 3 …") scopes its claims
to that table; a sentence that names "Table N" prefers it.

Terms added (``kgaudit.ttl``, "# ---- claims" block): a ``kga:Claim`` node
``D/claim/{i}`` with ``kga:claimKind``, ``c4o:hasContent`` (the claim's words),
``c4o:hasContext`` → sentence, ``kga:contextText`` (the sentence, or its piece when an
inline heading splits it), ``kga:inSection``, ``kga:charStart``/``kga:charEnd``,
``kga:claimCue``, ``kga:subjectPhrase``, ``kga:assertsSignificance``,
``kga:assertsDirection``, ``kga:negated``, ``kga:hedge``, ``kga:claimStrength``,
``kga:scope``, ``kga:universalScope``, ``kga:betweenGroups``, ``kga:attributed``,
``kga:groupPhrase``, ``kga:comparatorPhrase``; numbers as ``kga:assertsValue``,
``kga:assertedValueText``, ``kga:assertedValueKind``, ``kga:assertsComparator``,
``kga:valueUnit``, ``kga:valueTolerance``, ``kga:quantityKey``; links as
``kga:about`` → row, ``kga:aboutTable`` → table, ``kga:aboutCell`` → cell,
``kga:aboutGroup`` / ``kga:comparedWith`` → group column, ``kga:linkConfidence``
(best link), and one ``kga:ClaimLink`` node per link (``kga:hasLink``,
``kga:linkTarget``, ``kga:linkConfidence``, ``kga:linkMethod``,
``kga:matchedPhrase``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgaudit.derive import derivation
from kgaudit.derive.claim_text import ClaimSpec, Quantity, claim_units, extract_claims
from kgaudit.graph.build import Triple
from kgaudit.graph.namespaces import C4O, DOC_BASE, FRBR, KGA, node_iri
from kgaudit.graph.store import add_triples
from kgaudit.graph.terms import literal
from kgaudit.graph.views import (
    CellView,
    ColumnView,
    RowView,
    SentenceView,
    TableView,
    paper_iri,
    sentences,
    tables,
)

CLAIM_SECTIONS = frozenset({"abstract", "results", "discussion", "conclusion"})
LINK_THRESHOLD = 0.5
LINK_MARGIN = 0.1

# --------------------------------------------------------------------------- words

_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bhospital length of stay\b|\blength of (?:hospital )?stay\b|\blos\b|\bhospitali[sz]ations?\b"
     r"|\binpatient stays?\b|\bhospital stays?\b", "hospital stay"),
    (r"\b(?:operative|operating|operation|surgical|procedural|procedure|intervention)\s+(?:times?|durations?)\b"
     r"|\bduration of (?:the )?(?:surgery|procedure|operation)\b|\btime of (?:surgery|procedure)\b",
     "procedure time"),
    (r"\b(?:procedural|technical) success\b", "technical success"),
    (r"\badverse events?\b|\bmorbidit(?:y|ies)\b|\bcomplications?\b", "complication"),
    (r"\bre-?interventions?\b|\bre-?operations?\b|\brevisions?\b|\bredo procedures?\b", "reintervention"),
    (r"\brelapses?\b", "recurrence"),
    (r"\b(?:sex|gender)\b", "male female"),
    (r"\bbody mass index\b", "bmi"),
    (r"\bdfs\b", "disease free survival"),
    (r"\bos\b", "overall survival"),
    (r"\bpfs\b", "progression free survival"),
    (r"\bebl\b", "blood loss"),
    (r"\breturn to (?:normal |daily |usual |full )?(?:activity|activities|work)\b", "return activity"),
    (r"\bre-?admissions?\b", "readmission"),
    (r"\b(?:one|1)[- ]year\b", "12 month"),
    (r"\b(\d+)\s*-?\s*(?:mo|mos|months?)\b", r"\1 month"),
    (r"\bquality of life\b|\bqol\b", "quality life"),
    (r"\blength of (?:icu|intensive care) stay\b|\bicu stay\b", "icu stay"),
)
_GENERIC = frozenset({
    "the", "a", "an", "of", "in", "for", "and", "or", "to", "with", "on", "at", "by", "vs", "versus", "from",
    "mean", "median", "average", "total", "overall", "rate", "rates", "n", "number", "no", "percentage",
    "percent", "proportion", "incidence", "level", "levels", "value", "values", "sd", "iqr", "range", "measure",
    "measures", "measured", "parameter", "parameters", "outcome", "outcomes", "variable", "variables",
    "characteristic", "characteristics", "data", "group", "groups", "patient", "patients", "approach",
    "approaches", "technique", "techniques", "method", "methods", "modality", "arm", "arms", "cohort",
    "difference", "differences", "change", "changes", "clinical", "years", "year", "yrs", "days", "day",
    "weeks", "week", "wks", "min", "mins", "minutes", "hours", "hour", "h", "hrs", "ml", "mg", "kg", "m",
    "mgy", "mmhg", "cm", "mm", "score", "scores", "status", "history", "any", "all", "study", "their", "its",
    "these", "those", "this", "that", "our", "we", "were", "was", "is", "are", "be", "yes", "s",
})
# Model rows that are not outcomes: a claim is never about the intercept or the reference level.
NOT_AN_OUTCOME = re.compile(r"intercept|\bconstant\b|\(ref(?:erence)?\)|^\s*ref(?:erence)?\s*$", re.I)
_TREATMENT_HEADS = frozenset({"modality", "technology", "approach", "technique", "intervention", "treatment",
                              "therapy", "strategy", "method", "device", "system", "guidance", "procedure"})
_CLASS_TERMS = {
    "comorbid": ("hypertens", "diabet", "copd", "ckd", "heart", "cardiac", "coronary", "renal", "kidney",
                 "pulmonary", "lung", "stroke", "obes", "cancer", "hyperlipid", "dyslipid", "asthma", "liver",
                 "cirrhos", "arrhythm", "atrial", "vascular"),
}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The words of a label or phrase that identify it: synonyms folded, generic words dropped, stemmed."""
    return list(_content_words(text))


@lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    # Row labels are compared with every claim's phrases: the same few strings are read thousands of times.
    text = text.lower().replace("\\pm", " ")
    for pattern, replacement in _SYNONYMS:
        text = re.sub(pattern, replacement, text)
    words = re.findall(r"[a-z]+|\d+(?:\.\d+)?", text)
    return tuple(_stem(w) for w in words if w not in _GENERIC and _stem(w) not in _GENERIC)


def _label_parts(label: str) -> tuple[list[str], list[str]]:
    """A row label's core words and the optional words of its parentheses ("(12mo)", "(days)")."""
    core, optional = _label_parts_of(label)
    return list(core), list(optional)


@lru_cache(maxsize=8192)
def _label_parts_of(label: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Every claim phrase is scored against every row label: the same labels are split thousands of times.
    optional = []
    for inner in re.findall(r"\(([^)]*)\)", label):
        optional.extend(content_words(inner))
    core = content_words(re.sub(r"\([^)]*\)", " ", label))
    return tuple(core), tuple(optional)


_SUFFIXES = frozenset({"", "e", "s", "es", "al", "ally", "ive", "ion", "ions", "ed", "ing", "ity", "y", "ic", "ical",
                       "ly", "ment", "ant", "ance", "ence", "ent", "er", "ers", "or", "ors", "ation", "ative",
                       "ational", "ies", "ness", "ful", "ous", "ure", "ural"})


@lru_cache(maxsize=65536)  # a pure function of two words, asked for the same pairs over and over
def words_match(a: str, b: str) -> bool:
    """Two content words name the same thing: equal, one stem with two suffixes, or a one-letter typo.

    "procedural" ~ "procedure" and "operative" ~ "operation" (a shared stem of five letters or more and
    known suffixes); "complex" is not "complete".  rapidfuzz catches misspellings of long words.
    """
    if a == b:
        return True
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < 5:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    for cut in range(common, 4, -1):
        if a[cut:] in _SUFFIXES and b[cut:] in _SUFFIXES:
            return True
    return min(len(a), len(b)) >= 7 and fuzz.ratio(a, b) >= 92


@lru_cache(maxsize=65536)
def _class_match(subject_word: str, label_word: str) -> bool:
    return any(subject_word.startswith(key) and label_word.startswith(members)
               for key, members in _CLASS_TERMS.items())


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Link:
    """One link of a claim: the row (or whole table) it is about, how sure, and how it was found."""

    table: TableView
    row: RowView | None  # None: the whole table (caption or table-note scope)
    confidence: float
    method: str  # label, synonym, class, caption, table_note
    phrase: str


@dataclass
class Linker:
    """Scores subject phrases against the paper's row labels and captions."""

    tables: list[TableView]
    weights: dict[str, float] = field(default_factory=dict)
    _rows_by_table: dict[URIRef, list[tuple[RowView, tuple[str, ...], tuple[str, ...], frozenset[str]]]] = field(
        default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        documents: Counter[str] = Counter()
        for table in self.tables:
            documents.update(set(content_words(table.caption)))
            for row in table.rows:
                core, optional = _label_parts(row.label)
                documents.update(set(core) | set(optional))
        self.weights = {word: 1.0 / (1.0 + math.log(count)) for word, count in documents.items()}

    def _class_links(self, subject: list[str], phrase: str, candidates: list[TableView]) -> list[Link]:
        """A class word ("comorbidities") names every row with one of its members (hypertension, diabetes…)."""
        out = []
        for table in candidates:
            for row in table.rows:
                core, _ = _label_parts(row.label)
                if any(_class_match(s, w) for s in subject for w in core):
                    out.append(Link(table, row, 0.7, "class", phrase))
        return out

    def weight(self, word: str) -> float:
        """Rarer words weigh more (inverse document frequency over labels and captions)."""
        return self.weights.get(word, 1.0)

    def score(self, subject: list[str], core: list[str], optional: Iterable[str] = ()
              ) -> tuple[float, float, float, str]:
        """Weighted F1 of subject words against label words: (F1, recall, precision, method)."""
        optional = list(optional)
        if not subject or not core:
            return 0.0, 0.0, 0.0, "label"
        method = "label"
        matched_subject = 0.0
        for word in subject:
            if any(words_match(word, other) for other in core + optional):
                matched_subject += self.weight(word)
            elif any(_class_match(word, other) for other in core):
                matched_subject += 0.8 * self.weight(word)
                method = "class"
        matched_core = sum(self.weight(w) for w in core
                           if any(words_match(s, w) or _class_match(s, w) for s in subject))
        matched_optional = sum(self.weight(w) for w in optional if any(words_match(s, w) for s in subject))
        recall = matched_subject / sum(self.weight(w) for w in subject)
        precision = (matched_core + matched_optional) / (sum(self.weight(w) for w in core) + matched_optional)
        if recall + precision == 0:
            return 0.0, recall, precision, method
        return 2 * recall * precision / (recall + precision), recall, precision, method

    def _outcome_rows(self, table: TableView) -> list[tuple[RowView, tuple[str, ...], tuple[str, ...], frozenset[str]]]:
        """The rows of ``table`` a claim may be about, each with its label's core, optional and all words."""
        rows = self._rows_by_table.get(table.iri)
        if rows is None:
            rows = self._rows_by_table[table.iri] = []
            for row in table.rows:
                if NOT_AN_OUTCOME.search(row.label):
                    continue
                core, optional = _label_parts_of(row.label)
                rows.append((row, core, optional, frozenset(core) | frozenset(optional)))
        return rows

    @staticmethod
    def _words_named(subject: list[str], words: Iterable[str]) -> set[str]:
        """The label words some subject word matches (by :func:`words_match` or a class term).

        A row with none of them scores 0 in :meth:`score` (no subject word is matched and no label
        word either), so it is not scored at all.
        """
        return {w for w in words if any(words_match(s, w) or _class_match(s, w) for s in subject)}

    def _row_scores(self, subject: list[str], candidates: list[TableView], scope: list[TableView]
                    ) -> list[tuple[float, str, TableView, RowView]]:
        """(F1, method, table, row) of every candidate row that shares a word with the subject, in table order."""
        in_scope = {table.iri for table in scope}
        per_table = [(table, self._outcome_rows(table)) for table in candidates]
        named = self._words_named(subject, {w for _, rows in per_table for *_, words in rows for w in words})
        scored = []
        for table, rows in per_table:
            for row, core, optional, words in rows:
                if words.isdisjoint(named):
                    continue
                f1, _, _, method = self.score(subject, list(core), optional)
                if table.iri not in in_scope:
                    f1 *= 0.9  # a sentence that names Table N is first about Table N
                scored.append((f1, method, table, row))
        return scored

    def _caption_scores(self, subject: list[str], candidates: list[TableView]) -> list[tuple[float, TableView]]:
        """Tables whose caption holds every subject word, with a score (recall weighs most)."""
        captions = []
        for table in candidates:
            _, recall, precision, _ = self.score(subject, content_words(table.caption))
            if recall >= 0.99:
                # Captions are long: every subject word must be in it; the caption's other words matter less.
                captions.append((0.8 * recall + 0.2 * precision, table))
        return captions

    def _special_links(self, phrase: str, subject: list[str], scope: list[TableView], strict: bool
                       ) -> list[Link] | None:
        """Links settled before any row is scored: none for the intervention itself, class words' rows."""
        head = phrase.lower().split()[-1] if phrase.split() else ""
        if {head, _stem(head), head[:-2] if head.endswith("es") else head} & _TREATMENT_HEADS and not strict:
            return []  # "the imaging modality", "this approach": the intervention itself, not an outcome row
        if all(any(w.startswith(key) for key in _CLASS_TERMS) for w in subject):
            return self._class_links(subject, phrase, scope if strict else self.tables)
        return None

    def link(self, phrase: str, scope: list[TableView], strict: bool) -> list[Link]:
        """Rows (or a whole table) that ``phrase`` names, best first; ``strict`` keeps to ``scope``."""
        subject = content_words(phrase)
        if not subject:
            return []
        special = self._special_links(phrase, subject, scope, strict)
        if special is not None:
            return special
        synonym = subject != [_stem(w) for w in re.findall(r"[a-z]+|\d+(?:\.\d+)?", phrase.lower())
                              if w not in _GENERIC]
        candidates = scope if strict else self.tables
        rows = self._row_scores(subject, candidates, scope)
        captions = self._caption_scores(subject, candidates)
        best_row = max((r[0] for r in rows), default=0.0)
        best_caption = max((c[0] for c in captions), default=0.0)
        best_tables = [table for score, table in captions if score >= best_caption - 0.02]
        if best_caption >= 0.6 and best_caption > best_row + 0.05 and len(best_tables) == 1:
            # One caption, clearly better than any row: the whole table ("primary outcome measures").
            # Several captions alike ("seroprevalence" in three) name no table in particular.
            return [Link(best_tables[0], None, round(min(best_caption, 1.0) * 0.9, 3), "caption", phrase)]
        if best_row < LINK_THRESHOLD:
            return []
        out = []
        for f1, method, table, row in sorted(rows, key=lambda r: -r[0]):
            if f1 >= max(LINK_THRESHOLD, best_row - LINK_MARGIN):
                kind = "synonym" if synonym and method == "label" else method
                out.append(Link(table, row, round(f1, 3), kind, phrase))
        return out


# --------------------------------------------------------------------------- groups


_STUDY_WORDS = re.compile(r"\b(?:study|intervention|treatment|treated|experimental|index|active|new)\b", re.I)
_CONTROL_WORDS = re.compile(r"\b(?:control|comparator|conventional|standard|usual|placebo|sham|reference)\b", re.I)


def _group_words(label: str) -> list[str]:
    return content_words(re.sub(r"\(\s*[nN]\s*[=:][^)]*\)", " ", label))


_NEGATIVE_GROUP = re.compile(r"\b(?:without|non|no|not|free of|never)\b|\bnon-", re.I)


def resolve_group(table: TableView, phrase: str | None) -> ColumnView | None:
    """The group column a phrase names ("CT-guided cryoablation group", "the study group", "controls").

    A phrase with a negation ("women without colorectal cancer") names the column whose label is
    negated too ("Non-cases"), not the one sharing its words ("Colorectal cancer cases").
    """
    groups = table.column("group")
    if not phrase or not groups:
        return None
    if phrase.startswith("@"):
        index = int(phrase[1:]) - 1
        return groups[index] if 0 <= index < len(groups) else None
    negative = [col for col in groups if _NEGATIVE_GROUP.search(col.label)]
    if _NEGATIVE_GROUP.search(phrase) and len(negative) == 1:
        return negative[0]
    words = content_words(re.sub(r"\b(?:group|arm|cohort)s?\b", " ", phrase, flags=re.I))
    best, best_score = None, 0.0
    for col in groups:
        label = _group_words(col.label)
        if not label or not words:
            continue
        hits = sum(1 for w in words if any(words_match(w, x) for x in label))
        covered = sum(1 for x in label if any(words_match(w, x) for w in words))
        score = 0.5 * hits / len(words) + 0.5 * covered / len(label)
        if score > best_score:
            best, best_score = col, score
    if best is not None and best_score >= 0.4:
        return best
    if _CONTROL_WORDS.search(phrase):
        return groups[-1]
    if _STUDY_WORDS.search(phrase):
        return groups[0]
    return None


def resolve_groups(table: TableView, focus: str | None, comparator: str | None
                   ) -> tuple[ColumnView, ColumnView, str] | None:
    """(focus column, comparator column, how they were chosen) for a two-way comparison, or None."""
    groups = table.column("group")
    if len(groups) < 2:
        return None
    f, c = resolve_group(table, focus), resolve_group(table, comparator)
    if f is not None and c is not None and f != c:
        return f, c, "named"
    if len(groups) != 2:
        return None
    if f is not None:
        return f, next(g for g in groups if g != f), "focus named"
    if c is not None:
        return next(g for g in groups if g != c), c, "comparator named"
    return groups[0], groups[1], "table order (first group column is the focus)"


# --------------------------------------------------------------------------- cells for numbers

_ROLE_FIELDS = {
    "percent": ("percent",),
    "mean": ("mean", "median"),
    "count": ("count",),
    "p_value": ("p_value",),
    "ratio": ("estimate", "number"),
}


def cell_value(cell: CellView, role: str) -> tuple[str, object] | None:
    """The number of ``cell`` comparable with a quantity of ``role``: (field name, Num)."""
    for name in _ROLE_FIELDS.get(role, ()):
        if name in cell.values:
            return name, cell.values[name]
    return None


def _tolerance(q: Quantity, cell_num: object) -> float:
    decimals = min(q.decimals, getattr(cell_num, "decimals", q.decimals))
    return 0.5 * 10 ** -decimals


_UNIT_NAMES = {
    "d": "day", "days": "day", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour", "minutes": "min",
    "minute": "min", "mins": "min", "weeks": "week", "wk": "week", "wks": "week", "months": "month", "mo": "month",
    "years": "year", "yr": "year", "yrs": "year", "l": "l", "points": "point",
}
_UNITS_IN_LABELS = {"day", "hour", "min", "week", "month", "year", "ml", "l", "mg", "g", "kg", "mmhg", "cm", "mm",
                    "mgy", "gy", "msv", "point", "bpm", "%"}


def _unit(word: str) -> str:
    word = word.lower()
    return _UNIT_NAMES.get(word, word)


def _unit_ok(unit: str | None, label: str) -> bool:
    """A value with a unit fits a row whose label prints the same unit, or prints none.

    Values in different units ("5.9 days" against a row in weeks) are not compared at all.
    """
    if not unit or unit == "%":
        return True
    printed = {_unit(w) for w in re.findall(r"[A-Za-z%]+", label)} & _UNITS_IN_LABELS
    return not printed or _unit(unit) in printed


def _cells_for(table: TableView, row: RowView, role: str) -> list[tuple[ColumnView, CellView]]:
    if role == "p_value":
        cols = table.column("p_value")
    elif role == "ratio":
        cols = table.column("estimate") or table.column("group")
    else:
        cols = table.column("group") + table.column("total")
    return [(col, row.cells[col.index]) for col in cols if col.index in row.cells]


@dataclass(frozen=True)
class CellLink:
    """A number in the text tied to one table cell."""

    cell: CellView
    column: ColumnView
    field: str
    tolerance: float
    matched: bool


def _consistent(q: Quantity, value: float, cell_comparator: str | None, tol: float) -> bool:
    """Whether the text's "x", "< x" or "> x" can describe the cell's value (printed rounding allowed)."""
    cmp = q.comparator
    if cell_comparator in ("<", "<="):
        return cmp in ("<", "<=") or (cmp == "=" and q.value <= value + tol) or (cmp in (">", ">=") and q.value < value)
    if cell_comparator in (">", ">="):
        return cmp in (">", ">=") or (cmp == "=" and q.value >= value - tol) or (cmp in ("<", "<=") and q.value > value)
    if cmp in ("<", "<="):
        return value - tol < q.value
    if cmp in (">", ">="):
        return value + tol > q.value
    return abs(q.value - value) <= tol + 1e-9


def link_cell(table: TableView, row: RowView, q: Quantity, group: str | None) -> CellLink | None:
    """The cell a number talks about: the named group's cell, else the only cell that matches the value."""
    if q.role not in _ROLE_FIELDS or not _unit_ok(q.unit, row.label):
        return None
    candidates = []
    for col, cell in _cells_for(table, row, q.role):
        found = cell_value(cell, q.role)
        if found is None:
            continue
        name, num = found
        tol = _tolerance(q, num)
        matched = _consistent(q, num.value, cell.comparator if name == "p_value" else None, tol)  # type: ignore[attr-defined]
        candidates.append(CellLink(cell, col, name, tol, matched))
    if not candidates:
        return None
    named = resolve_group(table, group) if group else None
    if named is not None:
        chosen = next((c for c in candidates if c.column == named), None)
        if chosen is not None and not chosen.matched and group and group.startswith("@"):
            # "(12% vs 18%)" pairs its numbers with groups by position only; the sentence's order need not be
            # the table's ("among men … than among women" over a Women | Men table).  A number that another
            # group's cell holds is that group's number, not a wrong one.
            others = [c for c in candidates if c.matched and c.column != named]
            if others:
                return others[0]
        return chosen
    if q.role in ("p_value", "ratio") and len(candidates) == 1:
        return candidates[0]
    matching = [c for c in candidates if c.matched]
    return matching[0] if len(matching) == 1 else None


# --------------------------------------------------------------------------- sentences and scopes


def _normalise(text: str) -> str:
    return " ".join(text.split())


_TABLE_MENTION = re.compile(r"\bTables?\s+(\d+)(?:\s*(?:–|-|—|to|and|&)\s*(\d+))?", re.IGNORECASE)


def _mentioned_tables(text: str, by_number: dict[int, TableView]) -> list[TableView]:
    numbers: list[int] = []
    for m in _TABLE_MENTION.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        numbers.extend(range(first, min(last, first + 20) + 1))
    return [by_number[n] for n in dict.fromkeys(numbers) if n in by_number]


def _note_table(sentence: SentenceView, all_tables: list[TableView]) -> TableView | None:
    text = _normalise(sentence.text)
    if len(text) < 12:
        return None
    for table in all_tables:
        if table.notes and text in _normalise(table.notes):
            return table
    return None


@dataclass(frozen=True)
class SentenceScope:
    """Where a sentence's claims may point: a table note's table, tables it names, or anywhere."""

    tables: list[TableView]
    strict: bool
    note_of: TableView | None


def sentence_scope(sentence: SentenceView, all_tables: list[TableView]) -> SentenceScope:
    """The tables a sentence's claims are about, and whether that is binding."""
    by_number = {t.number: t for t in all_tables if t.number is not None}
    note = _note_table(sentence, all_tables)
    if note is not None:
        return SentenceScope([note], True, note)
    named = _mentioned_tables(sentence.text, by_number)
    if named:
        return SentenceScope(named, False, None)
    return SentenceScope(list(all_tables), False, None)


def claim_sentences(graph: Graph, all_tables: list[TableView] | None = None
                    ) -> list[tuple[SentenceView, SentenceScope]]:
    """Sentences whose claims are audited: abstract, results, discussion, conclusion, and table notes."""
    all_tables = tables(graph) if all_tables is None else all_tables
    out = []
    for sentence in sentences(graph):
        scope = sentence_scope(sentence, all_tables)
        if sentence.section_kind in CLAIM_SECTIONS or scope.note_of is not None:
            out.append((sentence, scope))
    return out


# --------------------------------------------------------------------------- linking one claim


@dataclass
class LinkedClaim:
    """A claim with its sentence, its links and (for a number) its cell."""

    spec: ClaimSpec
    sentence: SentenceView
    offset: int  # of the claim's sentence piece inside the sentence
    scope: SentenceScope
    piece: str = ""  # the sentence piece the claim was read from (a sentence split at inline headings)
    links: list[Link] = field(default_factory=list)
    cell: CellLink | None = None
    focus: ColumnView | None = None
    comparator: ColumnView | None = None
    withheld: str | None = None  # why a cell link was not made certain enough to judge (kga:linkWithheld)


# A number in the sentence that is no quantity of the claim: a table or figure number, the 95 of "95% CI".
_NOT_A_QUANTITY = re.compile(r"(?:table|fig(?:ure)?\.?|supplement\w*|ref\.?)\s*S?$|\[$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"[- ]?(?:hours?|days?|weeks?|months?|years?|h|d|wk|mo|yr)\b", re.IGNORECASE)
_SENTENCE_NUMBER = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?(?![\w]|\.\d|\s*%\s*(?:CI|confidence))")


def corroborated(piece: str, q: Quantity, row: RowView) -> bool:
    """Whether the row holds the sentence's other numbers, so the row is what the sentence reports.

    A sentence that prints several numbers ("p = 0.007, Bayes factor 2"; "41% vs 58%, p = 0.03") and
    is tied to a row none of whose cells holds any of its other numbers speaks of another analysis,
    subgroup or time point than that row: its one disagreeing number proves nothing.  A sentence with
    no other number is judged on the link alone.
    """
    others = []
    for m in _SENTENCE_NUMBER.finditer(piece):
        if q.start <= m.start() < q.end or _NOT_A_QUANTITY.search(piece[max(0, m.start() - 12):m.start()].rstrip()) \
                or _TIME_AFTER.match(piece, m.end()):
            continue  # the claim's own number, a table's number, a time point ("at 12 months")
        others.append(m.group(0))
    if not others:
        return True
    printed = [num for cell in row.cells.values() for num in cell.values.values()]
    for text in others:
        value = float(text)
        decimals = len(text.split(".", 1)[1]) if "." in text else 0
        if any(abs(num.value - value) <= 0.5 * 10 ** -min(decimals, num.decimals) + 1e-9 for num in printed):
            return True
    return False


_ADJUSTED = re.compile(r"(?<!un)(?<!non-)\badjusted\b|multivariabl|multivariate|multiple regression", re.IGNORECASE)
_CRUDE = re.compile(r"\bunadjusted\b|\bcrude\b|univariabl|univariate|bivariate", re.IGNORECASE)
_TIME_POINT = re.compile(r"\b(\d{1,3})[- ](?:(day|week|month|year)s?)\b|\b(baseline)\b", re.IGNORECASE)


def _time_points(text: str) -> set[str]:
    return {(m.group(3) or f"{m.group(1)} {m.group(2)}").lower() for m in _TIME_POINT.finditer(text)}


def analysis_disagrees(piece: str, table: TableView, row: RowView, cell: CellView) -> str | None:
    """Why the sentence reports another analysis or time point than the cell, or None when nothing says so.

    The sentence and the cell's table (caption, column and row labels) must agree on the kind of estimate
    (adjusted or unadjusted) and on the time point when both name one ("at 6 months" against a table of
    12-month outcomes).
    """
    where = " ".join((table.caption, cell.column_label, row.label))
    if _CRUDE.search(piece) and _ADJUSTED.search(where) and not _CRUDE.search(where):
        return "the sentence states an unadjusted estimate, the cell an adjusted one"
    if _ADJUSTED.search(piece) and _CRUDE.search(where) and not _ADJUSTED.search(where):
        return "the sentence states an adjusted estimate, the cell an unadjusted one"
    said, printed = _time_points(piece), _time_points(where)
    if said and printed and not said & printed:
        return f"the sentence speaks of {', '.join(sorted(said))}, the cell's table of {', '.join(sorted(printed))}"
    return None


def link_claim(spec: ClaimSpec, sentence: SentenceView, offset: int, scope: SentenceScope,
               linker: Linker, piece: str | None = None) -> LinkedClaim:
    """Link one claim to rows, tables, cells and group columns."""
    linked = LinkedClaim(spec, sentence, offset, scope, piece if piece is not None else sentence.text)
    if spec.attributed:
        return linked  # someone else's data: nothing in this paper's tables to hold it to
    if spec.kind == "number" and spec.quantities and spec.quantities[0].role not in _ROLE_FIELDS:
        return linked  # sample sizes, durations, money: not table quantities (text checks own them)
    _link_rows(linked, linker)
    _link_groups(linked)
    rows = [link for link in linked.links if link.row is not None]
    _link_value_cell(linked, rows)
    if linked.cell is not None and not linked.cell.matched and rows:
        _withhold_other_analysis(linked, rows)
    return linked


def _link_rows(linked: LinkedClaim, linker: Linker) -> None:
    """The rows and tables the claim's subject phrases name (each once); a table note's claim its table."""
    spec, scope = linked.spec, linked.scope
    seen: set[tuple[str, str]] = set()
    for phrase in spec.subjects:
        for link in linker.link(phrase, scope.tables, scope.strict):
            key = (str(link.table.iri), str(link.row.iri) if link.row else "")
            if key not in seen:
                seen.add(key)
                linked.links.append(link)
    if not linked.links and scope.note_of is not None and (spec.universal or not spec.subjects):
        # "Table 5 demonstrates favourable outcomes across all measured parameters": the whole table.
        linked.links.append(Link(scope.note_of, None, 0.7, "table_note", spec.scope or spec.cue))


def _link_groups(linked: LinkedClaim) -> None:
    """The focus and comparator group columns, when the claim is about one table."""
    tables_linked = {link.table.iri: link.table for link in linked.links}
    if len(tables_linked) == 1:
        table = next(iter(tables_linked.values()))
        groups = resolve_groups(table, linked.spec.focus_group, linked.spec.comparator_group)
        if groups is not None:
            linked.focus, linked.comparator, _ = groups


def _link_value_cell(linked: LinkedClaim, rows: list[Link]) -> None:
    """The cell holding the claim's number: the best row's (a number claim), or one row's p."""
    spec = linked.spec
    if spec.quantities and spec.quantities[0].role == "p_value" and len(linked.links) == 1 and rows \
            and len(rows[0].table.column("group")) <= 2 and len(rows[0].table.column("p_value")) == 1:
        # "hospital stay was shorter (p = 0.02)": the p stated for one row is compared with the row's p.
        linked.cell = link_cell(rows[0].table, rows[0].row, spec.quantities[0], None)  # type: ignore[arg-type]
    if spec.kind == "number" and spec.quantities:
        if rows:
            best = rows[0]
            assert best.row is not None
            linked.cell = link_cell(best.table, best.row, spec.quantities[0], spec.quantities[0].group or
                                    spec.focus_group)


def _withhold_other_analysis(linked: LinkedClaim, rows: list[Link]) -> None:
    """Unlink a mismatching cell when the sentence reports another analysis, time point or subgroup."""
    assert linked.cell is not None
    link = next((link for link in rows if link.row is not None and linked.cell.cell.iri in
                 {c.iri for c in link.row.cells.values()}), None)
    if link is not None and link.row is not None:
        why = analysis_disagrees(linked.piece, link.table, link.row, linked.cell.cell)
        if why is None and not corroborated(linked.piece, linked.spec.quantities[0], link.row):
            why = "the sentence's other numbers are not in the row: another analysis or subgroup"
        if why is not None:
            linked.withheld = why
            linked.cell = None


# --------------------------------------------------------------------------- triples


def _doc_id(graph: Graph) -> str:
    paper = paper_iri(graph)
    return str(paper)[len(DOC_BASE):] if paper is not None else "document"


def _decimal(value: float) -> Literal:
    return literal(repr(float(value)) if "e" in repr(float(value)) else str(value), XSD.decimal)


def quantity_key(spec: ClaimSpec) -> str | None:
    """What a number measures, normalised, so two statements of the same quantity can be compared."""
    if not spec.quantities or not spec.subjects:
        return None
    q = spec.quantities[0]
    if q.role not in ("percent", "mean", "count", "ratio", "duration", "change"):
        return None
    words = sorted(set(content_words(spec.subjects[0])))
    if not words:
        return None
    group = " ".join(sorted(content_words(spec.focus_group or ""))) if spec.focus_group else ""
    return f"{q.role}|{(q.unit or '').lower()}|{' '.join(words)}|{group}"


def write_claim(graph: Graph, doc_id: str, index: int, linked: LinkedClaim) -> URIRef:
    """Add one claim and its links to the graph."""
    spec, sentence = linked.spec, linked.sentence
    node = node_iri(doc_id, "claim", index)
    out: list[Triple] = []
    add = out.append
    add((node, RDF.type, KGA.Claim))
    add((node, KGA.claimKind, literal(spec.kind)))
    add((node, C4O.hasContent, literal(spec.text)))
    add((node, C4O.hasContext, sentence.iri))
    add((node, KGA.contextText, literal(linked.piece)))
    add((node, KGA["index"], literal(index)))
    add((node, KGA.claimCue, literal(spec.cue)))
    section = graph.value(sentence.iri, FRBR.partOf)
    if section is not None:
        add((node, KGA.inSection, section))
    if sentence.char_start is not None:
        add((node, KGA.charStart, literal(sentence.char_start + linked.offset + spec.start)))
        add((node, KGA.charEnd, literal(sentence.char_start + linked.offset + spec.end)))
    for phrase in spec.subjects:
        add((node, KGA.subjectPhrase, literal(phrase)))
    if spec.polarity:
        add((node, KGA.assertsSignificance, literal(spec.polarity)))
    if spec.direction:
        add((node, KGA.assertsDirection, literal(spec.direction)))
    if spec.negated:
        add((node, KGA.negated, literal(True)))
    if spec.hedge:
        add((node, KGA.hedge, literal(spec.hedge)))
    add((node, KGA.claimStrength, literal(spec.strength)))
    if spec.scope:
        add((node, KGA.scope, literal(spec.scope)))
        add((node, KGA.universalScope, literal(spec.universal)))
    add((node, KGA.betweenGroups, literal(spec.between_groups or linked.scope.note_of is not None)))
    add((node, KGA.attributed, literal(spec.attributed)))
    if spec.focus_group:
        add((node, KGA.groupPhrase, literal(spec.focus_group)))
    if spec.comparator_group:
        add((node, KGA.comparatorPhrase, literal(spec.comparator_group)))
    if spec.quantities:
        _write_value(out, node, spec, linked)
    _write_links(out, node, linked)
    add_triples(graph, out)
    return node


def _write_value(out: list[Triple], node: URIRef, spec: ClaimSpec, linked: LinkedClaim) -> None:
    q = spec.quantities[0]
    out.append((node, KGA.assertsValue, _decimal(q.value)))
    out.append((node, KGA.assertedValueText, literal(q.text)))
    out.append((node, KGA.assertedValueKind, literal(q.role)))
    out.append((node, KGA.assertsComparator, literal(q.comparator)))
    if q.unit:
        out.append((node, KGA.valueUnit, literal(q.unit)))
    if q.high is not None:
        out.append((node, KGA.assertsValueHigh, _decimal(q.high)))
    key = quantity_key(spec)
    if key:
        out.append((node, KGA.quantityKey, literal(key)))
    tolerance = linked.cell.tolerance if linked.cell else 0.5 * 10 ** -q.decimals
    out.append((node, KGA.valueTolerance, _decimal(round(tolerance, 10))))


def _write_links(out: list[Triple], node: URIRef, linked: LinkedClaim) -> None:
    best = 0.0
    for k, link in enumerate(linked.links):
        target = link.row.iri if link.row is not None else link.table.iri
        link_node = URIRef(f"{node}/link/{k}")
        out.append((node, KGA.hasLink, link_node))
        out.append((link_node, RDF.type, KGA.ClaimLink))
        out.append((link_node, KGA.linkTarget, target))
        out.append((link_node, KGA.linkConfidence, _decimal(link.confidence)))
        out.append((link_node, KGA.linkMethod, literal(link.method)))
        out.append((link_node, KGA.matchedPhrase, literal(link.phrase)))
        out.append((node, KGA.aboutTable, link.table.iri))
        rows = [link.row] if link.row is not None else [r for r in link.table.rows
                                                         if not NOT_AN_OUTCOME.search(r.label)]
        for row in rows:
            out.append((node, KGA.about, row.iri))
        best = max(best, link.confidence)
    if linked.cell is not None:
        out.append((node, KGA.aboutCell, linked.cell.cell.iri))
        out.append((node, KGA.cellField, literal(linked.cell.field)))
        best = max(best, 0.9 if linked.cell.matched else best)
    if linked.withheld:
        out.append((node, KGA.linkWithheld, literal(linked.withheld)))
    if linked.focus is not None:
        out.append((node, KGA.aboutGroup, linked.focus.iri))
    if linked.comparator is not None:
        out.append((node, KGA.comparedWith, linked.comparator.iri))
    if linked.links:
        out.append((node, KGA.linkConfidence, _decimal(round(best, 3))))


# --------------------------------------------------------------------------- the derivation


def linked_claims(graph: Graph) -> list[LinkedClaim]:
    """Every claim of the paper's audited sentences, linked (nothing written)."""
    all_tables = tables(graph)
    linker = Linker(all_tables)
    out = []
    for sentence, scope in claim_sentences(graph, all_tables):
        for offset, piece in claim_units(sentence.text):
            for spec in extract_claims(piece):
                out.append(link_claim(spec, sentence, offset, scope, linker, piece))
    return out


@derivation("claims", provides="claims", order=40)
def derive_claims(graph: Graph) -> None:
    """Extract, link and write every claim (``kga:Claim`` nodes under ``D/claim/{i}``)."""
    doc_id = _doc_id(graph)
    unlinked = 0
    for index, linked in enumerate(linked_claims(graph)):
        write_claim(graph, doc_id, index, linked)
        q = linked.spec.quantities[0] if linked.spec.quantities else None
        if q is not None and q.role in _ROLE_FIELDS and not linked.spec.attributed and linked.cell is None:
            unlinked += 1
    paper = paper_iri(graph)
    if paper is not None:
        # Numbers stated in the prose that no table cell was tied to with certainty: not judged.
        graph.add((paper, KGA.unlinkedClaimCount, Literal(unlinked)))
