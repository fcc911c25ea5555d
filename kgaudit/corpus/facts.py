"""Compact per-paper facts for the cross-paper checks.

A batch never keeps graphs: each worker reduces its paper to a
:class:`PaperFacts` (a few kilobytes) that the parent stores on disk
(:mod:`kgaudit.corpus.factstore`) and the cross-paper checks read at the end.
Only what those checks compare is kept: the title, the authors' surnames, the
reference strings normalised, and the numbers of each table row as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from kgaudit.model import CellValue, Document, Num

# A label printed before a reference string ("12.", "[12]", "12)") is not part of the string.
_LEADING_LABEL = re.compile(r"^\s*(?:\[\s*\d+\s*\]|\d+\s*[.)])\s*")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class TableRowFacts:
    """The numbers of one table row, as printed, in column order."""

    table: str
    row: str
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class PaperFacts:
    """What the cross-paper checks know about one paper."""

    paper_id: str
    source: str
    title: str
    authors: tuple[str, ...]  # normalised surnames, in byline order
    keywords: tuple[str, ...]  # normalised keywords (topic words, not template words)
    references: tuple[tuple[int | None, str], ...]  # (number in the list, normalised string)
    table_rows: tuple[TableRowFacts, ...]


def normalise_text(text: str) -> str:
    """Fold case, accents, punctuation and whitespace: ``"Lancet. 2019;393:1634–42"`` → ``"lancet 2019 393 1634 42"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def normalise_reference(raw: str) -> str:
    """A reference string as compared across papers: the printed label dropped, then :func:`normalise_text`."""
    return normalise_text(_LEADING_LABEL.sub("", raw, count=1))


def cell_numbers(value: CellValue) -> tuple[str, ...]:
    """The numbers a parsed cell holds, as printed (the comparator kept with a p-value: ``"<0.001"``)."""
    out: list[str] = []
    for spec in fields(value):
        num = getattr(value, spec.name)
        if isinstance(num, Num):
            prefix = value.comparator if spec.name == "p_value" and value.comparator not in (None, "=") else ""
            out.append(f"{prefix}{num.text}")
    return tuple(out)


def paper_facts(document: Document) -> PaperFacts:
    """Reduce a parsed paper to the facts the cross-paper checks compare."""
    references = tuple(
        (ref.number, normalise_reference(ref.raw)) for ref in document.references if ref.raw.strip()
    )
    rows: list[TableRowFacts] = []
    for table in document.tables:
        for row in table.rows:
            numbers = tuple(n for cell in row.cells for n in cell_numbers(cell.value))
            if numbers:
                rows.append(TableRowFacts(table=table.label, row=row.label, numbers=numbers))
    authors = tuple(normalise_text(a.family) for a in document.authors if a.family.strip())
    return PaperFacts(
        paper_id=document.id,
        source=document.source,
        title=document.title,
        authors=authors,
        keywords=tuple(normalise_text(k) for k in document.keywords if k.strip()),
        references=references,
        table_rows=tuple(rows),
    )
