"""What a check is and what it yields.

Two kinds of check share one registry:

* a SPARQL rule: one ``.rq`` file in ``kgaudit/checks/rules/`` with a header
  (``# id:``, ``# severity:``, ``# flags:``, ``# why:``); every result row is a
  finding (see :mod:`kgaudit.checks.sparql` for the row variables);
* a Python check: a function ``(graph) -> Iterable[Finding]`` decorated with
  :func:`python_check`.

Checks read the graph only; the runner writes their findings back into it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import Graph

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# What a check may declare in ``needs``: the stages that write the facts it reads.  ``resolver`` is the
# Crossref/PubMed resolution, ``journals`` the journal-knowledge-base derivation, ``claims`` the claim
# derivation.  A name outside this set is a typo that would disable the check forever, so it is refused.
KNOWN_CAPABILITIES: frozenset[str] = frozenset({"resolver", "journals", "claims"})


def validate_needs(check_id: str, needs: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``needs`` unchanged, or raise ``ValueError`` naming an unknown capability."""
    unknown = sorted(set(needs) - KNOWN_CAPABILITIES)
    if unknown:
        raise ValueError(
            f"{check_id}: unknown capability {', '.join(map(repr, unknown))} in needs "
            f"(known: {', '.join(sorted(KNOWN_CAPABILITIES))})"
        )
    return needs


@dataclass(frozen=True)
class Location:
    """Where a finding points, with labels as printed in the paper (DESIGN.md JSON contract)."""

    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    reference: int | None = None
    references: tuple[int, ...] | None = None
    quote: str | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass(frozen=True)
class Finding:
    """One finding: which check, how bad, what it is about, and the numbers behind it."""

    check: str
    severity: Severity
    message: str
    focus: str  # IRI of the graph node the finding is about
    location: Location = field(default_factory=Location)
    evidence: dict[str, Any] = field(default_factory=dict)


CheckFunction = Callable[[Graph], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its public id, default severity and how it runs."""

    id: str
    severity: Severity
    description: str
    kind: Literal["sparql", "python"]
    function: CheckFunction | None = None  # python checks
    query: str | None = None  # sparql rules (body without the PREFIX block)
    source: str = ""  # module or .rq file name
    needs: tuple[str, ...] = ()  # what must have run: "resolver", "journals"
    # The worse severity some of its findings may carry (a warning check whose clearest cases are errors);
    # None when no finding is worse than ``severity``.  Shown by ``kgaudit checks``.
    escalates_to: Severity | None = None


_PYTHON_CHECKS: dict[str, CheckSpec] = {}


def python_check(
    check_id: str, *, severity: Severity, description: str, needs: tuple[str, ...] = (),
    escalates_to: Severity | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as the Python check ``check_id`` (a ``family.name`` id).

    ``escalates_to`` declares the worse severity some findings may carry; under the test suite the runner
    refuses a finding worse than that, so a check's listing in ``kgaudit checks`` never understates it.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} for {check_id}")
    if escalates_to is not None and SEVERITIES.index(escalates_to) >= SEVERITIES.index(severity):
        raise ValueError(f"{check_id}: escalates_to {escalates_to!r} is not worse than {severity!r}")
    validate_needs(check_id, needs)

    def register(function: CheckFunction) -> CheckFunction:
        _PYTHON_CHECKS[check_id] = CheckSpec(
            id=check_id,
            severity=severity,
            description=description,
            kind="python",
            function=function,
            source=function.__module__,
            needs=needs,
            escalates_to=escalates_to,
        )
        return function

    return register


def worst_severity(spec: CheckSpec) -> Severity:
    """The worst severity a finding of ``spec`` may carry (its escalation, else its severity)."""
    return spec.escalates_to or spec.severity


def registered_python_checks() -> dict[str, CheckSpec]:
    """The Python checks registered so far (import the check modules first)."""
    return dict(_PYTHON_CHECKS)
