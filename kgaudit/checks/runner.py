"""Run the registered checks over a graph and write their findings back into it.

The checks are every ``.rq`` file in ``checks/rules/`` and the Python checks of the modules listed in
:mod:`kgaudit.checks.registry`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from kgaudit.checks.base import (
    SEVERITIES,
    CheckSpec,
    Finding,
    Location,
    registered_python_checks,
    worst_severity,
)
from kgaudit.checks.registry import import_python_checks
from kgaudit.checks.sparql import run_rule, shipped_rules
from kgaudit.errors import CheckError, UsageError
from kgaudit.graph.namespaces import CHECK, KGA, SH, document_of, node_iri
from kgaudit.graph.store import to_oxigraph

# Set (to any non-empty value) by the test suite: a Python check that raises is then a failure, not a
# check reported as skipped.
STRICT_CHECKS_VARIABLE = "KGAUDIT_STRICT_CHECKS"
_SH_SEVERITY = {"error": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def all_checks() -> dict[str, CheckSpec]:
    """Every check kgaudit ships, by id (SPARQL rules and Python checks)."""
    import_python_checks()
    specs: dict[str, CheckSpec] = {}
    for spec in shipped_rules():
        specs[spec.id] = spec
    specs.update(registered_python_checks())
    return dict(sorted(specs.items()))


@dataclass
class CheckRun:
    """What a run of the checks produced: findings, and which checks ran or were skipped (and why)."""

    findings: list[Finding] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def select_checks(selection: Sequence[str] | None) -> dict[str, CheckSpec]:
    """Checks matching ``selection`` (ids or family prefixes such as ``citation``); all when None."""
    available = all_checks()
    if not selection:
        return available
    chosen = {
        cid: spec for cid, spec in available.items()
        if any(cid == s or cid.startswith(s.rstrip(".") + ".") for s in selection)
    }
    unknown = [s for s in selection if not any(c == s or c.startswith(s.rstrip(".") + ".") for c in available)]
    if unknown:
        raise UsageError(f"unknown check(s): {', '.join(unknown)} (see 'kgaudit checks')")
    return chosen


def run_checks(
    graph: Graph, *, selection: Sequence[str] | None = None, capabilities: Iterable[str] = (),
    unavailable: Mapping[str, str] | None = None,
) -> CheckRun:
    """Run the selected checks on ``graph``; add each finding to the graph as a ``kga:Finding``.

    ``capabilities`` names what ran before ("resolver", "journals"); a check that
    needs something missing is skipped and the reason recorded: the reason in
    ``unavailable`` (capability → why it failed, as :func:`kgaudit.derive.run_derivations`
    returns) when there is one, else that the capability did not run.
    """
    have = set(capabilities)
    run = CheckRun()
    specs = select_checks(selection)
    store = to_oxigraph(graph)
    for spec in specs.values():
        missing = [n for n in spec.needs if n not in have]
        if missing:
            run.skipped[spec.id] = _skip_reason(missing, unavailable or {})
            continue
        if spec.kind == "sparql":
            found = list(run_rule(spec, store))
        else:
            assert spec.function is not None
            try:
                found = list(spec.function(graph))
            except CheckError:
                raise
            except Exception as exc:  # a broken check must not sink a user's audit ...
                if os.environ.get(STRICT_CHECKS_VARIABLE):  # ... but must fail the project's tests
                    raise
                run.skipped[spec.id] = f"check failed: {type(exc).__name__}: {exc}"
                continue
        if os.environ.get(STRICT_CHECKS_VARIABLE):
            _refuse_undeclared_severity(spec, found)
        run.ran.append(spec.id)
        run.findings.extend(found)
    run.findings = _deduplicate(run.findings)
    add_findings(graph, run.findings)
    return run


def _skip_reason(missing: list[str], unavailable: Mapping[str, str]) -> str:
    """Why a check needing the ``missing`` capabilities was skipped: a failure reported for one, else absence."""
    failed = [unavailable[name] for name in missing if name in unavailable]
    return failed[0] if failed else f"needs {', '.join(missing)}, which did not run"


def record_run(graph: Graph, document_id: str, run: CheckRun, mode: str) -> None:
    """Write the audit run into the graph: resolver mode, end time, the checks run and skipped (with why)."""
    node = node_iri(document_id, "run")
    graph.add((node, RDF.type, KGA.AuditRun))
    graph.add((node, KGA.resolverMode, Literal(mode)))
    graph.add((node, KGA.endedAt, Literal(datetime.now(UTC).isoformat(timespec="seconds"))))
    for check_id in run.ran:
        graph.add((node, KGA.ranCheck, Literal(check_id)))
    for check_id, reason in run.skipped.items():
        graph.add((node, KGA.skippedCheck, Literal(f"{check_id}: {reason}")))


def _refuse_undeclared_severity(spec: CheckSpec, findings: list[Finding]) -> None:
    """Raise when a finding is worse than its check declares (severity or ``escalates_to``)."""
    worst = SEVERITIES.index(worst_severity(spec))
    for finding in findings:
        if SEVERITIES.index(finding.severity) < worst:
            raise CheckError(spec.id, f"a finding is {finding.severity!r}, worse than the check declares "
                                      f"(severity {spec.severity!r}, escalates_to {spec.escalates_to!r})")


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.check, f.focus, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def finding_iri(finding: Finding) -> URIRef:
    """Deterministic IRI of a finding, under its focus node's document (under the focus outside a paper)."""
    doc = document_of(finding.focus) or finding.focus
    digest = hashlib.sha1(f"{finding.check}|{finding.focus}|{finding.message}".encode()).hexdigest()[:12]
    return URIRef(f"{doc}/finding/{finding.check}/{digest}")


def add_findings(graph: Graph, findings: Iterable[Finding]) -> None:
    """Write findings into the graph (SHACL validation-result shape plus kga: terms)."""
    for finding in findings:
        node = finding_iri(finding)
        focus = URIRef(finding.focus)
        graph.add((node, RDF.type, KGA.Finding))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, KGA.check, Literal(finding.check)))
        graph.add((node, KGA.severity, Literal(finding.severity)))
        graph.add((node, SH.resultSeverity, _SH_SEVERITY[finding.severity]))
        graph.add((node, KGA.focus, focus))
        graph.add((node, SH.focusNode, focus))
        graph.add((node, KGA.message, Literal(finding.message)))
        graph.add((node, SH.resultMessage, Literal(finding.message)))
        graph.add((node, SH.sourceShape, CHECK[finding.check]))
        graph.add((node, KGA.evidence, Literal(json.dumps(finding.evidence, sort_keys=True, default=str))))
        _add_evidence_items(graph, node, finding.evidence)
        _add_location(graph, node, finding.location)
        graph.add((node, KGA.inDocument, document_of(finding.focus) or focus))


# Each location field of a finding as one triple (docs/GRAPH.md, "finding"); ``references`` is an rdf:List
# (kga:aboutReferences) because its order says which reference is the subject.
LOCATION_PREDICATES: dict[str, URIRef] = {
    "section": KGA.inSectionHeading,
    "table": KGA.inTable,
    "row": KGA.inRow,
    "column": KGA.inColumn,
    "reference": KGA.aboutReference,
    "quote": KGA.quote,
    "char_start": KGA.charStart,
    "char_end": KGA.charEnd,
}


def _add_location(graph: Graph, node: URIRef, location: Location) -> None:
    for name, predicate in LOCATION_PREDICATES.items():
        value = getattr(location, name)
        if value is not None:
            graph.add((node, predicate, Literal(value)))
    if location.references is not None:
        numbers = BNode() if location.references else RDF.nil
        Collection(graph, numbers, [Literal(n) for n in location.references])
        graph.add((node, KGA.aboutReferences, numbers))


def location_of(graph: Graph, node: URIRef) -> Location:
    """The location of the finding ``node``, read back from its triples."""
    values = {name: value.toPython() for name, predicate in LOCATION_PREDICATES.items()
              if (value := graph.value(node, predicate)) is not None}
    numbers = graph.value(node, KGA.aboutReferences)
    if numbers is not None:
        values["references"] = tuple(n.toPython() for n in Collection(graph, numbers))
    return Location(**values)


def _add_evidence_items(graph: Graph, node: URIRef, evidence: dict) -> None:
    """One kga:evidenceItem per evidence key, so that SPARQL reads values without parsing the JSON.

    A scalar is a typed literal; a list or mapping its JSON text; a mapping's scalars are also items of
    their own under "key.member" ("recomputed.welch_t").
    """
    for key, value in evidence.items():
        _add_evidence_item(graph, node, str(key), value)
        if isinstance(value, dict):
            for member, inner in value.items():
                if _is_scalar(inner):
                    _add_evidence_item(graph, node, f"{key}.{member}", inner)


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def _add_evidence_item(graph: Graph, node: URIRef, key: str, value: object) -> None:
    if value is None:
        return
    item = URIRef(f"{node}/evidence/{quote(key, safe='')}")
    literal = Literal(value) if _is_scalar(value) else Literal(json.dumps(value, sort_keys=True, default=str))
    graph.add((node, KGA.evidenceItem, item))
    graph.add((item, KGA.evidenceKey, Literal(key)))
    graph.add((item, RDF.value, literal))


def findings_from_graph(graph: Graph) -> list[Finding]:
    """Read the findings back from a graph (reports are rendered from the graph, not from memory)."""
    findings = []
    for node in graph.subjects(RDF.type, KGA.Finding):
        findings.append(
            Finding(
                check=str(graph.value(node, KGA.check)),
                severity=str(graph.value(node, KGA.severity)),  # type: ignore[arg-type]
                message=str(graph.value(node, KGA.message)),
                focus=str(graph.value(node, KGA.focus)),
                location=location_of(graph, node),
                evidence=json.loads(str(graph.value(node, KGA.evidence) or "{}")),
            )
        )
    return sort_findings(findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Order findings as a reader meets them: by position in the paper, then by check."""
    order = {"error": 0, "warning": 1, "info": 2}

    def key(f: Finding) -> tuple:
        loc = f.location
        pos = loc.char_start if loc.char_start is not None else 10**12
        ref = loc.reference if loc.reference is not None else (loc.references[0] if loc.references else 10**6)
        return (pos, ref, f.check, order.get(f.severity, 3), f.message)

    return sorted(findings, key=key)
