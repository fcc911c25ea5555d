"""The resolver's SPARQL rules: reference.unresolved, reference.metadata_mismatch, reference.retracted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kgaudit.checks.base import Finding
from kgaudit.checks.sparql import parse_rule, run_rule
from kgaudit.graph.build import document_to_graph
from kgaudit.model import Document, Reference
from kgaudit.resolve.http import Lookup, ResolverSession
from kgaudit.resolve.resolver import Resolution, resolve_references
from kgaudit.resolve.triples import add_resolutions
from tests.resolve import examples as ex

DOC = "rules-example"


def _graph(references: tuple[Reference, ...], resolutions: list[Resolution], mode: str = "online") -> Graph:
    doc = Document(id=DOC, source="<test>", format="text", text="", references=references)
    return add_resolutions(document_to_graph(doc), DOC, resolutions, mode)


def _run(rule_file: str, graph: Graph) -> list[Finding]:
    """Run one shipped rule the way the runner does: N-Triples into pyoxigraph, prefixes prepended."""
    text = (resources.files("kgaudit.checks") / "rules" / rule_file).read_text(encoding="utf-8")
    spec = parse_rule(text, rule_file)
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return list(run_rule(spec, store))


@pytest.fixture
def online_graph(make_session: Callable[..., ResolverSession]) -> Graph:
    """The example references resolved against the local servers."""
    return _graph(ex.ALL, resolve_references(ex.ALL, make_session(use_cache=False)))


@pytest.mark.parametrize(("rule_file", "check", "severity"), [
    ("reference_unresolved.rq", "reference.unresolved", "warning"),
    ("reference_metadata_mismatch.rq", "reference.metadata_mismatch", "warning"),
    ("reference_retracted.rq", "reference.retracted", "warning"),
])
def test_rule_headers_name_the_check_and_need_the_resolver(rule_file: str, check: str, severity: str) -> None:
    text = (resources.files("kgaudit.checks") / "rules" / rule_file).read_text(encoding="utf-8")
    spec = parse_rule(text, rule_file)
    assert (spec.id, spec.severity, spec.needs) == (check, severity, ("resolver",))


def test_unresolved_flags_only_references_no_service_knows(online_graph: Graph) -> None:
    findings = _run("reference_unresolved.rq", online_graph)
    assert [f.location.reference for f in findings] == [4, 10]
    assert findings[1].message == "Reference 10: no Crossref or PubMed record matches"
    assert findings[1].location.quote == ex.FABRICATED.raw
    assert findings[1].focus.endswith(f"/{DOC}/ref/10")
    assert findings[1].evidence["services"] in ("crossref, pubmed", "pubmed, crossref")


def test_unresolved_never_flags_what_could_not_be_checked(make_session: Callable[..., ResolverSession]) -> None:
    offline = resolve_references(ex.ALL, make_session(offline=True))
    assert _run("reference_unresolved.rq", _graph(ex.ALL, offline, mode="cache-only")) == []


def test_unresolved_ignores_a_not_found_built_on_a_failed_lookup() -> None:
    # a hand-made inconsistent answer: "not found" although the lookup behind it failed
    failed = Lookup("crossref", "http://127.0.0.1/works?query.bibliographic=x", datetime.now(UTC), 503, fault="HTTP 503")
    res = Resolution(number=10, key=None, status="not_found", reason="no Crossref record matches", lookups=(failed,))
    assert _run("reference_unresolved.rq", _graph((ex.FABRICATED,), [res])) == []


def test_metadata_mismatch_states_printed_and_registered_values(online_graph: Graph) -> None:
    findings = {f.location.reference: f for f in _run("reference_metadata_mismatch.rq", online_graph)}
    assert sorted(findings) == [2, 3, 7]
    year_volume = findings[2].message
    assert year_volume.startswith("Reference 2 differs from its Crossref record (DOI 10.1371/journal.pone.0033693): ")
    assert "year: printed 2013, record 2012" in year_volume and "volume: printed 8, record 7" in year_volume
    assert findings[7].message == ("Reference 7 differs from its PubMed record (PMID 29768149): "
                                   "first author: printed Smith, record O'Byrne")
    assert findings[7].evidence["fields"] == "first_author"
    assert "printed DOI 10.1002/jor.1100150407 belongs to another work" in findings[3].message
    assert findings[3].evidence["status"] == "doi_elsewhere"


def test_retracted_names_the_record_and_the_source(online_graph: Graph) -> None:
    [finding] = _run("reference_retracted.rq", online_graph)
    assert finding.location.reference == 8
    assert finding.message == "Reference 8 (PMID 37843654) was retracted according to PubMed"
    assert finding.evidence == {"kind": "retraction", "source": "pubmed", "matched_pmid": "37843654"}


def test_no_resolver_rule_fires_on_an_offline_paper(make_session: Callable[..., ResolverSession]) -> None:
    offline = resolve_references(ex.ALL, make_session(offline=True, use_cache=False))
    graph = _graph(ex.ALL, offline, mode="offline")
    for rule_file in ("reference_unresolved.rq", "reference_metadata_mismatch.rq", "reference_retracted.rq"):
        assert _run(rule_file, graph) == []
