"""Findings as a pandas DataFrame: one row per finding, location flattened into columns.

The frame is built from the JSON report (:func:`kgaudit.report.data.report_dict`),
so it carries exactly what the JSON carries; frames of many papers concatenate
on ``paper_id``.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

COLUMNS = (
    "paper_id", "id", "check", "severity", "message", "section", "table", "row", "column", "reference",
    "references", "quote", "evidence",
)


def _references(location: dict[str, Any]) -> str | None:
    """Several references as "3,14" (a string keeps the column flat for CSV and Parquet)."""
    numbers = location.get("references")
    return ",".join(str(n) for n in numbers) if numbers else None


def findings_dataframe(report: dict[str, Any], paper_id: str | None = None) -> pd.DataFrame:
    """One row per finding of ``report`` (the JSON report as a dict).

    Columns: paper_id, id, check, severity, message, section, table, row, column,
    reference (nullable integer), references ("3,14"), quote, evidence (JSON string).
    ``paper_id`` defaults to the report's document id.
    """
    paper = paper_id if paper_id is not None else (report.get("document") or {}).get("id")
    rows = []
    for finding in report.get("findings", []):
        location = finding.get("location") or {}
        rows.append({
            "paper_id": paper,
            "id": finding["id"],
            "check": finding["check"],
            "severity": finding["severity"],
            "message": finding["message"],
            "section": location.get("section"),
            "table": location.get("table"),
            "row": location.get("row"),
            "column": location.get("column"),
            "reference": location.get("reference"),
            "references": _references(location),
            "quote": location.get("quote"),
            "evidence": json.dumps(finding.get("evidence") or {}, sort_keys=True, ensure_ascii=False),
        })
    # object columns keep None as None (not NaN) for absent labels.
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    frame["reference"] = frame["reference"].astype("Int64")
    return frame
