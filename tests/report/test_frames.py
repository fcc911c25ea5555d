"""Findings as a DataFrame: one row per finding, location flattened, evidence as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kgaudit import audit
from kgaudit.api import Report
from kgaudit.report.frames import COLUMNS, findings_dataframe


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Report:
    return audit(seed_path)


def test_one_row_per_finding_with_the_json_fields(seed: Report) -> None:
    report = seed.to_dict()
    frame = seed.to_dataframe()
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(report["findings"])
    assert list(frame["id"]) == [f["id"] for f in report["findings"]]
    assert set(frame["paper_id"]) == {seed.document.id}
    for row, finding in zip(frame.itertuples(index=False), report["findings"], strict=True):
        assert (row.check, row.severity, row.message, row.quote) == (
            finding["check"], finding["severity"], finding["message"], finding["location"]["quote"])
        assert json.loads(row.evidence) == finding["evidence"]


def test_author_year_rows_carry_the_reference_number(seed: Report) -> None:
    frame = seed.to_dataframe()
    mismatches = frame[frame["check"] == "citation.author_year_mismatch"]
    assert len(mismatches) == 8
    assert str(frame["reference"].dtype) == "Int64"
    kim = mismatches[mismatches["quote"] == "Kim et al. (2019)"].iloc[0]
    assert (kim["reference"], kim["section"], kim["table"]) == (14, "DISCUSSION", None)


@pytest.mark.parametrize(
    ("location", "expected_reference", "expected_references"),
    [
        ({"reference": 3}, 3, None),  # one reference
        ({"references": [3, 14]}, None, "3,14"),  # several: a flat string for CSV and Parquet
        ({}, None, None),  # no reference at all
    ],
)
def test_reference_columns(location: dict, expected_reference: int | None, expected_references: str | None) -> None:
    report = {"document": {"id": "p1"}, "findings": [
        {"id": "F0001", "check": "x.y", "severity": "info", "message": "m", "location": location, "evidence": {}}]}
    row = findings_dataframe(report).iloc[0]
    assert row["paper_id"] == "p1"
    assert (None if pd.isna(row["reference"]) else row["reference"]) == expected_reference
    assert row["references"] == expected_references


def test_no_findings_gives_an_empty_frame_with_the_columns() -> None:
    frame = findings_dataframe({"document": {"id": "p"}, "findings": []}, paper_id="p")
    assert frame.empty and list(frame.columns) == list(COLUMNS)


def test_frames_of_two_papers_concatenate(seed: Report, tmp_path: Path) -> None:
    other = findings_dataframe(seed.to_dict(), paper_id="copy")
    both = pd.concat([seed.to_dataframe(), other], ignore_index=True)
    assert both.groupby("paper_id").size().to_dict() == {seed.document.id: len(other), "copy": len(other)}
    both.to_parquet(tmp_path / "findings.parquet")
    assert len(pd.read_parquet(tmp_path / "findings.parquet")) == 2 * len(other)
