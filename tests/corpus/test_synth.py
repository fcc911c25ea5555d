"""The synthetic corpus generator: real journal facts, deterministic output, and a manifest that matches the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit.corpus.synth import (
    CiteStyle,
    RefEntry,
    RefStyle,
    format_p,
    format_reference,
    generate_corpus,
    main,
    percent,
)
from kgaudit.corpus.synth_vocab import JOURNALS, OFF_TOPIC_JOURNALS
from kgaudit.ingest import parse_string


@pytest.mark.parametrize(
    ("journal", "year", "volumes"),
    [
        ("Lancet", 2019, (393, 394)),  # two volumes a year
        ("BMJ", 2020, (368, 369, 370, 371)),  # four a year since 2016
        ("N Engl J Med", 2017, (376, 377)),
        ("JAMA", 2018, (319, 320)),
        ("Radiology", 2023, (306, 307, 308, 309)),  # four a year
        ("J Clin Oncol", 2016, (34,)),  # one a year
    ],
)
def test_journal_volumes_follow_the_real_numbering(journal: str, year: int, volumes: tuple[int, ...]) -> None:
    assert JOURNALS[journal].volumes(year) == volumes


_ENTRY = RefEntry([("Brennan", "KL"), ("Osei", "AB"), ("Varga", "T"), ("Ito", "H")], "Incidence of hip fracture",
                  "Lancet", 2019, "393", "10180", "1634", "1642", month="Mar")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        # six authors allowed, issue, full pages
        (RefStyle(6, True, False, False),
         "Brennan KL, Osei AB, Varga T, Ito H. Incidence of hip fracture. Lancet. 2019;393(10180):1634-1642."),
        # three then et al, no issue, abbreviated pages, month
        (RefStyle(3, False, True, True),
         "Brennan KL, Osei AB, Varga T, et al. Incidence of hip fracture. Lancet. 2019 Mar;393:1634-42."),
    ],
)
def test_format_reference_prints_vancouver_in_the_paper_style(style: RefStyle, expected: str) -> None:
    assert format_reference(_ENTRY, style) == expected


@pytest.mark.parametrize(
    ("style", "numbers", "printed"),
    [
        (CiteStyle(False, "–", ","), [1, 2, 3], " [1–3]"),  # a run of three is a range
        (CiteStyle(False, "–", ", "), [2, 3], " [2, 3]"),  # two numbers stay a list
        (CiteStyle(True, "⁻", ","), [5, 6, 7, 9], "⁵⁻⁷,⁹"),  # superscript range and list
        (CiteStyle(True, "–", ","), [12], "¹²"),  # one superscript number
    ],
)
def test_pointers_are_printed_in_the_paper_style(style: CiteStyle, numbers: list[int], printed: str) -> None:
    assert style.pointer(numbers) == printed


@pytest.mark.parametrize(
    ("value", "printed"),
    [(0.0004, "<0.001"), (0.0042, "0.004"), (0.047, "0.047"), (0.43, "0.43"), (0.999, "1.00")],
)
def test_format_p_prints_as_papers_do(value: float, printed: str) -> None:
    assert format_p(value) == printed


@pytest.mark.parametrize(("count", "n", "printed"), [(1, 8, "12.5"), (1, 16, "6.3"), (63, 90, "70.0")])
def test_percent_rounds_half_up(count: int, n: int, printed: str) -> None:
    assert percent(count, n) == printed


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first, again, other = generate_corpus(6, seed=5), generate_corpus(6, seed=5), generate_corpus(6, seed=6)
    assert [p.text for p in first] == [p.text for p in again]
    assert [p.planted for p in first] == [p.planted for p in again]
    assert [p.text for p in first] != [p.text for p in other]


@pytest.fixture(scope="module")
def corpus() -> list:
    """Sixty papers, most with defects, and two mill clusters."""
    return generate_corpus(60, seed=2, defect_share=0.8, mill_clusters=(3, 4))


def test_every_planted_defect_points_at_something_in_the_parsed_paper(corpus: list) -> None:
    for paper in corpus:
        document = parse_string(paper.text, f"{paper.paper_id}.txt")
        refs = {r.number: r for r in document.references}
        tables = {t.label: {row.label for row in t.rows} for t in document.tables}
        for defect in paper.planted:
            location, check = defect.location, defect.check
            if check == "citation.undefined_reference":
                assert location["reference"] > len(refs)
            elif check == "citation.uncited_reference":
                assert location["reference"] == len(refs)
            elif check == "reference.future_year":
                assert refs[location["reference"]].year > document.year
            elif check == "reference.implausible_volume":
                ref = refs[location["reference"]]
                assert int(ref.volume) not in JOURNALS[ref.journal].volumes(ref.year)
            elif check == "reference.venue_mismatch":
                assert sorted(refs[n].journal for n in location["references"]) == sorted(OFF_TOPIC_JOURNALS)
            elif check == "reference.recycled_title":
                assert len({refs[n].title.rsplit(" of ", 1)[0] for n in location["references"]}) == 1
            elif "table" in location:
                wanted = location.get("rows") or [location["row"]]
                assert set(wanted) <= tables[location["table"]], (paper.paper_id, defect)


def test_clean_references_are_plausible_and_numbered_by_first_citation(corpus: list) -> None:
    for paper in (p for p in corpus if p.clean):
        document = parse_string(paper.text, f"{paper.paper_id}.txt")
        for ref in document.references:
            assert ref.year <= document.year
            assert int(ref.volume) in JOURNALS[ref.journal].volumes(ref.year), ref.raw
        first_seen: list[int] = []
        for citation in document.citations:
            first_seen += [n for n in citation.numbers if n not in first_seen]
        assert first_seen == sorted(first_seen) == list(range(1, len(document.references) + 1))


def test_mill_papers_share_core_references_and_disjoint_authors(corpus: list) -> None:
    clusters: dict[int, list] = {}
    for paper in corpus:
        if paper.mill_cluster is not None:
            clusters.setdefault(paper.mill_cluster, []).append(parse_string(paper.text, paper.paper_id))
    assert sorted(len(c) for c in clusters.values()) == [3, 4]
    for members in clusters.values():
        strings = [{r.raw.split(". ", 1)[1] for r in d.references} for d in members]
        assert len(set.intersection(*strings)) == 14  # the whole copied core
        surnames = [{a.family for a in d.authors} for d in members]
        assert all(not (a & b) for i, a in enumerate(surnames) for b in surnames[i + 1:])


def test_command_writes_papers_and_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["5", str(tmp_path), "--seed", "1"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"] + [f"paper-000{i}.txt" for i in range(1, 6)]
    assert "5 papers in" in capsys.readouterr().out
