"""JATS / NLM (PubMed Central) XML ingest: an article becomes a :class:`~kgaudit.model.Document`.

What is read:

* metadata: title, authors, affiliations, journal, dates (history and publication),
  year, DOI, keywords, abstract;
* sections from ``<sec>``/``<title>`` (``sec-type`` or the heading decides the kind),
  paragraphs split into sentences; figure captions, boxes, appendices, back matter and
  sub-articles (decision letters) are read too, so that no pointer is lost;
* the ``<ref-list>``: ``element-citation``, ``mixed-citation`` and NLM 2.x ``citation``
  with their structured fields taken as given, and the printed string (the text of a
  mixed citation, or a Vancouver rendering of the fields); a citation with no tagged
  field (plain text) is read by the reference-string parser instead;
* every ``<xref ref-type="bibr">`` as one pointer, numbered or author-year, with its
  sentence; ``<xref>1</xref>–<xref>3</xref>`` ranges are expanded;
* ``<table-wrap>`` tables into the Table/Column/Row/Cell model (colspan and rowspan
  laid out on a grid, cells parsed by :func:`kgaudit.ingest.cells.parse_cell`).

``Document.text`` is the concatenation of title, abstract, body (tables where they
stand), back matter and the reference list; every span points into it.

The machinery that turns XML blocks into text, sentences, pointers and tables
(:class:`DocumentBuilder` and friends) is format-neutral and shared with the
GROBID TEI reader (:mod:`kgaudit.ingest.tei`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from kgaudit.errors import InputError
from kgaudit.ingest.cells import (
    parse_cell,
    read_columns,
    uses_decimal_comma,
)
from kgaudit.ingest.citations import MAX_RANGE
from kgaudit.ingest.references import parse_reference
from kgaudit.ingest.statistics import find_statistics
from kgaudit.ingest.xmlsafe import local_name, parse_xml
from kgaudit.model import (
    Author,
    Cell,
    Column,
    Document,
    DocumentDate,
    InTextCitation,
    Reference,
    Row,
    Section,
    Sentence,
    Span,
    Table,
    TextStatistic,
    slugify,
)

__all__ = [
    "DocumentBuilder",
    "Inline",
    "InlineRules",
    "Mark",
    "join_stacked_lines",
    "normalise_doi",
    "parse_author_year",
    "parse_jats",
    "render_inline",
    "section_kind",
    "split_sentences",
    "vancouver",
]

# A colspan/rowspan beyond these is a broken or hostile table; clamping keeps the grid small.
_MAX_COLSPAN = 64
_MAX_ROWSPAN = 500
_MAX_COLUMNS = 200
_MAX_ROWS = 5000
_MAX_SLOT_WRITES = 1_000_000

# =========================================================================== inline text


@dataclass(frozen=True)
class Mark:
    """Where an element of interest (a pointer, a sentence) sits in a block's text: ``[start, end)``."""

    start: int
    end: int
    element: etree._Element


_XML_SPACE = re.compile(r"[ \t\n\r]+")


class Inline:
    """Text accumulated from mixed content, whitespace collapsed, with marks kept in step."""

    def __init__(self, prefix: str = "") -> None:
        self._chunks: list[str] = []
        self._length = 0
        self._ends_in_space = True  # nothing written yet: leading blanks are dropped
        self.pointers: list[Mark] = []
        self.sentences: list[Mark] = []
        self.floats: list[etree._Element] = []
        self.add(prefix)

    @property
    def length(self) -> int:
        """Characters written so far."""
        return self._length

    def add(self, text: str | None) -> None:
        """Append ``text`` with runs of XML whitespace collapsed to one space.

        Only the whitespace XML itself ignores is collapsed: a thin or no-break space
        is printed content (``335\u2009924`` is one number) and is kept.
        """
        if not text:
            return
        text = _XML_SPACE.sub(" ", text)
        if self._ends_in_space:
            text = text.lstrip(" ")
        if not text:
            return
        self._chunks.append(text)
        self._length += len(text)
        self._ends_in_space = text.endswith(" ")

    def space(self) -> None:
        """A word boundary (block children, line breaks): at most one space."""
        self.add(" ")

    def text(self) -> str:
        """The text so far, without a trailing space."""
        return "".join(self._chunks).rstrip(" ")

    def result(self) -> tuple[str, list[Mark], list[Mark]]:
        """Final text and the pointer and sentence marks trimmed to it."""
        text = self.text()
        return text, [_trim_mark(text, m) for m in self.pointers], [_trim_mark(text, m) for m in self.sentences]


def _trim_mark(text: str, mark: Mark) -> Mark:
    start, end = min(mark.start, len(text)), min(mark.end, len(text))
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return Mark(start, end, mark.element)


@dataclass(frozen=True)
class InlineRules:
    """How a format's mixed content becomes text.

    ``pointer``: elements that are citation pointers (their extent is marked);
    ``sentence``: elements that already are sentences (TEI ``<s>``);
    ``floats``: block elements set aside and read after the paragraph (tables, figures);
    ``dropped``: elements whose content is not text (graphics, TeX duplicates of MathML);
    ``spaced``: elements that stand for a word boundary (line breaks, nested paragraphs);
    ``special``: per-element renderers that write their own text.
    """

    pointer: Callable[[etree._Element], bool]
    sentence: Callable[[etree._Element], bool] = lambda _e: False
    floats: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    spaced: frozenset[str] = frozenset()
    special: dict[str, Callable[[etree._Element, Inline], None]] = field(default_factory=dict)


def render_inline(element: etree._Element, rules: InlineRules, out: Inline | None = None) -> Inline:
    """Write the text content of ``element`` (not its tail) into ``out`` following ``rules``."""
    out = Inline() if out is None else out
    out.add(element.text)
    for child in element:
        if isinstance(child.tag, str):
            _render_child(child, rules, out)
        out.add(child.tail)
    return out


def _render_child(child: etree._Element, rules: InlineRules, out: Inline) -> None:
    name = local_name(child)
    if name in rules.floats:
        out.floats.append(child)
        return
    if name in rules.dropped:
        return
    if name in rules.special:
        rules.special[name](child, out)
        return
    if name in rules.spaced:
        out.space()
    is_pointer = rules.pointer(child)
    is_sentence = rules.sentence(child)
    if name == "sup" and not is_pointer and _is_exponent(child, out, rules):
        out.add("^")
    start = out.length
    render_inline(child, rules, out)
    if is_pointer:
        out.pointers.append(Mark(start, out.length, child))
    elif is_sentence:
        out.sentences.append(Mark(start, out.length, child))
    if name in rules.spaced:
        out.space()


def _is_exponent(sup: etree._Element, out: Inline, rules: InlineRules) -> bool:
    """``10<sup>5</sup>`` is an exponent (written ``10^5``), not the number 105."""
    if any(rules.pointer(e) for e in sup.iter() if isinstance(e.tag, str)):
        return False
    content = "".join(sup.itertext()).strip()
    before = out.text()[-1:]
    return bool(re.fullmatch(r"[−\-+]?\d+(\.\d+)?", content)) and before.isalnum()


# =========================================================================== sentences

_ABBREVIATIONS = frozenset(
    "al e.g eg i.e ie vs cf fig figs tab tabs no nos ref refs eq eqs approx ca dr mr mrs ms prof st jr sr "
    "vol vols pp suppl inc ltd co corp dept univ sp spp subsp ssp var resp mol viz ch sect sec".split()
)
_GLUE = re.compile(r"[,\u2013\u2014\-\u2009]*")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*")
_SENTENCE_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9\u0391-\u03a9]")


def split_sentences(text: str, pointers: Iterable[Mark] = ()) -> list[tuple[int, int]]:
    """Split a paragraph into sentence ranges ``[start, end)``.

    A full stop ends a sentence when a blank and a capital (or digit, or opening
    bracket) follow, unless it closes an abbreviation ("et al.", "Fig.", "e.g.") or an
    initial.  Pointers never straddle a boundary: a pointer printed right after the
    full stop (``... disease.<sup>1,2</sup> The ...``) stays with its sentence.
    """
    marks = sorted((m.start, m.end) for m in pointers)
    starts = [s for s, _e in marks]
    bounds: list[int] = []
    for match in _TERMINAL.finditer(text):
        inside = bisect_right(starts, match.start()) - 1
        if inside >= 0 and marks[inside][0] < match.start() < marks[inside][1]:
            continue
        if _is_abbreviation(text, match.start()):
            continue
        end = _absorb_pointers(text, match.end(), marks, starts)
        if _SENTENCE_START.match(text, end):
            bounds.append(end)
    ranges: list[tuple[int, int]] = []
    cursor = 0
    for bound in [*bounds, len(text)]:
        start, stop = _strip_range(text, cursor, bound)
        if stop > start:
            ranges.append((start, stop))
        cursor = bound
    return ranges


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, dot - 40) : dot])  # a window: paragraphs can be huge
    if word is None:
        return False
    token = word.group(1)
    if token.lower().strip(".") in _ABBREVIATIONS:
        return True
    # An initial ("J. Smith", "M. tuberculosis") or a dotted abbreviation ("U.S.").
    return bool(re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", token))


def _absorb_pointers(text: str, position: int, marks: list[tuple[int, int]], starts: list[int]) -> int:
    """Move a sentence end past pointers glued to the full stop, and their separators."""
    while True:
        following = bisect_left(starts, position)
        if following == len(marks):
            break
        start, end = marks[following]
        if not _GLUE.fullmatch(text, position, start):
            break
        position = end
    while position < len(text) and text[position] in ")]":
        position += 1
    return position


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# =========================================================================== section kinds

_SEC_TYPE_KINDS = (
    ("intro", "introduction"),
    ("background", "introduction"),
    ("materials", "methods"),
    ("methods", "methods"),
    ("subjects", "methods"),
    ("cases", "methods"),
    ("results", "results"),
    ("discussion", "discussion"),
    ("conclusion", "conclusion"),
)
_HEADING_KINDS: tuple[tuple[str, str], ...] = (
    (r"abstract|summary", "abstract"),
    (r"introduction|background|rationale|introduction and background", "introduction"),
    (
        r"(?:(?:materials?|patients?|subjects?|participants?|study population)\s+(?:and|&)\s+)?methods?"
        r"(?:\s+(?:and|&)\s+materials?)?|methodology|study design|experimental(?: procedures?| section| design)?"
        r"|materials?|patients?|subjects?|participants?",
        "methods",
    ),
    (r"results?(?:\s+(?:and|&)\s+discussion)?|findings", "results"),
    (r"discussion|general discussion|comments?", "discussion"),
    (r"conclusions?|concluding remarks|summary and conclusions?"
     r"|conclusions? and (?:outlook|perspectives?|future (?:work|directions|research))",
     "conclusion"),
    (r"references?|bibliography|literature cited|works cited|reference list", "references"),
)
_NUMBERING = re.compile(r"^\s*(?:(?:\d+|[IVXivx]+|[A-Z])(?:\.\d+)*\.?\)?\s+|\d+(?:\.\d+)*\.?(?=[A-Za-z]))")


def section_kind(heading: str, sec_type: str | None = None) -> str:
    """The section kind of a heading ("2. Patients and Methods" → "methods"); "other" if unknown.

    A JATS ``sec-type`` (``intro``, ``materials|methods``, ``results``…) wins over the heading.
    """
    if sec_type:
        first = re.split(r"[|\s]", sec_type.strip().lower())[0]
        for prefix, kind in _SEC_TYPE_KINDS:
            if first.startswith(prefix):
                return kind
    name = _NUMBERING.sub("", heading or "").strip().strip(":.").strip().lower()
    name = re.sub(r"\s+", " ", name)
    for pattern, kind in _HEADING_KINDS:
        if re.fullmatch(pattern, name):
            return kind
    return "other"


# =========================================================================== author-year

# A year standing alone: not part of a name or code ("CoNLL-2003", "ISO9001").
_YEAR = re.compile(r"(?<![\w\-])(1[5-9]\d\d|20\d\d)([a-z](?![a-z]))?(?!\d)")
_LEAD_IN = re.compile(
    # (?!\w): a lead-in is a whole word, so "Anderson" keeps its "And" and "Seeger" its "See".
    r"^(?:(?:e\.\s?g\.|i\.\s?e\.|see(?: also)?|cf\.|reviewed (?:in|by)|as in|also|and|&)(?!\w)\s*,?\s*)+", re.I
)
_PARTICLES = r"(?:van|von|de|der|den|da|di|du|del|della|la|le|dos|das|ter|ten|bin|al|el)"
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*"
_SURNAME = rf"(?:{_PARTICLES}\s+){{0,3}}{_NAME_WORD}"
_MENTION_BEFORE = re.compile(
    rf"(?P<author>{_SURNAME})(?P<more>\s+et\.?\s+al\.?|\s+(?:and|&)\s+{_SURNAME}|\s+and\s+colleagues)?"
    rf"(?:\s*,?\s*\(?(?P<year>(?:1[5-9]|20)\d\d)[a-z]?(?:\s*,\s*(?:1[5-9]|20)\d\d[a-z]?)*\)?)?\s*[,;]?$"
)


def parse_author_year(text: str) -> tuple[str | None, int | None]:
    """The first surname and the year of an author-year pointer text.

    ``"Smith et al., 2003"`` → ``("Smith", 2003)``; ``"Turlings and Wäckers, 2004"`` →
    ``("Turlings", 2004)``; ``"2003a"`` → ``(None, 2003)``; ``"in press"`` → ``(None, None)``.
    """
    cleaned = _LEAD_IN.sub("", text.strip().strip("()[];, "))
    year_match = _YEAR.search(cleaned)
    year = int(year_match.group(1)) if year_match else None
    head = cleaned[: year_match.start()] if year_match else cleaned
    head = re.split(r"\s+et\.?\s+al\b|\s+and\s+|\s*&\s*|,|\(|\bin press\b", head, maxsplit=1)[0].strip(" .,;(")
    # A name starts with a letter: "1: fig. 4" (a number with a locator) names nobody.
    author = head if re.match(r"[^\W\d_]", head) else None
    return author, year


# =========================================================================== DOI

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def normalise_doi(text: str | None) -> str | None:
    """A DOI as the model keeps it: lower case, no resolver prefix, no trailing punctuation."""
    if not text:
        return None
    match = _DOI.search(text.strip())
    if match is None:
        return None
    return match.group(0).rstrip(".,;)]").lower()


# =========================================================================== references


@dataclass
class RefDraft:
    """A reference entry read from XML, before its raw string is placed in the text."""

    raw: str
    key: str | None
    label: str | None = None
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    year_suffix: str = ""
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    kind: str = "journal"
    parsed: bool = True


def vancouver(draft: RefDraft) -> str:
    """A Vancouver-style string for a reference known only by its fields."""
    parts: list[str] = []
    names = [f"{a.family} {_initials(a.given)}".strip() for a in draft.authors]
    if names:
        parts.append(", ".join(names) + (", et al" if draft.et_al else "") + ".")
    if draft.title:
        parts.append(draft.title.rstrip(".") + ".")
    if draft.journal:
        parts.append(draft.journal.rstrip(".") + ".")
    when = f"{draft.year}{draft.year_suffix}" if draft.year else ""
    locator = draft.volume or ""
    if draft.issue:
        locator += f"({draft.issue})"
    pages = draft.first_page or ""
    if draft.last_page:
        pages += f"-{draft.last_page}"
    if locator or pages:
        when += ";" + locator + (f":{pages}" if pages else "")
    if when:
        parts.append(when + ".")
    if draft.doi:
        parts.append(f"doi:{draft.doi}")
    if draft.pmid and not draft.doi:
        parts.append(f"PMID: {draft.pmid}")
    return " ".join(parts)


def _initials(given: str) -> str:
    """``"Ian T"`` → ``"IT"``; already-initialled ``"IT"`` stays."""
    if not given:
        return ""
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return given
    return "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha()).upper()


def _year_of(text: str | None) -> tuple[int | None, str]:
    if not text:
        return None, ""
    match = _YEAR.search(text)
    if match is None:
        return None, ""
    return int(match.group(1)), match.group(2) or ""


# =========================================================================== tables


@dataclass
class GridCell:
    """One ``td``/``th``/``cell`` as read: its text, pointer marks, spans and whether it is a header cell."""

    text: str
    pointers: list[Mark]
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class _Slot:
    cell: GridCell
    origin: bool  # False where a colspan/rowspan repeats the cell


def layout_grid(rows: list[list[GridCell]]) -> list[list[_Slot | None]]:
    """Lay rows of cells with colspan/rowspan onto a rectangular grid of slots.

    Spans are clamped and the grid is capped (columns, rows, slot writes) so that a
    hostile table cannot make it large; what lies beyond the caps is not read.
    """
    occupied: dict[tuple[int, int], _Slot] = {}
    width = 0
    budget = _MAX_SLOT_WRITES
    rows = rows[:_MAX_ROWS]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            if c >= _MAX_COLUMNS:
                break
            colspan = max(1, min(cell.colspan, _MAX_COLSPAN, _MAX_COLUMNS - c))
            rowspan = max(1, min(cell.rowspan, _MAX_ROWSPAN, len(rows) - r))
            if colspan * rowspan > budget:
                colspan = rowspan = 1
            budget -= colspan * rowspan
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[(r + dr, c + dc)] = _Slot(cell, dr == 0 and dc == 0)
            c += colspan
            width = max(width, c)
    width = max([width] + [c + 1 for (_r, c) in occupied])
    return [[occupied.get((r, c)) for c in range(width)] for r in range(len(rows))]


def guess_header_rows(grid: list[list[_Slot | None]]) -> int:
    """How many leading rows are headers when the markup does not say (no ``thead``).

    Leading rows made only of ``th`` cells are headers; otherwise leading rows whose
    data columns hold no number (``"Cases (n = 125)"``, ``"%"``) are, as long as at
    least one row is left for the body.
    """
    count = 0
    for row in grid[:-1]:
        slots = [s for s in row if s is not None]
        if slots and all(s.cell.header for s in slots):
            count += 1
            continue
        break
    if count:
        return count
    for row in grid[: min(len(grid) - 1, 3)]:
        data = [s.cell.text for s in row[1:] if s is not None and s.cell.text.strip()]
        if not data or any(parse_cell(t).kind not in ("text", "empty") for t in data):
            break
        count += 1
    return count


# =========================================================================== the builder


@dataclass
class _SectionDraft:
    heading: str
    kind: str
    start: int
    end: int


@dataclass
class PointerDraft:
    """A pointer element placed in the text, waiting for the reference list to be known."""

    element: etree._Element
    span: Span
    text: str
    sentence: int | None
    section: int | None
    block: int  # which block of text it was found in (ranges join pointers of one block)
    before: str  # up to 120 characters of the block before the pointer (mention look-back)
    after: str  # the character after the pointer in its block


@dataclass
class TableDraft:
    """A table read from XML: label, caption and notes as rendered text, cells on a grid."""

    label: str
    caption: Inline
    rows: list[list[GridCell]]
    header_rows: int | None  # None: guess
    notes: list[Inline] = field(default_factory=list)


class DocumentBuilder:
    """Accumulates ``Document.text`` block by block, with sections, sentences, pointers and tables."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._length = 0
        self._blocks = 0
        self.sections: list[_SectionDraft] = []
        self._open: list[int] = []
        self.sentences: list[Sentence] = []
        self.pointers: list[PointerDraft] = []
        self.tables: list[Table] = []
        self.statistics: list[TextStatistic] = []
        self.warnings: list[str] = []

    # ----------------------------------------------------------------- text and sections

    @property
    def current_section(self) -> int | None:
        """Index of the innermost open section, None outside sections."""
        return self._open[-1] if self._open else None

    def append_block(self, text: str) -> int:
        """Append one block (separated from the previous by a blank line); returns its start."""
        if self._length:
            self._chunks.append("\n\n")
            self._length += 2
        start = self._length
        self._chunks.append(text)
        self._length += len(text)
        self._blocks += 1
        for index in self._open:
            section = self.sections[index]
            if section.start < 0:
                section.start = start
            section.end = self._length
        return start

    def open_section(self, heading: str, kind: str) -> int:
        """Start a section (nested in the open one); its heading becomes a block of its own."""
        index = len(self.sections)
        self._open.append(index)
        self.sections.append(_SectionDraft(heading, kind, -1, -1))
        if heading:
            self.append_block(heading)
        return index

    def close_section(self) -> None:
        """End the innermost open section."""
        self._open.pop()

    # ----------------------------------------------------------------- paragraphs

    def add_paragraph(self, inline: Inline, *, sentences: bool = True) -> None:
        """Append a paragraph; split it into sentences (or use its marked ones) and place its pointers."""
        text, pointers, marked = inline.result()
        if not text:
            return
        start = self.append_block(text)
        block = self._blocks
        section = self.current_section
        local: list[tuple[int, int, int]] = []  # (start, end, sentence index)
        if sentences:
            ranges = [(m.start, m.end) for m in marked if m.end > m.start] or split_sentences(text, pointers)
            for s, e in ranges:
                index = len(self.sentences)
                self.sentences.append(Sentence(text[s:e], Span(start + s, start + e), index, section))
                local.append((s, e, index))
            # APA results in running text ("t(58) = 2.31, p = .024"), each with its sentence.
            sentence_starts = [s for s, _e, _i in local]
            for stat in find_statistics(text, offset=start):
                k = bisect_right(sentence_starts, stat.span.start - start) - 1
                self.statistics.append(replace(stat, sentence=local[k][2] if k >= 0 else None))
        local_starts = [s for s, _e, _i in local]
        for mark in pointers:
            sentence = self._sentence_of(mark, local, local_starts)
            self._place_pointer(mark, text, start, block, sentence, section)

    @staticmethod
    def _sentence_of(mark: Mark, local: list[tuple[int, int, int]], starts: list[int]) -> int | None:
        """The sentence holding the pointer (its start, or failing that its end)."""
        for position in (mark.start, mark.end - 1):
            k = bisect_right(starts, position) - 1
            if k >= 0 and local[k][0] <= position < local[k][1]:
                return local[k][2]
        return None

    def _place_pointer(
        self, mark: Mark, text: str, start: int, block: int, sentence: int | None, section: int | None
    ) -> None:
        self.pointers.append(
            PointerDraft(
                element=mark.element,
                span=Span(start + mark.start, start + mark.end),
                text=text[mark.start : mark.end],
                sentence=sentence,
                section=section,
                block=block,
                before=text[max(0, mark.start - 120) : mark.start],
                after=text[mark.end : mark.end + 1],
            )
        )

    # ----------------------------------------------------------------- tables

    def add_table(self, draft: TableDraft, number_hint: int) -> None:
        """Append a table block (caption, header rows, body rows, notes) and record the Table."""
        grid = layout_grid(draft.rows)
        header_rows = draft.header_rows if draft.header_rows is not None else guess_header_rows(grid)
        header_rows = min(header_rows, max(0, len(grid) - 1)) if grid else 0
        width = len(grid[0]) if grid else 0
        labels = _column_labels(grid[:header_rows], width)
        columns = read_columns(labels, unsized="other")

        lines = _TableText()
        caption_text, caption_pointers, _ = draft.caption.result()
        lines.add_line([(caption_text, caption_pointers)])
        for row in grid[:header_rows]:
            lines.add_line([(s.cell.text, s.cell.pointers) for s in row if s is not None and s.origin])
        body_lines: list[tuple[int, list[tuple[int, _Slot]]]] = []
        for row in grid[header_rows:]:
            origins = [(c, s) for c, s in enumerate(row) if s is not None and s.origin]
            line = lines.add_line([(s.cell.text, s.cell.pointers) for _c, s in origins])
            body_lines.append((line, origins))
        note_lines = [lines.add_line([(t, p)]) for t, p, _ in (n.result() for n in draft.notes) if t]

        start = self.append_block(lines.text())
        block = self._blocks
        section = self.current_section
        table_text = lines.text()
        for local_start, local_end, mark in lines.pointers:
            self._place_pointer(Mark(local_start, local_end, mark.element), table_text, start, block, None, section)
        notes = " ".join(lines.line_text(i) for i in note_lines)
        rows = self._table_rows(grid, header_rows, body_lines, lines, start, columns,
                                context=" ".join(part for part in (caption_text, notes) if part))
        notes_span = lines.span_of_lines(note_lines, start)
        number_match = re.search(r"(?<![A-Za-z])(\d+)\s*$", draft.label)
        self.tables.append(
            Table(
                # A table the article prints without a label is not given one it does not have ("Table 7"):
                # its name says it is counted by position.
                label=draft.label or f"Unlabelled table {number_hint}",
                number=int(number_match.group(1)) if number_match else None,
                caption=re.sub(r"^\s*" + re.escape(draft.label) + r"\s*[.:|]?\s*", "", caption_text)
                if draft.label
                else caption_text,
                columns=columns,
                rows=tuple(rows),
                span=Span(start, start + len(lines.text())),
                notes=notes,
                notes_span=notes_span,
                section=section,
            )
        )

    def _table_rows(
        self,
        grid: list[list[_Slot | None]],
        header_rows: int,
        body_lines: list[tuple[int, list[tuple[int, _Slot]]]],
        lines: _TableText,
        start: int,
        columns: tuple[Column, ...],
        context: str = "",
    ) -> list[Row]:
        """The body rows with their parsed cells; ``context`` (caption and notes) helps read ambiguous cells."""
        rows: list[Row] = []
        decimal_comma = uses_decimal_comma(
            [slot.cell.text for _line, origins in body_lines for c, slot in origins if c > 0])
        heading = ""  # the label of the last label-only row ("Sex, n (%)"): it names the rows below it
        for r_index, (line, origins) in enumerate(body_lines):
            grid_row = grid[header_rows + r_index]
            label_slot = grid_row[0] if grid_row else None
            label = label_slot.cell.text if label_slot is not None else ""
            if label.strip() and all(parse_cell(slot.cell.text).kind == "empty" for c, slot in origins if c > 0):
                heading = label
            cells: list[Cell] = []
            for position, (c, slot) in enumerate(origins):
                if c == 0:
                    continue
                column = columns[c] if c < len(columns) else None
                hint = ("p" if column is not None and column.role == "p_value"
                        else f"{heading if heading != label else ''} {label} {column.label if column else ''}")
                local = lines.cell_span(line, position)
                cells.append(
                    Cell(
                        raw=slot.cell.text,
                        row=r_index,
                        column=c,
                        value=parse_cell(slot.cell.text, hint=hint.strip() or None, context=context or None,
                                         decimal_comma=decimal_comma),
                        span=Span(start + local[0], start + local[1]),
                    )
                )
            line_start, line_end = lines.line_span(line)
            rows.append(Row(label=label, index=r_index, cells=tuple(cells), span=Span(start + line_start, start + line_end)))
        return rows

    # ----------------------------------------------------------------- the document

    def finish_sections(self) -> tuple[Section, ...]:
        """The sections as model objects."""
        length = self._length
        return tuple(
            Section(  # an empty section (no block at all) sits at the end of the text, zero-width
                heading=s.heading,
                kind=s.kind,  # type: ignore[arg-type]
                span=Span(s.start, s.end) if s.start >= 0 else Span(length, length),
                index=i,
            )
            for i, s in enumerate(self.sections)
        )

    def text(self) -> str:
        """``Document.text`` as built so far."""
        return "".join(self._chunks)


def _column_labels(header: list[list[_Slot | None]], width: int) -> list[str]:
    labels: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for row in header:
            slot = row[c] if c < len(row) else None
            text = slot.cell.text.strip() if slot is not None else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


class _TableText:
    """A table's text: one line per row, cells joined by `` | ``, with every cell's offsets."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._cells: list[list[tuple[int, int]]] = []  # per line: (start, end) of each cell, line-relative
        self._offsets: list[int] = []
        self._length = 0
        self.pointers: list[tuple[int, int, Mark]] = []

    def add_line(self, cells: list[tuple[str, list[Mark]]]) -> int:
        if self._lines:
            self._length += 1  # the newline
        offset = self._length
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        position = 0
        for i, (text, pointers) in enumerate(cells):
            if i:
                parts.append(" | ")
                position += 3
            spans.append((position, position + len(text)))
            for mark in pointers:
                self.pointers.append((offset + position + mark.start, offset + position + mark.end, mark))
            parts.append(text)
            position += len(text)
        line = "".join(parts)
        self._lines.append(line)
        self._cells.append(spans)
        self._offsets.append(offset)
        self._length += len(line)
        return len(self._lines) - 1

    def text(self) -> str:
        return "\n".join(self._lines)

    def line_text(self, line: int) -> str:
        return self._lines[line]

    def line_span(self, line: int) -> tuple[int, int]:
        return self._offsets[line], self._offsets[line] + len(self._lines[line])

    def cell_span(self, line: int, position: int) -> tuple[int, int]:
        s, e = self._cells[line][position]
        return self._offsets[line] + s, self._offsets[line] + e

    def span_of_lines(self, lines: list[int], start: int) -> Span | None:
        if not lines:
            return None
        return Span(start + self._offsets[lines[0]], start + self.line_span(lines[-1])[1])


# =========================================================================== pointers → citations

_NUMERIC_TEXT = re.compile(r"[\s\[\](){}⁽⁾,;.\-–—\u2009\u00a0\d⁰¹²³⁴⁵⁶⁷⁸⁹a-c]*\d[\s\[\](){}⁽⁾,;.\-–—\d⁰¹²³⁴⁵⁶⁷⁸⁹a-c]*")
_RANGE_TEXT = re.compile(r"\D*?(\d{1,4})\s*[-–—]\s*(\d{1,4})\D*")
_DASH_ONLY = re.compile(r"\s*[-–—‒]\s*")


# A number followed by a locator inside the pointer ("[1: fig. 4]", "[23, pl. III]", "[22: 58–60]"): numbered.
_NUMBER_WITH_LOCATOR = re.compile(r"[\[(]?\s*(\d{1,4})\s*[:,;]\s*(?:p|pp|pl|fig|figs|tab|table|ch|chap|sec)?\b")


def pointer_style(text: str, default: str) -> str:
    """``"numeric"`` for ``[12]``, ``1–3``, ``¹⁴``, ``[1: fig. 4]``; ``"author-year"`` for ``Smith et al., 2003``."""
    stripped = text.strip()
    if stripped and _NUMERIC_TEXT.fullmatch(stripped) and not _YEAR.fullmatch(stripped.strip("()[] ,;")):
        return "numeric"
    locator = _NUMBER_WITH_LOCATOR.match(stripped)
    if locator and not _YEAR.fullmatch(locator.group(1)):
        return "numeric"
    if _YEAR.search(stripped) or re.search(r"[^\W\d_]{2,}", stripped):
        return "author-year"
    return default


def resolve_pointers(
    drafts: list[PointerDraft],
    keys_of: Callable[[etree._Element], tuple[str, ...]],
    references: list[RefDraft],
    warn: Callable[[str], None],
) -> list[InTextCitation]:
    """Turn placed pointers into citations: keys → 1-based positions, ranges expanded, mentions read."""
    position = {r.key: i for i, r in enumerate(references, start=1) if r.key}
    key_at = {i: r.key for i, r in enumerate(references, start=1)}
    drafts = sorted(drafts, key=lambda d: d.span.start)
    styles = [pointer_style(d.text, "") for d in drafts]
    numeric_votes = styles.count("numeric")
    default = "numeric" if numeric_votes >= styles.count("author-year") else "author-year"
    if any(r.label and re.fullmatch(r"\[?\d+[.\])]?", r.label) for r in references):
        default = "numeric"

    citations: list[InTextCitation] = []
    previous: PointerDraft | None = None
    previous_numbers: tuple[int, ...] = ()
    for draft, style in zip(drafts, styles, strict=True):
        style = style or default
        keys = keys_of(draft.element)
        missing = [k for k in keys if k not in position]
        if missing:
            warn(f"pointer {draft.text!r} names {', '.join(missing)}, not in the reference list")
        numbers = tuple(position[k] for k in keys if k in position)
        if style == "numeric":
            numbers, keys = _expand_in_text_range(draft, numbers, keys, key_at)
            if previous is not None and previous_numbers and numbers and _joined_by_dash(previous, draft):
                numbers, keys = _expand_between(previous_numbers[-1], numbers, keys, key_at)
        citations.append(_citation(draft, style, numbers, keys))
        previous, previous_numbers = draft, numbers
    return [_with_index(c, i) for i, c in enumerate(citations)]


def _expand_in_text_range(
    draft: PointerDraft, numbers: tuple[int, ...], keys: tuple[str, ...], key_at: dict[int, str | None]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """``<xref rid="b1">1–3</xref>``: one target printed as a range stands for the whole range."""
    match = _RANGE_TEXT.fullmatch(draft.text)
    if len(numbers) != 1 or match is None:
        return numbers, keys
    low, high = int(match.group(1)), int(match.group(2))
    if numbers[0] != low or not 0 < high - low <= MAX_RANGE:
        return numbers, keys
    span = tuple(n for n in range(low, high + 1) if key_at.get(n))
    return span, tuple(key_at[n] or "" for n in span)


def _joined_by_dash(previous: PointerDraft, draft: PointerDraft) -> bool:
    """Two pointers of one block with only a dash between them print a range."""
    gap_length = draft.span.start - previous.span.end
    if previous.block != draft.block or not 0 < gap_length <= len(draft.before):
        return False
    return bool(_DASH_ONLY.fullmatch(draft.before[-gap_length:]))


def _expand_between(
    low: int, numbers: tuple[int, ...], keys: tuple[str, ...], key_at: dict[int, str | None]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """``<xref>1</xref>–<xref>3</xref>``: the closing pointer also denotes what lies between."""
    high = numbers[0]
    if not 1 < high - low <= MAX_RANGE:
        return numbers, keys
    inner = tuple(n for n in range(low + 1, high) if key_at.get(n))
    return inner + numbers, tuple(key_at[n] or "" for n in inner) + keys


def _citation(draft: PointerDraft, style: str, numbers: tuple[int, ...], keys: tuple[str, ...]) -> InTextCitation:
    named_author: str | None = None
    named_year: int | None = None
    mention: tuple[int, int] | None = None  # offsets into draft.before + draft.text (+ ")")
    if style == "author-year":
        named_author, named_year = parse_author_year(draft.text)
        if named_author is None:
            found = _mention_before(draft.before, need_year=False)
            if found is not None:
                named_author = found[0]
                closing = 1 if draft.after == ")" else 0
                mention = (found[2], len(draft.before) + len(draft.text) + closing)
    else:
        found = _mention_before(draft.before, need_year=True)
        if found is not None:
            named_author, named_year = found[0], found[1]
            mention = (found[2], found[3])
    mention_text: str | None = None
    mention_span: Span | None = None
    if mention is not None:
        printed = draft.before + draft.text + draft.after
        mention_text = printed[mention[0] : mention[1]]
        offset = draft.span.start - len(draft.before)
        mention_span = Span(offset + mention[0], offset + mention[1])
    return InTextCitation(
        text=draft.text,
        span=draft.span,
        numbers=numbers,
        keys=keys,
        style=style,  # type: ignore[arg-type]
        named_author=named_author,
        named_year=named_year,
        mention_text=mention_text,
        mention_span=mention_span,
        sentence=draft.sentence,
        section=draft.section,
    )


def _mention_before(before: str, *, need_year: bool) -> tuple[str, int | None, int, int] | None:
    """A narrative mention printed right before a pointer: ``Reisine et al. [2]``, ``Smith et al. (2003)``.

    Returns the surname, the year (if printed) and the mention's start and end in
    ``before``.  For numbered pointers (``need_year``) a capitalised word alone is not
    enough: the mention must say "et al." or give a year, so "in Kenya [3]" names nobody.
    """
    trimmed = re.sub(r"[\s\[(⁽]*$", "", before)
    if not trimmed or len(before) - len(trimmed) > 3:
        return None
    match = _MENTION_BEFORE.search(trimmed)
    if match is None:
        return None
    more, year = match.group("more"), match.group("year")
    if need_year and not (year or (more and re.match(r"\s+et\b", more))):
        return None
    if match.group("author").split()[-1].lower() in _NOT_NAMES:
        return None
    lead = trimmed[: match.start()]
    if _LATER_AUTHOR.search(lead):
        # "Hyland, Cummings, and Seiwell, 2000 [21]": the name read is a co-author, not the first author.
        return None
    if need_year and year and not (more and re.match(r"\s+et\b", more)) and _COMMA_YEAR.search(match.group(0)):
        # "C. curassaviensis Bruguière, 1792 [8]", "Conus gaza Johnson and Pilsbry, 1911 [52]": a name and a
        # year joined by a comma before a numbered pointer is a taxonomic authority or a table's label more
        # often than a narrative mention ("Smith et al. (2003) [4]", "Smith et al., 2003 [4]" are read).
        return None
    author, start = match.group("author"), match.start()
    suffixed = _SUFFIXED_NAME.search(lead)
    if author.casefold() in _NAME_SUFFIXES and suffixed:
        # "Silva Junior et al", "Medeiros Neto et al": the suffix belongs to the surname before it.
        author, start = f"{suffixed.group(1)} {author}", suffixed.start(1)
    end = len(trimmed.rstrip(" ,"))  # the pattern is anchored at the end of the trimmed text
    return author, int(year) if year else None, start, end


# Text ending in a name list: "Hyland, Cummings, and ", "Kim & ", "DiFranza, Coleman, and St. ".
_LATER_AUTHOR = re.compile(rf"{_NAME_WORD},?\s+(?:and|&)\s+(?:St\.?\s*)?$|{_NAME_WORD}\s*&\s*$")
# The year printed after a comma, without parentheses of its own: "Thiele, 1929", "(Sowerby, 1850)".
_COMMA_YEAR = re.compile(r"[^\W\d_]\.?\s*,\s*(?:1[5-9]|20)\d\d")
# Generational suffixes printed after a surname (English, Portuguese, Spanish; Roman numerals).
_NAME_SUFFIXES = frozenset("i ii iii iv jr jr. junior júnior filho neto sobrinho".split())
_SUFFIXED_NAME = re.compile(rf"({_NAME_WORD})\s+$")


_NOT_NAMES = frozenset(
    "the a an in of and or to for by with as at from on this that these those table figure fig see also "
    "however recently previously studies study data results "
    # Months: "in March 2011 [42]", "between April and July 2010 [34]" date an event, they name nobody.
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _with_index(citation: InTextCitation, index: int) -> InTextCitation:
    return replace(citation, index=index)


def build_references(builder: DocumentBuilder, drafts: list[RefDraft]) -> list[Reference]:
    """Append the reference list as a section (one entry per line) and make the Reference objects."""
    if not drafts:
        return []
    builder.open_section("References", "references")
    references: list[Reference] = []
    for number, draft in enumerate(drafts, start=1):
        start = builder.append_block(draft.raw)
        references.append(
            Reference(
                raw=draft.raw,
                number=number,
                label=draft.label,
                key=draft.key,
                authors=draft.authors,
                et_al=draft.et_al,
                title=draft.title,
                journal=draft.journal,
                year=draft.year,
                year_suffix=draft.year_suffix,
                volume=draft.volume,
                issue=draft.issue,
                first_page=draft.first_page,
                last_page=draft.last_page,
                doi=draft.doi,
                pmid=draft.pmid,
                kind=draft.kind,  # type: ignore[arg-type]
                parsed=draft.parsed,
                span=Span(start, start + len(draft.raw)),
            )
        )
    builder.close_section()
    return references


def document_id(doi: str | None, title: str, source: str) -> str:
    """A slug from the DOI, else the title, else the file name."""
    if doi:
        return slugify(doi)
    if title.strip():
        return slugify(title)
    return slugify(Path(source).stem or "document")


def clean(text: str | None) -> str:
    """Whitespace collapsed and stripped; '' for None."""
    return " ".join((text or "").split())


# =========================================================================== JATS specifics


def _is_bibr(element: etree._Element) -> bool:
    return local_name(element) == "xref" and element.get("ref-type") == "bibr"


_JATS_FLOATS = frozenset(
    "table-wrap table-wrap-group fig fig-group boxed-text list def-list disp-quote supplementary-material "
    "statement chem-struct-wrap preformat code array speech verse-group".split()
)
_JATS_DROPPED = frozenset(
    "graphic inline-graphic media object-id alt-text long-desc tex-math ref-list permissions".split()
)
_JATS_SPACED = frozenset("break p title label list-item def term td th caption".split())


def _jats_name(element: etree._Element, out: Inline) -> None:
    """``<name><surname>Rich</surname><given-names>KM</given-names></name>`` → ``Rich KM``."""
    parts = [clean("".join(child.itertext())) for child in element if isinstance(child.tag, str)]
    out.add(" ".join(p for p in parts if p) or clean("".join(element.itertext())))


_JATS_RULES = InlineRules(
    pointer=_is_bibr,
    floats=_JATS_FLOATS,
    dropped=_JATS_DROPPED,
    spaced=_JATS_SPACED,
    special={"name": _jats_name, "string-name": _jats_name},
)
# Inside a table cell or a caption nothing floats away: lists and boxes stay where printed.
_JATS_CELL_RULES = InlineRules(
    pointer=_is_bibr,
    dropped=_JATS_DROPPED | {"table-wrap", "fig"},
    spaced=_JATS_SPACED | {"list", "disp-quote"},
    special={"name": _jats_name, "string-name": _jats_name},
)


# A line break inside a table cell stacks two printed parts ("2219" over "45%"); it is marked
# with a character no paper prints, and :func:`join_stacked_lines` decides how the parts join.
_LINE_BREAK = "\ue000"


def _cell_break(_element: etree._Element, out: Inline) -> None:
    out.add(_LINE_BREAK)


_JATS_TABLE_CELL_RULES = replace(
    _JATS_CELL_RULES, special={**_JATS_CELL_RULES.special, "break": _cell_break}
)
_STACKED_PERCENT = re.compile(r"[-−+]?\d+(?:[.,·]\d+)?\s?%")
_ENDS_IN_NUMBER = re.compile(r"\d\s?%?$")


def _stack_joiner(before: str, after: str) -> tuple[str, str]:
    """How two stacked parts of a cell join in one line: (text before ``after``, text after it)."""
    if not before or not after or after[0] in "([{±≤≥<>=/,;:–—-":
        return " ", ""  # already punctuated ("0.93" over "(0.89, 0.98)"), or nothing to join
    if _ENDS_IN_NUMBER.search(before) and _STACKED_PERCENT.fullmatch(after):
        return " (", ")"  # a count over its percentage is "n (%)" printed on two lines
    if before[-1].isdigit() and after[0].isdigit():
        return "; ", ""  # two numbers must not merge into one ("12" over "345" is not 12 345)
    return " ", ""  # words: a line break is a space


def join_stacked_lines(text: str, pointers: list[Mark]) -> tuple[str, list[Mark]]:
    """Join the lines of a cell stacked with ``<break/>`` into one line the cell grammar can read.

    ``"2219"`` over ``"45%"`` becomes ``"2219 (45%)"``, two stacked numbers are kept
    apart by ``"; "``, anything else is joined by a space.  Pointer marks are moved
    with the text they mark.
    """
    if _LINE_BREAK not in text:
        return text, pointers
    pieces: list[tuple[int, str]] = []  # (offset in ``text``, stripped piece)
    position = 0
    for raw in text.split(_LINE_BREAK):
        lead = len(raw) - len(raw.lstrip())
        pieces.append((position + lead, raw.strip()))
        position += len(raw) + 1
    out = ""
    moved: list[tuple[int, int, int]] = []  # (old start, old end, new start) of each kept piece
    for old_start, piece in pieces:
        if not piece:
            continue
        opening, closing = _stack_joiner(out, piece) if out else ("", "")
        out += opening
        moved.append((old_start, old_start + len(piece), len(out)))
        out += piece + closing

    def new_position(old: int) -> int:
        for start, end, new in moved:
            if old <= end:
                return new + max(0, min(old, end) - start)
        return len(out)

    return out, [Mark(new_position(m.start), new_position(m.end), m.element) for m in pointers]


def _printed_id(element: etree._Element, out: Inline) -> None:
    """A ``pub-id`` is printed only when the citation introduces it ("doi: …", "PMID: …")."""
    if re.search(r"(doi|pmid|pubmed|pmcid|https?)\W*$", out.text()[-16:], re.IGNORECASE):
        out.add("".join(element.itertext()))


_PRINTED_RULES = InlineRules(
    pointer=lambda _e: False,
    dropped=_JATS_DROPPED,
    spaced=frozenset({"break"}),
    special={"name": _jats_name, "string-name": _jats_name, "pub-id": _printed_id},
)


def _printed_citation(citation: etree._Element) -> str:
    """The text of a mixed citation as printed.

    Typesetting puts a space between fields that the XML leaves adjacent
    (``<source>Am J Trop Med Hyg</source><volume>83</volume>``), so one is added
    where two fields meet with nothing between them.
    """
    out = Inline()
    out.add(citation.text)
    previous: etree._Element | None = None
    for child in citation:
        if isinstance(child.tag, str):
            if previous is not None and not (previous.tail or "").strip():
                out.space()
            _render_child(child, _PRINTED_RULES, out)
            previous = child
        out.add(child.tail)
    return out.text()


def _child(element: etree._Element | None, *names: str) -> etree._Element | None:
    if element is None:
        return None
    for name in names:
        found = element.find(name)
        if found is not None:
            return found
    return None


def _text_of(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return render_inline(element, _JATS_CELL_RULES).text()


class _JatsReader:
    """Walks one JATS article into a :class:`DocumentBuilder`."""

    def __init__(self, root: etree._Element, source: str) -> None:
        self.root = root
        self.source = source
        self.builder = DocumentBuilder()
        self.seen_pointers: set[etree._Element] = set()
        self.seen_tables: set[etree._Element] = set()
        self.table_count = 0
        self.in_subarticle = False

    # ----------------------------------------------------------------- blocks

    def paragraph(self, element: etree._Element, prefix: str = "", *, sentences: bool = True) -> None:
        """A paragraph-like element: its text, then the floats it contains."""
        inline = render_inline(element, _JATS_RULES, Inline(prefix))
        self.seen_pointers.update(m.element for m in inline.pointers)
        self.builder.add_paragraph(inline, sentences=sentences)
        for child in inline.floats:
            self.block(child)

    def container(self, element: etree._Element) -> None:
        """Read the block children of a container (body, sec, boxed-text, list…)."""
        for child in element:
            if isinstance(child.tag, str):
                self.block(child)

    def block(self, element: etree._Element) -> None:
        name = local_name(element)
        if name in ("sec", "app", "ack", "notes", "glossary", "fn-group", "bio"):
            self.section(element)
        elif name in ("title", "label", "sec-meta", "ref-list", "object-id", "graphic", "media", "alternatives"):
            return
        elif name in ("p", "term", "def-head", "term-head", "attrib", "disp-formula", "fn"):
            if name == "fn" and element.find("p") is not None:
                self.container(element)
            else:
                self.paragraph(element, sentences=name in ("p", "fn"))
        elif name == "table-wrap":
            self.table(element)
        elif name == "caption":
            for child in element:
                if not isinstance(child.tag, str):
                    continue
                if local_name(child) == "title":
                    self.paragraph(child)
                else:
                    self.block(child)
        elif name in ("fig", "supplementary-material", "chem-struct-wrap", "boxed-text"):
            self.captioned(element)
        else:
            if any(isinstance(c.tag, str) for c in element):
                self.container(element)
            elif clean(element.text):
                self.paragraph(element)

    def section(self, element: etree._Element) -> None:
        title = element.find("title")
        label = element.find("label")
        heading = clean(" ".join(t for t in (_text_of(label), _text_of(title)) if t))
        if not heading and local_name(element) == "ack":
            heading = "Acknowledgements"
        kind = "other" if self.in_subarticle else section_kind(_text_of(title), element.get("sec-type"))
        parent = self.builder.current_section
        if kind == "other" and parent is not None and not self.in_subarticle and local_name(element) == "sec":
            kind = self.builder.sections[parent].kind  # a subsection inherits its parent's kind
        if title is not None:
            self._title_pointers(title)
        self.builder.open_section(heading, kind)
        self.container(element)
        self.builder.close_section()

    def _title_pointers(self, title: etree._Element) -> None:
        """A pointer inside a heading is rare; keep it (as a sentence-less block) so none is lost."""
        if any(_is_bibr(e) for e in title.iter()):
            self.paragraph(title, sentences=False)

    def captioned(self, element: etree._Element) -> None:
        """Figures, boxes, supplementary material: the caption (label + title + paragraphs) and any content."""
        label = _text_of(element.find("label")).rstrip(" .:")
        caption = element.find("caption")
        if caption is not None:
            title = caption.find("title")
            if title is not None:
                self.paragraph(title, prefix=_label_prefix(label))
            elif label:
                self.builder.append_block(label)
            for child in caption:
                if isinstance(child.tag, str) and local_name(child) != "title":
                    self.block(child)
        elif label:
            self.builder.append_block(label)
        for child in element:
            if isinstance(child.tag, str) and local_name(child) not in ("caption", "label"):
                self.block(child)

    # ----------------------------------------------------------------- tables

    def table(self, wrap: etree._Element) -> None:
        if wrap in self.seen_tables:
            return
        self.seen_tables.add(wrap)
        label = _text_of(wrap.find("label")).rstrip(" .:")
        caption = Inline(_label_prefix(label))
        caption_el = wrap.find("caption")
        if caption_el is not None:
            for part in caption_el:
                if isinstance(part.tag, str):
                    render_inline(part, _JATS_CELL_RULES, caption)
                    caption.space()
        tables = [t for t in wrap.iter("table")]
        if not tables:
            self.builder.warnings.append(f"{label or 'a table'} is an image only; no cells read")
            if caption.text():
                self.builder.add_paragraph(caption, sentences=False)
                self.seen_pointers.update(m.element for m in caption.pointers)
            return
        if len(tables) > 1:
            self.builder.warnings.append(f"{label or 'a table'} holds {len(tables)} tables; only the first is read")
        rows, header_rows = self._table_rows(tables[0])
        notes = self._table_notes(wrap)
        self.table_count += 1
        self.builder.add_table(TableDraft(label, caption, rows, header_rows, notes), self.table_count)
        for inline in [caption, *notes]:
            self.seen_pointers.update(m.element for m in inline.pointers)
        for row in rows:
            for cell in row:
                self.seen_pointers.update(m.element for m in cell.pointers)

    def _table_rows(self, table: etree._Element) -> tuple[list[list[GridCell]], int | None]:
        head = [tr for thead in table.iter("thead") for tr in thead.iter("tr")]
        in_head = set(head)
        body = [tr for tr in table.iter("tr") if tr not in in_head]
        rows = [self._cells(tr) for tr in head + body]
        return rows, (len(head) if head else None)

    def _cells(self, tr: etree._Element) -> list[GridCell]:
        cells: list[GridCell] = []
        for cell in tr:
            if local_name(cell) not in ("td", "th"):
                continue
            inline = render_inline(cell, _JATS_TABLE_CELL_RULES)
            text, pointers, _ = inline.result()
            text, pointers = join_stacked_lines(text, pointers)
            cells.append(
                GridCell(text, pointers, _span_attr(cell.get("colspan")), _span_attr(cell.get("rowspan")),
                         local_name(cell) == "th")
            )
        return cells

    def _table_notes(self, wrap: etree._Element) -> list[Inline]:
        """Footnotes under the table, one note per ``fn`` or paragraph."""
        notes: list[Inline] = []

        def read(element: etree._Element) -> None:
            for child in element:
                if not isinstance(child.tag, str):
                    continue
                if local_name(child) in ("fn-group", "table-wrap-foot"):
                    read(child)
                    continue
                inline = render_inline(child, _JATS_CELL_RULES)
                if inline.text():
                    notes.append(inline)

        for foot in wrap.iter("table-wrap-foot"):
            read(foot)
        return notes

    # ----------------------------------------------------------------- leftovers

    def leftovers(self) -> None:
        """Pointers and tables outside the parts read above (author notes, odd places): read them too."""
        for wrap in self.root.iter("table-wrap"):
            if wrap not in self.seen_tables and next(wrap.iter("table"), None) is not None:
                self.table(wrap)
        parents: dict[etree._Element, None] = {}  # ordered and unique
        for xref in self.root.iter("xref"):
            if _is_bibr(xref) and xref not in self.seen_pointers:
                parent = xref.getparent()
                if parent is not None:
                    parents[parent] = None
        for parent in parents:
            inline = render_inline(parent, _JATS_CELL_RULES)
            inline.pointers = [m for m in inline.pointers if m.element not in self.seen_pointers]
            self.seen_pointers.update(m.element for m in inline.pointers)
            self.builder.add_paragraph(inline, sentences=False)


def _label_prefix(label: str) -> str:
    """``"Table 1"`` → ``"Table 1. "`` in front of a caption; nothing without a label."""
    return f"{label}. " if label else ""


def _span_attr(value: str | None) -> int:
    if value and value.strip().isdigit():
        return int(value.strip()[:6])
    return 1


# ----------------------------------------------------------------------------- JATS references


def _jats_references(root: etree._Element) -> list[RefDraft]:
    drafts: list[RefDraft] = []
    for ref_list in root.iter("ref-list"):
        for ref in ref_list.iterchildren("ref"):
            drafts.append(_jats_reference(ref))
        # nested ref-lists are visited by iter() on their own
    return drafts


_CITATION_TAGS = ("element-citation", "mixed-citation", "citation", "nlm-citation")


def _jats_reference(ref: etree._Element) -> RefDraft:
    citations = [c for c in ref.iter(*_CITATION_TAGS)]
    label = clean("".join(ref.find("label").itertext())) if ref.find("label") is not None else None
    if not citations:
        raw = clean(render_inline(ref, _JATS_CELL_RULES).text())
        if label and raw.startswith(label):
            raw = raw[len(label):].strip()
        return RefDraft(raw=raw, key=ref.get("id"), label=label or None, parsed=False, kind="other")
    structured = next((c for c in citations if local_name(c) == "element-citation"), citations[0])
    printed = next((c for c in citations if local_name(c) != "element-citation" and _has_printed_text(c)), None)
    if not _has_field_elements(structured) and printed is not None:
        # Untagged text ("<mixed-citation>Murphy FA, … (1999) Veterinary Virology. …</mixed-citation>"):
        # the fields exist only in the string, so the reference-string parser reads them.
        draft = _parsed_draft(_printed_citation(printed), structured)
    else:
        draft = _fields(structured)
        draft.raw = _printed_citation(printed) if printed is not None else vancouver(draft)
    draft.key = ref.get("id")
    draft.label = label or None
    if draft.doi is None:
        draft.doi = normalise_doi(" ".join(ref.itertext()))
    return draft


# Elements that carry a bibliographic field; formatting (italic, bold, sup), links and
# identifiers (ext-link, uri, pub-id) and comments do not.
_FIELD_ELEMENTS = frozenset(
    "person-group name string-name collab etal article-title chapter-title part-title data-title trans-title "
    "source trans-source year date volume issue fpage lpage page-range elocation-id publisher-name "
    "publisher-loc edition conf-name conf-loc patent std gov series".split()
)


def _has_field_elements(citation: etree._Element) -> bool:
    """Whether a citation element tags any bibliographic field (else it is plain text)."""
    return any(isinstance(e.tag, str) and local_name(e) in _FIELD_ELEMENTS for e in citation.iterdescendants())


def _parsed_draft(raw: str, citation: etree._Element) -> RefDraft:
    """A draft read from an untagged citation's text by :func:`parse_reference`; tagged ids win."""
    parsed = parse_reference(raw)
    ids = {(p.get("pub-id-type") or "").lower(): clean("".join(p.itertext())) for p in citation.iter("pub-id")}
    kind, journal = parsed.kind, parsed.journal
    # A declared type beats the string's look: a patent tagged "book" ("… Lipase. WO/2001/066, 531")
    # reads like a journal article to the parser, and a made-up journal would be checked as one.
    declared = (citation.get("publication-type") or citation.get("citation-type") or "").lower()
    if declared == "book" and kind not in ("book", "chapter"):
        kind, journal = "book", None
    elif declared in _WEB_TYPES or declared == "journal":
        kind = "web" if declared in _WEB_TYPES else "journal"
    return RefDraft(
        raw=raw,
        key=None,
        authors=parsed.authors,
        et_al=parsed.et_al,
        title=parsed.title,
        journal=journal,
        year=parsed.year,
        year_suffix=parsed.year_suffix,
        volume=parsed.volume,
        issue=parsed.issue,
        first_page=parsed.first_page,
        last_page=parsed.last_page,
        doi=normalise_doi(ids.get("doi")) or parsed.doi,
        pmid=ids.get("pmid") or parsed.pmid,
        kind=kind,
        parsed=parsed.parsed,
    )


def _has_printed_text(citation: etree._Element) -> bool:
    """A mixed citation carries its punctuation as text between the tagged fields."""
    if clean(citation.text):
        return True
    return any(clean(child.tail) for child in citation) or not any(isinstance(c.tag, str) for c in citation)


def _citation_pages(citation: etree._Element) -> tuple[str | None, str | None]:
    """First and last page: <fpage>/<lpage>, else a <page-range>, else the <elocation-id> as first page."""
    first_page = _text_of(citation.find("fpage")) or None
    last_page = _text_of(citation.find("lpage")) or None
    if first_page is not None:
        return first_page, last_page
    page_range = _text_of(citation.find("page-range"))
    if not page_range:
        return _text_of(citation.find("elocation-id")) or None, last_page
    pieces = re.split(r"\s*[-–—]\s*", page_range, maxsplit=1)
    return pieces[0] or None, pieces[1] if len(pieces) > 1 and pieces[1] else None


def _citation_doi(citation: etree._Element, ids: dict[str, str]) -> str | None:
    """The tagged DOI, else the first DOI among the citation's links."""
    doi = normalise_doi(ids.get("doi"))
    if doi is None:
        links = [e.get("{http://www.w3.org/1999/xlink}href") or "" for e in citation.iter("ext-link", "uri")]
        doi = next((d for d in (normalise_doi(x) for x in links) if d), None)
    return doi


def _fields(citation: etree._Element) -> RefDraft:
    """The structured fields of one citation element, taken as given."""
    authors, et_al = _citation_authors(citation)
    article_title = _text_of(_child(citation, "article-title", "chapter-title"))
    source = _text_of(citation.find("source"))
    year, suffix = _year_of(_text_of(citation.find("year")) or _text_of(citation.find("date/year")))
    kind = _reference_kind(citation, bool(article_title), bool(source))
    first_page, last_page = _citation_pages(citation)
    ids = {(p.get("pub-id-type") or "").lower(): clean("".join(p.itertext())) for p in citation.iter("pub-id")}
    # <supplement>Suppl</supplement> beside the volume: kept with the issue, where supplements are read.
    issue = " ".join(t for t in (_text_of(citation.find("issue")), _text_of(citation.find("supplement"))) if t)
    return RefDraft(
        raw="",
        key=None,
        authors=authors,
        et_al=et_al,
        title=article_title or (source if kind == "book" else None) or None,
        journal=source if (source and kind != "book") else None,
        year=year,
        year_suffix=suffix,
        volume=_text_of(citation.find("volume")) or None,
        issue=issue or None,
        first_page=first_page,
        last_page=last_page,
        doi=_citation_doi(citation, ids),
        pmid=ids.get("pmid") or None,
        kind=kind,
        parsed=bool(authors or article_title or source or year),
    )


def _citation_authors(citation: etree._Element) -> tuple[tuple[Author, ...], bool]:
    groups = [g for g in citation.iter("person-group") if (g.get("person-group-type") or "author") == "author"]
    holders = groups or [citation]
    if not groups and citation.find("person-group") is not None:
        holders = []  # only editors or translators are named
    authors: list[Author] = []
    et_al = False
    for holder in holders:
        for child in holder:
            name = local_name(child)
            if name in ("name", "string-name"):
                surname = _text_of(child.find("surname"))
                given = _text_of(child.find("given-names"))
                if not surname:
                    surname = clean("".join(child.itertext()))
                authors.append(Author(family=surname, given=given))
            elif name == "collab":
                authors.append(Author(family=clean("".join(child.itertext()))))
            elif name == "etal":
                et_al = True
            if re.search(r"\bet\.?\s*al\b", child.tail or ""):
                et_al = True
    return tuple(authors), et_al


_WEB_TYPES = frozenset({"web", "webpage", "website", "uri", "online", "database", "data", "software"})


def _reference_kind(citation: etree._Element, has_title: bool, has_source: bool) -> str:
    declared = (citation.get("publication-type") or citation.get("citation-type") or "").lower()
    if declared == "journal" or (not declared and has_title and has_source):
        return "journal"
    if declared == "book":
        return "chapter" if has_title else "book"
    if declared in _WEB_TYPES:
        return "web"
    return "other"


# ----------------------------------------------------------------------------- JATS metadata


def _article_meta(article: etree._Element) -> etree._Element | None:
    return article.find("front/article-meta")


def _jats_dates(meta: etree._Element | None) -> tuple[DocumentDate, ...]:
    if meta is None:
        return ()
    dates: list[DocumentDate] = []
    for date in meta.iterfind("history/date"):
        event = {"rev-recd": "revised", "rev-request": "revision-requested"}.get(
            date.get("date-type") or "", date.get("date-type") or "history"
        )
        iso = _iso_date(date)
        if iso:
            dates.append(DocumentDate(event, iso))
    published = _published_date(meta)
    if published:
        dates.append(DocumentDate("published", published))
    return tuple(dates)


_PUB_PRIORITY = ("epub", "pub-electronic", "ppub", "pub-print", "epub-ppub", "pub", "collection", "")


def _published_date(meta: etree._Element) -> str | None:
    ranked: list[tuple[int, str]] = []
    for date in meta.iterfind("pub-date"):
        pub_type = date.get("pub-type") or date.get("date-type") or ""
        if pub_type == "pub" and date.get("publication-format"):
            pub_type = f"pub-{date.get('publication-format')}"
        rank = _PUB_PRIORITY.index(pub_type) if pub_type in _PUB_PRIORITY else len(_PUB_PRIORITY)
        iso = _iso_date(date)
        if iso:
            ranked.append((rank, iso))
    return min(ranked)[1] if ranked else None


_MONTH_NAMES = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _iso_date(date: etree._Element) -> str | None:
    year, _ = _year_of(_text_of(date.find("year")))
    if year is None:
        iso = date.get("iso-8601-date") or ""
        return iso[:10] if re.match(r"\d{4}", iso) else None
    month_text = _text_of(date.find("month")).lower()
    month = int(month_text) if month_text.isdigit() else _MONTH_NAMES.get(month_text[:3])
    day_text = _text_of(date.find("day"))
    if not month or not 1 <= month <= 12:
        return f"{year:04d}"
    if day_text.isdigit() and 1 <= int(day_text) <= 31:
        return f"{year:04d}-{month:02d}-{int(day_text):02d}"
    return f"{year:04d}-{month:02d}"


def _contrib_authors(meta: etree._Element | None) -> tuple[Author, ...]:
    if meta is None:
        return ()
    authors: list[Author] = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if (contrib.get("contrib-type") or "author") != "author":
            continue
        name = _child(contrib, "name", "string-name", "name-alternatives/name")
        if name is not None:
            surname = _text_of(name.find("surname")) or clean("".join(name.itertext()))
            authors.append(Author(family=surname, given=_text_of(name.find("given-names"))))
        elif contrib.find("collab") is not None:
            authors.append(Author(family=_text_of(contrib.find("collab"))))
    return tuple(authors)


_AFFILIATION_RULES = InlineRules(
    pointer=lambda _e: False,
    dropped=frozenset({"label", "sup"}),
    spaced=frozenset({"addr-line", "institution", "country", "city", "state", "postal-code", "break"}),
)


def _affiliations(meta: etree._Element | None) -> tuple[str, ...]:
    if meta is None:
        return ()
    found: list[str] = []
    for aff in meta.iter("aff"):
        text = render_inline(aff, _AFFILIATION_RULES).text().strip(" ,;")
        if text and text not in found:
            found.append(text)
    return tuple(found)


def _keywords(meta: etree._Element | None) -> tuple[str, ...]:
    if meta is None:
        return ()
    words: list[str] = []
    for kwd in meta.iterfind("kwd-group/kwd"):
        word = _text_of(kwd)
        if word and word not in words:
            words.append(word)
    return tuple(words)


def _find_article(root: etree._Element, source: str) -> etree._Element:
    if local_name(root) == "article":
        return root
    article = next((e for e in root.iter() if isinstance(e.tag, str) and local_name(e) == "article"), None)
    if article is None:
        raise InputError(source, f"not a JATS article (the root element is <{local_name(root) or root.tag}>)")
    return article


def _strip_namespaces(root: etree._Element) -> None:
    """JATS is namespace-free, but some exports put it in a namespace: read it by local names."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{") and "MathML" not in element.tag:
            element.tag = local_name(element)


# ----------------------------------------------------------------------------- entry point


def parse_jats(data: bytes, source: str) -> Document:
    """Read a JATS (PubMed Central NXML, eLife, publisher) article into a :class:`Document`.

    Raises :class:`InputError` for hostile or malformed XML and for XML that is not a
    JATS article.
    """
    root = parse_xml(data, source)
    _strip_namespaces(root)
    article = _find_article(root, source)
    meta = _article_meta(article)
    reader = _JatsReader(article, source)
    builder = reader.builder

    title_el = meta.find("title-group/article-title") if meta is not None else None
    title = _text_of(title_el)
    if title_el is not None:
        reader.paragraph(title_el, sentences=False)
    else:
        builder.warnings.append("the article has no title")

    abstract = _read_abstracts(reader, meta)
    body = article.find("body")
    if body is not None:
        reader.container(body)
    back = article.find("back")
    if back is not None:
        reader.container(back)
    for floats in article.iterfind("floats-group"):
        reader.container(floats)
    for sub in article.iter("sub-article", "response"):
        _read_subarticle(reader, sub)
    reader.leftovers()

    ref_drafts = _jats_references(article)
    citations = resolve_pointers(
        builder.pointers, lambda e: tuple((e.get("rid") or "").split()), ref_drafts, builder.warnings.append
    )
    references = build_references(builder, ref_drafts)

    doi = normalise_doi(_text_of(meta.find("article-id[@pub-id-type='doi']")) if meta is not None else None)
    dates = _jats_dates(meta)
    year = next((int(d.date[:4]) for d in dates if d.event == "published"), None)
    journal = _text_of(article.find("front/journal-meta//journal-title")) or _text_of(
        article.find("front/journal-meta/journal-id")
    )
    return Document(
        id=document_id(doi, title, source),
        source=source,
        format="jats",
        text=builder.text(),
        title=title,
        authors=_contrib_authors(meta),
        affiliations=_affiliations(meta),
        journal=journal or None,
        year=year,
        dates=dates,
        doi=doi,
        keywords=_keywords(meta),
        abstract=abstract,
        sections=builder.finish_sections(),
        sentences=tuple(builder.sentences),
        citations=tuple(citations),
        references=tuple(references),
        tables=tuple(builder.tables),
        statistics=tuple(builder.statistics),
        warnings=tuple(builder.warnings),
    )


def _read_abstracts(reader: _JatsReader, meta: etree._Element | None) -> str:
    """Each abstract becomes an "abstract" section; the main one is also ``Document.abstract``."""
    if meta is None:
        return ""
    main = ""
    for abstract in meta.iterfind("abstract"):
        heading = _text_of(abstract.find("title")) or (
            "Abstract" if not abstract.get("abstract-type") else abstract.get("abstract-type", "").replace("-", " ").capitalize()
        )
        builder = reader.builder
        first_sentence = len(builder.sentences)
        builder.open_section(heading, "abstract")
        for block in _abstract_blocks(abstract):
            if local_name(block) == "title":
                builder.append_block(_text_of(block))
            else:
                reader.paragraph(block)
        builder.close_section()
        if not main and abstract.get("abstract-type") in (None, "abstract", "structured", "summary"):
            main = " ".join(s.text for s in builder.sentences[first_sentence:])
    return main


def _abstract_blocks(abstract: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs of an abstract, with the titles of a structured abstract's parts, in order."""
    for child in abstract:
        name = local_name(child)
        if name == "sec":
            title = child.find("title")
            if title is not None:
                yield title
            yield from _abstract_blocks(child)
        elif name not in ("title", "label", "object-id") and isinstance(child.tag, str):
            yield child


def _read_subarticle(reader: _JatsReader, sub: etree._Element) -> None:
    """A decision letter or author response: one "other" section, read like a body."""
    title = _text_of(sub.find("front-stub/title-group/article-title")) or _text_of(
        sub.find("front/article-meta/title-group/article-title")
    ) or (sub.get("article-type") or "Sub-article").replace("-", " ").capitalize()
    reader.in_subarticle = True
    reader.builder.open_section(title, "other")
    for part in ("body", "back"):
        element = sub.find(part)
        if element is not None:
            reader.container(element)
    reader.builder.close_section()
    reader.in_subarticle = False
