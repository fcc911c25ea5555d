"""Compact per-paper facts: how reference strings are normalised, which numbers a row keeps, and the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit.corpus.facts import cell_numbers, normalise_reference, paper_facts
from kgaudit.corpus.factstore import FactStore
from kgaudit.ingest import load_document
from kgaudit.ingest.cells import parse_cell

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        # the list label goes, punctuation and case fold to single spaces
        ("1. Brennan KL, Osei AB. Hip fracture. Lancet. 2019;393(10180):1634-1642.",
         "brennan kl osei ab hip fracture lancet 2019 393 10180 1634 1642"),
        ("[12] Brennan KL,  Osei AB.  HIP FRACTURE. Lancet 2019; 393(10180): 1634–1642",
         "brennan kl osei ab hip fracture lancet 2019 393 10180 1634 1642"),
        # accents fold, so a copied string matches with or without them
        ("3) Müller J, Núñez Ó. Título. Rev Esp Cardiol. 2020;73:1-9.", "muller j nunez o titulo rev esp cardiol 2020 73 1 9"),
        # a number that is not a label stays
        ("2019 guidelines of the society", "2019 guidelines of the society"),
    ],
)
def test_normalise_reference_folds_label_case_accents_and_punctuation(raw: str, normalised: str) -> None:
    assert normalise_reference(raw) == normalised


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [
        ("68 (54.4%)", ("68", "54.4")),  # count and percent as printed
        ("59.2 ± 14.5", ("59.2", "14.5")),  # mean and SD
        ("<0.001", ("<0.001",)),  # the comparator stays with the p-value
        ("1.32 (1.05–1.66)", ("1.32", "1.05", "1.66")),  # estimate and CI
        ("–", ()),  # an empty cell has none
    ],
)
def test_cell_numbers_keep_the_printed_text(cell: str, numbers: tuple[str, ...]) -> None:
    assert cell_numbers(parse_cell(cell, "p" if cell.startswith("<") else None)) == numbers


def test_paper_facts_of_the_example_paper() -> None:
    document = load_document(REPO / "data" / "examples" / "early-mobilisation.txt")
    facts = paper_facts(document)
    assert facts.authors == ("halvorsen", "wielgosz", "chukwu")
    assert len(facts.references) == 12 and facts.references[0][0] == 1
    assert facts.references[0][1].startswith("brennan kl osei ab varga t incidence of hip fracture")
    first = facts.table_rows[0]
    assert (first.table, first.row, first.numbers) == ("Table 1", "Mean Age (years)", ("82.4", "6.1", "83.1", "5.8",
                                                                                        "0.43"))


def test_fact_store_replaces_a_paper_and_forgets_a_failed_one(tmp_path: Path) -> None:
    document = load_document(REPO / "data" / "examples" / "early-mobilisation.txt")
    facts = paper_facts(document)
    with FactStore(tmp_path / "facts.sqlite") as store:
        store.set_run([facts.paper_id])
        store.put(facts)
        store.put(facts)  # a paper audited again replaces its facts
        assert store.paper_count() == 1 and store.reference_counts() == {facts.paper_id: 12}
        store.delete(facts.paper_id)
        assert not store.has(facts.paper_id) and store.paper_count() == 0
