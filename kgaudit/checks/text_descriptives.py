"""Means and SDs printed in running text ("M = 3.47, SD = 1.20") or in APA tables, tested for integer data.

APA tables print n, M and SD in separate columns (``| Anxiety | 32 | 2.48 | 1.10 |``), or M (SD) in one
cell under a group, with the N in the note ("Note. N = 120."); :func:`table_descriptives` reads those
rows for the measures the paper declares, with the same two conditions as the text.

The table checks of :mod:`kgaudit.checks.stats` (``stats.grim``, ``stats.grimmer``,
``stats.debit``, ``stats.sd_impossible``) call the functions here, so one id
covers a mean whether a table or a sentence prints it.

A text mean is tested only when the paper establishes both things the tests
need (otherwise nothing is said):

* **what the data are**: the method names the measure as a single item, or as
  the mean (or sum) of k items, rated on a stated scale ("Anxiety and liking were
  measured with single items rated from 1 to 5", "Self-efficacy was the mean of
  four items rated from 1 to 7"), or as binary (0/1);  a mean of k items moves in
  steps of 1/k, which the tests use (and the message says);
* **the n that applies**: ``n = …`` beside the mean (same parentheses or the only
  n of the sentence), or a group named in the sentence whose size the method
  states ("the worked-example group (n = 32)"); in a table, the row's n column,
  the column's printed n, or the one N the table's note or caption states.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph

from kgaudit.checks.base import Finding, Location
from kgaudit.checks.text_statistics import method_groups
from kgaudit.graph.views import CellView, ColumnView, RowView, SentenceView, TableView, sentences, tables
from kgaudit.model import Num
from kgaudit.stats.numeric import (
    binary_sd,
    debit_consistent,
    grim_consistent,
    grimmer_consistent,
    max_sd_for_bounded,
)

_NUMBER = r"-?\d*\.?\d+"
# "M = 3.47, SD = 1.20" (also "Mean = …", "SD of …"), optionally with "n = 32" before or after, in one clause.
# Also "M = 3.47 (SD = 1.20)".
_MEAN_SD = re.compile(
    rf"(?:\b[nN]\s*=\s*(?P<n1>\d+)\s*[,;]\s*)?\b(?:M|Mean|mean)\s*=\s*(?P<mean>{_NUMBER})\s*(?:[,;]|\()\s*"
    rf"(?:SD|s\.d\.|sd)\s*=\s*(?P<sd>{_NUMBER})\)?(?:\s*[,;]\s*[nN]\s*=\s*(?P<n2>\d+))?"
)
_LOWER_N = re.compile(r"(?<![A-Za-z])n\s*=\s*(\d+)")
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}
_COUNT_WORD = r"(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
# The scale of the ratings: "from 1 to 5", "on a 1–7 scale", "(1 = never, 5 = always)".
_SCALE = re.compile(
    r"\bfrom\s+(?P<a>-?\d+)\s*(?:\([^)]*\)\s*)?to\s+(?P<b>\d+)\b|\b(?P<c>-?\d+)\s*[-–]\s*(?P<d>\d+)\s*(?:scale|Likert)"
    r"|\(\s*(?P<e>-?\d+)\s*=\s*[^,;()]+[,;]\s*(?P<f>\d+)\s*=\s*[^)]+\)"
)
# "a 5-point scale": whole-number responses, but whether it runs 0–4 or 1–5 is not said (no bounds).
_POINTS = re.compile(r"\b\d+-point\b", re.IGNORECASE)
_SINGLE_ITEM = re.compile(
    r"\bsingle[-\s](?:\d+-point\s+|Likert[-\s]type\s+|rating\s+)?items?\b|\bone[-\s]item\b"
    r"|\bwith\s+(?:a|one)\s+(?:single\s+)?item\b", re.IGNORECASE)
_K_ITEMS = re.compile(
    rf"\b(?:mean|average)\s+of\s+(?:the\s+)?{_COUNT_WORD}\s+items\b|\b{_COUNT_WORD}[-\s]item\s+(?:scale|measure)",
    re.IGNORECASE,
)
_BINARY = re.compile(r"\b(?:coded|scored)\s+(?:as\s+)?0\s*(?:or|/|and)\s*1\b|\bbinary\b|\bdichotomous\b",
                     re.IGNORECASE)
_SUBJECT = re.compile(
    r"^(?P<subject>.+?)\s+(?:was|were)\s+(?:each\s+)?(?:measured|assessed|rated|scored|coded|the|(?:a\s+)?single)\b")
# Other wordings that name the measure: "Participants rated their anxiety on a single item",
# "A single item measured anxiety", "anxiety (single item, 1–5)".
_OTHER_SUBJECTS = (
    re.compile(r"\brated\s+(?:their|his|her|how)\s+(?P<subject>[\w-]+(?:\s(?:and|of)\s[\w-]+)?)\s+(?:on|with)\b",
               re.IGNORECASE),
    re.compile(r"\bitems?\s+(?:measured|assessed|captured)\s+(?P<subject>[\w-]+(?:\s(?:and|of)\s[\w-]+)?)\b",
               re.IGNORECASE),
)
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*and\s+|,|\band\b)\s*")


@dataclass(frozen=True)
class Measure:
    """A measure the method describes: its name, how many items it averages, and its scale."""

    name: str
    items: int  # 1: single integer item; k: mean of k items (steps of 1/k); 0: binary (0/1)
    low: int | None
    high: int | None
    statement: str


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_NUMBERS[word.lower()]


def _measures_in(text: str) -> list[Measure]:
    """The measures one sentence declares (name, granularity, scale)."""
    subject = _SUBJECT.match(text) or next((m for p in _OTHER_SUBJECTS if (m := p.search(text))), None)
    if subject is None:
        return []
    items: int | None = None
    if _BINARY.search(text):
        items = 0
    elif _SINGLE_ITEM.search(text):
        items = 1
    elif (k := _K_ITEMS.search(text)) is not None:
        items = _count(next(g for g in k.groups() if g))
    if items is None:
        return []
    scale = _SCALE.search(text)
    low = high = None
    if scale is None and not _POINTS.search(text) and items != 0:
        return []  # ratings need a stated scale: an unbounded "item" may be a count or a time
    if scale is not None:
        a, b = next((x, y) for x, y in ((scale.group("a"), scale.group("b")), (scale.group("c"), scale.group("d")),
                                       (scale.group("e"), scale.group("f"))) if x is not None)
        low, high = int(a), int(b)
        if low >= high:
            low = high = None
    if items == 0:
        low, high = 0, 1
    found = []
    for name in _SPLIT_NAMES.split(subject.group("subject")):
        name = re.sub(r"^(?:the|each|both)\s+", "", name.strip(), flags=re.IGNORECASE).lower()
        if name and len(name) > 2 and name not in ("they", "it", "items", "participants"):
            found.append(Measure(name, items, low, high, text))
    return found


def declared_measures(all_sentences: list[SentenceView]) -> dict[str, Measure]:
    """Measures whose granularity the method states, by lower-case name."""
    measures: dict[str, Measure] = {}
    for s in all_sentences:
        if s.section_kind not in ("methods", None):
            continue
        for measure in _measures_in(s.text):
            measures.setdefault(measure.name, measure)
    return measures


@dataclass(frozen=True)
class TextDescriptive:
    """A mean and SD printed in a sentence or a table row, with the measure and n that apply."""

    quote: str
    mean: Num
    sd: Num
    n: int
    n_source: str
    measure: Measure
    focus: str  # the sentence's or the mean cell's IRI
    location: Location
    place: str = ""  # "Table 2, Anxiety (Women): " for a table row; empty for a sentence


def _num(text: str) -> Num:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Num(float(text), text, decimals)


def _n_for(sentence: str, match: re.Match[str], groups: dict[str, int]) -> tuple[int, str] | None:
    n = match.group("n1") or match.group("n2")
    if n:
        return int(n), "printed beside the mean"
    before = sentence[: match.start()].lower()
    # A group named just before the mean ("the worked-example group (M = …)") whose size the method states.
    named = [(before.rfind(name), name, size) for name, size in groups.items()
             if re.search(rf"\b{re.escape(name)}\b", before)]
    if named:
        position, name, size = max(named)
        if len(before) - position <= 60:
            return size, f"the {name} group's n stated in the method"
    sizes = _LOWER_N.findall(sentence)
    if len(sizes) == 1 and len(_MEAN_SD.findall(sentence)) == 1:
        return int(sizes[0]), "the sentence's n"
    return None


def _measure_for(sentence: str, position: int, measures: dict[str, Measure]) -> Measure | None:
    before = sentence[:position].lower()
    found = [(before.rfind(name), m) for name, m in measures.items() if re.search(rf"\b{re.escape(name)}\b", before)]
    return max(found, key=lambda x: x[0])[1] if found else None


def text_descriptives(graph: Graph) -> list[TextDescriptive]:
    """Every text mean and SD whose measure granularity and n the paper establishes."""
    all_sentences = sentences(graph)
    measures = declared_measures(all_sentences)
    for table in tables(graph):  # a table's note declares its measures too ("Note. Items rated 1–5.")
        for sentence in re.split(r"(?<=\.)\s+", table.notes or ""):
            for measure in _measures_in(re.sub(r"^[*_]*Note\.?[*_]*\s*", "", sentence)):
                measures.setdefault(measure.name, measure)
    if not measures:
        return []
    groups = method_groups(all_sentences)
    out = []
    for s in all_sentences:
        if s.section_kind in ("methods", "references"):
            continue
        for match in _MEAN_SD.finditer(s.text):
            measure = _measure_for(s.text, match.start(), measures)
            n = _n_for(s.text, match, groups)
            if measure is None or n is None or n[0] < 2:
                continue
            location = Location(section=s.section, quote=match.group(0), char_start=s.char_start,
                                char_end=s.char_end)
            out.append(TextDescriptive(match.group(0), _num(match.group("mean")), _num(match.group("sd")),
                                       n[0], n[1], measure, str(s.iri), location))
    return out + table_descriptives(graph, measures)


# --------------------------------------------------------------------------- APA tables

_EMPHASIS = re.compile(r"[*_]")
_M_HEAD = re.compile(r"(?P<group>.*?)\s*\b(?:M|Mean|mean|MEAN)")
_SD_HEAD = re.compile(r"(?P<group>.*?)\s*\b(?:SD|S\.D\.|sd|s\.d\.)")
_N_HEAD = re.compile(r"(?P<group>.*?)\s*\b[nN]")
_MEAN_SD_HEAD = re.compile(r"\b(?:M|Mean|mean)\s*(?:\(\s*SD\s*\)|±\s*SD)")
# The one sample size a table states for all its rows ("Note. N = 120.", "(N = 120)" in the caption).
_TABLE_N = re.compile(r"(?<![A-Za-z])N\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)")
_ROW_N = re.compile(r"\(\s*n\s*=\s*(\d+)\s*\)")
_ROW_NUMBER = re.compile(r"^\s*\d+\.\s*")
_LABEL_PARTS = re.compile(r"\s*[,;:()\[\]–—]\s*")


@dataclass(frozen=True)
class _MeanColumns:
    """Where a table prints one group's means: M and SD columns side by side (or one M (SD) column), and the
    n column that applies to them."""

    mean: ColumnView
    sd: ColumnView | None  # None: the mean column prints "M (SD)" in one cell
    n: ColumnView | None


def _head_label(column: ColumnView) -> str:
    return " ".join(_EMPHASIS.sub("", column.label).split())


def _mean_columns(table: TableView) -> list[_MeanColumns]:
    """The table's mean columns with their SD and n columns, read from the header."""
    columns = sorted(table.columns, key=lambda c: c.index)
    n_columns = [c for c in columns if _N_HEAD.fullmatch(_head_label(c))]
    found: list[_MeanColumns] = []
    last_n: ColumnView | None = None
    for i, column in enumerate(columns):
        label = _head_label(column)
        if column in n_columns:
            last_n = column
            continue
        n_column = last_n or (n_columns[0] if len(n_columns) == 1 else None)
        if _M_HEAD.fullmatch(label) and i + 1 < len(columns) and _SD_HEAD.fullmatch(_head_label(columns[i + 1])):
            found.append(_MeanColumns(column, columns[i + 1], n_column))
            last_n = None
        elif _MEAN_SD_HEAD.search(label):
            found.append(_MeanColumns(column, None, n_column))
            last_n = None
    return found


def _table_n(table: TableView) -> int | None:
    """The one N the table's note or caption states, if it states exactly one."""
    sizes = {int(m.replace(",", "")) for m in _TABLE_N.findall(f"{table.caption} {table.notes}")}
    return sizes.pop() if len(sizes) == 1 else None


def _row_measure(row: RowView, measures: dict[str, Measure]) -> Measure | None:
    """The declared measure a row reports: one part of its label ("Anxiety, worked example", "Anxiety (T1)")
    is the measure's name.  A label that merely contains the name ("Stress hormone") is another variable,
    and a caption naming one measure is not enough either (its rows may be age or weight)."""
    label = _ROW_NUMBER.sub("", _EMPHASIS.sub("", row.label)).lower()
    parts = {part.strip() for part in _LABEL_PARTS.split(label)}
    return next((m for name, m in measures.items() if name in parts), None)


def _row_n(table: TableView, row: RowView, where: _MeanColumns, single_group: bool) -> tuple[int, str] | None:
    """The n of one row's mean: its n column, "(n = 32)" in its label, the mean column's header, or the
    table's one N (only when the table prints a single group)."""
    if where.n is not None:
        cell = row.cells.get(where.n.index)
        number = cell.values.get("number") if cell is not None else None
        if number is not None and number.value.is_integer():
            return int(number.value), f"the “{where.n.label}” column"
        return None  # an n column without a whole number for this row: nothing to use
    if (in_label := _ROW_N.search(row.label)) is not None:
        return int(in_label.group(1)), "the row label"
    if where.mean.n:
        return where.mean.n, "the column header"
    table_n = _table_n(table)
    if single_group and table_n is not None:
        return table_n, "the N stated in the table's note or caption"
    return None


def _mean_and_sd(row: RowView, where: _MeanColumns) -> tuple[CellView, Num, Num, str] | None:
    cell = row.cells.get(where.mean.index)
    if cell is None:
        return None
    if where.sd is None:
        mean, sd = cell.values.get("mean"), cell.values.get("sd")
        quote = cell.raw
    else:
        sd_cell = row.cells.get(where.sd.index)
        mean = cell.values.get("number") if cell.kind == "number" else None
        sd = sd_cell.values.get("number") if sd_cell is not None and sd_cell.kind == "number" else None
        quote = f"M = {cell.raw}, SD = {sd_cell.raw if sd_cell is not None else ''}"
    if mean is None or sd is None or sd.value < 0:
        return None
    return cell, mean, sd, quote


def table_descriptives(graph: Graph, measures: dict[str, Measure]) -> list[TextDescriptive]:
    """Means and SDs in table rows whose measure the paper declares and whose n the table establishes."""
    out = []
    for table in tables(graph):
        mean_columns = _mean_columns(table)
        for row in table.rows:
            measure = _row_measure(row, measures)
            if measure is None:
                continue
            for where in mean_columns:
                read = _mean_and_sd(row, where)
                n = _row_n(table, row, where, single_group=len(mean_columns) == 1)
                if read is None or n is None or n[0] < 2:
                    continue
                cell, mean, sd, quote = read
                group = _M_HEAD.fullmatch(_head_label(where.mean))
                column = (group.group("group") if group else "") or where.mean.label
                location = Location(table=table.label, row=row.label, column=where.mean.label, quote=quote,
                                    char_start=cell.char_start, char_end=cell.char_end)
                out.append(TextDescriptive(quote, mean, sd, n[0], n[1], measure, str(cell.iri), location,
                                           place=f"{table.label}, {row.label} ({column}): "))
    return out


def _grain(measure: Measure) -> str:
    if measure.items == 1:
        return "whole-number responses (a single item)"
    return f"responses in steps of 1/{measure.items} (the mean of {measure.items} items)"


def _where(d: TextDescriptive) -> Location:
    return d.location


def _head(d: TextDescriptive) -> str:
    return f"{d.place}“{d.quote}” ({d.measure.name}, n = {d.n}: {d.n_source})"


def text_grim_findings(graph: Graph) -> Iterator[Finding]:
    """GRIM on text means of integer measures."""
    for d in text_descriptives(graph):
        if d.measure.items < 1 or d.mean.decimals == 0 or grim_consistent(d.mean.text, d.n, d.measure.items):
            continue
        yield Finding(
            check="stats.grim", severity="error",
            message=f"{_head(d)}: a mean of {d.mean.text} is impossible for {_grain(d.measure)} with n = {d.n} "
                    f"(no whole-number total / {d.n * d.measure.items} rounds to it)",
            focus=d.focus, location=_where(d),
            evidence={"mean": d.mean.text, "n": d.n, "items": d.measure.items, "test": "GRIM",
                      "measure": d.measure.statement},
        )


def text_grimmer_findings(graph: Graph) -> Iterator[Finding]:
    """GRIMMER on text mean-SD pairs of integer measures (GRIM-consistent means only)."""
    for d in text_descriptives(graph):
        items = d.measure.items
        if (items < 1 or d.sd.decimals == 0 or not grim_consistent(d.mean.text, d.n, items)
                or grimmer_consistent(d.mean.text, d.sd.text, d.n, items)):
            continue
        yield Finding(
            check="stats.grimmer", severity="error",
            message=f"{_head(d)}: SD {d.sd.text} is impossible for {_grain(d.measure)} with mean {d.mean.text} "
                    f"and n = {d.n} (GRIMMER)",
            focus=d.focus, location=_where(d),
            evidence={"mean": d.mean.text, "sd": d.sd.text, "n": d.n, "items": items, "test": "GRIMMER",
                      "measure": d.measure.statement},
        )


def text_debit_findings(graph: Graph) -> Iterator[Finding]:
    """DEBIT on text mean-SD pairs of binary (0/1) measures."""
    for d in text_descriptives(graph):
        if d.measure.items != 0 or not 0 <= d.mean.value <= 1 or debit_consistent(d.mean.text, d.sd.text, d.n):
            continue
        yield Finding(
            check="stats.debit", severity="error",
            message=f"{_head(d)}: SD {d.sd.text} is impossible for binary data with mean {d.mean.text} and "
                    f"n = {d.n}: a proportion of {d.mean.text} has SD {binary_sd(d.mean.value, d.n):.3f} (DEBIT)",
            focus=d.focus, location=_where(d),
            evidence={"mean": d.mean.text, "sd": d.sd.text, "n": d.n, "test": "DEBIT"},
        )


def text_sd_bound_findings(graph: Graph) -> Iterator[Finding]:
    """A text SD larger than the measure's scale allows for its mean (Bhatia–Davis), or a mean off the scale."""
    for d in text_descriptives(graph):
        low, high = d.measure.low, d.measure.high
        if low is None or high is None or d.measure.items == 0:
            continue
        if not low <= d.mean.value <= high:
            yield Finding(
                check="stats.sd_impossible", severity="error",
                message=f"{_head(d)}: mean {d.mean.text} lies outside the {low}–{high} scale the method states",
                focus=d.focus, location=_where(d),
                evidence={"mean": d.mean.text, "low": low, "high": high, "measure": d.measure.statement},
            )
            continue
        half = 0.5 * 10 ** -d.mean.decimals
        limit = max(max_sd_for_bounded(m, low, high, d.n) for m in (d.mean.value - half, d.mean.value + half)
                    if low <= m <= high)
        if d.sd.value - 0.5 * 10 ** -d.sd.decimals > limit:
            yield Finding(
                check="stats.sd_impossible", severity="error",
                message=f"{_head(d)}: SD {d.sd.text} is impossible for mean {d.mean.text} on the {low}–{high} "
                        f"scale the method states: the largest possible SD is {limit:.2f}",
                focus=d.focus, location=_where(d),
                evidence={"mean": d.mean.text, "sd": d.sd.text, "n": d.n, "low": low, "high": high,
                          "max_sd": round(limit, 4), "test": "Bhatia–Davis", "measure": d.measure.statement},
            )
