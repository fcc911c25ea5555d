"""Crossref: parsing real works, retraction notices, and the three calls against a local Crossref."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kgaudit.resolve import crossref
from kgaudit.resolve.http import ResolverSession
from tests.resolve.fake_services import CrossrefReplay, FakeService


def test_record_from_work_reads_a_real_plos_record(crossref_replay: CrossrefReplay) -> None:
    record = crossref.record_from_work(crossref_replay.works["10.1371/journal.pone.0033693"])
    assert (record.doi, record.journal, record.year, record.volume, record.issue, record.first_page) == (
        "10.1371/journal.pone.0033693", "PLoS ONE", 2012, "7", "3", "e33693")
    assert record.first_author == "Sadasivan"
    assert record.title.startswith("Methylphenidate Exposure Induces")
    # its "updated-by" notice is a correction, which is not a retraction
    assert record.retraction is None


@pytest.mark.parametrize(("doi", "years", "first", "last"), [
    ("10.1016/j.neurobiolaging.2010.03.024", (2012,), "588", "602"),  # print and online in the same year
    ("10.1002/jor.1100150407", (1997, 2005), "519", "527"),  # digitised back issue: online year much later
    ("10.1136/jclinpath-2020-206745", (2021, 2020), "314", "320"),  # online first the year before print
])
def test_record_from_work_keeps_every_publication_year(crossref_replay: CrossrefReplay, doi: str,
                                                        years: tuple, first: str, last: str) -> None:
    record = crossref.record_from_work(crossref_replay.works[doi])
    assert (record.years, record.first_page, record.last_page) == (years, first, last)


def test_record_from_work_unescapes_html_in_journal_names(crossref_replay: CrossrefReplay) -> None:
    record = crossref.record_from_work(crossref_replay.works["10.1177/2053951719836258"])
    assert record.journal == "Big Data & Society"


OWN = "10.1016/j.example.2019.01.001"


@pytest.mark.parametrize(("work", "kind", "notice", "notice_for"), [
    # updated-by a retraction notice (the Crossref shape for a retracted work)
    ({"DOI": OWN, "updated-by": [{"DOI": "10.1016/j.example.2021.05.002", "type": "retraction", "label": "Retraction",
                                  "updated": {"date-parts": [[2021, 5, 3]]}}]},
     "retraction", "10.1016/j.example.2021.05.002", None),
    # expression of concern, type written with underscores
    ({"DOI": OWN, "updated-by": [{"DOI": "10.1/eoc", "type": "expression_of_concern"}]},
     "expression_of_concern", "10.1/eoc", None),
    # a retraction deposited on the retracted article itself (update-to its own DOI)
    ({"DOI": OWN, "update-to": [{"DOI": OWN.upper(), "type": "retraction"}]}, "retraction", OWN, None),
    # the cited record IS the notice: it retracts another work, it is not retracted
    ({"DOI": "10.1/notice", "update-to": [{"DOI": OWN, "type": "retraction"}]}, None, None, OWN),
    # a correction and an erratum are not retractions
    ({"DOI": OWN, "updated-by": [{"DOI": "10.1/c", "type": "correction"}, {"DOI": "10.1/e", "type": "erratum"}]},
     None, None, None),
    # the title of a re-issued retracted article
    ({"DOI": OWN, "title": ["RETRACTED: A study of things"]}, "retraction", None, None),
])
def test_retraction_from_work(work: dict, kind: str | None, notice: str | None, notice_for: str | None) -> None:
    retraction, target = crossref.retraction_from_work(work)
    assert (retraction.kind if retraction else None) == kind
    assert (retraction.notice_doi if retraction else None) == notice
    assert target == notice_for


def test_retraction_outranks_expression_of_concern() -> None:
    work = {"DOI": OWN, "updated-by": [{"DOI": "10.1/eoc", "type": "expression-of-concern"},
                                       {"DOI": "10.1/r", "type": "retraction"}]}
    retraction, _ = crossref.retraction_from_work(work)
    assert retraction is not None and retraction.kind == "retraction"


def test_fetch_work_answers_record_or_absence(make_session: Callable[..., ResolverSession]) -> None:
    session = make_session(use_cache=False)
    found = crossref.fetch_work(session, "10.1371/journal.pone.0033693")
    missing = crossref.fetch_work(session, "10.1371/notarealdoi")
    assert found.exists is True and found.record is not None and found.lookup.http_status == 200
    assert missing.exists is False and missing.record is None and missing.lookup.http_status == 404
    assert missing.lookup.fault is None  # a 404 is an answer, not a fault


def test_fetch_agency_tells_registered_elsewhere_from_unregistered(
        make_session: Callable[..., ResolverSession], crossref_replay: CrossrefReplay) -> None:
    crossref_replay.agencies["10.5061/dryad.abc123"] = "datacite"
    try:
        session = make_session(use_cache=False)
        datacite = crossref.fetch_agency(session, "10.5061/dryad.abc123")
        nowhere = crossref.fetch_agency(session, "10.1371/notarealdoi")
        recorded = crossref.fetch_agency(session, "10.1126/science.169.3946.635")
    finally:
        del crossref_replay.agencies["10.5061/dryad.abc123"]
    assert (datacite.registered, datacite.agency) == (True, "datacite")
    assert (nowhere.registered, nowhere.agency) == (False, None)
    assert (recorded.registered, recorded.agency) == (True, "crossref")


def test_search_sends_the_whole_string_and_keeps_the_relevance_score(
        make_session: Callable[..., ResolverSession], crossref_server: FakeService) -> None:
    text = "Boettiger C. The forecast trap. Ecol Lett. 2022;25(7):1655-64."
    answer = crossref.search(make_session(use_cache=False), text)
    assert crossref_server.hits[-1].query["query.bibliographic"] == [text]
    assert crossref_server.hits[-1].query["rows"] == ["5"]
    assert 0 < len(answer.records) <= 5
    assert answer.records[0].doi == "10.1111/ele.14024"
    assert all(r.search_score is not None for r in answer.records)
