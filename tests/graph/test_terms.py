"""graph/terms.py: the fast literals are the terms rdflib's own constructor makes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kgaudit.graph.terms import decimal_literal, literal

CASES = [
    ("plain words", None),  # a plain string: its own lexical form and value
    ("", None),  # the empty string
    ('quote " and \\ backslash\nnewline', None),  # characters N-Triples escapes
    ("ünïcödé – dash", None),  # non-ASCII text
    (0, None),  # zero
    (-17, None),  # a negative integer
    (10**30, None),  # an integer beyond 64 bits
    (True, None),  # booleans are not integers (True == 1 in Python)
    (False, None),  # the other boolean
    ("2020-01-31", XSD.date),  # a typed string (publication dates)
    ("1999", XSD.gYear),  # a year
    (Decimal("1.50"), None),  # a decimal keeps its printed zeros
    (2.5, XSD.decimal),  # a float given a decimal datatype (degrees of freedom)
]


def _slots(term: Literal) -> tuple[object, ...]:
    return (str(term), type(term), term.value, type(term.value), term.datatype, term.language, term.ill_typed,
            term.n3(), hash(term))


@pytest.mark.parametrize(("value", "datatype"), CASES)
def test_literal_equals_rdflib(value: object, datatype: object) -> None:
    made = literal(value, datatype)
    expected = Literal(value, datatype=datatype)
    assert made == expected
    assert _slots(made) == _slots(expected)


def test_true_and_one_stay_apart() -> None:
    # the cache must not hand back the boolean for the integer (equal and hash-equal in Python)
    assert literal(True).datatype == XSD.boolean
    assert literal(1).datatype == XSD.integer


@pytest.mark.parametrize("text", ["1.5", "1.50", "0.001", "1e-05", "120.0"])  # one row per printed form
def test_decimal_literal_keeps_the_text(text: str) -> None:
    assert _slots(decimal_literal(text)) == _slots(Literal(Decimal(text), datatype=XSD.decimal))
