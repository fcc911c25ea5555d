"""Literals made fast for graph building: the same terms rdflib's ``Literal(value)`` makes.

A paper's graph holds tens of thousands of literals, and rdflib's ``Literal`` constructor checks
the language tag, the datatype and the Python type of every one (about 7 µs each, a quarter of
graph building on long papers).  Graph building only writes plain strings, integers, booleans and
decimals, whose RDF form is fixed: a plain string is its own lexical form and value; an integer is
``xsd:integer`` printed in base ten.  :func:`literal` builds those directly and hands anything else
to rdflib; ``tests/graph/test_terms.py`` holds the two constructions equal, term for term.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

_INTEGER = URIRef(str(XSD.integer))
_DECIMAL = URIRef(str(XSD.decimal))


def _make(lexical: str, value: Any, datatype: URIRef | None) -> Literal:
    """A literal with its four slots set as ``Literal.__new__`` sets them for a well-typed value."""
    term = str.__new__(Literal, lexical)
    term._language = None
    term._datatype = datatype
    term._value = value
    term._ill_typed = None
    return term


# Booleans and typed strings (dates, years) repeat within and across papers: rdflib makes each once.
# Only values whose equality is identity of the printed form are cached (``Decimal("1.50") ==
# Decimal("1.5")`` but their literals differ; ``typed=True`` keeps ``True`` apart from ``1``).
@lru_cache(maxsize=1 << 14, typed=True)
def _cached_literal(value: str | bool, datatype: URIRef | None) -> Literal:
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=1 << 14)
def decimal_literal(text: str) -> Literal:
    """The ``xsd:decimal`` literal of a number's shortest float text (``repr(float)``), made once per text."""
    return Literal(Decimal(text), datatype=_DECIMAL)


def literal(value: Any, datatype: URIRef | None = None) -> Literal:
    """``Literal(value, datatype=datatype)``, without rdflib's checks for plain strings and integers."""
    kind = type(value)
    if datatype is None:
        if kind is str:
            return _make(value, value, None)
        if kind is int:
            return _make(str(value), value, _INTEGER)
    if kind is str or kind is bool:
        return _cached_literal(value, datatype)
    return Literal(value, datatype=datatype)
