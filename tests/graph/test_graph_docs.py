"""docs/GRAPH.md documents every predicate a kgaudit graph uses (analysts write SPARQL from it)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, Namespace

import kgaudit.graph.namespaces as ns
from kgaudit import audit
from kgaudit.resolve.http import ResolverSession
from kgaudit.resolve.pipeline import resolve_into_graph
from tests.resolve.fake_services import FakeService, Reply

REPO = Path(__file__).resolve().parents[2]
GRAPH_DOC = REPO / "docs" / "GRAPH.md"
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
# Every predicate is named in the document as prefix:local; rdf:type is the table's "types" column.
ALWAYS_DOCUMENTED = {str(RDF.type)}


def _prefixes() -> dict[str, str]:
    found = {str(v): name.lower() for name, v in vars(ns).items()
             if name.isupper() and (isinstance(v, Namespace) or type(v).__name__ == "DefinedNamespaceMeta")}
    found.update({str(v): name for name, v in (("rdf", RDF), ("rdfs", RDFS), ("dcterms", DCTERMS), ("foaf", FOAF),
                                               ("prov", PROV), ("sh", SH))})
    return found


def documented_names(text: str) -> set[str]:
    """prefix:local names in ``text``, with the document's patterns expanded.

    ``kga:record{Title,Journal}`` stands for ``kga:recordTitle`` and ``kga:recordJournal``;
    ``kga:{name}Text`` for the printed text of each documented number (``kga:percentText``).
    """
    names = set(re.findall(r"\b[a-z][a-z0-9]*:[A-Za-z]\w*\b", text))
    for prefix, head, options, tail in re.findall(r"\b([a-z][a-z0-9]*):(\w*)\{([\w,]+)\}(\w*)", text):
        names |= {f"{prefix}:{head}{option}{tail}" for option in options.split(",")}
    for prefix, tail in re.findall(r"\b([a-z][a-z0-9]*):\{name\}(\w+)", text):
        names |= {f"{n}{tail}" for n in list(names) if n.startswith(prefix + ":")}
    return names


def _short(iri: str, prefixes: dict[str, str]) -> str:
    base = max((b for b in prefixes if iri.startswith(b)), key=len, default=None)
    return f"{prefixes[base]}:{iri[len(base):]}" if base else iri


def _outage_graph() -> Graph:
    """The example paper resolved against a local service that fails every request (lookup and outage facts)."""
    report = audit(EXAMPLE)
    unavailable = Reply(503, b"unavailable", {"Content-Type": "text/plain"})
    with FakeService(lambda path, query: unavailable) as crossref, \
            FakeService(lambda path, query: unavailable) as eutils, \
            ResolverSession(crossref_url=crossref.url, eutils_url=eutils.url, use_cache=False, backoff=0.01,
                            first_answer_within=2.0) as session:
        resolve_into_graph(report.document, report.graph, session)
    return report.graph


@pytest.mark.parametrize("which", ["example", "seed", "outage"])
def test_every_predicate_used_is_documented(which: str, request: pytest.FixtureRequest) -> None:
    # the example paper audited offline; the seed (when ../shared is beside the checkout); the example
    # resolved under an outage (lookups, faults, the services given up)
    if which == "example":
        graph = audit(EXAMPLE).graph
    elif which == "seed":
        graph = audit(request.getfixturevalue("seed_path")).graph
    else:
        graph = _outage_graph()
    documented = documented_names(GRAPH_DOC.read_text(encoding="utf-8"))
    prefixes = _prefixes()
    used = {str(p) for p in graph.predicates()} - ALWAYS_DOCUMENTED
    missing = sorted(_short(p, prefixes) for p in used if _short(p, prefixes) not in documented)
    assert missing == [], f"add these to docs/GRAPH.md: {missing}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("`kga:record{Title,Year}`", {"kga:recordTitle", "kga:recordYear"}),  # a brace list
        ("`kga:percent`, `kga:{name}Text`", {"kga:percent", "kga:percentText"}),  # the printed-text pattern
        ("`kga:{received,accepted}Date`", {"kga:receivedDate", "kga:acceptedDate"}),  # a leading brace list
    ],
)
def test_documented_patterns_expand(text: str, expected: set[str]) -> None:
    assert expected <= documented_names(text)


def test_unlisted_pairs_are_not_invented() -> None:
    names = documented_names("`kga:mean`")
    assert not any(a != b and a + "Text" == b for a, b in itertools.product(names, names))
