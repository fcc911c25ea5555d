"""Issue 12's floors on the real articles: every error finding judged, each check's errors precise.

The verdicts are the project's own data (``data/verdicts/<source>/<family>.jsonl``); the benchmark
``benchmarks/precision.py`` prints the same tallies in full.  The audits of all real articles run once
per session (``tests/real_papers.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.precision import (
    ERROR_PRECISION_FLOOR,
    WARNING_PRECISION_FLOOR,
    Outcome,
    load_verdicts,
    location_key,
    match,
)
from kgaudit.checks.base import Finding, Location
from tests.conftest import SHARED
from tests.real_papers import real_paper_findings


@pytest.fixture(scope="module")
def outcome() -> Outcome:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return match(real_paper_findings(), load_verdicts())


def test_every_error_finding_has_a_verdict(outcome: Outcome) -> None:
    unjudged = [f for f in outcome.unjudged if f["severity"] == "error"]
    assert not unjudged, "\n".join(f"{f['article']} {f['check']} {f['key'][:70]!r}: {f['message'][:140]}"
                                   for f in unjudged)


def test_each_check_error_precision_meets_its_floor(outcome: Outcome) -> None:
    low = {
        check: tally.precision for (check, severity), tally in outcome.by_check.items()
        if severity == "error" and tally.precision is not None and tally.precision < ERROR_PRECISION_FLOOR
    }
    assert not low, low


def test_warning_precision_overall_meets_its_floor(outcome: Outcome) -> None:
    warnings = outcome.by_severity.get("warning")
    if warnings is None or warnings.precision is None:
        pytest.skip("no judged warning findings")
    assert warnings.precision >= WARNING_PRECISION_FLOOR, warnings.as_dict()


# --- the matching machinery itself, on findings and verdicts written here ---------------------------

def _finding(check: str, severity: str, **where: Any) -> Finding:
    return Finding(check=check, severity=severity, message="m", focus="urn:x", location=Location(**where))


LOCATION_KEYS = [
    # a table cell: table, row, column, then the quote; empty slots for the reference fields
    (dict(table="Table 1", row="Age", column="n", quote="12 (40%)"), "Table 1|Age|n|||12 (40%)"),
    # one reference: its number and its printed string
    (dict(reference=7, quote="Doe J. A title."), "|||7||Doe J. A title."),
    # a pointer to several references: joined by commas
    (dict(references=(3, 4, 5), quote="[3-5]"), "||||3,4,5|[3-5]"),
    # nothing located at all
    ({}, "|||||"),
]


@pytest.mark.parametrize(("where", "key"), LOCATION_KEYS)
def test_location_key(where: dict[str, Any], key: str) -> None:
    assert location_key(_finding("stats.x", "error", **where)) == key


def _line(**fields: str) -> str:
    row = {"article": "a.xml", "check": "stats.x", "key": "k", "severity": "error", "verdict": "TRUE",
           "reason": "r", "message": "m"} | fields
    return json.dumps(row)


def _write(directory: Path, *lines: str) -> Path:
    (directory / "jats").mkdir(parents=True)
    (directory / "jats" / "stats.jsonl").write_text("\n".join(lines) + "\n")
    return directory


def test_match_counts_verdicts_unjudged_and_stale(tmp_path: Path) -> None:
    verdicts = load_verdicts(_write(
        tmp_path,
        _line(key="k1", verdict="TRUE"),
        _line(key="k2", verdict="FALSE"),
        _line(key="gone", verdict="TRUE"),  # its finding no longer appears: stale
        _line(article="other.xml", key="k9"),  # an article outside this run: not stale
    ))
    findings = {"a.xml": [
        {"check": "stats.x", "severity": "error", "message": "m", "key": "k1"},
        {"check": "stats.x", "severity": "error", "message": "m", "key": "k1"},  # shares k1's verdict
        {"check": "stats.x", "severity": "error", "message": "m", "key": "k2"},
        {"check": "stats.x", "severity": "warning", "message": "m", "key": "k3"},  # unjudged
    ]}
    outcome = match(findings, verdicts)
    errors = outcome.by_check[("stats.x", "error")]
    assert (errors.findings, errors.true, errors.false, errors.precision) == (3, 2, 1, 2 / 3)
    assert [f["key"] for f in outcome.unjudged] == ["k3"]
    assert [v.key for v in outcome.stale] == ["gone"]
    assert outcome.below_floor() == [f"stats.x: error precision 0.667 < {ERROR_PRECISION_FLOOR}"]


BAD_VERDICT_FILES = [
    # not JSON at all
    (["{not json"], "not JSON"),
    # a verdict outside TRUE / FALSE / UNCLEAR
    ([_line(verdict="maybe")], "is not one of"),
    # the same (article, check, key) judged twice
    ([_line(), _line(verdict="FALSE")], "judged twice"),
    # a key of the contract missing
    (['{"article": "a.xml"}'], "missing"),
]


@pytest.mark.parametrize(("lines", "problem"), BAD_VERDICT_FILES)
def test_bad_verdict_file_names_file_and_line(tmp_path: Path, lines: list[str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as raised:
        load_verdicts(_write(tmp_path, *lines))
    assert "jats/stats.jsonl:" in str(raised.value)
