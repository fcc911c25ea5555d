"""Papers in an on-disk Oxigraph store, and the real oxigraph server answering SPARQL over HTTP."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import requests

from kgaudit import audit
from kgaudit.corpus.load import load_papers
from kgaudit.errors import StoreError
from kgaudit.graph.namespaces import document_iri, sparql_prefix_block
from kgaudit.graph.oxstore import (
    SparqlServer,
    free_port,
    is_store,
    named_graphs,
    open_store,
    server_command,
)
from kgaudit.graph.queries import load_query, results_json, run_query
from tests.conftest import REPO

EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
SPARQL_JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> tuple[Path, list]:
    """A store holding the seed and the example paper, plus their audits (for expected answers)."""
    store_dir = tmp_path_factory.mktemp("store") / "corpus"
    loaded = load_papers([seed_path, EXAMPLE], store_dir)
    assert [r.error for r in loaded] == [None, None]
    return store_dir, [audit(seed_path), audit(EXAMPLE)]


def test_each_paper_becomes_the_named_graph_of_its_iri(corpus: tuple[Path, list]) -> None:
    store_dir, reports = corpus
    assert is_store(store_dir)
    assert named_graphs(store_dir) == sorted(str(document_iri(r.document.id)) for r in reports)


def _count(store_dir: Path, query: str) -> int:
    [row] = results_json(run_query(open_store(store_dir, read_only=True), query))["results"]["bindings"]
    return int(row["n"]["value"])


def test_named_graph_holds_the_papers_triples_and_findings(corpus: tuple[Path, list]) -> None:
    store_dir, reports = corpus
    for report in reports:
        iri = str(document_iri(report.document.id))
        # Audited twice (store and fixture): the run's timestamp differs, the number of triples does not.
        assert _count(store_dir, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}") == len(
            report.graph)
        assert _count(store_dir, f"SELECT (COUNT(?f) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?f a kga:Finding }} }}") == len(
            report.findings)


def test_findings_by_check_spans_the_corpus(corpus: tuple[Path, list]) -> None:
    store_dir, reports = corpus
    expected_findings = Counter((f.check, f.severity) for r in reports for f in r.findings)
    expected_papers = Counter(key for r in reports for key in {(f.check, f.severity) for f in r.findings})
    store = open_store(store_dir, read_only=True)
    bindings = results_json(run_query(store, load_query("findings_by_check").text))["results"]["bindings"]
    found = {(b["check"]["value"], b["severity"]["value"]): (int(b["findings"]["value"]), int(b["papers"]["value"]))
             for b in bindings}
    assert found == {key: (n, expected_papers[key]) for key, n in expected_findings.items()}
    assert found[("citation.author_year_mismatch", "error")][1] == 2  # both papers have one


def test_loading_a_paper_again_replaces_its_graph(tmp_path: Path, seed_path: Path) -> None:
    store_dir = tmp_path / "store"
    first = load_papers([seed_path], store_dir)
    second = load_papers([seed_path], store_dir)
    store = open_store(store_dir, read_only=True)
    assert len(store) == second[0].triples == first[0].triples


def test_unreadable_paper_is_reported_and_the_rest_load(tmp_path: Path, seed_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    results = load_papers([empty, seed_path], tmp_path / "store")
    assert results[0].error and "empty" in results[0].error and results[0].graph_iri is None
    assert results[1].error is None and results[1].findings > 0


def test_read_only_open_of_a_directory_without_a_store_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no Oxigraph store"):
        open_store(tmp_path, read_only=True)


def test_a_directory_of_other_files_is_not_turned_into_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="other files"):
        open_store(tmp_path)


def test_server_is_read_only_and_on_loopback_by_default(tmp_path: Path) -> None:
    command = server_command(tmp_path, "127.0.0.1", 7000)
    assert command[1] == "serve-read-only"
    assert command[command.index("--bind") + 1] == "127.0.0.1:7000"
    assert "--union-default-graph" in command
    assert server_command(tmp_path, "127.0.0.1", 7000, writable=True)[1] == "serve"


def test_real_server_answers_sparql_json_over_http(corpus: tuple[Path, list]) -> None:
    store_dir, reports = corpus
    query = sparql_prefix_block() + load_query("findings_per_paper").text
    local = results_json(run_query(open_store(store_dir, read_only=True), load_query("findings_per_paper").text))
    with SparqlServer(store_dir, port=free_port()) as server:
        by_get = requests.get(server.query_url, params={"query": query}, headers={"Accept": SPARQL_JSON}, timeout=30)
        by_post = requests.post(server.query_url, data={"query": query}, headers={"Accept": SPARQL_JSON}, timeout=30)
        update = requests.post(server.update_url, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                               timeout=30)
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.headers["content-type"].startswith(SPARQL_JSON)
    assert by_get.json() == by_post.json() == local
    papers = {b["paper"]["value"]: int(b["findings"]["value"]) for b in by_get.json()["results"]["bindings"]}
    assert papers == {str(document_iri(r.document.id)): len(r.findings) for r in reports}
    assert update.status_code >= 400  # read-only by default
    assert server.process is not None and server.process.poll() is not None  # stopped
    with pytest.raises(requests.ConnectionError):
        requests.get(server.query_url, params={"query": "ASK {}"}, timeout=5)


def test_writable_server_accepts_updates(tmp_path: Path) -> None:
    with SparqlServer(tmp_path / "fresh", port=free_port(), writable=True) as server:
        inserted = requests.post(server.update_url, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                                 timeout=30)
        asked = requests.get(server.query_url, params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"},
                             headers={"Accept": SPARQL_JSON}, timeout=30)
    assert inserted.ok and asked.json()["boolean"] is True


def test_serving_a_directory_without_a_store_fails_before_starting(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no Oxigraph store"):
        SparqlServer(tmp_path, port=free_port()).start()
