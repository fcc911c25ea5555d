"""How well printed journal names resolve to the journal knowledge base, and at what cost.

Positives (names that denote a journal of the table, as printed elsewhere):

* every title/abbreviation pair of the NLM MEDLINE and NLM/PMC lists and JabRef's
  Index Medicus, life-science and general lists whose abbreviation belongs to a
  table journal;
* Crossref's abbreviation list (normalised abbreviation → lower-cased title);
* two harder, derived forms: titles half abbreviated word by word after the
  MEDLINE abbreviation ("Journal Vasc Interv Radiology"), and abbreviations with
  one letter dropped from their longest word ("J Vasc Intrv Radiol").

Negatives: every title and abbreviation of the ~5,000 MEDLINE and NLM/PMC journals
that are *not* in the table.  Each must come back unknown (None).

For every score threshold the script prints how many positives resolve to the
right journal (recall), how many to a wrong one, and how many negatives resolve
to some journal (false positives); then the resolution speed.
Run: ``python benchmarks/journal_resolution.py``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from kgaudit.resolve import journals as kb  # noqa: E402

LISTS = REPO.parent / "shared" / "data" / "journals"
THRESHOLDS = (0.80, 0.84, 0.86, 0.875, 0.88, 0.90, 0.92, 0.95)


def _abbrev_index(base: kb.JournalBase) -> dict[str, str]:
    return {kb.normalize_name(e.nlm_abbrev): e.id for e in base}


def list_pairs() -> list[tuple[str, str]]:
    """(title, abbreviation) pairs from the NLM and JabRef lists."""
    pairs: list[tuple[str, str]] = []
    for name in ("medline", "nlm"):
        data = json.loads((LISTS / "csl-abbreviations" / f"{name}-abbreviations.json").read_text())
        pairs += list(data["default"]["container-title"].items())
    for name in ("medicus", "lifescience", "general", "entrez"):
        with open(LISTS / "jabref" / f"journal_abbreviations_{name}.csv", encoding="utf-8") as fh:
            pairs += [(row[0], row[1]) for row in csv.reader(fh) if len(row) >= 2]
    return pairs


def crossref_pairs(base: kb.JournalBase) -> list[tuple[str, str]]:
    """(lower-cased title, journal id) from Crossref's squashed-abbreviation list."""
    squashed = {re.sub(r"[^a-z0-9]", "", e.nlm_abbrev.lower()): e.id for e in base}
    out = []
    for line in (LISTS / "crossref_journal-abbreviations.txt").read_text(encoding="utf-8").splitlines():
        key, _, title = line.partition("\t")
        if key in squashed and title:
            out.append((title, squashed[key]))
    return out


def derived_forms(entry: kb.JournalEntry) -> list[str]:
    """Half-abbreviated titles and one-slip abbreviations of an entry."""
    forms = []
    title_words = kb.normalize_name(entry.title).split()
    abbrev_words = kb.normalize_name(entry.nlm_abbrev, keep_parenthetical=False).split()
    if len(title_words) == len(abbrev_words) >= 3:
        forms.append(" ".join(t if i % 2 else a for i, (t, a) in enumerate(zip(title_words, abbrev_words, strict=True))))
        forms.append(" ".join(a if i % 2 else t for i, (t, a) in enumerate(zip(title_words, abbrev_words, strict=True))))
    longest = max(abbrev_words, key=len, default="")
    if len(abbrev_words) >= 2 and len(longest) >= 7:
        slip = longest[:3] + longest[4:]
        forms.append(" ".join(slip if w == longest else w for w in abbrev_words))
    return [f for f in forms if kb.normalize_name(f) not in {kb.normalize_name(n) for n in entry.names}]


def collect(base: kb.JournalBase) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(easy positives, hard positives, negatives)."""
    by_abbrev = _abbrev_index(base)
    easy: list[tuple[str, str]] = []
    negatives: list[str] = []
    for title, abbrev in list_pairs():
        journal_id = by_abbrev.get(kb.normalize_name(abbrev))
        if journal_id:
            easy += [(title, journal_id), (abbrev, journal_id)]
    easy += crossref_pairs(base)
    for name in ("medline", "nlm"):
        data = json.loads((LISTS / "csl-abbreviations" / f"{name}-abbreviations.json").read_text())
        for title, abbrev in data["default"]["container-title"].items():
            if kb.normalize_name(abbrev) not in by_abbrev and base.lookup_exact(abbrev) is None:
                negatives += [title, abbrev]
    hard = [(form, e.id) for e in base for form in derived_forms(e)]
    return sorted(set(easy)), sorted(set(hard)), sorted(set(negatives))


def scores(base: kb.JournalBase, names: list[str]) -> list[tuple[str, str | None, float]]:
    """Resolve every name with the threshold at 0 so each score can be judged afterwards."""
    saved = kb.MIN_CONFIDENCE
    kb.MIN_CONFIDENCE = 0.0
    try:
        out = []
        for name in names:
            match = base.resolve(name)
            out.append((name, match.entry.id if match else None, match.confidence if match else 0.0))
        return out
    finally:
        kb.MIN_CONFIDENCE = saved


def report(label: str, results: list[tuple[str, str | None, float]], expected: dict[str, str] | None) -> None:
    print(f"\n{label}: {len(results)} names")
    for threshold in THRESHOLDS:
        accepted = [(n, j, s) for n, j, s in results if j is not None and s >= threshold]
        if expected is None:
            print(f"  threshold {threshold:.3f}: resolved (false positives) {len(accepted)}")
        else:
            right = sum(1 for n, j, _ in accepted if expected[n] == j)
            print(f"  threshold {threshold:.3f}: right {right} ({right / len(results):.1%}), wrong {len(accepted) - right}")


def main() -> None:
    base = kb.load_journals()
    easy, hard, negatives = collect(base)
    started = time.perf_counter()
    easy_scores = scores(base, [n for n, _ in easy])
    hard_scores = scores(base, [n for n, _ in hard])
    negative_scores = scores(base, negatives)
    elapsed = time.perf_counter() - started
    report("positives from the NLM/JabRef/Crossref lists", easy_scores, dict(easy))
    report("harder derived positives", hard_scores, dict(hard))
    report("negatives (MEDLINE/PMC journals not in the table)", negative_scores, None)
    worst = sorted((s, n, j) for n, j, s in negative_scores if j)[-5:]
    print("\nhighest-scoring negatives:", [(n, j, round(s, 3)) for s, n, j in worst])
    total = len(easy_scores) + len(hard_scores) + len(negative_scores)
    print(f"\n{len(base)} journals; {total} names resolved in {elapsed:.2f} s ({1e3 * elapsed / total:.2f} ms a name)")


if __name__ == "__main__":
    main()
