"""The HTTP session: politeness, pacing, retries, faults, cache and offline mode, against a real local server."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from kgaudit.errors import UsageError
from kgaudit.resolve.http import (
    CROSSREF,
    PUBMED,
    Fetch,
    Pacer,
    ResolverSession,
    json_body,
    network_available,
    parse_interval,
    parse_retry_after,
)
from tests.resolve.fake_services import FakeService, max_starts_in_window

PLOS = "/works/10.1371/journal.pone.0033693"


def _work_or_none(response: requests.Response) -> dict | None:
    return None if response.status_code == 404 else json_body(response)


def _get_work(session: ResolverSession, path: str = PLOS) -> Fetch:
    return session.get(CROSSREF, path, parse=_work_or_none, answered=(200, 404))


@pytest.mark.parametrize(("text", "seconds"), [
    ("1s", 1.0),  # Crossref's usual value
    ("500ms", 0.5),  # milliseconds
    ("1m", 60.0),  # minutes
    ("2", 2.0),  # bare number: seconds
    ("soon", None),  # unreadable
    ("0s", None),  # no interval at all
])
def test_parse_interval(text: str, seconds: float | None) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize(("value", "seconds"), [
    ("3", 3.0),  # delta-seconds
    ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),  # HTTP date, 10 s after "now"
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # a date in the past: no wait
    ("later", None),  # unreadable
    (None, None),  # absent
])
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(value, now=now) == seconds


def test_pacer_adopts_crossref_headers_but_never_more_than_three_in_flight() -> None:
    pacer = Pacer(CROSSREF, limit=10, interval=1.0, concurrency=3, max_concurrency=3, follow_headers=True)
    pacer.observe({"x-rate-limit-limit": "50", "x-rate-limit-interval": "2s", "x-concurrency-limit": "5"})
    assert (pacer.limit, pacer.interval, pacer.concurrency) == (50, 2.0, 3)
    pacer.observe({"x-rate-limit-limit": "5", "x-concurrency-limit": "1"})  # no interval: limit kept
    assert (pacer.limit, pacer.concurrency) == (50, 1)


def test_pacer_counts_a_request_until_an_interval_after_it_finished() -> None:
    # the server may see a request arrive as late as its answer left, so the window runs from the end
    pacer = Pacer(PUBMED, limit=1, interval=0.2, concurrency=3)
    slot = pacer.acquire()
    time.sleep(0.1)
    pacer.release(slot)
    finished = time.monotonic()
    pacer.acquire()
    assert time.monotonic() - finished >= 0.2


def test_crossref_gets_mailto_and_user_agent_and_provenance_omits_them(
        make_session: Callable[..., ResolverSession], crossref_server: FakeService) -> None:
    fetch = _get_work(make_session(use_cache=False))
    hit = crossref_server.hits[0]
    assert hit.query["mailto"] == ["tests@example.org"]
    assert "mailto:tests@example.org" in hit.headers["User-Agent"]
    assert hit.headers["User-Agent"].startswith("kgaudit/")
    assert "mailto" not in fetch.lookup.url and fetch.lookup.url.endswith(PLOS)


def test_ncbi_gets_tool_email_and_key_from_the_environment(
        make_session: Callable[..., ResolverSession], eutils_server: FakeService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "secret-key")
    session = make_session(use_cache=False, ncbi_rate=None)
    fetch = session.get(PUBMED, "/esummary.fcgi", {"db": "pubmed", "id": "5683731", "retmode": "json"},
                        parse=json_body)
    query = eutils_server.hits[0].query
    assert (query["tool"], query["email"], query["api_key"]) == (["kgaudit"], ["tests@example.org"], ["secret-key"])
    assert "secret-key" not in fetch.lookup.url and "email" not in fetch.lookup.url
    assert session.pacers[PUBMED].limit == 10  # a key allows 10 requests a second


def test_base_urls_come_from_the_environment_unless_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KGAUDIT_CROSSREF_URL", "http://mirror.example/crossref/")
    monkeypatch.setenv("KGAUDIT_EUTILS_URL", "http://mirror.example/eutils")
    with ResolverSession(use_cache=False) as from_env, \
            ResolverSession(use_cache=False, crossref_url="http://other.example") as given:
        assert from_env.base_urls == {CROSSREF: "http://mirror.example/crossref", PUBMED: "http://mirror.example/eutils"}
        assert given.base_urls[CROSSREF] == "http://other.example"


def test_more_than_three_crossref_requests_in_flight_is_refused() -> None:
    with pytest.raises(UsageError):
        ResolverSession(use_cache=False, crossref_concurrency=4)


def test_retry_after_is_honoured_before_the_next_attempt(make_session: Callable[..., ResolverSession],
                                                         crossref_server: FakeService) -> None:
    crossref_server.add_fault("429", match="pone", times=1, retry_after="1")
    fetch = _get_work(make_session(use_cache=False))
    assert fetch.ok and fetch.lookup.attempts == 2
    first, second = crossref_server.hits
    assert second.start - first.start >= 1.0


def test_retry_after_beyond_the_limit_ends_the_call_at_once(make_session: Callable[..., ResolverSession],
                                                            crossref_server: FakeService) -> None:
    crossref_server.add_fault("429", retry_after="3600")
    fetch = _get_work(make_session(use_cache=False))
    assert not fetch.ok and "429" in fetch.lookup.fault and "gave up" in fetch.lookup.fault
    assert crossref_server.count == 1


@pytest.mark.parametrize(("kind", "options", "words"), [
    ("timeout", {"delay": 1.0}, "timeout"),  # read timeout is 0.5 s in these tests
    ("500", {}, "HTTP 500"),
    ("503", {}, "HTTP 503"),
    ("truncated", {}, "connection failed"),  # Content-Length promised more than was sent
    ("non_json", {}, "malformed response"),  # 200 with an HTML body
    ("reset", {}, "connection failed"),  # TCP reset, no response at all
])
def test_every_fault_ends_as_a_fault_after_the_retries(
        make_session: Callable[..., ResolverSession], crossref_server: FakeService,
        kind: str, options: dict, words: str) -> None:
    crossref_server.add_fault(kind, **options)
    fetch = _get_work(make_session(use_cache=False))
    assert not fetch.ok and words in fetch.lookup.fault
    assert fetch.data is None
    assert crossref_server.count == 3  # 1 + 2 retries


def test_a_transient_fault_is_retried_into_an_answer(make_session: Callable[..., ResolverSession],
                                                     crossref_server: FakeService) -> None:
    crossref_server.add_fault("503", times=1)
    fetch = _get_work(make_session(use_cache=False))
    assert fetch.ok and fetch.lookup.attempts == 2 and fetch.data["message"]["DOI"]


def test_answers_are_cached_and_a_second_ask_makes_no_request(make_session: Callable[..., ResolverSession],
                                                              crossref_server: FakeService) -> None:
    first = _get_work(make_session())
    second = _get_work(make_session())  # a new session on the same cache file
    missing = [_get_work(make_session(), "/works/10.1371/notarealdoi") for _ in range(2)]
    assert crossref_server.count == 2
    assert not first.lookup.from_cache and second.lookup.from_cache
    assert second.data == first.data
    assert [m.lookup.http_status for m in missing] == [404, 404] and missing[1].lookup.from_cache


def test_malformed_bodies_never_enter_the_cache(make_session: Callable[..., ResolverSession],
                                                crossref_server: FakeService) -> None:
    crossref_server.add_fault("non_json")
    assert not _get_work(make_session()).ok
    crossref_server.reset()
    fetch = _get_work(make_session())
    assert fetch.ok and not fetch.lookup.from_cache and crossref_server.count == 1


def test_offline_answers_from_the_cache_and_never_asks(make_session: Callable[..., ResolverSession],
                                                       crossref_server: FakeService) -> None:
    _get_work(make_session())
    crossref_server.reset()
    offline = make_session(offline=True)
    cached = _get_work(offline)
    uncached = _get_work(offline, "/works/10.1038/srep16696")
    assert cached.ok and cached.lookup.from_cache
    assert not uncached.ok and "offline" in uncached.lookup.fault
    assert crossref_server.count == 0 and offline.network_requests == 0
    assert offline.mode == "cache-only"


def test_offline_without_a_cache_asks_nothing(make_session: Callable[..., ResolverSession],
                                              crossref_server: FakeService) -> None:
    session = make_session(offline=True, use_cache=False)
    fetch = _get_work(session)
    assert not fetch.ok and fetch.lookup.attempts == 0
    assert crossref_server.count == 0 and session.mode == "offline"


def test_a_service_failing_call_after_call_is_given_up(make_session: Callable[..., ResolverSession],
                                                       crossref_server: FakeService) -> None:
    crossref_server.add_fault("503")
    session = make_session(use_cache=False, retries=0, breaker_threshold=2)
    faults = [_get_work(session).lookup.fault for _ in range(4)]
    assert crossref_server.count == 2
    assert all("gave up" in f for f in faults[2:])


def test_crossref_pacing_follows_the_announced_limits(make_session: Callable[..., ResolverSession],
                                                      crossref_server: FakeService) -> None:
    # the public pool's headers, as recorded in the 404 cassette: 5 requests a second, one at a time
    crossref_server.extra_headers = {"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s",
                                     "x-concurrency-limit": "1"}
    crossref_server.latency = 0.02
    session = make_session(use_cache=False)
    _get_work(session)  # learn the limits
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: _get_work(session), range(8)))
    later = crossref_server.hits[1:]
    assert max_starts_in_window(crossref_server.hits, 1.0) <= 5
    assert crossref_server.max_in_flight == 1
    assert len(later) == 8


def test_crossref_never_has_more_than_three_requests_in_flight(make_session: Callable[..., ResolverSession],
                                                               crossref_server: FakeService) -> None:
    crossref_server.latency = 0.05
    session = make_session(use_cache=False)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: _get_work(session), range(15)))
    assert crossref_server.max_in_flight == 3
    assert max_starts_in_window(crossref_server.hits, 1.0) <= 100


@pytest.mark.parametrize(("key", "limit", "calls"), [
    (None, 3, 7),  # NCBI without a key: 3 requests a second
    ("k", 10, 14),  # with the user's key: 10
])
def test_ncbi_pacing_keeps_to_its_rate(make_session: Callable[..., ResolverSession], eutils_server: FakeService,
                                       key: str | None, limit: int, calls: int) -> None:
    session = make_session(use_cache=False, ncbi_rate=None, ncbi_api_key=key)
    params = {"db": "pubmed", "id": "5683731", "retmode": "json"}
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: session.get(PUBMED, "/esummary.fcgi", params, parse=json_body), range(calls)))
    assert eutils_server.count == calls
    starts = sorted(h.start for h in eutils_server.hits)
    assert max_starts_in_window(eutils_server.hits, 1.0) <= limit, [round(t - starts[0], 3) for t in starts]


def test_network_available_probes_hosts(crossref_server: FakeService) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"  # bound, not listening: refused
        assert network_available([crossref_server.url], timeout=1.0)
        assert not network_available([crossref_server.url, closed], timeout=1.0)
