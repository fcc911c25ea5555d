"""SPARQL rules: one ``.rq`` file per check, its header naming the check.

Header lines (before the query)::

    # id: citation.author_year_mismatch
    # severity: error
    # flags: one line saying what the rule flags
    # why: why that is a problem (may continue on further "#" lines)

Result rows become findings.  Row variables: ``?focus`` (IRI, required),
``?message`` (required), optional ``?section ?table ?row ?column ?reference``
(integer), ``?references`` (comma-separated integers), ``?quote``,
``?charStart ?charEnd``; every ``?ev_<name>`` becomes evidence key ``<name>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Literal

from kgaudit.checks.base import SEVERITIES, CheckSpec, Finding, Location, Severity, validate_needs
from kgaudit.errors import CheckError, StoreError
from kgaudit.graph.queryfile import read_header
from kgaudit.graph.store import select


def parse_rule(text: str, source: str) -> CheckSpec:
    """Read a rule file's header and query into a :class:`CheckSpec`."""
    header = read_header(text, ("id", "severity", "flags", "why", "needs"), continued="why")
    for key in ("id", "severity", "flags"):
        if key not in header:
            raise CheckError(source, f"rule header lacks '# {key}:'")
    if header["severity"] not in SEVERITIES:
        raise CheckError(header["id"], f"unknown severity {header['severity']!r} in {source}")
    needs = tuple(n.strip() for n in header.get("needs", "").split(",") if n.strip())
    try:
        validate_needs(header["id"], needs)
    except ValueError as exc:
        raise CheckError(header["id"], f"{str(exc).split(': ', 1)[1]} in {source}") from None
    description = header["flags"] + (f" Why: {header['why']}" if header.get("why") else "")
    return CheckSpec(
        id=header["id"], severity=header["severity"], description=description,  # type: ignore[arg-type]
        kind="sparql", query=text, source=source, needs=needs,
    )


def shipped_rules() -> list[CheckSpec]:
    """Every rule shipped in ``kgaudit/checks/rules/``, in file-name order."""
    folder = resources.files("kgaudit.checks") / "rules"
    specs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            specs.append(parse_rule(entry.read_text(encoding="utf-8"), entry.name))
    return specs


def _python_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)


def run_rule(spec: CheckSpec, store: ox.Store) -> Iterator[Finding]:
    """Run one SPARQL rule on ``store`` and turn each row into a :class:`Finding`."""
    assert spec.query is not None
    try:
        rows = list(select(store, spec.query))
    except StoreError as exc:
        raise CheckError(spec.id, f"{spec.source}: {exc}") from None
    for row in rows:
        if row.get("focus") is None or row.get("message") is None:
            raise CheckError(spec.id, f"{spec.source}: rows must bind ?focus and ?message")
        values = {k: _python_value(v) for k, v in row.items()}
        refs = values.get("references")
        location = Location(
            section=values.get("section"),
            table=values.get("table"),
            row=values.get("row"),
            column=values.get("column"),
            reference=int(values["reference"]) if values.get("reference") is not None else None,
            # GROUP_CONCAT has no order: sorted, so a finding's location is the same from run to run
            references=_sorted_numbers(str(refs)) if refs else None,
            quote=values.get("quote"),
            char_start=int(values["charStart"]) if values.get("charStart") is not None else None,
            char_end=int(values["charEnd"]) if values.get("charEnd") is not None else None,
        )
        evidence = {k[3:]: v for k, v in values.items() if k.startswith("ev_") and v is not None}
        yield Finding(
            check=spec.id, severity=_row_severity(spec, values.get("severity")), message=str(values["message"]), focus=str(values["focus"]),
            location=location, evidence=evidence,
        )


def _sorted_numbers(text: str) -> tuple[int, ...]:
    """The comma-separated integers of ``text``, the first kept first (the subject), the rest in order."""
    numbers = [int(x) for x in text.split(",") if x.strip()]
    return tuple(numbers[:1] + sorted(set(numbers[1:]) - set(numbers[:1])))


def _row_severity(spec: CheckSpec, value: object) -> Severity:
    """A row may lower its rule's severity by binding ``?severity`` ("warning", "info"); never raise it."""
    if value not in SEVERITIES:
        return spec.severity
    lowered: Severity = value  # type: ignore[assignment]
    return lowered if SEVERITIES.index(lowered) >= SEVERITIES.index(spec.severity) else spec.severity
