"""Means and SDs printed in running text ("M = 3.47, SD = 1.20"), tested for integer data.

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
  states ("the worked-example group (n = 32)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph

from kgaudit.checks.base import Finding, Location
from kgaudit.checks.text_statistics import method_groups
from kgaudit.graph.views import SentenceView, sentences
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
_SINGLE_ITEM = re.compile(r"\bsingle[-\s]items?\b|\bone[-\s]item\b|\bwith\s+(?:a|one)\s+(?:single\s+)?item\b",
                          re.IGNORECASE)
_K_ITEMS = re.compile(
    rf"\b(?:mean|average)\s+of\s+(?:the\s+)?{_COUNT_WORD}\s+items\b|\b{_COUNT_WORD}[-\s]item\s+(?:scale|measure)",
    re.IGNORECASE,
)
_BINARY = re.compile(r"\b(?:coded|scored)\s+(?:as\s+)?0\s*(?:or|/|and)\s*1\b|\bbinary\b|\bdichotomous\b",
                     re.IGNORECASE)
_SUBJECT = re.compile(r"^(?P<subject>.+?)\s+(?:was|were)\s+(?:each\s+)?(?:measured|assessed|rated|scored|coded|the)\b")
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


def declared_measures(all_sentences: list[SentenceView]) -> dict[str, Measure]:
    """Measures whose granularity the method states, by lower-case name."""
    measures: dict[str, Measure] = {}
    for s in all_sentences:
        if s.section_kind not in ("methods", None):
            continue
        text = s.text
        subject = _SUBJECT.match(text) or next((m for p in _OTHER_SUBJECTS if (m := p.search(text))), None)
        if subject is None:
            continue
        items: int | None = None
        if _BINARY.search(text):
            items = 0
        elif _SINGLE_ITEM.search(text):
            items = 1
        elif (k := _K_ITEMS.search(text)) is not None:
            items = _count(next(g for g in k.groups() if g))
        if items is None:
            continue
        scale = _SCALE.search(text)
        low = high = None
        if scale is None and not _POINTS.search(text) and items != 0:
            continue  # ratings need a stated scale: an unbounded "item" may be a count or a time
        if scale is not None:
            a, b = next((x, y) for x, y in ((scale.group("a"), scale.group("b")), (scale.group("c"), scale.group("d")),
                                           (scale.group("e"), scale.group("f"))) if x is not None)
            low, high = int(a), int(b)
            if low >= high:
                low = high = None
        if items == 0:
            low, high = 0, 1
        for name in _SPLIT_NAMES.split(subject.group("subject")):
            name = re.sub(r"^(?:the|each|both)\s+", "", name.strip(), flags=re.IGNORECASE).lower()
            if name and len(name) > 2 and name not in ("they", "it", "items", "participants"):
                measures.setdefault(name, Measure(name, items, low, high, text))
    return measures


@dataclass(frozen=True)
class TextDescriptive:
    """A mean and SD printed in a sentence, with the measure and n that apply."""

    sentence: SentenceView
    quote: str
    mean: Num
    sd: Num
    n: int
    n_source: str
    measure: Measure


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
            out.append(TextDescriptive(s, match.group(0), _num(match.group("mean")), _num(match.group("sd")),
                                       n[0], n[1], measure))
    return out


def _grain(measure: Measure) -> str:
    if measure.items == 1:
        return "whole-number responses (a single item)"
    return f"responses in steps of 1/{measure.items} (the mean of {measure.items} items)"


def _where(d: TextDescriptive) -> Location:
    return Location(section=d.sentence.section, quote=d.quote, char_start=d.sentence.char_start,
                    char_end=d.sentence.char_end)


def _head(d: TextDescriptive) -> str:
    return f"“{d.quote}” ({d.measure.name}, n = {d.n}: {d.n_source})"


def text_grim_findings(graph: Graph) -> Iterator[Finding]:
    """GRIM on text means of integer measures."""
    for d in text_descriptives(graph):
        if d.measure.items < 1 or d.mean.decimals == 0 or grim_consistent(d.mean.text, d.n, d.measure.items):
            continue
        yield Finding(
            check="stats.grim", severity="error",
            message=f"{_head(d)}: a mean of {d.mean.text} is impossible for {_grain(d.measure)} with n = {d.n} "
                    f"(no whole-number total / {d.n * d.measure.items} rounds to it)",
            focus=str(d.sentence.iri), location=_where(d),
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
            focus=str(d.sentence.iri), location=_where(d),
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
            focus=str(d.sentence.iri), location=_where(d),
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
                focus=str(d.sentence.iri), location=_where(d),
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
                focus=str(d.sentence.iri), location=_where(d),
                evidence={"mean": d.mean.text, "sd": d.sd.text, "n": d.n, "low": low, "high": high,
                          "max_sd": round(limit, 4), "test": "Bhatia–Davis", "measure": d.measure.statement},
            )
