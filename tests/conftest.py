"""Shared fixtures: where ../shared lives, the seed paper, and a local Crossref replaying journal records."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.resolve.fake_services import FakeService, JournalsReplay

# A Python check that raises fails the tests (a user's audit would report it as skipped instead).
os.environ.setdefault("KGAUDIT_STRICT_CHECKS", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "cryoablation-2025.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared data folder beside the checkout (read-only)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    """The founding example paper (plain text extracted from a PDF)."""
    return SEED


@pytest.fixture(scope="session", autouse=True)
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep every test (and every CLI subprocess it starts) away from the user's resolver cache."""
    import os

    cache = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    return cache


@pytest.fixture(scope="session")
def journals_replay(shared_dir: Path) -> JournalsReplay:
    """Crossref's /journals answers recorded in ../shared/data/crossref, ready to be served."""
    return JournalsReplay(shared_dir / "data" / "crossref")


@pytest.fixture
def crossref(journals_replay: JournalsReplay) -> Iterator[FakeService]:
    """A real local HTTP server answering Crossref's /journals routes from the recordings."""
    with FakeService(journals_replay.route) as server:
        yield server
