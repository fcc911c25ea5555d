"""The document model: what ingest produces and the graph stage consumes.

Plain frozen dataclasses, no behaviour.  Every element that a finding may
quote keeps its :class:`Span` in :attr:`Document.text` (the full text as
ingested), so a report can show the exact characters a finding is about.
Printed numbers are kept as :class:`Num`: the value *and* the string as
printed, because the number of decimals decides rounding tolerances.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in ``Document.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Num:
    """A number as printed: ``value`` for arithmetic, ``text`` and ``decimals`` for rounding.

    ``Num(0.35, "0.35", 2)``; ``Num(0.04, ".04", 2)``; ``Num(113.0, "113", 0)``.
    """

    value: float
    text: str
    decimals: int


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Author:
    """One author as printed in a reference entry or a byline."""

    family: str
    given: str = ""  # initials ("NN") or given names, as printed


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list, parsed where possible, always with its raw string.

    ``parsed`` is False when the parser could not find the structure (the entry is
    then kept with ``raw`` only and reported, never dropped).
    """

    raw: str
    number: int | None = None  # position/label in a numbered list (1-based)
    label: str | None = None  # label as printed ("14", "Smith 2003a"); None if unlabelled
    key: str | None = None  # source id (JATS/TEI xml:id) that pointers use
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str | None = None
    journal: str | None = None  # container title as printed (abbreviation or full)
    year: int | None = None
    year_suffix: str = ""  # "a" in 2003a
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None  # lower-cased, no "https://doi.org/"
    pmid: str | None = None
    kind: Literal["journal", "book", "chapter", "web", "other"] = "journal"
    parsed: bool = True
    span: Span | None = None


# --------------------------------------------------------------------------- text structure


@dataclass(frozen=True)
class Section:
    """A headed part of the paper.  ``kind`` normalises the heading for checks."""

    heading: str
    kind: Literal[
        "front", "abstract", "introduction", "methods", "results", "discussion",
        "conclusion", "references", "other",
    ]
    span: Span
    index: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of running text (tables and the reference list excluded)."""

    text: str
    span: Span
    index: int
    section: int | None  # index into Document.sections


@dataclass(frozen=True)
class InTextCitation:
    """One in-text pointer: a superscript or bracketed number group, or an author-year mention.

    A numbered pointer denotes ``numbers``; an XML pointer may instead denote ``keys``
    (reference source ids).  An author-year mention tied to a numbered pointer
    ("Kim et al. (2019) ... ¹⁴") carries ``named_author``/``named_year`` and the
    numbers of that pointer.
    """

    text: str  # as printed: "¹⁴", "[5–7]", "Kim et al. (2019)"
    span: Span
    numbers: tuple[int, ...] = ()
    keys: tuple[str, ...] = ()
    style: Literal["numeric", "author-year"] = "numeric"
    named_author: str | None = None  # surname as written in the mention
    named_year: int | None = None
    named_second_author: str | None = None  # "Smith & Lee (2019)": Lee (two-author mentions only)
    mention_text: str | None = None  # "Kim et al. (2019)"
    mention_span: Span | None = None
    sentence: int | None = None  # index into Document.sentences
    section: int | None = None  # index into Document.sections
    index: int = 0  # order of appearance


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class CellValue:
    """Numbers parsed out of one table cell by the cell grammar (``kgaudit.ingest.cells``).

    ``kind`` names the pattern that matched; only the fields of that pattern are set.

    ============== ======================================= ==============================
    kind           printed                                 fields
    ============== ======================================= ==============================
    count_percent  ``68 (54.4%)``                          count, percent
    fraction       ``23/84 (27.4%)``, ``23/84``            count, denominator, percent?
    mean_sd        ``59.2 ± 14.5``, ``61.3 (9.8)``         mean, sd
    median_iqr     ``12 [8–17]``, ``12 (IQR 8-17)``        median, low, high
    median_range   ``12 (range 3–40)``                     median, low, high
    percent        ``97.9%``                               percent
    p_value        ``<0.001``, ``P = .04``                 p_value, comparator
    estimate_ci    ``HR 1.42 (1.05–1.93)``                 estimate, ci_low, ci_high, measure?
    interval       ``1.55–3.83``                           ci_low, ci_high
    number         ``3.71``, ``125``                       number
    empty          ``–``, ``NA``, ````                     -
    text           anything else                           -
    ============== ======================================= ==============================
    """

    kind: Literal[
        "count_percent", "fraction", "mean_sd", "median_iqr", "median_range", "percent",
        "p_value", "estimate_ci", "interval", "number", "empty", "text",
    ]
    count: Num | None = None
    denominator: Num | None = None
    percent: Num | None = None
    mean: Num | None = None
    sd: Num | None = None
    median: Num | None = None
    low: Num | None = None
    high: Num | None = None
    p_value: Num | None = None
    comparator: Literal["=", "<", ">", "<=", ">="] | None = None
    estimate: Num | None = None
    ci_low: Num | None = None
    ci_high: Num | None = None
    measure: str | None = None  # "OR", "HR", "RR", "MD" when printed in the cell
    number: Num | None = None
    # How the reading ``kind`` was established: "cell" (the cell prints it: a %, a ±, "95% CI", a
    # measure), "label" (its row or column label names it: "n (%)", "Mean (SD)"), "table" (the
    # caption or the footnotes name it) or "default" (a guess between readings nothing printed
    # settles; checks do not judge such cells).  ``evidence`` is the text that settled it.
    basis: Literal["cell", "label", "table", "default"] = "cell"
    evidence: str | None = None


@dataclass(frozen=True)
class Column:
    """A table column: its label as printed and the group size read from it ("(n=125)")."""

    label: str
    index: int
    n: int | None = None
    role: Literal["label", "group", "p_value", "heterogeneity_p", "estimate", "ci", "total", "other"] = "other"


@dataclass(frozen=True)
class Cell:
    """One table cell: raw text as printed plus parsed numbers."""

    raw: str
    row: int  # row index within the table body
    column: int  # column index (0 = row label column)
    value: CellValue
    span: Span | None = None


@dataclass(frozen=True)
class Row:
    """A body row: its label (first column as printed) and its cells (label column excluded)."""

    label: str
    index: int
    cells: tuple[Cell, ...]
    span: Span | None = None


@dataclass(frozen=True)
class Table:
    """A table with its label ("Table 3"), caption, columns and body rows.

    ``notes`` holds the footnote / "Interpretation:" paragraph printed under it.
    """

    label: str
    number: int | None
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    span: Span | None = None
    notes: str = ""
    notes_span: Span | None = None
    section: int | None = None


# --------------------------------------------------------------------------- statistics in text


@dataclass(frozen=True)
class TextStatistic:
    """An APA-style result in running text: ``t(48) = 2.31, p = .025``."""

    test: Literal["t", "F", "r", "chi2", "z", "Q", "H", "U"]  # U: Mann-Whitney, its group sizes in df1/df2
    value: Num
    span: Span
    raw: str
    df1: float | None = None
    df2: float | None = None
    comparator: Literal["=", "<", ">"] = "="  # comparator of the test statistic
    p_value: Num | None = None
    p_comparator: Literal["=", "<", ">", "<=", ">="] | None = None
    sentence: int | None = None
    n: int | None = None  # N printed inside chi2(1, N = 250)


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class DocumentDate:
    """A dated event of the article history ("received", "accepted", "published")."""

    event: str
    date: str  # ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY)


@dataclass(frozen=True)
class Document:
    """A whole paper as ingested.  ``text`` is the text every span points into."""

    id: str
    source: str  # file path or "<text>"
    format: Literal["text", "markdown", "jats", "tei", "pdf", "docx"]
    text: str
    title: str = ""
    authors: tuple[Author, ...] = ()
    affiliations: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    dates: tuple[DocumentDate, ...] = ()
    doi: str | None = None
    keywords: tuple[str, ...] = ()
    abstract: str = ""
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    citations: tuple[InTextCitation, ...] = ()
    references: tuple[Reference, ...] = ()
    tables: tuple[Table, ...] = ()
    statistics: tuple[TextStatistic, ...] = ()
    warnings: tuple[str, ...] = field(default=())  # ingest problems worth reporting


def slugify(text: str, max_len: int = 60) -> str:
    """A stable, IRI-safe id: lower-case words joined by '-', plus a short hash when cut."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"
    if len(slug) > max_len:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        slug = slug[:max_len].rstrip("-") + "-" + digest
    return slug
