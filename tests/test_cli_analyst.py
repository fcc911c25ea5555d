"""The analyst commands: kgaudit queries, sparql, load, serve."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest
import requests
from click.testing import CliRunner

from kgaudit.cli import main
from kgaudit.graph.namespaces import sparql_prefix_block
from kgaudit.graph.oxstore import free_port
from kgaudit.graph.queries import list_queries
from tests.conftest import REPO

EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    directory = tmp_path_factory.mktemp("cli") / "store"
    code, out, err = invoke("load", str(seed_path), str(EXAMPLE), "--store", str(directory))
    assert code == 0, err
    return directory


def test_queries_lists_every_shipped_query() -> None:
    code, out, _ = invoke("queries")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == [q.name for q in list_queries()]


def test_queries_show_prints_the_query_text() -> None:
    code, out, _ = invoke("queries", "--show", "uncited_references")
    assert code == 0 and out.startswith("# name: uncited_references") and "SELECT" in out


def test_sparql_on_a_paper_with_a_binding_gives_sparql_json(seed_path: Path) -> None:
    code, out, err = invoke("sparql", "--query", "findings", "--paper", str(seed_path),
                            "--bind", "check=citation.author_year_mismatch", "--format", "json")
    assert code == 0, err
    results = json.loads(out)
    assert set(results) == {"head", "results"}
    assert results["head"]["vars"] == ["paper", "check", "severity", "message", "focus", "finding"]
    bindings = results["results"]["bindings"]
    assert len(bindings) == 8
    assert {b["check"]["value"] for b in bindings} == {"citation.author_year_mismatch"}
    assert bindings[0]["focus"]["type"] == "uri"


def test_sparql_runs_a_query_file_on_an_exported_graph(tmp_path: Path, seed_path: Path) -> None:
    graph_file = tmp_path / "seed.nq"
    code, _, err = invoke("graph", str(seed_path), "--rdf-format", "nquads", "-o", str(graph_file))
    assert code == 0, err
    query = tmp_path / "refs.rq"
    query.write_text("SELECT ?n WHERE { ?r a biro:BibliographicReference ; kga:number ?n FILTER(?n > 22) } "
                     "ORDER BY ?n", encoding="utf-8")
    code, out, err = invoke("sparql", str(query), "--graph", str(graph_file), "--format", "csv")
    assert code == 0, err
    assert out.splitlines() == ["n", "23", "24", "25"]


def test_sparql_inline_query_on_a_store_spans_both_papers(store: Path) -> None:
    code, out, err = invoke("sparql", "SELECT ?paper WHERE { ?paper a fabio:JournalArticle } ORDER BY ?paper",
                            "--store", str(store))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[-1] == "(2 rows)"
    assert any("early-mobilisation" in line for line in lines) and any("cryoablation" in line for line in lines)


def test_sparql_table_output_is_written_to_a_file(store: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "statuses.txt"
    code, _, err = invoke("sparql", "--query", "reference_statuses", "--store", str(store), "-o", str(out_file))
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    assert "unverifiable  25" in text and "unverifiable  12" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sparql", "SELECT * {}"], "exactly one of"),  # no source
        (["sparql", "SELECT * {}", "--paper", "a.txt", "--store", "s"], "exactly one of"),  # two sources
        (["sparql", "--store", "s"], "either a query"),  # no query
        (["sparql", "SELECT * {}", "--query", "findings", "--store", "s"], "either a query"),  # two queries
        (["sparql", "--query", "nope", "--store", "s"], "no shipped query"),  # unknown query name
        (["sparql", "SELECT * {}", "--bind", "oops", "--store", "s"], "name=value"),  # malformed binding
        (["sparql", "missing.rq", "--store", "s"], "no such file"),  # a query file that is not there
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_sparql_syntax_error_is_one_line_and_exit_2(store: Path) -> None:
    code, _, err = invoke("sparql", "SELECT ?x WHERE {", "--store", str(store))
    assert code == 2 and "SPARQL syntax error at line 1" in err and len(err.strip().splitlines()) == 1


def test_sparql_on_a_directory_without_a_store_exits_2(tmp_path: Path) -> None:
    code, _, err = invoke("sparql", "ASK {}", "--store", str(tmp_path))
    assert code == 2 and "no Oxigraph store" in err


def test_load_reports_an_unreadable_paper_loads_the_rest_and_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = invoke("load", str(missing), str(EXAMPLE), "--store", str(tmp_path / "store"))
    assert code == 2
    assert f"skipped {missing}" in err and "no such file" in err
    assert "1 of 2 papers" in out


def _read_until(stream: IO[bytes], needle: str, timeout: float) -> str:
    """What ``stream`` says up to ``needle`` (the command saying it is ready), read without buffering."""
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            break  # the command ended
        seen += chunk.decode("utf-8", "replace")
        if needle in seen:
            return seen
    raise AssertionError(f"no {needle!r} within {timeout} s: {seen}")


def test_serve_answers_over_http_and_stops_with_its_server(store: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kgaudit", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/query"
    query = sparql_prefix_block() + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a fabio:JournalArticle }"
    try:
        assert process.stderr is not None
        announced = _read_until(process.stderr, f"SPARQL endpoint (read-only): {url}", timeout=60)
        assert "warning" not in announced  # loopback: no warning about exposing the store
        answer = requests.post(url, data={"query": query}, timeout=30,
                               headers={"Accept": "application/sparql-results+json"})
        assert answer.ok
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "2"
    finally:
        process.send_signal(signal.SIGTERM)  # kgaudit stops its oxigraph server on SIGTERM
        try:
            process.communicate(timeout=30)
        finally:
            _kill_leftovers(process.pid)
    assert process.returncode == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(url, params={"query": "ASK {}"}, timeout=5)


def _kill_leftovers(group: int) -> None:
    """Kill whatever is left of the process group this test started (nothing, when serve behaved)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass
