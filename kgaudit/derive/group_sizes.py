"""Group sizes for table columns whose header prints no "(n=…)".

A results table often omits the group sizes that the baseline table or the
methods text gave ("CT-guided cryoablation (n=125)").  Numeric checks need
them, so this derivation infers them and records where each came from
(``kga:inferredGroupSize``, ``kga:groupSizeSource``); a size is inferred only
when every source that names the group agrees.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kgaudit.derive import derivation
from kgaudit.graph.namespaces import C4O, DOCO, KGA
from kgaudit.ingest.cells import parse_group_size

_N_AFTER_NAME = r"\(\s*[nN]\s*=\s*(\d[\d,]*)\s*\)"
# A sentence without "(n =" cannot match the named-size pattern below; testing for it first spares
# that pattern's backtracking over every sentence of a long paper.
_N_OPENING = re.compile(r"\(\s*[nN]\s*=")
_NAMED_SIZE = re.compile(r"([A-Za-z][\w\- ]{2,60}?)\s*" + _N_AFTER_NAME)


def _group_key(label: str) -> str:
    label = re.sub(r"\(\s*[nN]\s*[=:]\s*[\d,]+\s*\)", "", label)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", label.lower()).split())


@derivation("group_sizes", provides="group_sizes", order=10)
def infer_group_sizes(graph: Graph) -> None:
    """Add ``kga:inferredGroupSize`` to group columns that lack a printed n."""
    known: dict[str, set[int]] = defaultdict(set)
    sources: dict[str, str] = {}
    for column in graph.subjects(RDF.type, KGA.Column):
        label = str(graph.value(column, RDFS.label) or "")
        size = graph.value(column, KGA.groupSize)
        if size is not None and _group_key(label):
            key = _group_key(label)
            known[key].add(int(size))
            sources.setdefault(key, f"header of another table (“{label}”)")
    for sentence in graph.subjects(RDF.type, DOCO.Sentence):
        text = str(graph.value(sentence, C4O.hasContent) or "")
        if not _N_OPENING.search(text):
            continue
        for match in _NAMED_SIZE.finditer(text):
            key = _group_key(match.group(1))
            size = parse_group_size(f"(n={match.group(2)})")
            if key and size is not None:
                for candidate in list(known) or [key]:
                    if candidate.endswith(key) or key.endswith(candidate):
                        known[candidate].add(size)
                        sources.setdefault(candidate, f"text: “{match.group(0).strip()}”")
                known[key].add(size)
                sources.setdefault(key, f"text: “{match.group(0).strip()}”")
    for column in graph.subjects(RDF.type, KGA.Column):
        if graph.value(column, KGA.groupSize) is not None:
            continue
        if str(graph.value(column, KGA.columnRole)) not in ("group", "total"):
            continue
        key = _group_key(str(graph.value(column, RDFS.label) or ""))
        sizes = known.get(key, set())
        if len(sizes) == 1:
            graph.add((column, KGA.inferredGroupSize, Literal(next(iter(sizes)))))
            graph.add((column, KGA.groupSizeSource, Literal(sources.get(key, "another table"))))
