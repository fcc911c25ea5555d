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
SERVICE_NAMES = {CROSSREF: "Crossref", PUBMED: "PubMed"}

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
                 max_pause: Callable[[str], float]) -> None:
        super().__init__(pool_connections=4, pool_maxsize=16, max_retries=0)
        self._pacer_for = pacer_for
        self._on_send = on_send
        self._max_pause = max_pause

    def send(self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any) -> requests.Response:
        pacer = self._pacer_for(request.url or "")
        if pacer is None:
            self._on_send()
            return super().send(request, stream=stream, **kwargs)
        slot = pacer.acquire(self._max_pause(pacer.name))
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


# A service whose requests keep failing is given up early, so an outage costs seconds, not minutes:
# three failed attempts in a row (a transient fault rarely lasts beyond one retry), or a failing streak
# with no answer for longer than OUTAGE_GRACE_S, opens the breaker.  A Retry-After that would outlast the
# grace period opens it at once.  After BREAKER_COOLDOWN_S one trial call is let through (half-open), so a
# long batch recovers when the service comes back.
BREAKER_THRESHOLD = 3
OUTAGE_GRACE_S = 5.0
BREAKER_COOLDOWN_S = 60.0
# The per-audit deadline (see ResolverSession.start_audit): a base for the first round of lookups plus a
# share per reference at the polite pool's pace (10 requests a second, a few requests per reference).
AUDIT_BASE_S = 20.0
AUDIT_PER_REFERENCE_S = 0.5
# A total outage: no service has answered a single request this long after the audit's lookups began.
# Crossref and NCBI answer within a second or two when they are up, so 8 s of silence means down (or
# unreachable), and the report still comes back within 15 s.
FIRST_ANSWER_WITHIN_S = 8.0


@dataclass
class _ServiceState:
    streak: int = 0  # failed attempts in a row
    streak_start: float = 0.0
    open_until: float | None = None  # None: closed
    fault: str | None = None  # the fault that opened the breaker
    failures: int = 0  # failed attempts in the session


@dataclass
class _Breaker:
    """A circuit breaker per service (see :data:`BREAKER_THRESHOLD`).

    ``threshold`` failed attempts in a row open it (0: never); so does a failing
    streak older than ``grace`` seconds, or a pause asked for that outlasts it.
    While open every call fails at once; after ``cooldown`` one trial goes through.
    """

    threshold: int = BREAKER_THRESHOLD
    grace: float = OUTAGE_GRACE_S
    cooldown: float = BREAKER_COOLDOWN_S
    states: dict[str, _ServiceState] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _state(self, service: str) -> _ServiceState:
        return self.states.setdefault(service, _ServiceState())

    def tripped(self, service: str) -> bool:
        """True when calls to ``service`` must fail at once (open, and no trial due)."""
        with self.lock:
            state = self._state(service)
            if state.open_until is None:
                return False
            now = time.monotonic()
            if now < state.open_until:
                return True
            state.open_until = now + self.cooldown  # half-open: this call is the trial, the others wait
            return False

    def is_open(self, service: str) -> bool:
        """True while ``service``'s breaker is open (without claiming the half-open trial)."""
        with self.lock:
            state = self._state(service)
            return state.open_until is not None and time.monotonic() < state.open_until

    def record(self, service: str, failed: bool, fault: str | None = None,
               retry_after: float | None = None) -> None:
        """Count one attempt's outcome; a failure may open the breaker."""
        if self.threshold <= 0:
            return
        with self.lock:
            state = self._state(service)
            if not failed:
                state.streak, state.open_until = 0, None
                return
            now = time.monotonic()
            state.failures += 1
            if state.streak == 0:
                state.streak_start = now
            state.streak += 1
            spent = now - state.streak_start
            if (state.streak >= self.threshold or spent >= self.grace
                    or (retry_after is not None and retry_after > self.grace - spent)):
                pause = max(self.cooldown, retry_after or 0.0)
                if state.open_until is None:
                    state.fault = fault
                state.open_until = now + pause

    def outages(self) -> dict[str, str]:
        """Each service whose breaker opened in this session, with the fault that opened it."""
        with self.lock:
            return {s: st.fault or "failed" for s, st in self.states.items() if st.fault is not None}


class ResolverSession:
    """Owns every network resource of the resolver.  Use as a context manager or call :meth:`close`.

    Times are in seconds.  ``timeout`` is (connect, read).  ``backoff`` is the
    first retry delay, doubled at each attempt up to ``backoff_max``.
    ``crossref_rate`` / ``ncbi_rate`` are ``(limit, interval)`` starting limits
    (Crossref's own headers then take over).  ``breaker_threshold`` consecutive
    failed attempts in a row, or ``outage_grace`` seconds of failures with no
    answer, open the service's circuit breaker (0: never), so a dead network
    does not cost every reference a full round of retries; ``breaker_cooldown``
    seconds later one trial call is let through.  :meth:`start_audit` sets a
    per-audit deadline that caps every timeout, pause and back-off.
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
        breaker_threshold: int = BREAKER_THRESHOLD,
        outage_grace: float = OUTAGE_GRACE_S,
        breaker_cooldown: float = BREAKER_COOLDOWN_S,
        first_answer_within: float = FIRST_ANSWER_WITHIN_S,
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
        self._breaker = _Breaker(breaker_threshold, outage_grace, breaker_cooldown)
        self._deadline: float | None = None  # monotonic time by which this audit's lookups end
        self._audits = 0  # audits running on this session now
        self._budget = 0.0
        self.first_answer_within = first_answer_within
        self._audit_started = 0.0
        self._answered = True  # a network answer arrived in this audit (no audit: no first-answer limit)
        self._faults: dict[str, str] = {}  # the last fault of each service in this audit
        self._stopped: dict[str, str] = {}  # services whose lookups the deadline stopped, and why
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
        adapter = _PacedAdapter(self._pacer_for_url, self._count_send, self._max_pause)
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

    def _remaining(self) -> float | None:
        """Seconds left before the audit's deadline (None: no deadline); the first-answer limit applies too."""
        if self._deadline is None:
            return None
        limit = self._deadline
        if not self._answered:
            limit = min(limit, self._audit_started + self.first_answer_within)
        return max(0.0, limit - time.monotonic())

    def _max_pause(self, service: str) -> float:
        """The longest pause (a service's ``Retry-After``) a call to ``service`` may sit out now.

        None once the service is given up; never past the audit's deadline; and, while the
        breaker is on, no longer than its grace period (a longer pause opens the breaker anyway).
        """
        if not self.offline and self._breaker.is_open(service):
            return 0.0
        limit = self.max_retry_after
        if self._breaker.threshold > 0:
            limit = min(limit, self._breaker.grace)
        remaining = self._remaining()
        return limit if remaining is None else min(limit, remaining)

    def start_audit(self, references: int, budget: float | None = None) -> None:
        """Start one paper's lookups: a deadline ``budget`` seconds away (default: by the list's length).

        Past the deadline every lookup fails at once with a fault saying so, and
        no timeout, pause or back-off reaches beyond it.  Faults recorded for
        :meth:`outages` start afresh.  Papers audited at once on one session (threads
        of a Dask worker) share one deadline, the latest of theirs.
        """
        if budget is None:
            budget = AUDIT_BASE_S + AUDIT_PER_REFERENCE_S * max(0, references)
        now = time.monotonic()
        with self._count_lock:
            self._audits += 1
            if self._audits > 1 and self._deadline is not None:
                self._deadline = max(self._deadline, now + budget)
                return
            self._audit_started = now
            self._deadline = now + budget
            self._budget = budget
            self._answered = False
            self._faults, self._stopped = {}, {}
        with self._breaker.lock:
            for state in self._breaker.states.values():
                state.fault = None if state.open_until is None else state.fault

    def end_audit(self) -> None:
        """Lift the deadline set by :meth:`start_audit` (once every audit begun on this session has ended)."""
        with self._count_lock:
            self._audits = max(0, self._audits - 1)
            if self._audits == 0:
                self._deadline = None
                self._answered = True

    def outages(self) -> dict[str, str]:
        """Services given up in this audit, with the fault behind it.

        A service is given up when its circuit breaker opened, or when the audit's
        deadline stopped its lookups while it was failing.
        """
        given_up = dict(self._breaker.outages())
        for service, why in self._stopped.items():
            given_up.setdefault(service, why)
        return given_up

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
        query = {**(params or {}), **self._polite_params(service)}
        status: int | None = None
        last_fault = "no attempt"
        attempts = 0
        for attempt in range(self.retries + 1):
            gone = self._gone(service)
            if gone is not None:
                if attempts == 0:
                    return done(None, 0, gone)
                last_fault += f"; then {gone}"
                break
            attempts += 1
            try:
                data, status, from_cache = self._attempt(service, path, query, parse, answered)
            except _Fault as fault:
                status = fault.status if fault.status is not None else status
                last_fault = str(fault)
                if not self.offline:
                    self._faults[service] = last_fault
                    self._breaker.record(service, True, last_fault, fault.retry_after)
                if not fault.retry or attempt == self.retries:
                    break
                if not self.offline and self._breaker.is_open(service):
                    continue  # given up just now: the next round says so, without a back-off first
                delay = self._delay(service, attempt, fault.retry_after)
                if delay is None:
                    if fault.retry_after is not None:
                        last_fault += f" (asked to wait {fault.retry_after:.0f} s; gave up)"
                    else:
                        last_fault += "; no time left for another attempt"
                        self._gone(service)  # record why this service's lookups stopped
                    break
                time.sleep(delay)
                continue
            if not from_cache:
                self._answered = True
                self._breaker.record(service, failed=False)
            return done(status, attempts, None, data, from_cache)
        return done(status, attempts, last_fault)

    def _gone(self, service: str) -> str | None:
        """Why no (further) attempt may be made now: the audit's deadline passed, or the service was given up."""
        if self.offline:
            return None
        remaining = self._remaining()
        if remaining is not None and remaining <= 0:
            if self._answered:
                why = f"the audit's deadline for lookups ({self._budget:.0f} s) passed"
            else:
                why = f"no service answered within {self.first_answer_within:.0f} s"
            fault = self._faults.get(service)
            self._stopped.setdefault(service, f"{fault}; {why}" if fault else f"not asked: {why}")
            return why
        if self._breaker.tripped(service):
            opened = self._breaker.outages().get(service, "failed")
            return f"{SERVICE_NAMES.get(service, service)} gave up after repeated failures in this run ({opened})"
        return None

    def _delay(self, service: str, attempt: int, retry_after: float | None) -> float | None:
        """Back-off before the next attempt; None when the server asks for longer than we wait."""
        delay = min(self.backoff_max, self.backoff * (2 ** attempt)) * (1 + 0.25 * random.random())
        if retry_after is not None:
            if retry_after > self._max_pause(service):
                return None
            delay = max(delay, retry_after)
        remaining = self._remaining()
        if remaining is not None and delay >= remaining:
            return None
        return delay

    def _attempt(self, service: str, path: str, query: Mapping[str, str], parse: Parser,
                 answered: frozenset[int]) -> tuple[Any, int, bool]:
        url = self.base_urls[service] + path
        timeout = self.timeout
        remaining = self._remaining()
        if remaining is not None:  # no attempt outlives the audit's deadline
            timeout = (min(timeout[0], max(remaining, 0.1)), min(timeout[1], max(remaining, 0.1)))
        kwargs: dict[str, Any] = {"params": query, "timeout": timeout}
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
            asked = f", Retry-After {wait:.0f} s" if wait else ""
            raise _Fault(f"HTTP {status}{_phrase(status)}{asked}", retry=True, status=status, retry_after=wait)
        raise _Fault(f"HTTP {status}{_phrase(status)}", retry=False, status=status)

    def _forget(self, response: requests.Response) -> None:
        """Drop a response from the cache (a body that does not parse is never an answer)."""
        key = getattr(response, "cache_key", None)
        cache = getattr(self._http, "cache", None)
        if key and cache is not None:
            cache.delete(key)


def _phrase(status: int) -> str:
    """`` Service Unavailable`` for 503 (empty for a status without a standard phrase)."""
    from http import HTTPStatus

    try:
        return " " + HTTPStatus(status).phrase
    except ValueError:
        return ""


def _short(exc: Exception, limit: int = 80) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_body(response: requests.Response) -> Any:
    """Parse a JSON body (``ValueError`` when it is not JSON)."""
    return response.json()
