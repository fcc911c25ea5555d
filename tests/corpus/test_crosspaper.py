"""Cross-paper checks: the thresholds on hand-made facts, and the planted mill clusters of a generated corpus."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from kgaudit.corpus.batch import BatchSummary
from kgaudit.corpus.crosspaper import (
    CrossPaperSettings,
    author_teams,
    distinctive_numbers,
    run_crosspaper,
    select_corpus_checks,
    templated_pair,
    title_words,
    topic_words,
)
from kgaudit.corpus.facts import PaperFacts, TableRowFacts
from kgaudit.corpus.factstore import FactStore
from kgaudit.errors import UsageError

SETTINGS = CrossPaperSettings()


@pytest.mark.parametrize(
    ("numbers", "distinctive"),
    [
        (("59.2", "14.5", "55.7", "14.4", "0.47"), True),  # two means ± SD and p: 14 significant digits
        (("47", "37.6", "45", "36.0", "0.57"), True),  # two n (%) cells and p
        (("1.16", "0.63", "2.13", "0.64"), False),  # an OR with its CI and p: four numbers only
        (("12", "10.0", "12", "10.0", "1.00"), False),  # identical cells: three distinct values
        (("1.4", "0.5", "1.3", "0.5", "0.21"), False),  # short numbers: 9 significant digits
        (("0", "0.0", "0", "0.0", "–"), False),  # empty rows recur everywhere
    ],
)
def test_distinctive_numbers_needs_five_numbers_four_distinct_twelve_digits(numbers: tuple[str, ...],
                                                                           distinctive: bool) -> None:
    assert distinctive_numbers(numbers, SETTINGS) is distinctive


@pytest.mark.parametrize(
    ("a", "b", "keywords", "templated"),
    [
        # a mill frame with different slots: eight template words survive
        ("Integration of Early Mobilisation into Contemporary Orthogeriatrics Practice: Measurable Improvements "
         "in Precision, Safety and Workflow Efficiency",
         "Integration of Remote Monitoring into Contemporary Cardiology Practice: Measurable Improvements in "
         "Precision, Safety and Workflow Efficiency", (), True),
        # one design, one topic: the shared words are design and keyword words
        ("Comparing cryoablation with partial nephrectomy for small renal masses: a retrospective cohort study",
         "Comparing radiofrequency ablation with partial nephrectomy for small renal masses: a registry-based "
         "cohort study", ("renal masses", "partial nephrectomy", "ablation"), False),
        # a common design subtitle alone is no template
        ("Early mobilisation after hip fracture: a randomised controlled trial",
         "Telemonitoring in heart failure: a randomised controlled trial", (), False),
        # identical titles are the extreme template
        ("Transformative role of telemonitoring in the management of chronic heart failure in tertiary care",
         "Transformative role of telemonitoring in the management of chronic heart failure in tertiary care",
         ("heart failure",), True),
    ],
)
def test_templated_pair_needs_a_long_frame_of_template_words(a: str, b: str, keywords: tuple[str, ...],
                                                             templated: bool) -> None:
    frame = templated_pair(title_words(a), title_words(b), SETTINGS, topic_words(keywords))
    assert (frame is not None) is templated


@pytest.mark.parametrize(
    ("authors", "teams"),
    [
        ({"a": ("kim",), "b": ("lee",), "c": ("park",)}, 3),  # three teams
        ({"a": ("kim", "lee"), "b": ("lee",), "c": ("park",)}, 2),  # a and b share Lee
        ({"a": ("kim", "lee"), "b": ("lee", "park"), "c": ("park",)}, 2),  # a and c share no one, whatever b does
        ({"a": ("ito", "novak"), "b": ("ito",), "c": ("ito", "osei")}, 1),  # one team's series
        ({"a": (), "b": (), "c": ("kim",)}, 3),  # unknown authors cannot be shown to be the same team
    ],
)
def test_author_teams_counts_papers_with_disjoint_authors(authors: dict[str, tuple[str, ...]], teams: int) -> None:
    assert author_teams(sorted(authors), authors) == teams


def _ref(i: int, topic: str = "shared") -> str:
    return f"author{i} ab, writer{i} cd. a long enough title about {topic} number {i}. lancet. 2019;393:{100 + i}-{110 + i}."


def _facts(paper_id: str, authors: tuple[str, ...], references: list[str], title: str = "",
           rows: tuple[TableRowFacts, ...] = ()) -> PaperFacts:
    from kgaudit.corpus.facts import normalise_reference

    return PaperFacts(paper_id, f"{paper_id}.txt", title or f"Title of {paper_id} on its own question", authors, (),
                      tuple((n, normalise_reference(r)) for n, r in enumerate(references, start=1)), rows)


@pytest.fixture()
def store(tmp_path: Path) -> FactStore:
    """Three mill papers sharing eight strings and two rows, four clean papers sharing one methods paper.

    About 200 distinct strings in all: with fewer, eight shared out of fourteen is not beyond chance.
    """
    with FactStore(tmp_path / "facts.sqlite") as facts:
        core = [_ref(i) for i in range(8)]
        rows = (TableRowFacts("Table 1", "Age (years)", ("59.2", "14.5", "55.7", "14.4", "0.47")),
                TableRowFacts("Table 1", "Diabetes, n (%)", ("47", "37.6", "45", "36.0", "0.57")))
        for k, team in enumerate((("kim",), ("lee",), ("park",))):
            own = [_ref(100 + 10 * k + i, "own") for i in range(6)]
            facts.put(_facts(f"mill-{k}", team, core + own, rows=rows))
        # one typical row met by chance in two clean papers is not enough
        typical = (TableRowFacts("Table 1", "BMI", ("26.6", "4.5", "26.6", "4.4", "1.00")),)
        for k, team in enumerate((("alvarez",), ("berg",), ("chen",), ("dube",))):
            own = [_ref(200 + 50 * k + i, "clean") for i in range(40)]
            facts.put(_facts(f"clean-{k}", team, [_ref(999, "methods")] + own, rows=typical if k < 2 else ()))
        # the same team twice: shared references are self-citation, not a mill
        series = [_ref(300 + i, "series") for i in range(10)]
        facts.put(_facts("series-a", ("novak", "ito"), series))
        facts.put(_facts("series-b", ("ito",), series))
        facts.put(_facts("series-c", ("ito", "osei"), series))
        facts.set_run(["mill-0", "mill-1", "mill-2", "clean-0", "clean-1", "clean-2", "clean-3",
                       "series-a", "series-b", "series-c"])
        yield facts


def test_cross_paper_checks_flag_the_mill_and_spare_shared_classics_and_self_citing_series(store: FactStore) -> None:
    findings = run_crosspaper(store)
    by_check = {f.check: f for f in findings}
    assert sorted(by_check) == ["corpus.identical_table_numbers", "corpus.reference_overlap",
                                "corpus.shared_reference_string"]
    assert all(f.papers == ("mill-0", "mill-1", "mill-2") for f in findings)
    shared = by_check["corpus.shared_reference_string"]
    assert len(shared.evidence["strings"]) == 8
    assert shared.locations["mill-1"] == {"references": [1, 2, 3, 4, 5, 6, 7, 8]}
    assert {e["shared"] for e in by_check["corpus.reference_overlap"].evidence["pairs"]} == {8}


def test_select_corpus_checks_splits_a_selection() -> None:
    assert select_corpus_checks(None) == (None, sorted(["corpus.shared_reference_string", "corpus.reference_overlap",
                                                        "corpus.templated_titles", "corpus.identical_table_numbers"]))
    assert select_corpus_checks(["stats", "corpus.templated_titles"]) == (["stats"], ["corpus.templated_titles"])
    assert select_corpus_checks(["corpus"])[0] == []
    with pytest.raises(UsageError):
        select_corpus_checks(["corpus.nothing"])


# --------------------------------------------------------------------------- on a generated corpus


def test_planted_mill_clusters_are_found_and_nothing_in_the_clean_part(
        pool_run: tuple[Path, BatchSummary], small_corpus: tuple[Path, dict[str, Any]]) -> None:
    out, _summary = pool_run
    _root, manifest = small_corpus
    # the manifest names papers by file; the batch by document id (papers.csv joins the two)
    with open(out / "papers.csv", encoding="utf-8", newline="") as handle:
        paper_id = {Path(row["path"]).stem: row["paper_id"] for row in csv.DictReader(handle)}
    clusters = {c["cluster"]: {paper_id[p] for p in c["papers"]} for c in manifest["clusters"]}
    mill_papers = set().union(*clusters.values())
    assert len(clusters) == 2 and len(mill_papers) == 6
    findings = json.loads((out / "corpus_findings.json").read_text(encoding="utf-8"))["findings"]
    involved = {p for f in findings for p in f["papers"]}
    assert involved == mill_papers  # nothing in the clean part
    for check in ("corpus.reference_overlap", "corpus.shared_reference_string", "corpus.templated_titles",
                  "corpus.identical_table_numbers"):
        groups = [set(f["papers"]) for f in findings if f["check"] == check]
        for members in clusters.values():
            # two clusters may share a title template (mills reuse them), so a group may hold both
            assert any(members <= group for group in groups), (check, members, groups)
