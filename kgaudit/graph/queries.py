"""The analyst's query library and the plumbing to run any SPARQL query safely.

Shipped queries live in ``kgaudit/queries/*.rq``, one query a file, with a header::

    # name: uncited_references
    # description: what the query answers (may continue on further "#" lines)
    # params: paper, reference

``params`` names variables a caller may fix in advance (``--bind
reference=14``).  Any variable of the query can be bound, returned or not: the
values go into a ``VALUES`` block placed first in the query's WHERE pattern, each
value written by Oxigraph as one RDF term (an IRI it validated, a literal it
escaped), so a value cannot change what the query does.  Every query may use kgaudit's prefixes without declaring
them (:func:`kgaudit.graph.namespaces.sparql_prefix_block`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgaudit.errors import StoreError, UsageError
from kgaudit.graph.namespaces import DOC_BASE, PREFIXES, sparql_prefix_block
from kgaudit.graph.queryfile import read_header
from kgaudit.graph.store import to_oxigraph_term

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
RESULT_FORMATS = ("table", "csv", "json")

_BINDING_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_TABLE_CELL_WIDTH = 80


@dataclass(frozen=True)
class AnalystQuery:
    """One shipped query: its name, what it answers, which result variables may be bound, its text."""

    name: str
    description: str
    params: tuple[str, ...]
    text: str  # the whole file: header comments and the query
    source: str  # file name


def parse_query_file(text: str, source: str) -> AnalystQuery:
    """Read a query file's header (``# name:``, ``# description:``, ``# params:``) and keep its text."""
    header = read_header(text, ("name", "description", "params"), continued="description")
    for key in ("name", "description"):
        if not header.get(key):
            raise StoreError(f"query file {source} lacks '# {key}:'")
    params = tuple(p.strip().lstrip("?") for p in header.get("params", "").split(",") if p.strip())
    return AnalystQuery(name=header["name"], description=header["description"], params=params, text=text,
                        source=source)


def list_queries() -> list[AnalystQuery]:
    """Every query shipped in ``kgaudit/queries/``, by name."""
    folder = resources.files("kgaudit") / "queries"
    queries = [
        parse_query_file(entry.read_text(encoding="utf-8"), entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    ]
    return sorted(queries, key=lambda q: q.name)


def load_query(name: str) -> AnalystQuery:
    """The shipped query called ``name`` (``.rq`` suffix optional); a :class:`UsageError` names the others."""
    wanted = name.removesuffix(".rq")
    queries = list_queries()
    for query in queries:
        if query.name == wanted:
            return query
    raise UsageError(f"no shipped query named {name!r}; 'kgaudit queries' lists them: "
                     + ", ".join(q.name for q in queries))


def parse_binding(text: str) -> tuple[str, URIRef | Literal]:
    """``name=value`` → (name, RDF term).

    ``<…>`` is an IRI, an integer or decimal becomes a typed number (so it joins
    ``kga:number 14``), ``"…"`` forces a string, anything else is a string.
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _BINDING_NAME.match(name):
        raise UsageError(f"--bind expects name=value, got {text!r}")
    value = value.strip()
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return name, URIRef(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, Literal(value[1:-1])
    if _INTEGER.match(value):
        return name, Literal(int(value))
    if _DECIMAL.match(value):
        try:
            return name, Literal(Decimal(value), datatype=XSD.decimal)
        except InvalidOperation:
            pass
    return name, Literal(value)


def run_query(
    store: ox.Store, query: str, bindings: Mapping[str, Any] | None = None, *, union: bool = True
) -> QueryResult:
    """Run any SPARQL query (kgaudit's prefixes predeclared) with ``bindings`` fixed as RDF terms.

    ``union``: the default graph is the union of all named graphs, so a query
    written for one paper runs unchanged over a store of many.  A bound variable
    may be any variable of the query's WHERE pattern (:func:`bind_values`).
    """
    text = bind_values(query, bindings) if bindings else query
    try:
        return store.query(sparql_prefix_block() + text, use_default_graph_as_union=union)
    except SyntaxError as exc:
        message = str(exc)
    except RuntimeError as exc:
        raise StoreError(f"query failed: {' '.join(str(exc).split())}") from None
    if text != query:  # the user's own text at fault: say so in its own line numbers
        try:
            store.query(sparql_prefix_block() + query, use_default_graph_as_union=union)
        except SyntaxError as original:
            message = str(original)
    raise StoreError(f"SPARQL syntax error {_syntax_position(message)}")


# Comments, IRIs and strings: masked (same length, so positions hold) before the query's words are read.
_OPAQUE = re.compile(r'#[^\n]*|<[^<>\s"{}|^`\\]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_QUERY_FORM = re.compile(r"(?i)\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b")


def _masked(query: str) -> str:
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), query)


def _closing_brace(masked: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening`` (-1 when it is never closed)."""
    depth = 0
    for at in range(opening, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[at], 0)
        if depth == 0:
            return at
    return -1


def _where_opening(masked: str) -> int:
    """Index of the ``{`` opening the query's WHERE pattern (-1 when there is none to be found)."""
    form = _QUERY_FORM.search(masked)
    if form is None:
        return -1
    at = masked.find("{", form.end())
    if form.group(1).upper() == "CONSTRUCT" and at >= 0 and not masked[form.end():at].strip():
        # CONSTRUCT { template } WHERE { pattern }: skip the template (the short form has none)
        after_template = _closing_brace(masked, at) + 1
        rest = masked[after_template:]
        if after_template > 0 and re.match(r"(?is)\s*(?:FROM\s+(?:NAMED\s+)?\S+\s*)*WHERE\s*\{", rest):
            at = masked.find("{", after_template)
    return at


def _long_construct(query: str, masked: str) -> tuple[str, str]:
    """``CONSTRUCT WHERE { P }`` spelled ``CONSTRUCT { P } WHERE { P }`` (the short form admits no VALUES)."""
    form = _QUERY_FORM.search(masked)
    if form is None or form.group(1).upper() != "CONSTRUCT":
        return query, masked
    short = re.match(r"(?is)\s*(?:FROM\s+(?:NAMED\s+)?\S+\s*)*WHERE\s*\{", masked[form.end():])
    if short is None:
        return query, masked
    opening = form.end() + short.end() - 1
    closing = _closing_brace(masked, opening)
    if closing < 0:
        return query, masked
    template, masked_template = query[opening:closing + 1], masked[opening:closing + 1]
    return (query[:form.end()] + " " + template + query[form.end():],
            masked[:form.end()] + " " + masked_template + masked[form.end():])


def bind_values(query: str, bindings: Mapping[str, Any]) -> str:
    """``query`` with ``bindings`` fixed by a one-row ``VALUES`` block first in its WHERE pattern.

    Being inside the pattern, the block binds any variable the pattern uses (returned
    or not, grouped or not); a subquery's own variables are not reached unless it
    returns them.  A variable the query never names is a :class:`UsageError`.
    """
    masked = _masked(query)
    used = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", masked))
    missing = sorted(name for name in bindings if name not in used)
    if missing:
        raise UsageError(f"cannot bind {', '.join(missing)}: the query has no variable "
                         + ", ".join("?" + name for name in missing))
    query, masked = _long_construct(query, masked)
    opening = _where_opening(masked)
    if opening < 0:
        raise UsageError(f"cannot bind {', '.join(sorted(bindings))}: no WHERE pattern found in the query")
    names = sorted(bindings)
    terms = " ".join(str(to_oxigraph_term(bindings[name])) for name in names)
    block = f" VALUES ({' '.join('?' + name for name in names)}) {{ ({terms}) }} "
    return query[:opening + 1] + block + query[opening + 1:]


def _syntax_position(message: str) -> str:
    """Oxigraph's "error at 15:18: expected …" with the line counted in the user's query, the list cut short."""
    message = " ".join(message.split())
    match = re.match(r"error at (\d+):(\d+): (.*)", message)
    if not match:
        return f": {message[:200]}"
    line = int(match.group(1)) - sparql_prefix_block().count("\n")
    detail = match.group(3)
    return f"at line {line}, column {match.group(2)}: {detail[:160]}{'…' if len(detail) > 160 else ''}"


def serialize_results(results: QueryResult, result_format: str) -> str:
    """Results as ``table`` (aligned text), ``csv`` or ``json`` (SPARQL 1.1 Query Results JSON).

    CONSTRUCT and DESCRIBE results are graphs: they are written as N-Triples whatever the format.
    """
    if result_format not in RESULT_FORMATS:
        raise UsageError(f"unknown result format {result_format!r} (one of {', '.join(RESULT_FORMATS)})")
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if result_format == "json":
        return results.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    if result_format == "csv":
        return results.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    names = [v.value for v in results.variables]
    rows = [[_plain(solution[name]) for name in names] for solution in results]
    return _table(names, rows)


def _plain(term: Any) -> str:
    """A term as a person reads it: the lexical value of a literal, an IRI shortened by a known prefix."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def shorten_iri(iri: str) -> str:
    """``kga:number`` for ``https://w3id.org/kgaudit/ns#number``, ``doc:{id}/ref/3`` for a paper's node."""
    namespaces = [(p, str(ns)) for p, ns in PREFIXES.items()] + [("doc", DOC_BASE)]
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _cut(text: str) -> str:
    """One line of at most the table's cell width; the middle goes, so an IRI keeps its last segment."""
    text = " ".join(text.split())
    if len(text) <= _TABLE_CELL_WIDTH:
        return text
    if " " not in text:
        half = (_TABLE_CELL_WIDTH - 1) // 2
        return text[:half] + "…" + text[-half:]
    return text[: _TABLE_CELL_WIDTH - 1] + "…"


def _table(names: list[str], rows: list[list[str]]) -> str:
    cells = [[_cut(c) for c in row] for row in rows]
    widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def results_json(results: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON of a SELECT or ASK result, as a dict."""
    return json.loads(serialize_results(results, "json"))
