"""The real published articles in ``../shared/data`` and one cached full offline audit of each.

Two guards read them (every check's errors in ``tests/test_real_papers.py``, the journal checks in
``tests/checks/test_reference_rules_journals.py``); the cache makes them share one audit per article.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from kgaudit import audit
from kgaudit.api import Report
from tests.conftest import SHARED

ARTICLES = sorted((SHARED / "data" / "jats").glob("*/*.*xml")) + sorted((SHARED / "data" / "tei").glob("*/*.tei.xml"))


@cache
def audit_real_paper(path: Path) -> Report:
    """Every check, offline, on one article (computed once per test session)."""
    return audit(path, offline=True)


@cache
def real_paper_findings() -> dict[str, list[dict[str, Any]]]:
    """Error and warning findings of every real article (all sources), keyed by its path under shared/data.

    Computed once per test session in a pool of two processes (the audits take minutes in all); each
    finding is a plain dict with ``check``, ``severity``, ``message`` and ``key`` (its location key).
    An article that fails to load is a finding of its own (check ``load``) so that it cannot pass silently.
    """
    from benchmarks.precision import article_id, audit_all, real_articles

    findings: dict[str, list[dict[str, Any]]] = {}
    for path, (_, items, error) in audit_all(real_articles(SHARED / "data"), workers=2).items():
        article = article_id(path, SHARED / "data")
        findings[article] = items + ([{"check": "load", "severity": "error", "message": error, "key": ""}]
                                     if error else [])
    return findings
