"""Fixtures for the resolver: local Crossref and E-utilities servers replaying real records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kgaudit.resolve.http import ResolverSession
from tests.resolve.fake_services import CrossrefReplay, EutilsReplay, FakeService

# Generous limits so ordinary tests are not slowed by pacing; the pacing tests set their own.
FAST_CROSSREF_HEADERS = {"x-rate-limit-limit": "100", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3"}


@pytest.fixture(scope="session")
def crossref_replay(shared_dir: Path) -> CrossrefReplay:
    """Every Crossref work in the recorded cassettes, by DOI."""
    return CrossrefReplay(shared_dir / "data")


@pytest.fixture(scope="session")
def eutils_replay(shared_dir: Path) -> EutilsReplay:
    """Every recorded PubMed record, as ESummary documents."""
    return EutilsReplay(shared_dir / "data")


@pytest.fixture
def crossref_server(crossref_replay: CrossrefReplay) -> Iterator[FakeService]:
    """A local Crossref answering from the cassettes."""
    with FakeService(crossref_replay.route, headers=FAST_CROSSREF_HEADERS) as server:
        yield server


@pytest.fixture
def eutils_server(eutils_replay: EutilsReplay) -> Iterator[FakeService]:
    """A local E-utilities answering from the recorded PubMed records."""
    with FakeService(eutils_replay.route) as server:
        yield server


@pytest.fixture
def make_session(tmp_path: Path, crossref_server: FakeService, eutils_server: FakeService,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ResolverSession]]:
    """Build sessions pointed at the local servers, with short timeouts and back-off (closed afterwards)."""
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    monkeypatch.delenv("KGAUDIT_MAILTO", raising=False)
    sessions: list[ResolverSession] = []

    def make(**overrides: Any) -> ResolverSession:
        options: dict[str, Any] = {
            "crossref_url": crossref_server.url, "eutils_url": eutils_server.url + "/entrez/eutils",
            "mailto": "tests@example.org", "cache_path": tmp_path / "cache.sqlite",
            "timeout": (1.0, 0.5), "retries": 2, "backoff": 0.01, "backoff_max": 0.05, "max_retry_after": 2.0,
            "ncbi_rate": (50, 1.0),
        }
        options.update(overrides)
        session = ResolverSession(**options)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
