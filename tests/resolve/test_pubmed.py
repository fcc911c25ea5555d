"""PubMed: citation lines, ECitMatch answers, ESummary records, retraction signals, batching."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kgaudit.model import Author, Reference
from kgaudit.resolve import pubmed
from kgaudit.resolve.http import ResolverSession
from tests.resolve import examples as ex
from tests.resolve.fake_services import EutilsReplay, FakeService


@pytest.mark.parametrize(("ref", "line"), [
    (ex.NEJM_VANCOUVER, "n engl j med|2018|378|1865|o'byrne pm|k|"),  # every field
    (replace(ex.NEJM_VANCOUVER, authors=()), "n engl j med|2018|378|1865||k|"),  # no author: field left empty
    (replace(ex.NEJM_VANCOUVER, first_page=None), "n engl j med|2018|378||o'byrne pm|k|"),  # two of three suffice
    (replace(ex.NEJM_VANCOUVER, journal="Acta | Scand"), "acta scand|2018|378|1865|o'byrne pm|k|"),  # separator
    (replace(ex.NEJM_VANCOUVER, journal=None), None),  # no journal: nothing to match on
    (replace(ex.NEJM_VANCOUVER, volume=None, first_page=None), None),  # year alone does not locate an article
    (replace(ex.NEJM_VANCOUVER, authors=(Author("van der Berg", "Anna B"),)),
     "n engl j med|2018|378|1865|van der berg ab|k|"),  # given names reduced to initials
])
def test_citation_line(ref: Reference, line: str | None) -> None:
    assert pubmed.citation_line(ref, "k") == line


@pytest.mark.parametrize(("result", "status", "pmid"), [
    ("29768149", "found", "29768149"),  # a PMID
    ("NOT_FOUND", "not_found", None),  # plain miss
    ("NOT_FOUND;INVALID_JOURNAL", "not_found", None),  # miss with a reason
    ("AMBIGUOUS (2 citations)", "ambiguous", None),  # several records
    ("", "not_found", None),  # empty last column
])
def test_parse_citation_result(result: str, status: str, pmid: str | None) -> None:
    hit = pubmed.parse_citation_result("k", result)
    assert (hit.status, hit.pmid) == (status, pmid)


def test_parse_citation_result_rejects_foreign_text() -> None:
    with pytest.raises(ValueError):
        pubmed.parse_citation_result("k", "<html>")


@pytest.mark.parametrize(("name", "family"), [
    ("O'Byrne PM", "O'Byrne"),  # initials dropped
    ("Garcia-Tabar I", "Garcia-Tabar"),  # hyphenated
    ("van der Berg AB", "van der Berg"),  # particles kept
    ("Madonna", "Madonna"),  # single name
])
def test_family_of(name: str, family: str) -> None:
    assert pubmed.family_of(name) == family


def test_record_from_summary_reads_ncbis_own_json_sample(shared_dir: Path) -> None:
    sample = json.loads((shared_dir / "data/pubmed/eutils-json-samples/esummary.pubmed.json").read_text())
    record = pubmed.record_from_summary(sample["result"]["5683731"])
    assert (record.pmid, record.doi, record.journal_abbrev, record.year) == (
        "5683731", "10.1038/sc.1968.18", "Paraplegia", 1968)
    assert (record.volume, record.issue, record.first_page, record.last_page) == ("6", "2", "103", "105")
    assert (record.first_author, record.title) == ("Goldberg", "An assistive device for smoking")
    assert record.retraction is None


@pytest.mark.parametrize(("doc", "kind", "notice"), [
    ({"pubtype": ["Journal Article", "Retracted Publication"]}, "retraction", None),  # PubMed's publication type
    ({"pubtype": ["Journal Article"], "references": [{"reftype": "Retraction in", "pmid": "31111111"}]},
     "retraction", "31111111"),  # a linked retraction notice
    ({"pubtype": ["Journal Article"], "references": [{"reftype": "ExpressionOfConcernIn", "pmid": "32222222"}]},
     "expression_of_concern", "32222222"),  # a linked expression of concern
    ({"pubtype": ["Retraction of Publication"]}, None, None),  # the notice itself is not retracted
    ({"pubtype": ["Journal Article", "Published Erratum"]}, None, None),  # an erratum is not a retraction
])
def test_retraction_from_summary(doc: dict, kind: str | None, notice: str | None) -> None:
    retraction = pubmed.retraction_from_summary(doc)
    assert (retraction.kind if retraction else None) == kind
    assert (retraction.notice_pmid if retraction else None) == notice


def test_retracted_record_from_the_replayed_pubmed_is_flagged(eutils_replay: EutilsReplay) -> None:
    record = pubmed.record_from_summary(eutils_replay.docs["37843654"])
    assert record.retraction is not None and record.retraction.kind == "retraction"


def test_ecitmatch_answers_a_whole_list_in_one_call(make_session: Callable[..., ResolverSession],
                                                     eutils_server: FakeService) -> None:
    refs = [ex.NEJM_VANCOUVER, ex.NEJM_WRONG_AUTHOR, ex.FABRICATED, ex.SMOKING_BY_PMID]
    lines = {f"r{i}": pubmed.citation_line(r, f"r{i}") for i, r in enumerate(refs)}
    [answer] = pubmed.ecitmatch(make_session(use_cache=False), lines)
    assert eutils_server.count == 1
    assert {k: (h.status, h.pmid) for k, h in answer.hits.items()} == {
        "r0": ("found", "29768149"),
        "r1": ("found", "29768149"),  # ECitMatch ignores the wrong author
        "r2": ("not_found", None),
        "r3": ("found", "5683731"),
    }
    sent = eutils_server.hits[0].query
    assert sent["retmode"] == ["xml"] and sent["bdata"][0].count("\r") == 3


def test_esummary_batches_ids_and_names_the_missing(make_session: Callable[..., ResolverSession],
                                                     eutils_server: FakeService) -> None:
    [answer] = pubmed.esummary(make_session(use_cache=False), ["29768149", "5683731", "99999999", "5683731"])
    assert eutils_server.count == 1
    assert eutils_server.hits[0].query["id"] == ["29768149,5683731,99999999"]
    assert set(answer.records) == {"29768149", "5683731"}
    assert answer.missing == {"99999999"}
