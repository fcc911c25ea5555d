"""Resolver outages: the circuit breaker, the per-audit deadline, and what the command line says.

Hostile local servers (``tests.resolve.fake_services.FakeService``) fail every request in turn with
503, 429 with a long ``Retry-After``, a truncated body, a hang and a connection reset.  Timings are
not asserted here (``benchmarks/resolver_outage.py`` measures them); what is asserted is the
behaviour that keeps an outage short: how few requests are sent before a service is given up, that
every reference ends ``unverifiable`` (never ``not_found``), and the one stderr line naming each
service and its fault.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgaudit.resolve.http import CROSSREF, PUBMED, ResolverSession, json_body
from kgaudit.resolve.resolver import resolve_references
from tests.resolve.fake_services import FakeService, Reply

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
# One round of the faults a failing service gives (kind, options), repeated for as long as requests come;
# the hang is short here (the benchmark uses 8 s): only its kind matters to what is asserted.
FAULT_CYCLE = (("503", {}), ("429", {"retry_after": "30"}), ("truncated", {}), ("timeout", {"delay": 1.5}),
               ("reset", {}))


def _unavailable(path: str, query: dict[str, list[str]]) -> Reply:
    # what the server says when it says anything at all (past a hang, in a truncated body)
    return Reply(503, b"<html>Service unavailable</html>", {"Content-Type": "text/html"})


def hostile(start: int = 0, rounds: int = 60) -> FakeService:
    """A local server failing every request, cycling through FAULT_CYCLE from its ``start``-th fault."""
    service = FakeService(_unavailable)
    cycle = FAULT_CYCLE[start:] + FAULT_CYCLE[:start]
    for _ in range(rounds):
        for kind, options in cycle:
            service.add_fault(kind, times=1, **options)
    return service


@pytest.fixture
def hostile_pair() -> Iterator[tuple[FakeService, FakeService]]:
    with hostile() as crossref, hostile() as eutils:
        yield crossref, eutils


def _session(crossref: FakeService, eutils: FakeService, **options: object) -> ResolverSession:
    return ResolverSession(crossref_url=crossref.url, eutils_url=eutils.url, use_cache=False,
                           mailto="tests@example.org", **options)  # type: ignore[arg-type]


def _get(session: ResolverSession, service: str = CROSSREF) -> str | None:
    return session.get(service, "/works/10.1000/x", parse=json_body).lookup.fault


# --------------------------------------------------------------------------- the breaker


def test_three_failed_attempts_in_a_row_give_a_service_up() -> None:
    with FakeService(_unavailable) as crossref, FakeService(_unavailable) as eutils:
        session = _session(crossref, eutils, retries=5, backoff=0.01, backoff_max=0.02)
        first = _get(session)
        later = [_get(session) for _ in range(3)]
    assert crossref.count == 3  # the first call stopped after three attempts, not six
    assert first is not None and "HTTP 503 Service Unavailable" in first
    assert all(f is not None and "gave up" in f and "HTTP 503" in f for f in later)
    assert session.outages() == {CROSSREF: "HTTP 503 Service Unavailable"}
    assert eutils.count == 0 and PUBMED not in session.outages()  # one service's outage is its own


def test_a_long_retry_after_gives_the_service_up_at_once() -> None:
    with FakeService(_unavailable) as crossref, FakeService(_unavailable) as eutils:
        crossref.add_fault("429", retry_after="30")
        session = _session(crossref, eutils, backoff=0.01)
        fault = _get(session)
        assert _get(session) is not None
    # one request: waiting 30 s for Crossref is longer than an audit waits for a failing service
    assert crossref.count == 1
    assert fault is not None and "Retry-After 30 s" in fault
    assert "Retry-After 30 s" in session.outages()[CROSSREF]


def test_an_answer_resets_the_count_and_a_trial_call_follows_the_cooldown() -> None:
    ok = Reply.json({"status": "ok", "message": {"DOI": "10.1000/x"}})
    with FakeService(lambda path, query: ok) as crossref, FakeService(_unavailable) as eutils:
        session = _session(crossref, eutils, retries=0, breaker_cooldown=0.2)
        for _ in range(3):  # two failures, an answer, two failures: never three in a row
            crossref.add_fault("503", times=2)
            _get(session), _get(session)
            assert _get(session) is None
        assert session.outages() == {}
        crossref.add_fault("503", times=3)
        faults = [_get(session) for _ in range(4)]
        assert crossref.count == 9 + 3 and "gave up" in (faults[3] or "")
        import time

        time.sleep(0.25)  # the cooldown: one trial call goes through, and the service answers again
        assert _get(session) is None and _get(session) is None
    assert crossref.count == 14


def test_a_session_without_an_audit_has_no_deadline() -> None:
    # a lone lookup (kgaudit journals refresh) is limited by its timeouts, not by an audit's first-answer limit
    with FakeService(_unavailable) as crossref, FakeService(_unavailable) as eutils:
        session = _session(crossref, eutils, retries=1, backoff=0.01, first_answer_within=0.0)
        fault = _get(session)
    assert crossref.count == 2 and fault is not None and "HTTP 503" in fault


# --------------------------------------------------------------------------- a whole reference list


@pytest.mark.parametrize("start", range(len(FAULT_CYCLE)), ids=[kind for kind, _ in FAULT_CYCLE])
def test_total_outage_leaves_every_reference_unverifiable_after_a_few_requests(start: int) -> None:
    # each row starts the fault cycle at another fault (503, 429, truncated, hang, reset first)
    from kgaudit.ingest import load_document

    references = load_document(EXAMPLE).references
    with hostile(start) as crossref, hostile(start) as eutils:
        session = _session(crossref, eutils, backoff=0.05, backoff_max=0.1, timeout=(1.0, 1.0),
                           first_answer_within=3.0)
        resolutions = resolve_references(references, session)
    assert len(resolutions) == len(references) > 5
    assert {r.status for r in resolutions} == {"unverifiable"}
    # a handful of requests per service, not one round of retries per reference
    assert crossref.count <= 6 and eutils.count <= 6, (crossref.count, eutils.count)
    outages = session.outages()
    assert set(outages) == {CROSSREF, PUBMED}
    assert all(outages.values())


def test_no_answer_from_any_service_stops_the_audit_at_the_first_answer_limit() -> None:
    from kgaudit.ingest import load_document

    references = load_document(EXAMPLE).references
    with FakeService(_unavailable) as crossref, FakeService(_unavailable) as eutils:
        for server in (crossref, eutils):
            server.add_fault("timeout", delay=2.0)  # every request hangs, then fails
        session = _session(crossref, eutils, timeout=(5.0, 30.0), first_answer_within=0.5)
        resolutions = resolve_references(references, session)
    assert {r.status for r in resolutions} == {"unverifiable"}
    reasons = {r.reason for r in resolutions}
    assert any("no service answered within" in reason for reason in reasons), reasons
    assert crossref.count + eutils.count <= 3  # the hung requests, cut at the limit; nothing after them
    assert all("no service answered within" in why for why in session.outages().values())


# --------------------------------------------------------------------------- the command line


def _run(*args: str, crossref: FakeService, eutils: FakeService, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KGAUDIT_CROSSREF_URL": crossref.url, "KGAUDIT_EUTILS_URL": eutils.url,
           "XDG_CACHE_HOME": str(cache)}
    env.pop("KGAUDIT_MAILTO", None)
    return subprocess.run([sys.executable, "-m", "kgaudit", *args], capture_output=True, text=True, timeout=300,
                          cwd=REPO, env=env)


def _outage_line(stderr: str) -> str:
    # notes of other kinds ("kgaudit: note: ..." after a load) may follow; warnings are the outage's
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("kgaudit: note:")]
    assert len(lines) == 1, stderr  # one line, however many references and services failed
    line = lines[0]
    assert line.startswith("kgaudit: warning:") and "Crossref" in line and "PubMed" in line, line
    assert any(fault in line for fault in ("HTTP 503", "HTTP 429", "timeout", "connection failed",
                                           "no service answered")), line
    return line


@pytest.mark.parametrize("paper", ["example", "seed"])
def test_check_online_under_total_outage(paper: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    # the project's example paper always; the seed when ../shared is beside the checkout
    path = EXAMPLE if paper == "example" else request.getfixturevalue("seed_path")
    with hostile() as crossref, hostile() as eutils:
        done = _run("check", str(path), "--online", "--format", "json", "--fail-on", "never",
                    crossref=crossref, eutils=eutils, cache=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["resolver"]["mode"] == "online"
    assert report["resolver"]["unverified"] == report["resolver"]["references"] > 5
    assert "reference.unresolved" not in report["summary"]["by_check"]
    _outage_line(done.stderr)
    assert crossref.count <= 6 and eutils.count <= 6, (crossref.count, eutils.count)


def test_graph_load_and_sparql_take_online(hostile_pair: tuple[FakeService, FakeService], tmp_path: Path) -> None:
    crossref, eutils = hostile_pair
    graph = _run("graph", str(EXAMPLE), "--online", crossref=crossref, eutils=eutils, cache=tmp_path)
    assert graph.returncode == 0, graph.stderr
    assert "kga:resolverOutage" in graph.stdout and '"online"' in graph.stdout
    _outage_line(graph.stderr)

    query = "SELECT ?m WHERE { ?p kga:resolverMode ?m ; a fabio:JournalArticle }"
    sparql = _run("sparql", query, "--paper", str(EXAMPLE), "--online", "--format", "csv",
                  crossref=crossref, eutils=eutils, cache=tmp_path)
    assert sparql.returncode == 0, sparql.stderr
    assert sparql.stdout.splitlines()[1:] == ["online"]
    _outage_line(sparql.stderr)

    load = _run("load", str(EXAMPLE), "--store", str(tmp_path / "store"), "--online",
                crossref=crossref, eutils=eutils, cache=tmp_path)
    assert load.returncode == 0, load.stderr
    _outage_line(load.stderr)


def test_offline_commands_send_nothing(hostile_pair: tuple[FakeService, FakeService], tmp_path: Path) -> None:
    crossref, eutils = hostile_pair
    done = _run("graph", str(EXAMPLE), crossref=crossref, eutils=eutils, cache=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert crossref.count == eutils.count == 0 and '"offline"' in done.stdout
