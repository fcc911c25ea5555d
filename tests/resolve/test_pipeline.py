"""The resolve stage as the pipeline calls it: choosing the mode, resolving a paper into its graph."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal

from kgaudit.graph.build import document_to_graph
from kgaudit.graph.namespaces import KGA, document_iri, node_iri
from kgaudit.model import Document
from kgaudit.resolve.pipeline import make_session, resolve_into_graph
from tests.resolve import examples as ex
from tests.resolve.fake_services import FakeService


@pytest.fixture
def closed_url() -> Iterator[str]:
    """A local address nothing listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default cache lands in the test's folder, never in the user's cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def _doc() -> Document:
    return Document(id="pipeline-example", source="<test>", format="text", text="",
                    references=(ex.PLOS_BY_DOI, ex.NEJM_VANCOUVER, ex.FABRICATED))


def test_offline_without_a_cache_makes_no_session() -> None:
    assert make_session(offline=True, use_cache=False) is None


def test_offline_with_a_cache_is_cache_only(tmp_path: Path) -> None:
    session = make_session(offline=True, cache_path=tmp_path / "c.sqlite")
    assert session is not None and session.mode == "cache-only"
    session.close()


def test_the_mode_follows_the_network_when_not_told(crossref_server: FakeService, eutils_server: FakeService,
                                                    closed_url: str) -> None:
    reachable = make_session(crossref_url=crossref_server.url, eutils_url=eutils_server.url)
    unreachable = make_session(crossref_url=closed_url, eutils_url=eutils_server.url)
    assert (reachable.mode, unreachable.mode) == ("online", "cache-only")
    reachable.close()
    unreachable.close()


def test_resolve_into_graph_writes_statuses_and_returns_the_mode(crossref_server: FakeService,
                                                                 eutils_server: FakeService,
                                                                 tmp_path: Path) -> None:
    doc = _doc()
    graph = document_to_graph(doc)
    session = make_session(offline=False, cache_path=tmp_path / "c.sqlite", mailto="tests@example.org",
                           crossref_url=crossref_server.url, eutils_url=eutils_server.url)
    with session:
        assert resolve_into_graph(doc, graph, session) == "online"
    statuses = [graph.value(node_iri(doc.id, "ref", n), KGA.resolutionStatus) for n in (1, 6, 10)]
    assert statuses == [Literal("verified"), Literal("verified"), Literal("not_found")]
    assert graph.value(document_iri(doc.id), KGA.referencesResolved) == Literal(2)


def test_without_network_or_session_every_reference_is_unverifiable(closed_url: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGAUDIT_CROSSREF_URL", closed_url)
    monkeypatch.setenv("KGAUDIT_EUTILS_URL", closed_url)
    doc = _doc()
    graph = document_to_graph(doc)
    assert resolve_into_graph(doc, graph) == "cache-only"
    paper = document_iri(doc.id)
    assert (graph.value(paper, KGA.referencesUnverified), graph.value(paper, KGA.referencesResolved)) == (
        Literal(3), Literal(0))


def test_the_seed_offline_has_25_unverifiable_references_and_no_unresolved_finding(
        seed_path: Path, tmp_path: Path) -> None:
    from kgaudit.api import audit

    session = make_session(offline=True, cache_path=tmp_path / "empty.sqlite")
    with session:
        report = audit(seed_path, offline=False, resolver=session)
    paper = document_iri(report.document.id)
    assert report.graph.value(paper, KGA.referencesUnverified) == Literal(25)
    assert report.graph.value(paper, KGA.resolverMode) == Literal("cache-only")
    assert not [f for f in report.run.findings if f.check == "reference.unresolved"]
