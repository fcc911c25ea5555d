"""Field comparison: normalisation, single fields, and the identity decision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kgaudit.model import Author, Reference
from kgaudit.resolve.match import (
    abbreviates,
    compare,
    compare_raw,
    expand_last_page,
    normalize_doi,
    same_family,
    same_journal,
    same_page,
    same_volume,
    split_pages,
    title_similarity,
)
from kgaudit.resolve.records import Record
from tests.resolve import examples as ex


@pytest.mark.parametrize(("pages", "expected"), [
    ("212-227", ("212", "227")),  # plain range
    ("103-5", ("103", "105")),  # MEDLINE abbreviation
    ("1207–13", ("1207", "1213")),  # en dash, abbreviated
    ("e33693", ("e33693", None)),  # article number
    ("S12-S19", ("S12", "S19")),  # supplement pages stay as printed
    ("", (None, None)),  # nothing printed
])
def test_split_pages_expands_abbreviated_ranges(pages: str, expected: tuple) -> None:
    assert split_pages(pages) == expected


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("1865", "76", "1876"),  # two digits kept from the first page
    ("99", "101", "101"),  # already complete
    ("e1", "e9", "e9"),  # not numeric: left alone
])
def test_expand_last_page(first: str, last: str, expected: str) -> None:
    assert expand_last_page(first, last) == expected


@pytest.mark.parametrize(("doi", "expected"), [
    ("https://doi.org/10.1371/JOURNAL.PONE.0033693", "10.1371/journal.pone.0033693"),  # resolver URL, upper case
    ("doi: 10.1056/NEJMoa1715274.", "10.1056/nejmoa1715274"),  # prefix and trailing full stop
    ("", None),  # nothing
])
def test_normalize_doi(doi: str, expected: str | None) -> None:
    assert normalize_doi(doi) == expected


@pytest.mark.parametrize(("stated", "record", "expected"), [
    ("O'Byrne", "O'Byrne", True),  # identical
    ("OByrne", "O'Byrne", True),  # apostrophe dropped
    ("Garcia", "García-Tabar", True),  # one part of a compound name, accent folded
    ("Ramirez Ortiz", "Ramírez-Ortiz", True),  # hyphen printed as a space
    ("Smith", "O'Byrne", False),  # another person
    ("Smith", None, None),  # nothing to compare
])
def test_same_family(stated: str, record: str | None, expected: bool | None) -> None:
    assert same_family(stated, record) is expected


@pytest.mark.parametrize(("short", "full", "expected"), [
    ("J Vasc Interv Radiol", "Journal of Vascular and Interventional Radiology", True),  # MEDLINE style
    ("N Engl J Med", "The New England Journal of Medicine", True),  # leading article ignored
    ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America",
     True),  # contractions (Natl) and single letters
    ("AJR Am J Roentgenol", "American Journal of Roentgenology", True),  # leading acronym outside the title
    ("J Surg", "Journal of Surgical Oncology", False),  # a word of the full title left over
    ("Ann Surg", "Annals of Surgical Oncology", False),  # another journal of the same family
    ("Radiology", "Journal of Vascular and Interventional Radiology", False),  # one word in common only
])
def test_abbreviates(short: str, full: str, expected: bool) -> None:
    assert abbreviates(short, full) is expected


@pytest.mark.parametrize(("stated", "names", "expected"), [
    ("PLoS One", ["PLoS ONE", "PLoS ONE"], True),  # case only
    ("Ecol Lett", ["Ecology Letters", None], True),  # abbreviation of the full title
    ("Lancet", ["The Lancet"], True),  # article
    ("Big Data Soc", ["Big Data &amp; Society"], True),  # HTML entity and ampersand in the record
    ("Radiology", ["Neurobiology of Aging"], False),  # another journal
    (None, ["Neurobiology of Aging"], None),  # nothing stated
])
def test_same_journal(stated: str | None, names: list, expected: bool | None) -> None:
    assert same_journal(stated, names) is expected


@pytest.mark.parametrize(("stated", "record", "expected"), [
    ("7", "7", True),  # same volume
    ("07", "7", True),  # leading zero
    ("3", "3-4", True),  # one issue of a double issue
    ("Suppl 1", "1", True),  # supplement designation
    ("8", "7", False),  # another volume
])
def test_same_volume(stated: str, record: str, expected: bool) -> None:
    assert same_volume(stated, record) is expected


@pytest.mark.parametrize(("stated", "record", "expected"), [
    ("e0033693", "e33693", True),  # PLoS article number with and without zero padding
    ("1865", "1865", True),  # same page
    ("1856", "1865", False),  # transposed digits
])
def test_same_page(stated: str, record: str, expected: bool) -> None:
    assert same_page(stated, record) is expected


@pytest.mark.parametrize(("stated", "record", "low", "high"), [
    (ex.PLOS_TITLE, "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the "
                    "Basal Ganglia of Mice", 100, 100),  # case only
    ("The forecast trap", "The forecast trap: a subtitle the reference left out", 100, 100),  # subtitle dropped
    ("Image-Guided Cryoablation of Small Renal Masses: a systematic review",
     "Image-Guided Cryoablation of Small Renal Masses: a meta-analysis", 90, 100),  # templated title: same main part
    ("Fish market prices", "Divergence by depth in an oceanic fish", 0, 50),  # another work
    ("The forecast trap", "RETRACTED: The forecast trap", 100, 100),  # label of a re-issued retracted article
])
def test_title_similarity(stated: str, record: str, low: float, high: float) -> None:
    assert low <= title_similarity(stated, record) <= high


PLOS_RECORD = Record(
    source="crossref", doi="10.1371/journal.pone.0033693",
    title="Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal "
          "Ganglia of Mice",
    journal="PLoS ONE", journal_abbrev="PLoS ONE", year=2012, years=(2012,), volume="7", issue="3",
    first_page="e33693", first_author="Sadasivan", authors=("Sadasivan", "Pond"),
)


@pytest.mark.parametrize(("ref", "identity", "other", "mismatched"), [
    (ex.PLOS_BY_DOI, True, False, {}),  # every field agrees
    (ex.PLOS_WRONG_YEAR, True, False, {"year": ("2013", "2012"), "volume": ("8", "7")}),  # same title, wrong place
    (replace(ex.PLOS_BY_DOI, authors=(Author("Kim", "A"),), year=2019), False, False,
     {"first_author": ("Kim", "Sadasivan"), "year": ("2019", "2012")}),  # title alone does not establish identity
    (replace(ex.PLOS_BY_DOI, title=None), True, False, {}),  # no title: year, volume, page and author place it
    (ex.FABRICATED, False, True, {}),  # clearly another work (mismatches not listed here)
])
def test_compare_decides_identity_from_fields(ref: Reference, identity: bool, other: bool, mismatched: dict) -> None:
    cmp = compare(ref, PLOS_RECORD)
    assert (cmp.identity, cmp.other_work) == (identity, other)
    if not other:
        assert cmp.mismatched == mismatched


def test_compare_names_a_differing_doi_side_by_side() -> None:
    cmp = compare(replace(ex.PLOS_BY_DOI, doi="10.1371/journal.pone.0033639"), PLOS_RECORD)
    assert cmp.mismatched == {"doi": ("10.1371/journal.pone.0033639", "10.1371/journal.pone.0033693")}


def test_compare_scores_agreement_not_relevance() -> None:
    assert compare(ex.PLOS_BY_DOI, PLOS_RECORD).score == 1.0
    assert 0.5 < compare(ex.PLOS_WRONG_YEAR, PLOS_RECORD).score < 1.0


def test_compare_raw_finds_the_record_inside_an_unparsed_string() -> None:
    raw = ("Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ (2012) Methylphenidate exposure induces "
           "dopamine neuron loss and activation of microglia in the basal ganglia of mice. PLoS ONE 7: e33693.")
    cmp = compare_raw(raw, PLOS_RECORD)
    assert cmp.identity and not cmp.mismatched
    other = replace(PLOS_RECORD, title="Growth hormone secretagogue increases muscle strength", first_author="Lieber")
    assert not compare_raw(raw, other).identity
