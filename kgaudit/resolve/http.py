"""The one HTTP session of kgaudit: cache, politeness, pacing, retries, honest faults.

Everything that touches the network goes through :class:`ResolverSession`:

* a persistent SQLite cache (``requests-cache``) under the user's cache
  directory (``cache_path`` to choose, ``use_cache=False`` for none); only
  answers are cached (200, and Crossref's 404 "no such DOI"), never faults;
* a User-Agent with the user's contact (``mailto`` or ``KGAUDIT_MAILTO``):
  Crossref's polite pool gets ``mailto``, NCBI gets ``tool``/``email`` and the
  user's ``api_key`` (``NCBI_API_KEY``); none of these is stored in the cache
  key or in the recorded request URL;
* per-service pacing: at most ``limit`` requests in any ``interval`` (counted
  the way the server sees them) and at most ``concurrency`` in flight.  Crossref's limits are read from its
  ``x-rate-limit-limit`` / ``x-rate-limit-interval`` / ``x-concurrency-limit``
  headers (never above 3 in flight); NCBI allows 3 requests/s, 10 with a key;
* retries with exponential back-off on 429, 5xx, timeouts, connection errors
  and malformed bodies; ``Retry-After`` pauses the whole service, and a
  ``Retry-After`` longer than ``max_retry_after`` ends the call at once;
* a timeout on every call; base URLs from the constructor, else
  ``KGAUDIT_CROSSREF_URL`` / ``KGAUDIT_EUTILS_URL``, else the public services;
* faults come back as a :class:`Fetch` whose ``lookup.fault`` says what went
  wrong; the session never raises on a network problem.  The resolver turns a
  fault into status ``unverifiable``, never ``not_found``;
* offline mode answers from the cache only and makes no request at all.
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter

from kgaudit._version import __version__
from kgaudit.errors import UsageError

CROSSREF = "crossref"
PUBMED = "pubmed"
SERVICES = (CROSSREF, PUBMED)

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
PROJECT_URL = "https://github.com/kgaudit/kgaudit"

# Crossref documents at most 3 concurrent requests for the polite pool.
CROSSREF_MAX_CONCURRENCY = 3
# Parameters that identify the user, not the question: kept out of cache keys and provenance.
_PRIVATE_PARAMS = ("mailto", "tool", "email", "api_key")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

Parser = Callable[[requests.Response], Any]


@dataclass(frozen=True)
class Lookup:
    """Provenance of one call: which service, what was asked, when, and how it ended.

    ``url`` is the request URL without the user's contact or key.  ``fault`` is
    None when the service answered (even "no such record"); otherwise it says
    why there is no answer (timeout, HTTP 503, offline and not cached, …).
    """

    service: str
    url: str
    started_at: datetime
    http_status: int | None = None
    from_cache: bool = False
    attempts: int = 0
    elapsed: float = 0.0
    fault: str | None = None


@dataclass(frozen=True)
class Fetch:
    """The result of :meth:`ResolverSession.get`: the lookup, and the parsed body when it answered."""

    lookup: Lookup
    data: Any = None

    @property
    def ok(self) -> bool:
        """True when the service answered (the body parsed)."""
        return self.lookup.fault is None

    @property
    def status(self) -> int | None:
        """HTTP status of the last attempt (None when no response arrived)."""
        return self.lookup.http_status


class _Fault(Exception):
    """One failed attempt; ``retry`` says whether another attempt may help."""

    def __init__(self, message: str, *, retry: bool, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.status = status
        self.retry_after = retry_after


# --------------------------------------------------------------------------- pacing


def parse_interval(text: str) -> float | None:
    """Seconds in a rate-limit interval header: ``"1s"`` → 1.0, ``"500ms"`` → 0.5, ``"1m"`` → 60.0."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text or "")
    if not m:
        return None
    factor = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[m.group(2) or "s"]
    value = float(m.group(1)) * factor
    return value if value > 0 else None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now_ts = time.time() if now is None else now
    return max(0.0, when.timestamp() - now_ts)


class ServicePaused(requests.RequestException):
    """A service's ``Retry-After`` pause is longer than the session is willing to wait."""


class Pacer:
    """Per-service limits: at most ``limit`` requests per ``interval`` seconds, ``concurrency`` in flight.

    A sliding window (not a token bucket), kept on the safe side of the
    server's clock: the server sees a request arrive somewhere between our send
    and its answer, so a request occupies the window from its start until
    ``interval`` after it *finished* (``margin`` adds a little more).  No window
    of ``interval`` seconds at the server can then hold more than ``limit``
    arrivals, whatever the network's jitter.
    """

    def __init__(self, name: str, *, limit: int, interval: float, concurrency: int,
                 max_concurrency: int | None = None, follow_headers: bool = False) -> None:
        self.name = name
        self.limit = max(1, int(limit))
        self.interval = float(interval)
        self.max_concurrency = max_concurrency or concurrency
        self.concurrency = max(1, min(concurrency, self.max_concurrency))
        self.follow_headers = follow_headers
        self._cond = threading.Condition()
        # one cell per recent request: [finish time], or [None] while it is in flight
        self._recent: list[list[float | None]] = []
        self._in_flight = 0
        self._paused_until = 0.0

    @property
    def margin(self) -> float:
        return 0.02 * self.interval

    def _window_wait(self, now: float) -> float:
        """Seconds until one more request fits the rate window (0 when it fits now)."""
        horizon = now - self.interval - self.margin
        self._recent = [c for c in self._recent if c[0] is None or c[0] > horizon]
        if len(self._recent) < self.limit:
            return 0.0
        finished = sorted(c[0] for c in self._recent if c[0] is not None)
        excess = len(self._recent) - self.limit  # this many must leave the window first
        if excess >= len(finished):
            return -1.0  # only a finishing request can make room
        return finished[excess] - horizon

    def acquire(self, max_pause: float | None = None) -> list[float | None]:
        """Block until a request may start within every limit; returns its slot for :meth:`release`.

        Raises :class:`ServicePaused` when the service asked for a pause longer than ``max_pause``.
        """
        with self._cond:
            while True:
                now = time.monotonic()
                if self._paused_until > now:
                    wait: float | None = self._paused_until - now
                    if max_pause is not None and wait > max_pause:
                        raise ServicePaused(f"{self.name} asked to wait {wait:.0f} s more")
                elif self._in_flight >= self.concurrency:
                    wait = None  # until a release notifies
                else:
                    window = self._window_wait(now)
                    if window == 0.0:
                        break
                    wait = None if window < 0 else window
                self._cond.wait(timeout=None if wait is None else max(wait, 0.001))
            self._in_flight += 1
            slot: list[float | None] = [None]
            self._recent.append(slot)
            return slot

    def release(self, slot: list[float | None]) -> None:
        """Mark a request as finished (its body read): its window starts counting down now."""
        with self._cond:
            slot[0] = time.monotonic()
            self._in_flight -= 1
            self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """Start no request for ``seconds`` (a ``Retry-After`` applies to the whole service)."""
        with self._cond:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            self._cond.notify_all()

    def observe(self, headers: Mapping[str, str]) -> None:
        """Adopt the limits a server announces (Crossref's ``x-rate-limit-*`` headers)."""
        if not self.follow_headers:
            return
        limit = headers.get("x-rate-limit-limit")
        interval = parse_interval(headers.get("x-rate-limit-interval", ""))
        concurrency = headers.get("x-concurrency-limit")
        with self._cond:
            if limit and limit.strip().isdigit() and int(limit) > 0 and interval:
                self.limit, self.interval = int(limit), interval
            if concurrency and concurrency.strip().isdigit() and int(concurrency) > 0:
                self.concurrency = min(int(concurrency), self.max_concurrency)
            self._cond.notify_all()


class _PacedAdapter(HTTPAdapter):
    """Transport adapter that paces every real network send (cache hits never reach it)."""

    def __init__(self, pacer_for: Callable[[str], Pacer | None], on_send: Callable[[], None],
                 max_pause: float) -> None:
        super().__init__(pool_connections=4, pool_maxsize=16, max_retries=0)
        self._pacer_for = pacer_for
        self._on_send = on_send
        self._max_pause = max_pause

    def send(self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any) -> requests.Response:
        pacer = self._pacer_for(request.url or "")
        if pacer is None:
            self._on_send()
            return super().send(request, stream=stream, **kwargs)
        slot = pacer.acquire(self._max_pause)
        try:
            self._on_send()
            response = super().send(request, stream=stream, **kwargs)
            if not stream:
                _ = response.content  # read the body inside the slot: in flight until fully received
            pacer.observe(response.headers)
            if response.status_code == 429 or response.status_code == 503:
                wait = parse_retry_after(response.headers.get("Retry-After"))
                if wait:
                    pacer.pause(wait)
            return response
        finally:
            pacer.release(slot)


# --------------------------------------------------------------------------- the session


def service_urls(crossref_url: str | None = None, eutils_url: str | None = None) -> dict[str, str]:
    """Base URL of each service: the argument, else ``KGAUDIT_CROSSREF_URL`` / ``KGAUDIT_EUTILS_URL``, else public."""
    return {
        CROSSREF: (crossref_url or os.environ.get("KGAUDIT_CROSSREF_URL") or DEFAULT_CROSSREF_URL).rstrip("/"),
        PUBMED: (eutils_url or os.environ.get("KGAUDIT_EUTILS_URL") or DEFAULT_EUTILS_URL).rstrip("/"),
    }


def default_cache_path() -> Path:
    """Where the resolver cache lives unless told otherwise (the user's cache directory)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kgaudit")) / "resolver-cache.sqlite"


def network_available(urls: Iterable[str] = (DEFAULT_CROSSREF_URL, DEFAULT_EUTILS_URL), timeout: float = 2.0) -> bool:
    """True when a TCP connection to every service host opens within ``timeout`` seconds."""
    for url in urls:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((parts.hostname or "", port), timeout=timeout):
                pass
        except OSError:
            return False
    return True


@dataclass
class _Breaker:
    """Consecutive failed calls per service; past the threshold the service is given up for this session."""

    threshold: int
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tripped(self, service: str) -> bool:
        with self.lock:
            return self.threshold > 0 and self.failures.get(service, 0) >= self.threshold

    def record(self, service: str, failed: bool) -> None:
        with self.lock:
            self.failures[service] = self.failures.get(service, 0) + 1 if failed else 0


class ResolverSession:
    """Owns every network resource of the resolver.  Use as a context manager or call :meth:`close`.

    Times are in seconds.  ``timeout`` is (connect, read).  ``backoff`` is the
    first retry delay, doubled at each attempt up to ``backoff_max``.
    ``crossref_rate`` / ``ncbi_rate`` are ``(limit, interval)`` starting limits
    (Crossref's own headers then take over).  ``breaker_threshold`` consecutive
    failed calls give a service up for the rest of the session (0: never), so a
    dead network does not cost every reference a full round of retries.
    """

    def __init__(
        self,
        *,
        mailto: str | None = None,
        cache_path: str | Path | None = None,
        use_cache: bool = True,
        offline: bool = False,
        crossref_url: str | None = None,
        eutils_url: str | None = None,
        ncbi_api_key: str | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        retries: int = 3,
        backoff: float = 1.0,
        backoff_max: float = 30.0,
        max_retry_after: float = 120.0,
        crossref_concurrency: int = CROSSREF_MAX_CONCURRENCY,
        crossref_rate: tuple[int, float] | None = None,
        ncbi_rate: tuple[int, float] | None = None,
        breaker_threshold: int = 5,
        cache_expire_days: float = 30.0,
        tool: str = "kgaudit",
    ) -> None:
        if not 1 <= crossref_concurrency <= CROSSREF_MAX_CONCURRENCY:
            raise UsageError(f"crossref_concurrency must be 1..{CROSSREF_MAX_CONCURRENCY}, not {crossref_concurrency}")
        self.mailto = mailto if mailto is not None else (os.environ.get("KGAUDIT_MAILTO") or None)
        self.ncbi_api_key = ncbi_api_key if ncbi_api_key is not None else (os.environ.get("NCBI_API_KEY") or None)
        self.tool = tool
        self.offline = offline
        self.use_cache = use_cache
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.base_urls = service_urls(crossref_url, eutils_url)
        polite = self.mailto is not None
        # Crossref's documented pools: polite 10 req/s and 3 in flight, public 5 req/s and 1.
        cr_limit, cr_interval = crossref_rate or ((10, 1.0) if polite else (5, 1.0))
        nc_limit, nc_interval = ncbi_rate or ((10, 1.0) if self.ncbi_api_key else (3, 1.0))
        self.pacers = {
            CROSSREF: Pacer(CROSSREF, limit=cr_limit, interval=cr_interval,
                            concurrency=crossref_concurrency if polite else 1,
                            max_concurrency=crossref_concurrency, follow_headers=True),
            PUBMED: Pacer(PUBMED, limit=nc_limit, interval=nc_interval, concurrency=nc_limit),
        }
        self.crossref_concurrency = crossref_concurrency
        self._breaker = _Breaker(breaker_threshold)
        self._count_lock = threading.Lock()
        self.network_requests = 0  # real sends (cache hits and offline answers excluded)
        self.cache_path = Path(cache_path) if cache_path is not None else default_cache_path()
        self._http = self._make_http(cache_expire_days)

    # ------------------------------------------------------------------ set-up

    def _make_http(self, expire_days: float) -> requests.Session:
        if self.use_cache:
            import requests_cache

            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            http: requests.Session = requests_cache.CachedSession(
                str(self.cache_path),
                backend="sqlite",
                expire_after=int(expire_days * 86400),
                allowable_codes=(200, 404),
                allowable_methods=("GET",),
                ignored_parameters=(*requests_cache.DEFAULT_IGNORED_PARAMS, *_PRIVATE_PARAMS),
                stale_if_error=True,
                wal=True,
            )
        else:
            http = requests.Session()
        adapter = _PacedAdapter(self._pacer_for_url, self._count_send, self.max_retry_after)
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        http.headers["User-Agent"] = self.user_agent
        http.headers["Accept-Encoding"] = "gzip, deflate"
        return http

    @property
    def user_agent(self) -> str:
        """``kgaudit/0.1.0 (project URL; mailto:…)``, the form Crossref asks for."""
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"kgaudit/{__version__} ({PROJECT_URL}{contact})"

    @property
    def mode(self) -> str:
        """``online``; ``cache-only`` (offline, answering from the cache); ``offline`` (no lookups at all)."""
        if not self.offline:
            return "online"
        return "cache-only" if self.use_cache else "offline"

    def _pacer_for_url(self, url: str) -> Pacer | None:
        # The longest matching base URL wins, so two services may share a host (a local mirror).
        best, best_len = None, -1
        for service, base in self.base_urls.items():
            if url.startswith(base) and len(base) > best_len:
                best, best_len = self.pacers[service], len(base)
        return best

    def _count_send(self) -> None:
        with self._count_lock:
            self.network_requests += 1

    def close(self) -> None:
        """Release connections and the cache file."""
        self._http.close()

    def __enter__(self) -> ResolverSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ requests

    def url(self, service: str, path: str, params: Mapping[str, str] | None = None) -> str:
        """The public form of a request URL (no contact, no key): what provenance records."""
        base = self.base_urls[service] + path
        return f"{base}?{urlencode(params)}" if params else base

    def _polite_params(self, service: str) -> dict[str, str]:
        if service == CROSSREF:
            return {"mailto": self.mailto} if self.mailto else {}
        extra = {"tool": self.tool}
        if self.mailto:
            extra["email"] = self.mailto
        if self.ncbi_api_key:
            extra["api_key"] = self.ncbi_api_key
        return extra

    def get(self, service: str, path: str, params: Mapping[str, str] | None = None, *,
            parse: Parser, answered: Iterable[int] = (200,)) -> Fetch:
        """GET ``path`` of ``service``; ``parse`` turns an answering response into data.

        Statuses in ``answered`` are answers (Crossref's 404 for an unknown DOI is
        one); ``parse`` raises ``ValueError`` for a malformed body, which is retried
        like a server error and never left in the cache.  Never raises on a network
        problem: the returned :class:`Fetch` carries the fault instead.
        """
        answered = frozenset(answered)
        public_url = self.url(service, path, params)
        started = datetime.now(UTC)
        t0 = time.monotonic()

        def done(status: int | None, attempts: int, fault: str | None, data: Any = None,
                 from_cache: bool = False) -> Fetch:
            lookup = Lookup(service, public_url, started, status, from_cache, attempts,
                            round(time.monotonic() - t0, 4), fault)
            return Fetch(lookup, data if fault is None else None)

        if self.offline and not self.use_cache:
            return done(None, 0, "offline: no cache to answer from")
        if not self.offline and self._breaker.tripped(service):
            return done(None, 0, f"{service} gave up after repeated failures in this run")
        query = {**(params or {}), **self._polite_params(service)}
        status: int | None = None
        last_fault = "no attempt"
        for attempt in range(self.retries + 1):
            try:
                data, status, from_cache = self._attempt(service, path, query, parse, answered)
            except _Fault as fault:
                status = fault.status if fault.status is not None else status
                last_fault = str(fault)
                if not fault.retry or attempt == self.retries:
                    break
                delay = self._delay(attempt, fault.retry_after)
                if delay is None:
                    last_fault += f" (asked to wait {fault.retry_after:.0f} s; gave up)"
                    break
                time.sleep(delay)
                continue
            if not from_cache:
                self._breaker.record(service, failed=False)
            return done(status, attempt + 1, None, data, from_cache)
        if not self.offline:
            self._breaker.record(service, failed=True)
        return done(status, min(attempt + 1, self.retries + 1), last_fault)

    def _delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Back-off before the next attempt; None when the server asks for longer than we wait."""
        delay = min(self.backoff_max, self.backoff * (2 ** attempt)) * (1 + 0.25 * random.random())
        if retry_after is not None:
            if retry_after > self.max_retry_after:
                return None
            delay = max(delay, retry_after)
        return delay

    def _attempt(self, service: str, path: str, query: Mapping[str, str], parse: Parser,
                 answered: frozenset[int]) -> tuple[Any, int, bool]:
        url = self.base_urls[service] + path
        kwargs: dict[str, Any] = {"params": query, "timeout": self.timeout}
        if self.offline:
            kwargs["only_if_cached"] = True
        try:
            response = self._http.get(url, **kwargs)
        except requests.Timeout as exc:
            raise _Fault(f"timeout ({type(exc).__name__})", retry=True) from None
        except ServicePaused as exc:
            raise _Fault(f"rate limited: {exc}", retry=False) from None
        except requests.RequestException as exc:
            raise _Fault(f"connection failed ({type(exc).__name__})", retry=True) from None
        from_cache = bool(getattr(response, "from_cache", False))
        status = response.status_code
        if self.offline and (status == 504 or not from_cache):
            # requests-cache answers 504 "Not Cached" without touching the network (504s are never cached)
            raise _Fault("offline: not in the cache", retry=False, status=None)
        if status in answered:
            try:
                return parse(response), status, from_cache
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                self._forget(response)
                raise _Fault(f"malformed response ({type(exc).__name__}: {_short(exc)})", retry=True,
                             status=status) from None
        if status in _RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            raise _Fault(f"HTTP {status}", retry=True, status=status, retry_after=wait)
        raise _Fault(f"HTTP {status}", retry=False, status=status)

    def _forget(self, response: requests.Response) -> None:
        """Drop a response from the cache (a body that does not parse is never an answer)."""
        key = getattr(response, "cache_key", None)
        cache = getattr(self._http, "cache", None)
        if key and cache is not None:
            cache.delete(key)


def _short(exc: Exception, limit: int = 80) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_body(response: requests.Response) -> Any:
    """Parse a JSON body (``ValueError`` when it is not JSON)."""
    return response.json()
