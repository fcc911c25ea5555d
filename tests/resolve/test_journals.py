"""The journal knowledge base: name resolution, volume models, subjects, and its facts against real lists."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from kgaudit.errors import InputError
from kgaudit.resolve.journals import (
    COLUMNS,
    SUBJECTS,
    JournalBase,
    expected_volume_span,
    expected_volumes,
    load_journals,
    normalize_name,
    scan_reference,
    subjects_related,
    topic_subjects,
    volume_plausible,
)


@pytest.fixture(scope="module")
def base() -> JournalBase:
    return load_journals()


def entry(base: JournalBase, nlm_abbrev: str):
    found = [e for e in base if e.nlm_abbrev == nlm_abbrev]
    assert len(found) == 1, nlm_abbrev
    return found[0]


# --------------------------------------------------------------------------- the seed's reference list

# (number, journal as printed, year, volume as printed, NLM abbreviation, plausible?, the fact behind it)
SEED_REFERENCES = [
    (1, "Radiology", 2023, "86", "Radiology", False, "2023 = vols 306-309 (4 a year)"),
    (2, "J Vasc Interv Radiol", 2021, "59", "J Vasc Interv Radiol", False, "vol 1 = 1990, so 2021 = vol 32"),
    (3, "Eur Radiol", 2023, "70", "Eur Radiol", False, "vol 1 = 1991, so 2023 = vol 33"),
    (4, "AJR Am J Roentgenol", 2020, "71", "AJR Am J Roentgenol", False, "2020 = vols 214-215"),
    (5, "AJNR Am J Neuroradiol", 2016, "77", "AJNR Am J Neuroradiol", False, "vol 1 = 1980, so 2016 = vol 37"),
    (6, "J Neurosurg", 2017, "34", "J Neurosurg", False, "2017 = vols 126-127"),
    (7, "Spine", 2017, "68", "Spine (Phila Pa 1976)", False, "vol 1 = 1976, so 2017 = vol 42"),
    (8, "Ann Surg", 2015, "90", "Ann Surg", False, "2015 = vols 261-262"),
    (9, "Br J Surg", 2023, "43", "Br J Surg", False, "2023 = vol 110"),
    (10, "World J Surg", 2022, "80", "World J Surg", False, "vol 1 = 1977, so 2022 = vol 46"),
    (11, "J Surg Oncol", 2016, "98", "J Surg Oncol", False, "2016 = vols 113-114 (98 was 2008)"),
    (12, "Eur J Surg Oncol", 2016, "83", "Eur J Surg Oncol", False, "2016 = vol 42"),
    (13, "Int J Surg", 2023, "78", "Int J Surg", False, "2023 = vol 109; 78 was 2020 (12 volumes a year then)"),
    (14, "J Clin Oncol", 2015, "44", "J Clin Oncol", False, "vol 1 = 1983, so 2015 = vol 33"),
    (15, "Cancer", 2016, "91", "Cancer", False, "2016 = vol 122"),
    (16, "Cardiovasc Intervent Radiol", 2024, "53", "Cardiovasc Intervent Radiol", False, "vol 1 = 1978, so 2024 = vol 47"),
    (17, "Skeletal Radiol", 2016, "65", "Skeletal Radiol", False, "vol 1 = 1976, so 2016 = vol 45"),
    (18, "Acta Radiol", 2017, "66", "Acta Radiol", False, "1987 = vol 28, so 2017 = vol 58"),
    (19, "Invest Radiol", 2021, "81", "Invest Radiol", False, "vol 1 = 1966, so 2021 = vol 56"),
    (20, "Diagn Interv Radiol", 2022, "85", "Diagn Interv Radiol", False, "2005 = vol 11, so 2022 = vol 28"),
    (21, "Surg Endosc", 2018, "36", "Surg Endosc", False, "2018 = vol 32; 36 is 2022, beyond one year"),
    (22, "J Am Coll Surg", 2015, "82", "J Am Coll Surg", False, "2015 = vols 220-221"),
    (23, "Ann Surg Oncol", 2017, "68", "Ann Surg Oncol", False, "vol 1 = 1994, so 2017 = vol 24"),
    (24, "Neurosurgery", 2015, "43", "Neurosurgery", False, "2015 = vols 76-77"),
    (25, "J Bone Joint Surg Am", 2015, "96", "J Bone Joint Surg Am", True, "2015 = vol 97; 96 (2014) is within a year"),
]


def test_seed_reference_table_matches_the_seed_paper(seed_path: Path) -> None:
    """The table above is the seed's list as printed (journal, year, volume of each entry)."""
    text = seed_path.read_text(encoding="utf-8")
    printed = re.findall(r"\*([^*]+)\*\.\s*(\d{4});(\d+)", text[text.index("REFERENCES"):])
    assert printed == [(journal, str(year), volume) for _, journal, year, volume, *_ in SEED_REFERENCES]


@pytest.mark.parametrize(("number", "printed", "nlm_abbrev"), [(r[0], r[1], r[4]) for r in SEED_REFERENCES])
def test_every_seed_journal_resolves_to_its_entry_with_a_volume_model(
    base: JournalBase, number: int, printed: str, nlm_abbrev: str
) -> None:
    match = base.resolve(printed)
    assert match is not None, f"reference {number}: {printed!r} unresolved"
    assert match.entry.nlm_abbrev == nlm_abbrev
    assert match.entry.has_volume_model


@pytest.mark.parametrize(
    ("number", "printed", "year", "volume", "plausible", "fact"),
    [(r[0], r[1], r[2], r[3], r[5], r[6]) for r in SEED_REFERENCES],
)
def test_seed_reference_volumes_are_judged_against_the_journals_numbering(
    base: JournalBase, number: int, printed: str, year: int, volume: str, plausible: bool, fact: str
) -> None:
    journal = base.resolve(printed).entry
    assert volume_plausible(journal, year, volume) is plausible, f"reference {number}: {fact}"


# --------------------------------------------------------------------------- resolution

RESOLVES = [
    ("AJR Am J Roentgenol", "AJR Am J Roentgenol"),  # MEDLINE abbreviation
    ("AJR. American Journal of Roentgenology", "AJR Am J Roentgenol"),  # NLM title
    ("Am. J. Roentgenol.", "AJR Am J Roentgenol"),  # ISO-style variant without the acronym
    ("Am J Roentgenology", "AJR Am J Roentgenol"),  # half abbreviated
    ("AJR Am J Roentgnol", "AJR Am J Roentgenol"),  # one slip in a long word
    ("J Bone Joint Surg Am", "J Bone Joint Surg Am"),
    ("J. Bone Joint Surg. [Am.]", "J Bone Joint Surg Am"),  # brackets and dots
    ("The Journal of Bone and Joint Surgery. American volume", "J Bone Joint Surg Am"),  # NLM title
    ("Journal of Bone & Joint Surgery, American Volume", "J Bone Joint Surg Am"),  # ampersand, comma
    ("Eur Radiol", "Eur Radiol"),
    ("EUROPEAN RADIOLOGY", "Eur Radiol"),  # case
    ("JAMA", "JAMA"),
    ("J. Am. Med. Assoc.", "JAMA"),  # old abbreviation
    ("JAMA: The Journal of the American Medical Association", "JAMA"),  # acronym before a colon
    ("N Engl J Med", "N Engl J Med"),
    ("N. Engl. J. Med.", "N Engl J Med"),
    ("The New England Journal of Medicine", "N Engl J Med"),  # leading "The"
    ("Lancet", "Lancet"),
    ("The Lancet.", "Lancet"),
    ("Lancet (London, England)", "Lancet"),  # NLM title with its qualifier
    ("Spine (Phila Pa 1976)", "Spine (Phila Pa 1976)"),
    ("Spine", "Spine (Phila Pa 1976)"),  # the title without the qualifier names no other journal
    ("Spine J", "Spine J"),
    ("Cancer", "Cancer"),
    ("Cancer Res", "Cancer Res"),
    ("Surgery", "Surgery"),
    ("Journal of Neurosurgery: Spine", "J Neurosurg Spine"),  # a colon is no subtitle here
    ("Stroke; a journal of cerebral circulation", "Stroke"),  # NLM subtitle left off
    ("Investigative Ophthalmology & Visual Science", "Invest Ophthalmol Vis Sci"),
    ("Haematologica", "Haematologica"),
    ("Br J Haematol", "Br J Haematol"),
    ("Brit J Haematol", "Br J Haematol"),  # longer abbreviation of "British"
    ("Proc Natl Acad Sci USA", "Proc Natl Acad Sci U S A"),  # variant spacing
    ("Science (80-)", "Science"),  # index artefact in the qualifier
    ("Journal of the American College of Surgeons", "J Am Coll Surg"),
]


@pytest.mark.parametrize(("printed", "nlm_abbrev"), RESOLVES)
def test_printed_variants_resolve_to_the_right_journal(base: JournalBase, printed: str, nlm_abbrev: str) -> None:
    match = base.resolve(printed)
    assert match is not None, printed
    assert match.entry.nlm_abbrev == nlm_abbrev
    assert 0.88 <= match.confidence <= 1.0


def test_exact_names_score_full_confidence_and_abbreviation_matches_less(base: JournalBase) -> None:
    exact, approximate = base.resolve("Eur Radiol"), base.resolve("AJR Am J Roentgnol")
    assert (exact.confidence, exact.method) == (1.0, "exact")
    assert approximate.method == "abbreviation" and approximate.confidence < 1.0


UNRESOLVED = [
    "J Surg Res",  # not in the table; shares two words with J Surg Oncol
    "Surg Oncol",  # not "Ann Surg Oncol" or "J Surg Oncol"
    "Int J Surg Case Rep",  # not "Int J Surg"
    "Spine Deform",  # not "Spine"
    "Eur J Radiol Open",  # not "Eur J Radiol"
    "Cancer Biol Ther",  # not "Cancer"
    "J Neurobiol",  # no contraction of the table's "J Neurol"
    "J Ophthalmol",  # "J" is no abbreviation of "JAMA"
    "N Biotechnol",  # New Biotechnology, not Nature Biotechnology
    "Mol Cells",  # plural: not "Mol Cell"
    "Braz J Psychiatry",  # not "Br J Psychiatry"
    "Br J Psych",  # a truncation the journal's own abbreviation never uses: Br J Psychol as much as Br J Psychiatry
    "Am J Psych",  # the same for "Am J Psychiatry" (the table keeps "Psychiatry" in full)
    "J Pediatr (Rio J)",  # a place qualifier tells journals apart
    "Front Med",  # Frontiers of Medicine; the table's is "Front Med (Lausanne)"
    "J Hematol",  # one letter from "J Hepatol" is too little to tell
    "Radiol",  # one word, not a journal name
    "Journal of Imaginary Results",
    "",
    "   ",
]


@pytest.mark.parametrize("printed", UNRESOLVED)
def test_unknown_or_ambiguous_names_stay_unresolved(base: JournalBase, printed: str) -> None:
    assert base.resolve(printed) is None


def test_no_other_medline_journal_resolves_to_a_table_entry(base: JournalBase, shared_dir: Path) -> None:
    """The ~4,700 MEDLINE journals outside the table (titles and abbreviations) must all stay unknown."""
    data = json.loads((shared_dir / "data/journals/csl-abbreviations/medline-abbreviations.json").read_text())
    ours = {normalize_name(e.nlm_abbrev) for e in base}
    names = [
        name
        for title, abbrev in data["default"]["container-title"].items()
        if normalize_name(abbrev) not in ours
        for name in (title, abbrev)
    ]
    wrong = [(n, m.entry.nlm_abbrev) for n in names if (m := base.resolve(n)) is not None]
    assert len(names) > 9000
    assert wrong == []


def test_issn_lookup_finds_print_and_online_issn(base: JournalBase) -> None:
    assert base.by_issn("0033-8419").nlm_abbrev == "Radiology"
    assert base.by_issn("1527-1315").nlm_abbrev == "Radiology"
    assert base.by_issn("0361-803x").nlm_abbrev == "AJR Am J Roentgenol"
    assert base.by_issn("0000-0000") is None


# --------------------------------------------------------------------------- volume models


@pytest.mark.parametrize(
    ("nlm_abbrev", "year", "expected"),
    [
        ("Radiology", 2023, (306, 309)),  # four a year
        ("AJR Am J Roentgenol", 2020, (214, 215)),  # two a year
        ("J Clin Oncol", 2015, (33, 33)),  # one a year since 1983
        ("BMJ", 2015, (350, 351)),  # two a year until 2015 ...
        ("BMJ", 2016, (352, 355)),  # ... four a year from 2016
        ("Int J Surg", 2022, (97, 108)),  # twelve a year 2015-2022 ...
        ("Int J Surg", 2023, (109, 109)),  # ... one a year from 2023
        ("Nature", 2010, (463, 468)),  # six a year until 2010 ...
        ("Nature", 2011, (469, 480)),  # ... twelve a year from 2011
        ("Cancer", 1986, (57, 58)),  # earlier stretch
        ("Cancer", 2000, None),  # 1997-2008 not modelled: unknown, not guessed
        ("Lancet", 1986, None),  # half-year volumes cited as 1 or 2 before 1991
        ("Arch Surg", 2015, None),  # ceased in 2012
        ("J Bone Joint Surg Am", 1949, None),  # before the model
        ("Cochrane Database Syst Rev", 2020, None),  # no volumes at all
        ("Prostate", 2001, (46, 49)),  # four a year 1997-2005 ...
        ("Prostate", 2010, (70, 70)),  # ... one a year from 2006
        ("J Adv Nurs", 2003, (41, 44)),  # four a year 2001-2008 ...
        ("J Adv Nurs", 2000, None),  # ... two a year before 2001: not modelled
    ],
)
def test_expected_volumes_follow_the_numbering_and_its_changes(
    base: JournalBase, nlm_abbrev: str, year: int, expected: tuple[int, int] | None
) -> None:
    assert expected_volumes(entry(base, nlm_abbrev), year) == expected


@pytest.mark.parametrize(
    ("nlm_abbrev", "year", "volume", "verdict"),
    [
        ("Radiology", 2023, 305, True),  # December 2022 issue cited as 2023
        ("Radiology", 2023, 301, False),  # more than a year off
        ("Radiology", 2023, "306(2)", True),  # issue glued to the volume
        ("Am J Med Genet A", 2011, "155A", True),  # section letter
        ("Radiology", 2023, "Suppl", None),  # no number
        ("Acta Ophthalmol", 2023, "2023", None),  # the year repeated as volume
        ("Lancet", 1986, "1", None),  # not modelled that year
        ("Int J Surg", 2023, 108, True),  # 2022's last volume, within a year
    ],
)
def test_volume_plausible_allows_a_year_and_says_none_when_it_cannot_judge(
    base: JournalBase, nlm_abbrev: str, year: int, volume: int | str, verdict: bool | None
) -> None:
    assert volume_plausible(entry(base, nlm_abbrev), year, volume) is verdict


def test_expected_span_with_tolerance_covers_neighbouring_years(base: JournalBase) -> None:
    radiology = entry(base, "Radiology")
    assert expected_volume_span(radiology, 2023) == (302, 313)
    assert expected_volume_span(radiology, 2023, tolerance_years=0) == (306, 309)
    assert expected_volume_span(entry(base, "Lancet"), 1986) is None


# --------------------------------------------------------------------------- the table itself


def test_table_covers_at_least_300_journals_with_sources_and_controlled_subjects(base: JournalBase) -> None:
    assert len(base) >= 300
    assert sum(e.has_volume_model for e in base) >= 300
    assert len({e.id for e in base}) == len(base)
    for journal in base:
        assert journal.subjects and set(journal.subjects) <= set(SUBJECTS), journal.id
        assert journal.source, journal.id
        if journal.has_volume_model:
            assert "volumes:" in journal.source, journal.id


def test_load_journals_is_cached_and_reads_another_table(tmp_path: Path) -> None:
    assert load_journals() is load_journals()
    table = tmp_path / "mini.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerow(
            {c: "" for c in COLUMNS}
            | {"id": "x", "title": "Journal of Examples", "nlm_abbrev": "J Ex", "subjects": "Medicine",
               "anchor_year": "2020", "anchor_volumes": "10", "volumes_per_year": "1",
               "earlier_model": "2000-2009:2005=1-2/2"}
        )
    mini = load_journals(table)
    assert len(mini) == 1 and mini.resolve("Journal of Examples").entry.id == "x"
    assert expected_volumes(mini.get("x"), 2005) == (1, 2)
    assert expected_volumes(mini.get("x"), 2021) == (11, 11)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id,title\nx,Journal\n", "lacks columns"),  # missing columns
        (",".join(COLUMNS) + "\nx,T,,,,,,,2020,ten,1,,,,,,,\n", "row 2"),  # a volume that is no number
        (",".join(COLUMNS) + "\nx,T,,,,,,,,,,,,1990:1990=1/1,,,,\n", "row 2"),  # malformed earlier model
    ],
)
def test_a_malformed_table_is_an_input_error_naming_the_problem(tmp_path: Path, content: str, problem: str) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_journals(table)


# --------------------------------------------------------------------------- agreement with the real NLM lists


@lru_cache(maxsize=1)
def _nlm_lists(shared: Path) -> tuple[dict[str, dict[str, str]], dict[str, set[str]]]:
    """J_Sequence records by MedAbbr, and every NLM/JabRef title known for an abbreviation."""
    records: dict[str, dict[str, str]] = {}
    text = (shared / "data/journals/csl-abbreviations/J_Sequence.txt").read_text(encoding="utf-8")
    for block in text.split("-" * 56):
        fields = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        if "MedAbbr" in fields:
            records.setdefault(fields["MedAbbr"], fields)
    titles: dict[str, set[str]] = {}
    for name in ("medline", "nlm"):
        data = json.loads((shared / f"data/journals/csl-abbreviations/{name}-abbreviations.json").read_text())
        for title, abbrev in data["default"]["container-title"].items():
            titles.setdefault(abbrev, set()).add(title)
    for name in ("entrez", "medicus"):
        with open(shared / f"data/journals/jabref/journal_abbreviations_{name}.csv", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                if len(row) >= 2:
                    titles.setdefault(row[1], set()).add(row[0])
    for abbrev, fields in records.items():
        titles.setdefault(abbrev, set()).add(fields.get("JournalTitle", ""))
    return records, titles


def _same_title(ours: str, theirs: str) -> bool:
    strip = re.compile(r"\s*\([^)]*\)\s*$")
    heads = {normalize_name(re.split(r"\s[:/]\s|;\s", t)[0]) for t in (strip.sub("", theirs), theirs)}
    return normalize_name(ours) in heads


def test_abbreviations_titles_and_issns_agree_with_the_nlm_lists(base: JournalBase, shared_dir: Path) -> None:
    """Every table fact the NLM/JabRef lists also hold must agree with them (agreement figure in the message)."""
    records, titles = _nlm_lists(shared_dir)
    checked = {"abbreviation": 0, "title": 0, "issn": 0}
    disagreements = []
    for journal in base:
        known_titles = titles.get(journal.nlm_abbrev)
        checked["abbreviation"] += 1
        if not known_titles:
            disagreements.append((journal.id, "abbreviation not in any NLM list"))
            continue
        checked["title"] += 1
        if not any(_same_title(journal.title, t) for t in known_titles):
            disagreements.append((journal.id, journal.title, sorted(known_titles)))
        record = records.get(journal.nlm_abbrev)
        if record is None:
            continue
        for ours, theirs in ((journal.issn_print, record.get("ISSN (Print)", "")),
                             (journal.issn_online, record.get("ISSN (Online)", ""))):
            if theirs.strip():
                checked["issn"] += 1
                if ours != theirs.strip():
                    disagreements.append((journal.id, ours, theirs))
    assert checked["abbreviation"] == len(base) and checked["issn"] > 500, checked
    assert disagreements == [], f"{len(disagreements)} disagreements in {checked}"


# --------------------------------------------------------------------------- false-positive guard on real references

# Real reference strings that misprint the volume; the DOI shows the true one.
MISCITED = {
    "10.1001/jama.290.22.2976": "printed 'JAMA, 29' for vol 290",
    "10.1186/1745-6215-14-166": "printed 'Trials 314:166' for vol 14",
    "10.1128/aac.49.9.3883-3888.2005": "printed '2005;9' (the issue) for vol 49",
    "10.1186/s12872-016-0196-4": "printed '2016;6(1)' for vol 16 (s12872-016: 2016)",
}


@lru_cache(maxsize=1)
def _all_journal_names(shared: Path) -> frozenset[str]:
    names = set()
    for name in ("medline", "nlm", "ncbi", "pmc"):
        data = json.loads((shared / f"data/journals/csl-abbreviations/{name}-abbreviations.json").read_text())
        for title, abbrev in data["default"]["container-title"].items():
            names |= {normalize_name(title), normalize_name(abbrev)}
    return frozenset(names)


def test_real_crossref_reference_strings_are_never_judged_implausible(base: JournalBase, shared_dir: Path) -> None:
    """Crossref's gold strings with DOIs are real citations: their volumes must never be called impossible."""
    data = json.loads(
        (shared_dir / "data/crossref/reference-matching-evaluation/real_refstrings_gold_dataset.json").read_text()
    )
    known = _all_journal_names(shared_dir)
    judged, implausible = 0, {}
    for item in data["dataset"]:
        doi = item["target_gt"]["DOI"]
        if not doi:
            continue
        doi = doi[0] if isinstance(doi, list) else doi
        found = scan_reference(item["ref_string"], base, known)
        if found is None:
            continue
        journal, year, volume = found
        verdict = volume_plausible(base.resolve(journal).entry, year, volume)
        judged += verdict is not None
        if verdict is False:
            implausible[doi] = item["ref_string"]
    assert judged >= 200, judged  # the guard must have teeth (219 when written)
    assert set(implausible) == set(MISCITED), implausible


def test_real_jats_and_pubmed_citations_are_never_judged_implausible(base: JournalBase, shared_dir: Path) -> None:
    """Structured citations of real articles (JATS element-citation, PubMed records) pass the volume check."""
    facts: list[tuple[str, int, str, str]] = []
    for path in sorted((shared_dir / "data/jats").glob("*/*.*xml")):
        for ref in etree.parse(str(path)).iter("ref"):
            for cit in ref.iter("element-citation", "citation", "mixed-citation"):
                journal, year, volume = cit.findtext("source"), cit.findtext("year"), cit.findtext("volume")
                issue = cit.findtext("issue") or ""
                if re.match(r"\d+\s+Suppl", issue):
                    volume = issue.split()[0]  # the markup swapped volume and supplement ("108 Suppl" / "1")
                if journal and year and volume and re.fullmatch(r"\d{4}[a-z]?", year.strip()):
                    facts.append((" ".join(journal.split()), int(year.strip()[:4]), volume, f"{path.name} {ref.get('id')}"))
    for path in sorted((shared_dir / "data/pubmed").rglob("*.xml")):
        for article in etree.parse(str(path)).iter("PubmedArticle"):
            journal = article.findtext(".//MedlineJournalInfo/MedlineTA")
            volume = article.findtext(".//Article/Journal/JournalIssue/Volume")
            year = article.findtext(".//Article/Journal/JournalIssue/PubDate/Year")
            if journal and volume and year:
                facts.append((journal, int(year), volume, f"PMID {article.findtext('.//PMID')}"))
    verdicts = [(f, volume_plausible(m.entry, f[1], f[2])) for f in facts if (m := base.resolve(f[0]))]
    judged = [f for f, v in verdicts if v is not None]
    assert len(judged) >= 200, len(judged)
    assert [f for f, v in verdicts if v is False] == []


# --------------------------------------------------------------------------- subjects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seed's title and keywords
        ("Image-Guided Cryoablation of Small Renal Masses. Keywords: renal cell carcinoma, CT-guided.",
         {"Radiology", "Nephrology", "Urology", "Oncology"}),
        ("Partial nephrectomy versus radical nephrectomy", {"Urology"}),
        ("Laparoscopic cholecystectomy in the elderly", {"General Surgery", "Geriatrics"}),
        ("Total knee arthroplasty outcomes", {"Orthopedics"}),
        ("Glioblastoma resection guided by MRI", {"Oncology", "Neurosurgery", "Neurology", "Radiology", "General Surgery"}),
        ("Atrial fibrillation and stroke risk", {"Cardiology", "Vascular Diseases", "Neurology"}),
        ("Spectrum of opinions", set()),  # "spect" is SPECT only as a word
        ("", set()),
    ],
)
def test_topic_subjects_map_words_to_the_controlled_list(text: str, expected: set[str]) -> None:
    assert topic_subjects(text) == expected
    assert expected <= set(SUBJECTS)


SEED_TOPIC = {"Radiology", "Nephrology", "Urology", "Oncology", "General Surgery"}


@pytest.mark.parametrize(
    ("printed", "related"),
    [
        ("Radiology", True),  # imaging venue: fits any clinical topic
        ("AJNR Am J Neuroradiol", True),  # neuroradiology is still radiology
        ("Skeletal Radiol", True),
        ("J Clin Oncol", True),  # oncology
        ("Ann Surg", True),  # surgery (the comparison arm is partial nephrectomy)
        ("Eur Urol", True),
        ("Kidney Int", True),  # nephrology
        ("N Engl J Med", True),  # general medicine
        ("J Biol Chem", True),  # basic science may be cited for mechanism
        ("J Neurosurg", False),  # neurosurgery: unrelated to renal tumours
        ("Neurosurgery", False),
        ("Spine", False),  # spine (orthopaedics/neurosurgery)
        ("J Bone Joint Surg Am", False),  # orthopaedics
        ("Ophthalmology", False),
    ],
)
def test_seed_topic_relates_to_fitting_venues_only(base: JournalBase, printed: str, related: bool) -> None:
    venue = set(base.resolve(printed).entry.subjects)
    assert subjects_related(SEED_TOPIC, venue) is related


@pytest.mark.parametrize(
    ("topic", "venue", "related"),
    [
        (set(), {"Neurosurgery"}, True),  # unknown topic: never a mismatch
        ({"Oncology"}, set(), True),  # unknown venue
        ({"Radiology"}, {"Neurosurgery"}, True),  # an imaging paper without a specialty may cite any
        ({"Orthopedics"}, {"Neurosurgery"}, True),  # related specialties (spine)
        ({"Urology"}, {"Nephrology"}, True),
        ({"Psychiatry"}, {"Cardiology"}, False),
        ({"Dentistry"}, {"Obstetrics", "Gynecology"}, False),
    ],
)
def test_subjects_related_uses_the_documented_map(topic: set[str], venue: set[str], related: bool) -> None:
    assert subjects_related(topic, venue) is related
