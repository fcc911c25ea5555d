"""reference.implausible_volume and reference.venue_mismatch: the seed's true cases, hand-written papers in both
directions, and the false-positive guard on real published articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit.api import Report, audit
from kgaudit.checks.runner import all_checks, run_checks
from kgaudit.graph.build import document_to_graph
from kgaudit.model import Document, Reference
from tests.real_papers import ARTICLES, audit_real_paper

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
VOLUME, VENUE, RECYCLED = "reference.implausible_volume", "reference.venue_mismatch", "reference.recycled_title"


def _numbers(report: Report, check: str) -> list[int]:
    return sorted(f.location.reference for f in report.findings if f.check == check)


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Report:
    return audit(seed_path, checks=[VOLUME, VENUE])


def test_rules_are_registered_and_need_the_journal_facts() -> None:
    checks = all_checks()
    assert (checks[VOLUME].severity, checks[VOLUME].needs) == ("error", ("journals",))
    # info: a topic read from title and abstract cannot establish that a venue is unfit (issue 12: every venue it
    # named on 110 real articles was a defensible citation)
    assert (checks[VENUE].severity, checks[VENUE].needs) == ("info", ("journals",))
    # the one-line "# flags:" headers reach `kgaudit checks` whole
    assert "from the year before to the year after" in checks[VOLUME].description
    assert "one finding per off-topic reference, naming the others. Why:" in checks[VENUE].description


def test_rules_are_skipped_with_a_reason_without_the_journal_facts() -> None:
    run = run_checks(document_to_graph(_paper(_ref(1, "Radiology", 2020, "12"))), selection=[VOLUME, VENUE])
    assert run.skipped == {VOLUME: "needs journals, which did not run", VENUE: "needs journals, which did not run"}


# --------------------------------------------------------------------------- the seed


def test_seed_every_impossible_volume_is_flagged_and_jbjs_2015_96_is_not(seed: Report) -> None:
    # 24 of 25 volumes cannot belong to their journal in the cited year; ref 25 (J Bone Joint Surg Am 2015;96)
    # is the 2014 volume, inside the one-year tolerance.
    assert _numbers(seed, VOLUME) == list(range(1, 25))
    by_ref = {f.location.reference: f for f in seed.findings if f.check == VOLUME}
    assert by_ref[1].message == ("Reference 1: volume 86 cannot belong to Radiology in 2023; its volumes from 2022 "
                                 "to 2024 are 302–313")
    assert by_ref[6].evidence == {
        "journal": "J Neurosurg", "matched_journal": "Journal of Neurosurgery", "journal_id": "j-neurosurg",
        "year": 2017, "volume": "34", "volume_number": 34, "expected_min": 124, "expected_max": 129,
        "tolerance_years": 1, "match_confidence": 1.0,
    }
    assert by_ref[6].severity == "error"
    assert by_ref[6].location.quote == seed.document.references[5].raw


def test_seed_off_topic_venues_are_flagged_and_the_fitting_ones_are_not(seed: Report) -> None:
    # J Neurosurg (6), Spine (7), Neurosurgery (24), J Bone Joint Surg Am (25) in a paper on renal tumours;
    # the urology, radiology, surgery and oncology venues are left alone.
    assert _numbers(seed, VENUE) == [6, 7, 24, 25]
    finding = next(f for f in seed.findings if f.check == VENUE and f.location.reference == 7)
    assert finding.severity == "info"
    assert finding.message == (
        "Reference 7 cites Spine (subjects: Neurosurgery, Orthopedics), unrelated to the paper's topic (General "
        "Surgery, Nephrology, Oncology, Radiology, Urology); 4 cited journals are off-topic (references 6, 7, 24, 25)")
    assert finding.evidence["off_topic_venues"] == 4
    assert finding.evidence["topic_subjects"] == "General Surgery, Nephrology, Oncology, Radiology, Urology"


def test_example_paper_planted_volume_is_flagged() -> None:
    report = audit(EXAMPLE, checks=[VOLUME, VENUE, "reference.future_year"])
    # J Am Geriatr Soc 2022;350 (real: 70).  Injury 2031;52 is a future year, reported as such, not as a volume.
    assert _numbers(report, VOLUME) == [11]
    assert "J Am Geriatr Soc (Journal of the American Geriatrics Society) in 2022" in next(
        f.message for f in report.findings if f.check == VOLUME)
    assert _numbers(report, "reference.future_year") == [10]
    assert _numbers(report, VENUE) == []


# --------------------------------------------------------------------------- hand-written papers

RENAL = dict(title="Percutaneous cryoablation of small renal masses", keywords=("renal cell carcinoma", "cryoablation"))
HIP = dict(title="Early mobilisation after hip fracture surgery in older adults", keywords=("hip fracture",))


def _ref(number: int, journal: str, year: int, volume: str, issue: str | None = None) -> Reference:
    return Reference(raw=f"{number}. Author A. A title. {journal}. {year};{volume}:1-9.", number=number,
                     title=f"Work number {number}", journal=journal, year=year, volume=volume, issue=issue)


def _paper(*refs: Reference, journal: str | None = None, title: str = "", keywords: tuple[str, ...] = (),
           year: int = 2024) -> Document:
    return Document(id="hand-written", source="<test>", format="text", text="", title=title, journal=journal,
                    year=year, keywords=keywords, references=refs)


URO = (_ref(1, "J Urol", 2020, "203"), _ref(2, "Eur Urol", 2019, "75"), _ref(3, "Radiology", 2021, "298"))

VENUE_CASES = {
    # case: (paper, references flagged)
    "clinical paper citing two physics and chemistry journals": (
        _paper(*URO, _ref(4, "Phys Rev Lett", 2020, "124"), _ref(5, "J Am Chem Soc", 2019, "141"), **RENAL), [4, 5]),
    "clinical paper citing three physics and chemistry venues": (
        _paper(*URO, _ref(4, "Phys Rev Lett", 2020, "124"), _ref(5, "Appl Phys Lett", 2018, "112"),
               _ref(6, "Chem Rev", 2017, "117"), **RENAL), [4, 5, 6]),
    "one odd venue in the list": (_paper(*URO, _ref(4, "Phys Rev Lett", 2020, "124"), **RENAL), []),
    "one odd venue cited twice": (
        _paper(*URO, _ref(4, "Phys Rev Lett", 2020, "124"), _ref(5, "Phys Rev Lett", 2021, "126"), **RENAL), []),
    "the paper's own journal is exempt": (
        _paper(*URO, _ref(4, "J Neurosurg", 2018, "128"), _ref(5, "Spine", 2019, "44"), journal="Journal of Neurosurgery",
               **RENAL), []),
    "the same list without the own-journal exemption": (
        _paper(*URO, _ref(4, "J Neurosurg", 2018, "128"), _ref(5, "Spine", 2019, "44"), **RENAL), [4, 5]),
    "hip fracture paper citing orthopaedic and geriatric venues": (
        _paper(_ref(1, "J Bone Joint Surg Am", 2018, "100"), _ref(2, "Age Ageing", 2021, "50"),
               _ref(3, "Injury", 2020, "51"), _ref(4, "Osteoporos Int", 2019, "30"), **HIP), []),
    "a paper naming no specialty may cite any": (
        _paper(_ref(1, "Phys Rev Lett", 2020, "124"), _ref(2, "J Am Chem Soc", 2019, "141"),
               title="Reporting quality of published studies"), []),
    "a laboratory paper may cite chemistry venues": (
        _paper(_ref(1, "J Am Chem Soc", 2019, "141"), _ref(2, "Chem Rev", 2017, "117"), _ref(3, "Nano Lett", 2020, "20"),
               title="Purified lipase enzymes of Mycobacterium tuberculosis inhibited by an oxadiazolone compound",
               keywords=("tuberculosis",)), []),
    "unknown journals are never judged": (
        _paper(*URO, _ref(4, "J Quantum Stud", 2020, "12"), _ref(5, "Chem Lett Rev", 2019, "4"), **RENAL), []),
}


@pytest.mark.parametrize("case", list(VENUE_CASES))
def test_venue_mismatch_on_hand_written_papers(case: str) -> None:
    document, flagged = VENUE_CASES[case]
    assert _numbers(audit(document, checks=[VENUE]), VENUE) == flagged


VOLUME_CASES = {
    # case: (reference, flagged) in a paper of 2024
    "a volume far from the journal's": (_ref(1, "Radiology", 2020, "86"), True),
    "the next year's volume (online first)": (_ref(1, "J Urol", 2020, "205"), False),
    "the previous year's volume": (_ref(1, "J Urol", 2020, "201"), False),
    "two years off": (_ref(1, "J Clin Oncol", 2020, "36"), True),
    "a lettered volume out of range": (_ref(1, "J Clin Oncol", 2020, "48A"), True),
    "the year repeated as volume": (_ref(1, "Cancer", 2020, "2020"), False),
    "supplement notation split across volume and issue": (_ref(1, "Proc Natl Acad Sci U S A", 2011, "1", "108 Suppl"),
                                                         False),
    "a volume without a number": (_ref(1, "Radiology", 2020, "Suppl"), False),
    "an unknown journal": (_ref(1, "J Invented Stud", 2020, "999"), False),
    "a year the journal's model does not cover": (_ref(1, "Int J Surg", 2010, "99"), False),
    "a year after the citing paper (reference.future_year's case)": (_ref(1, "Radiology", 2027, "86"), False),
    "an abbreviation with a slip still resolves": (_ref(1, "AJR Am J Roentgnol", 2020, "71"), True),
}


@pytest.mark.parametrize("case", list(VOLUME_CASES))
def test_implausible_volume_on_hand_written_references(case: str) -> None:
    reference, flagged = VOLUME_CASES[case]
    report = audit(_paper(reference, **RENAL), checks=[VOLUME])
    assert _numbers(report, VOLUME) == ([1] if flagged else [])


# --------------------------------------------------------------------------- false-positive guard

# Findings on real articles that are real errors of the article: (file, check, reference or references) → why.
# Two other candidates met were not: elife00013 refs 4 and 72 ("PNAS 2011;1(108 Suppl)", "Environ Health Perspect
# 2001;2(109 Suppl)") are supplement notation split across the volume and issue elements, which the derivation
# reads as volumes 108 and 109.
REAL_ERRORS: dict[tuple[str, str, int | tuple[int, ...] | None], str] = {
    ("2020.acl-main.207.tei.xml", RECYCLED, (18, 19)):
        "the same work listed twice: Hamilton, Ying, Leskovec 2017a and 2017b, \"Inductive Representation Learning "
        "on Large Graphs\", NIPS",
}


@pytest.fixture(scope="module")
def guarded(shared_dir: Path) -> dict[str, Report]:
    """The journal checks' findings on every article, read from the one full audit the guards share."""
    return {path.name: audit_real_paper(path) for path in ARTICLES}


def test_no_false_alarms_on_real_articles(guarded: dict[str, Report]) -> None:
    """The 16 JATS and 5 GROBID TEI articles were published correctly: no journal-check finding but the pinned."""
    assert len(guarded) == 21
    found = {
        (name, f.check, f.location.reference or f.location.references): f.message
        for name, report in guarded.items() for f in report.findings if f.check in (VOLUME, RECYCLED, VENUE)
    }
    assert set(found) - set(REAL_ERRORS) == set(), found
    assert set(REAL_ERRORS) - set(found) == set()  # a pinned real error no longer found is a regression too
    assert not [c for report in guarded.values() for c in report.run.skipped if c in (VOLUME, RECYCLED, VENUE)]


def test_the_guard_judged_enough_to_mean_something(guarded: dict[str, Report]) -> None:
    """The guard is only as good as what it judged: count volumes and venues the journal facts let it judge."""
    from kgaudit.graph.store import select, to_oxigraph

    judged_volumes = judged_venues = 0
    for report in guarded.values():
        store = to_oxigraph(report.graph)
        judged_volumes += len(list(select(store, """
            SELECT ?w WHERE { ?w kga:volumeNumber ?v ; kga:journalMatch ?m . ?m kga:expectedVolumeMin ?min }""")))
        judged_venues += len(list(select(store, "SELECT ?m WHERE { ?m kga:venueOnTopic ?fit }")))
    assert judged_volumes >= 200 and judged_venues >= 150, (judged_volumes, judged_venues)
