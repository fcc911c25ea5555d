"""Shapes of SPARQL rules that stall Oxigraph on long papers, kept out of the shipped rules.

Not a timed test (speed lives in ``benchmarks/throughput_real.py``, whose per-check table names a slow
rule): the query's algebra is inspected instead.  The pattern guarded against was measured on a real
article with 810 references and 1017 pointers (pone.0012262): a required triple pattern written after
an OPTIONAL in the same group, ``{ A OPTIONAL { B } C }``, became ``Join(LeftJoin(A, B), C)``, which
Oxigraph 0.5 evaluated by re-running the left side for every solution of ``C``: 8-10 s for one rule
that takes 20 ms once the OPTIONAL is moved after ``C`` (the same solutions, since ``C`` shares no
variable with ``B`` that ``A`` does not bind).
"""

from __future__ import annotations

from typing import Any

import pytest
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kgaudit.checks.sparql import shipped_rules
from kgaudit.graph.namespaces import sparql_prefix_block

# Algebra nodes that only wrap the pattern below them (BIND, FILTER, a group of one part).
_WRAPPERS = {"Extend", "Filter", "ToMultiSet"}


def _unwrap(node: Any) -> Any:
    while isinstance(node, CompValue) and node.name in _WRAPPERS and "p" in node:
        node = node.p
    return node


def patterns_after_optional(query: str) -> list[str]:
    """The required triple patterns that follow an OPTIONAL in their group (each as its first triple)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            left, right = _unwrap(node.get("p1")), node.get("p2")
            if (node.name == "Join" and isinstance(left, CompValue) and left.name == "LeftJoin"
                    and isinstance(right, CompValue) and right.name == "BGP" and right.triples):
                found.append(" ".join(term.n3() for term in right.triples[0]))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(prepareQuery(sparql_prefix_block() + query).algebra)
    return found


@pytest.mark.parametrize(
    ("query", "stalls"),
    [
        # required pattern after the OPTIONAL: the shape that took 10 s on a long paper
        ("SELECT * WHERE { ?p c4o:denotes ?r . OPTIONAL { ?p kga:namedYear ?y } ?r kga:number ?n }", True),
        # the same after a BIND that follows the OPTIONAL
        ("SELECT * WHERE { ?p c4o:denotes ?r . OPTIONAL { ?p kga:namedYear ?y } BIND (1 AS ?one) "
         "?r kga:number ?n }", True),
        # the same solutions with the OPTIONAL last: fine
        ("SELECT * WHERE { ?p c4o:denotes ?r . ?r kga:number ?n . OPTIONAL { ?p kga:namedYear ?y } }", False),
        # OPTIONALs in a row, then BINDs: fine
        ("SELECT * WHERE { ?p c4o:denotes ?r . OPTIONAL { ?p kga:namedYear ?y } OPTIONAL { ?r kga:year ?z } "
         "BIND (COALESCE(?y, ?z) AS ?year) }", False),
        # inside a UNION branch the rule holds per group
        ("SELECT * WHERE { { ?p c4o:denotes ?r . OPTIONAL { ?p kga:namedYear ?y } ?r kga:number ?n } "
         "UNION { ?p kga:citedKey ?k } }", True),
    ],
)
def test_the_shape_is_recognised(query: str, stalls: bool) -> None:
    assert bool(patterns_after_optional(query)) is stalls


@pytest.mark.parametrize("spec", shipped_rules(), ids=lambda spec: spec.id)
def test_no_shipped_rule_has_a_required_pattern_after_an_optional(spec: Any) -> None:
    assert spec.query is not None
    assert patterns_after_optional(spec.query) == [], f"{spec.source}: move the OPTIONAL after these patterns"
