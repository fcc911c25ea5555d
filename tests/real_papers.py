"""The real published articles in ``../shared/data`` and one cached full offline audit of each.

Two guards read them (every check's errors in ``tests/test_real_papers.py``, the journal checks in
``tests/checks/test_reference_rules_journals.py``); the cache makes them share one audit per article.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kgaudit import audit
from kgaudit.api import Report
from tests.conftest import SHARED

ARTICLES = sorted((SHARED / "data" / "jats").glob("*/*.*xml")) + sorted((SHARED / "data" / "tei").glob("*/*.tei.xml"))


@cache
def audit_real_paper(path: Path) -> Report:
    """Every check, offline, on one article (computed once per test session)."""
    return audit(path, offline=True)
