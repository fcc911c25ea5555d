"""A small synthetic corpus (with two paper-mill clusters) and three unusable files, shared by the corpus tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kgaudit.corpus.batch import BatchOptions, BatchSummary, run_batch
from kgaudit.corpus.synth import write_corpus

SMALL_CORPUS = 14  # papers: enough for two mill clusters of three and a clean part, small enough for a fast batch


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """``(directory, manifest)`` of a generated corpus with 6 mill papers in 2 clusters."""
    root = tmp_path_factory.mktemp("corpus")
    manifest = write_corpus(SMALL_CORPUS, root, seed=11, mill_clusters=(3, 3))
    return root, manifest


@pytest.fixture(scope="session")
def bad_papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of three files no audit can use: binary bytes, an empty file, malformed XML."""
    root = tmp_path_factory.mktemp("bad")
    (root / "binary.pdf").write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 100)
    (root / "empty.txt").write_bytes(b"")
    (root / "malformed.xml").write_text("<article><front><article-meta><title-group>", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def pool_run(small_corpus: tuple[Path, dict[str, Any]], bad_papers: Path,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    """The small corpus and the bad files audited on a 2-process pool: ``(output directory, summary)``."""
    out = tmp_path_factory.mktemp("pool")
    return out, run_batch([str(small_corpus[0]), str(bad_papers)], BatchOptions(out=out, workers=2))


@pytest.fixture(scope="session")
def dask_run(small_corpus: tuple[Path, dict[str, Any]], bad_papers: Path,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    """The same inputs audited on a real Dask ``LocalCluster`` of 2 worker processes."""
    out = tmp_path_factory.mktemp("dask")
    return out, run_batch([str(small_corpus[0]), str(bad_papers)], BatchOptions(out=out, workers=2, dask="local"))
