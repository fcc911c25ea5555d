"""Recall and precision of the checks on a synthetic corpus, from its manifest and a batch's findings table.

Matching rules (a finding and a planted defect of the same paper):

* **recall** of a check: the share of its planted defects that at least one
  finding *of that check* matches by location;
* **precision** of a family: the share of the family's findings that match,
  by location, a defect planted in that paper *in the same family* (a finding
  that a planted defect explains is not a false alarm, even when a sibling
  check of the family raised it).

Locations match on the keys both sides have: a reference number (the finding's
``reference``, ``references``, its ``cited`` evidence or the pointer it quotes),
a set of references (any in common), a table label, a row label (or one of
several).  Corpus findings match the mill papers they name.  Sections are not
compared (papers print them in different forms).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class Score:
    """Counts and rates for one check or family."""

    planted: int = 0
    found: int = 0  # planted defects matched (recall numerator)
    findings: int = 0
    correct: int = 0  # findings matched (precision numerator)

    @property
    def recall(self) -> float:
        """found / planted (0 when nothing was planted)."""
        return self.found / self.planted if self.planted else 0.0

    @property
    def precision(self) -> float | None:
        """correct / findings; None when there were no findings."""
        return self.correct / self.findings if self.findings else None


def _numbers_in(text: str | None) -> set[int]:
    if not text:
        return set()
    return {int(n) for n in re.findall(r"\d+", text.translate(_SUPERSCRIPT_DIGITS))}


def _finding_references(row: Mapping[str, Any]) -> set[int]:
    refs: set[int] = set()
    if row.get("reference") not in (None, "") and not _is_nan(row["reference"]):
        refs.add(int(row["reference"]))
    if row.get("references"):
        refs |= {int(r) for r in str(row["references"]).split(",") if r.strip()}
    evidence = row.get("evidence")
    if isinstance(evidence, str) and evidence:
        try:
            evidence = json.loads(evidence)
        except ValueError:
            evidence = {}
    if isinstance(evidence, dict) and str(evidence.get("cited", "")).isdigit():
        refs.add(int(evidence["cited"]))
    if not refs:
        refs = _numbers_in(row.get("quote"))
    return refs


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def location_matches(planted: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """Whether a finding row's location agrees with a planted defect's location (see module docstring)."""
    if "reference" in planted and planted["reference"] not in _finding_references(row):
        return False
    if "references" in planted and not set(planted["references"]) & _finding_references(row):
        return False
    table = row.get("table")
    if "table" in planted and table and not _is_nan(table) and planted["table"] not in str(table).split("; "):
        return False
    label = row.get("row")
    if label and not _is_nan(label):
        wanted = planted.get("rows") or ([planted["row"]] if "row" in planted else [])
        if wanted and not set(str(label).split("; ")) & set(wanted):
            return False
    return True


def _manifest_id(row: Mapping[str, Any]) -> str:
    """The manifest's name of a row's paper: its file's name without the suffix (the manifest names
    papers by file, a batch by document id), or the row's paper id when the row has no source."""
    source = row.get("source")
    if source and not _is_nan(source):
        return PurePath(str(source)).stem
    return str(row["paper_id"])


def score(defects: Iterable[Mapping[str, Any]], rows: Iterable[Mapping[str, Any]]
          ) -> tuple[dict[str, Score], dict[str, Score]]:
    """Per-check and per-family scores for planted ``defects`` (manifest entries) and finding ``rows``."""
    by_paper: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    checks: dict[str, Score] = defaultdict(Score)
    families: dict[str, Score] = defaultdict(Score)
    planted_list = list(defects)
    for defect in planted_list:
        by_paper[defect["paper_id"]].append(defect)
    found: set[int] = set()
    for row in rows:
        check = row["check"]
        if check == "batch.failed":
            continue
        family = check.split(".", 1)[0]
        checks[check].findings += 1
        families[family].findings += 1
        same_family = [d for d in by_paper.get(_manifest_id(row), []) if d["family"] == family
                       and location_matches(d["location"], row)]
        if same_family:
            checks[check].correct += 1
            families[family].correct += 1
        for defect in same_family:
            if defect["check"] == check:
                found.add(id(defect))
    for defect in planted_list:
        checks[defect["check"]].planted += 1
        families[defect["family"]].planted += 1
        if id(defect) in found:
            checks[defect["check"]].found += 1
            families[defect["family"]].found += 1
    return dict(checks), dict(families)


def score_table(scores: Mapping[str, Score]) -> str:
    """A plain-text table: name, planted, found, recall, findings, correct, precision."""
    lines = [f"{'':36} {'planted':>7} {'found':>6} {'recall':>7} {'findings':>8} {'correct':>7} {'precision':>9}"]
    for name, s in sorted(scores.items()):
        precision = "-" if s.precision is None else f"{s.precision:.2f}"
        lines.append(f"{name:36} {s.planted:7} {s.found:6} {s.recall:7.2f} {s.findings:8} {s.correct:7} {precision:>9}")
    return "\n".join(lines)
