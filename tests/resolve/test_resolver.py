"""The resolver end to end against local Crossref and E-utilities servers replaying real records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from kgaudit.model import Author, Reference
from kgaudit.resolve.http import ResolverSession
from kgaudit.resolve.resolver import STATUSES, Resolution, resolve_references
from tests.resolve import examples as ex
from tests.resolve.fake_services import CrossrefReplay, FakeService

Make = Callable[..., ResolverSession]


def _one(make_session: Make, ref: Reference, **options: object) -> Resolution:
    [resolution] = resolve_references([ref], make_session(use_cache=False, **options))
    return resolution


@pytest.mark.parametrize(("ref", "status", "service", "doi", "pmid", "fields"), [
    (ex.PLOS_BY_DOI, "verified", "crossref", "10.1371/journal.pone.0033693", None, {}),  # printed DOI, all agree
    (ex.PLOS_WRONG_YEAR, "mismatch", "crossref", "10.1371/journal.pone.0033693", None,
     {"year": ("2013", "2012"), "volume": ("8", "7")}),  # printed DOI, wrong year and volume
    (ex.SMOKING_BY_PMID, "verified", "pubmed", "10.1038/sc.1968.18", "5683731", {}),  # printed PMID, "103-5" pages
    (ex.NEJM_VANCOUVER, "verified", "pubmed", "10.1056/nejmoa1715274", "29768149", {}),  # ECitMatch + ESummary
    (ex.NEJM_WRONG_AUTHOR, "mismatch", "pubmed", "10.1056/nejmoa1715274", "29768149",
     {"first_author": ("Smith", "O'Byrne")}),  # ECitMatch tolerates the author; ESummary shows it
    (ex.RETRACTED_BY_PMID, "retracted", "pubmed", None, "37843654", {}),  # "Retracted Publication"
    (ex.FORECAST_TRAP, "verified", "crossref", "10.1111/ele.14024", None, {}),  # only Crossref search knows it
    (ex.UNPARSED_DELPHI, "verified", "crossref", "10.1371/journal.pone.0020476", None, {}),  # raw string only
    (ex.UNREGISTERED_DOI, "not_found", "crossref", None, None, {}),  # DOI 404 at Crossref and at the agency
    (ex.FABRICATED, "not_found", "crossref", None, None, {}),  # nobody knows it
])
def test_each_route_ends_in_its_status(make_session: Make, ref: Reference, status: str, service: str,
                                       doi: str | None, pmid: str | None, fields: dict) -> None:
    res = _one(make_session, ref)
    assert (res.status, res.service, res.matched_doi, res.matched_pmid) == (status, service, doi, pmid)
    assert res.mismatched_fields == fields
    assert res.number == ref.number and res.request_url and res.requested_at is not None


def test_a_record_found_carries_its_fields_and_provenance(make_session: Make) -> None:
    res = _one(make_session, ex.NEJM_VANCOUVER)
    record = res.record
    assert (record.journal_abbrev, record.year, record.volume, record.issue, record.pages, record.first_author) == (
        "N Engl J Med", 2018, "378", "20", "1865-1876", "O'Byrne")
    assert res.score == 1.0 and res.http_status == 200
    assert "esummary.fcgi" in res.request_url and "id=29768149" in res.request_url
    assert [lk.url.split("?")[0].rsplit("/", 1)[-1] for lk in res.lookups] == ["ecitmatch.cgi", "esummary.fcgi"]


def test_a_retracted_record_names_the_retraction(make_session: Make) -> None:
    res = _one(make_session, ex.RETRACTED_BY_PMID)
    assert res.retraction is not None
    assert (res.retraction.kind, res.retraction.source, res.retraction.label) == (
        "retraction", "pubmed", "Retracted Publication")


def test_a_printed_doi_of_another_work_is_doi_elsewhere_with_the_cited_work_as_candidate(make_session: Make) -> None:
    res = _one(make_session, ex.PLOS_OTHER_DOI)
    assert res.status == "doi_elsewhere"
    assert res.record.doi == "10.1002/jor.1100150407" and res.record.first_author == "Lieber"
    assert [c.doi for c in res.candidates] == ["10.1371/journal.pone.0033693"]
    assert res.mismatched_fields == {"doi": ("10.1002/jor.1100150407", "10.1371/journal.pone.0033693")}


def test_a_wrong_doi_with_the_work_in_pubmed_names_the_pubmed_record(make_session: Make,
                                                                     crossref_server: FakeService) -> None:
    ref = replace(ex.NEJM_VANCOUVER, doi="10.1371/journal.pone.0033693")
    res = _one(make_session, ref)
    assert res.status == "doi_elsewhere" and res.record.doi == "10.1371/journal.pone.0033693"
    assert [(c.source, c.pmid, c.doi) for c in res.candidates] == [("pubmed", "29768149", "10.1056/nejmoa1715274")]
    assert res.mismatched_fields == {"doi": ("10.1371/journal.pone.0033693", "10.1056/nejmoa1715274")}
    assert not [h for h in crossref_server.hits if "query.bibliographic" in h.query]  # found: no search needed


def test_a_printed_pmid_of_another_work_is_doi_elsewhere(make_session: Make) -> None:
    res = _one(make_session, replace(ex.NEJM_VANCOUVER, pmid="5683731"))
    assert res.status == "doi_elsewhere" and res.record.pmid == "5683731"
    assert res.reason.startswith("printed PMID 5683731 belongs to another work: 'An assistive device for smoking'")


def test_an_unregistered_doi_on_a_work_pubmed_knows_is_a_doi_mismatch(make_session: Make) -> None:
    res = _one(make_session, replace(ex.NEJM_VANCOUVER, doi="10.1371/notarealdoi"))
    assert (res.status, res.matched_pmid) == ("mismatch", "29768149")
    assert res.mismatched_fields == {"doi": ("10.1371/notarealdoi", "10.1056/nejmoa1715274")}


def test_an_answer_lists_only_the_lookups_behind_it(make_session: Make) -> None:
    # PLOS_BY_DOI also goes into the ECitMatch batch (in case its DOI fails), but its answer came from the DOI
    res = resolve_references([ex.PLOS_BY_DOI, ex.NEJM_VANCOUVER], make_session(use_cache=False))[0]
    assert [lk.service for lk in res.lookups] == ["crossref"]


def test_a_doi_404_is_checked_with_the_registration_agency(make_session: Make, crossref_server: FakeService) -> None:
    res = _one(make_session, ex.UNREGISTERED_DOI)
    paths = [h.path for h in crossref_server.hits]
    assert paths[:2] == ["/works/10.1371/notarealdoi", "/works/10.1371/notarealdoi/agency"]
    assert "not registered with any agency" in res.reason


def test_a_doi_registered_elsewhere_is_unverifiable_not_missing(make_session: Make,
                                                               crossref_replay: CrossrefReplay) -> None:
    ref = Reference(raw="Dryad data package. doi:10.5061/dryad.q2bvq83", number=1, doi="10.5061/dryad.q2bvq83")
    crossref_replay.agencies["10.5061/dryad.q2bvq83"] = "datacite"
    try:
        res = _one(make_session, ref)
    finally:
        del crossref_replay.agencies["10.5061/dryad.q2bvq83"]
    assert res.status == "unverifiable" and "registered with datacite" in res.reason


def test_the_search_score_alone_never_accepts_a_record(make_session: Make) -> None:
    # Crossref's best-scored answer (10.7717/peerj.638, "Fish market prices drive overfishing…") shares the
    # words but not the work: other author, year, journal and title.
    ref = Reference(raw="Okafor N. Fish market prices and overfishing in West Africa. Mar Policy. 2019;99:12-19.",
                    number=1, authors=(Author("Okafor", "N"),), title="Fish market prices and overfishing in West Africa",
                    journal="Mar Policy", year=2019, volume="99", first_page="12", last_page="19")
    res = _one(make_session, ref)
    assert res.status in ("not_found", "ambiguous") and res.matched_doi is None
    assert all(c.doi != "10.7717/peerj.638" or c.score < 0.5 for c in res.candidates)


def test_pubmed_lookups_are_batched_for_the_whole_list(make_session: Make, eutils_server: FakeService) -> None:
    refs = [ex.NEJM_VANCOUVER, ex.NEJM_WRONG_AUTHOR, ex.SMOKING_BY_PMID, ex.RETRACTED_BY_PMID, ex.FABRICATED,
            ex.FORECAST_TRAP]
    results = resolve_references(refs, make_session(use_cache=False))
    ecitmatch, esummary = eutils_server.hits
    assert ecitmatch.path.endswith("/ecitmatch.cgi") and ecitmatch.query["bdata"][0].count("|") == 6 * 4
    assert esummary.path.endswith("/esummary.fcgi")
    assert set(esummary.query["id"][0].split(",")) == {"29768149", "5683731", "37843654"}
    assert [r.status for r in results] == ["verified", "mismatch", "verified", "retracted", "not_found", "verified"]


def test_crossref_lookups_run_concurrently_but_never_more_than_three(
        make_session: Make, crossref_server: FakeService, crossref_replay: CrossrefReplay) -> None:
    crossref_server.latency = 0.05
    dois = sorted(d for d in crossref_replay.works if d.startswith("10.7717/peerj"))[:12]
    refs = [Reference(raw=f"A PeerJ article. doi:{d}", number=i + 1, doi=d) for i, d in enumerate(dois)]
    results = resolve_references(refs, make_session(use_cache=False))
    assert crossref_server.max_in_flight == 3
    assert [r.matched_doi for r in results] == dois


def test_unnumbered_references_are_numbered_by_position(make_session: Make) -> None:
    refs = [replace(ex.PLOS_BY_DOI, number=None), replace(ex.SMOKING_BY_PMID, number=None)]
    assert [r.number for r in resolve_references(refs, make_session(use_cache=False))] == [1, 2]


def test_an_empty_list_asks_nothing(make_session: Make, crossref_server: FakeService,
                                    eutils_server: FakeService) -> None:
    assert resolve_references([], make_session()) == []
    assert crossref_server.count == eutils_server.count == 0


# --------------------------------------------------------------------------- faults


FAULTS = [
    ("timeout", {"delay": 0.8}),  # longer than the read timeout (0.3 s here)
    ("429", {"retry_after": "30"}),  # asked to wait longer than we do
    ("500", {}),
    ("503", {}),
    ("truncated", {}),
    ("non_json", {}),
    ("reset", {}),
]


@pytest.mark.parametrize(("kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_failing_crossref_makes_its_references_unverifiable(make_session: Make, crossref_server: FakeService,
                                                              kind: str, options: dict) -> None:
    crossref_server.add_fault(kind, **options)
    refs = [ex.PLOS_BY_DOI, ex.FORECAST_TRAP, ex.UNPARSED_DELPHI, ex.UNREGISTERED_DOI, ex.NEJM_VANCOUVER]
    results = resolve_references(refs, make_session(use_cache=False, retries=1, timeout=(1.0, 0.3)))
    assert [r.status for r in results] == ["unverifiable"] * 4 + ["verified"]
    assert all("could not be checked" in r.reason for r in results[:4])


@pytest.mark.parametrize(("kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_failing_pubmed_makes_its_references_unverifiable(make_session: Make, eutils_server: FakeService,
                                                            kind: str, options: dict) -> None:
    eutils_server.add_fault(kind, **options)
    refs = [ex.NEJM_VANCOUVER, ex.SMOKING_BY_PMID, ex.FABRICATED, ex.PLOS_BY_DOI]
    results = resolve_references(refs, make_session(use_cache=False, retries=1, timeout=(1.0, 0.3)))
    assert [r.status for r in results] == ["unverifiable"] * 3 + ["verified"]
    assert all("PubMed" in r.reason for r in results[:3])


def test_a_failing_esummary_after_a_good_ecitmatch_is_unverifiable(make_session: Make,
                                                                  eutils_server: FakeService) -> None:
    eutils_server.add_fault("503", match="esummary")
    res = _one(make_session, ex.NEJM_VANCOUVER, retries=1)
    assert res.status == "unverifiable" and "ESummary" in res.reason


def test_a_slow_pubmed_never_holds_crossref_up(make_session: Make, crossref_server: FakeService,
                                               eutils_server: FakeService) -> None:
    # Generous margins (a 2 s read timeout against a 3 s stall) so a slow CI machine cannot blur the order.
    eutils_server.add_fault("slow", delay=3.0)
    refs = [ex.PLOS_BY_DOI, ex.UNPARSED_DELPHI, ex.NEJM_VANCOUVER]
    results = resolve_references(refs, make_session(use_cache=False, retries=0, timeout=(1.0, 2.0)))
    assert [r.status for r in results] == ["verified", "verified", "unverifiable"]
    # PubMed cannot have answered (or been given up) before its read timeout ran out
    pubmed_earliest_outcome = min(h.start for h in eutils_server.hits) + 2.0
    crossref_for_first_two = [h for h in crossref_server.hits if "query.bibliographic" not in h.query
                              or "Delphi" in h.query["query.bibliographic"][0]]
    assert len(crossref_for_first_two) == 2
    assert all(h.end < pubmed_earliest_outcome for h in crossref_for_first_two)


def test_a_transient_fault_is_retried_to_the_right_answer(make_session: Make, crossref_server: FakeService) -> None:
    crossref_server.add_fault("429", times=1, retry_after="0")
    assert _one(make_session, ex.PLOS_BY_DOI).status == "verified"


# --------------------------------------------------------------------------- cache and offline


def test_a_second_run_is_answered_from_the_cache(make_session: Make, crossref_server: FakeService,
                                                 eutils_server: FakeService) -> None:
    first = resolve_references(ex.ALL, make_session())
    asked = (crossref_server.count, eutils_server.count)
    second = resolve_references(ex.ALL, make_session())
    assert (crossref_server.count, eutils_server.count) == asked
    assert [r.status for r in second] == [r.status for r in first]
    assert all(r.from_cache for r in second)


def test_offline_with_an_empty_cache_checks_nothing_and_claims_nothing(
        make_session: Make, crossref_server: FakeService, eutils_server: FakeService) -> None:
    results = resolve_references(ex.ALL, make_session(offline=True))
    assert {r.status for r in results} == {"unverifiable"}
    assert all("offline" in r.reason for r in results)
    assert crossref_server.count == eutils_server.count == 0


def test_offline_with_a_warm_cache_gives_the_online_answers(make_session: Make, crossref_server: FakeService,
                                                            eutils_server: FakeService) -> None:
    online = resolve_references(ex.ALL, make_session())
    crossref_server.reset()
    eutils_server.reset()
    offline = resolve_references(ex.ALL, make_session(offline=True))
    assert [r.status for r in offline] == [r.status for r in online]
    assert crossref_server.count == eutils_server.count == 0


def test_progress_bar_does_not_change_the_answers(make_session: Make) -> None:
    session = make_session()
    plain = resolve_references(ex.ALL[:4], session)
    with_bar = resolve_references(ex.ALL[:4], session, progress=True)
    assert [r.status for r in with_bar] == [r.status for r in plain]


def test_every_status_is_named_in_statuses() -> None:
    assert set(STATUSES) == {"verified", "mismatch", "doi_elsewhere", "ambiguous", "not_found", "unverifiable",
                             "retracted"}
