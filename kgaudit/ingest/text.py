"""Plain-text and Markdown ingest: text as extracted from a journal PDF becomes a Document.

The text is read line by line into blocks (headings, tables, the reference
list, narrative paragraphs); narrative blocks are split into sentences and
searched for citation pointers and APA statistics.  Nothing here raises on odd
text: what cannot be understood is kept raw and listed in
``Document.warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from kgaudit.ingest.cells import (
    parse_cell,
    read_columns,
    uses_decimal_comma,
)
from kgaudit.ingest.citations import find_citations, link_author_year
from kgaudit.ingest.references import parse_reference, split_reference_entries
from kgaudit.ingest.statistics import find_statistics
from kgaudit.model import (
    Author,
    Cell,
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

# --------------------------------------------------------------------------- headings

# Heading words mapped to the section kinds checks rely on.
_SECTION_KINDS: tuple[tuple[str, str], ...] = (
    (r"abstract|summary", "abstract"),
    (r"introduction|background|rationale", "introduction"),
    (
        r"(materials?|patients?|subjects?|participants?)( and| &) methods?|methods?( and materials?)?"
        r"|methodology|study design|experimental( procedures?| section)?",
        "methods",
    ),
    (r"results?( and discussion)?|findings", "results"),
    (r"discussion|comment", "discussion"),
    (r"conclusions?|concluding remarks|summary and conclusions?", "conclusion"),
    (r"references?|bibliography|literature cited|works cited|reference list|refer[eê]ncias|bibliograf[ií]a", "references"),
    (
        r"acknowledg(e)?ments?|funding|conflicts? of interest|declarations?|limitations|"
        r"author contributions?|data availability|ethics( statement)?|appendix|supplementary material",
        "other",
    ),
)
_NUMBERING = r"(?:(?:\d+|[IVX]+)(?:\.\d+)*\.?\s+)?"
_KNOWN_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?" + _NUMBERING + r"(?P<name>" + "|".join(p for p, _ in _SECTION_KINDS) + r")\s*:?\s*$",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<name>\S.*?)\s*#*\s*$")
_TABLE_CAPTION = re.compile(
    r"^\s*(?:\*\*)?(?P<label>(?:Table|TABLE)\s+(?P<num>\d+|[IVX]+))(?:\*\*)?\s*[:.\-–—|]?\s*(?P<caption>.*)$"
)
_NOTE_START = re.compile(
    r"^\s*(?:Interpretation|Notes?|Abbreviations?|Legend|Footnotes?|Data (?:are|were|is) (?:presented|shown|expressed)"
    r"|Values (?:are|were)|[*†‡§¶]|[a-e]\s)",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^\s*(?P<event>Received|Revised|Accepted|Published(?: online)?|Available online|Epub)\b[^:\d]*:?\s*(?P<date>.+?)\s*$",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(r"^\s*(?:\*\*)?(?:Key\s*words|Keywords|Index terms)(?:\*\*)?\s*[:.\-—]\s*(?P<kw>.+)$", re.I)
_ABSTRACT_START = re.compile(r"^\s*(?:\*\*)?Abstract(?:\*\*)?\s*[:.\-—]?\s*(?P<rest>.*)$", re.IGNORECASE)
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒,*†‡§"
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}


def section_kind(heading: str) -> str:
    """Normalise a heading ("2. Patients and Methods") to a section kind ("methods")."""
    name = re.sub(r"^\s*#*\s*" + _NUMBERING, "", heading).strip().strip(":").strip("*").strip()
    for pattern, kind in _SECTION_KINDS:
        if re.fullmatch(pattern, name, re.IGNORECASE):
            return kind
    return "other"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    text: str
    start: int
    end: int  # excludes the newline

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def _is_heading(line: _Line) -> bool:
    stripped = line.text.strip()
    if not stripped or len(stripped) > 80:
        return False
    if _KNOWN_HEADING.match(stripped):
        return True
    if _MARKDOWN_HEADING.match(stripped):
        return True
    # An all-capitals short line ("PATIENT SELECTION") is a heading in PDF text.
    letters = [c for c in stripped if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(stripped.split()) <= 8
        and not stripped.endswith((".", ","))
        and not _TABLE_CAPTION.match(stripped)
    )


def _split_cells(line: str) -> list[str] | None:
    """Split a table row on tabs, pipes (Markdown) or runs of 3+ spaces; None if not a row."""
    stripped = line.strip()
    if "\t" in stripped:
        return [c.strip() for c in stripped.split("\t")]
    if stripped.startswith("|") and stripped.count("|") >= 3:
        parts = [c.strip() for c in stripped.strip("|").split("|")]
        return parts
    parts = re.split(r"\s{3,}", stripped)
    if len(parts) >= 3:
        return [c.strip() for c in parts]
    return None


def _is_markdown_rule(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c)


# --------------------------------------------------------------------------- tables


def _caption_parts(caption_line: _Line) -> tuple[str, int | None, str]:
    """Label ("Table 3"), number and caption text of a "Table N: caption" line."""
    match = _TABLE_CAPTION.match(caption_line.text)
    assert match is not None
    num_text = match.group("num")
    return (match.group("label").replace("TABLE", "Table"), int(num_text) if num_text.isdigit() else None,
            match.group("caption").strip().strip("*").strip())


def _opens_pipe_table(lines: list[_Line], i: int) -> bool:
    """A Markdown pipe table starts here: a row of 3+ pipe-separated cells over a ``|---|---|`` rule."""
    head = lines[i].text.strip()
    if not head.startswith("|") or i + 1 >= len(lines):
        return False
    cells, rule = _split_cells(head), _split_cells(lines[i + 1].text.strip())
    return cells is not None and len(cells) >= 3 and rule is not None and _is_markdown_rule(rule)


def _parse_table(
    caption: tuple[str, int | None, str], start: int, body: list[_Line], notes: list[_Line], section: int | None
) -> Table | None:
    label, number, caption_text = caption
    rows_cells: list[tuple[_Line, list[str]]] = []
    for line in body:
        cells = _split_cells(line.text)
        if cells is None or _is_markdown_rule(cells):
            continue
        rows_cells.append((line, cells))
    if not rows_cells:
        return None
    header_line, header = rows_cells[0]
    columns = read_columns(header)
    rows: list[Row] = []
    decimal_comma = uses_decimal_comma([raw for _line, cells in rows_cells[1:] for raw in cells[1:]])
    context = " ".join([caption_text] + [" ".join(n.text.split()) for n in notes if not n.blank]).strip() or None
    heading = ""  # the label of the last label-only row ("Sex, n (%)"): it names the rows below it
    for r_index, (line, cells) in enumerate(rows_cells[1:]):
        row_label = cells[0]
        if row_label.strip() and all(parse_cell(c).kind == "empty" for c in cells[1:]):
            heading = row_label
        parsed: list[Cell] = []
        search_from = line.start + line.text.find(row_label) + len(row_label)
        for c_index, raw in enumerate(cells[1:], start=1):
            column = columns[c_index] if c_index < len(columns) else None
            hint = ("p" if column is not None and column.role == "p_value"
                    else f"{heading if heading != row_label else ''} {row_label} {column.label if column else ''}")
            pos = line.text.find(raw, search_from - line.start) if raw else -1
            span = Span(line.start + pos, line.start + pos + len(raw)) if pos >= 0 else None
            if pos >= 0:
                search_from = line.start + pos + len(raw)
            parsed.append(Cell(raw=raw, row=r_index, column=c_index, value=parse_cell(raw, hint=hint, context=context,
                                                                                  decimal_comma=decimal_comma),
                              span=span))
        rows.append(Row(label=row_label, index=r_index, cells=tuple(parsed), span=Span(line.start, line.end)))
    end = body[-1].end if body else start
    notes_text = " ".join(" ".join(n.text.split()) for n in notes if not n.blank)
    notes_span = Span(notes[0].start, notes[-1].end) if notes else None
    return Table(
        label=label,
        number=number,
        caption=caption_text,
        columns=columns,
        rows=tuple(rows),
        span=Span(min(start, body[0].start), end),
        notes=notes_text,
        notes_span=notes_span,
        section=section,
    )


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bcf|\bFig|\bFigs|\bTab|\bNo|\bRef|\bapprox|\bDr|\bMr|\bMrs|\bMs|\bProf|\bSt|\bca"
    r"|\bresp|\bvol|\bpp|\bSuppl|\b[A-Z])\.$"
)
# Sentence end: . ! ? possibly followed by closing brackets/quotes and superscript pointers.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*[" + "⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒,–" + r"]*(?=\s+[\"'“‘(\[]?[A-Z0-9¹²³⁴⁵⁶⁷⁸⁹])")


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Split ``text[start:end]`` into sentence spans; a page break mid-sentence does not split it."""
    spans: list[Span] = []
    cursor = start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        stop = start + match.end()
        before = text[cursor : start + match.start() + 1]
        if _ABBREVIATIONS.search(before.rstrip()):
            continue
        # Decimal numbers and initials ("J. Smith") are not sentence ends.
        if re.search(r"\d\.$", before) and re.match(r"\d", text[stop:].lstrip()):
            continue
        spans.append(_trim(text, cursor, stop))
        cursor = stop
    if cursor < end and text[cursor:end].strip():
        spans.append(_trim(text, cursor, end))
    return [s for s in spans if s.end > s.start]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


# --------------------------------------------------------------------------- front matter


def _parse_date(text: str) -> str | None:
    text = text.strip().rstrip(".")
    m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if month > 12 and day <= 12:  # US order
            day, month = month, day
        return _iso(year, month, day)
    m = re.fullmatch(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})", text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if m and m.group(2).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(2).lower()[:3]))
        return _iso(int(m.group(3)), month, int(m.group(1)))
    m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if m and m.group(1).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(1).lower()[:3]))
        return _iso(int(m.group(3)), month, int(m.group(2)))
    m = re.fullmatch(r"(\d{4})", text)
    return m.group(1) if m else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _strip_marks(name: str) -> str:
    return name.strip().strip(_SUPERSCRIPT_CHARS + " ").strip()


def _parse_front(lines: list[_Line]) -> dict[str, object]:
    """Title, authors, affiliations, dates from the lines before the first section."""
    out: dict[str, object] = {"title": "", "authors": (), "affiliations": (), "dates": ()}
    content = [ln for ln in lines if not ln.blank]
    title_idx = None
    for i, ln in enumerate(content[:8]):
        words = ln.text.split()
        stripped = ln.text.strip().lstrip("#").strip()
        if len(words) >= 4 and not _DATE_LINE.match(stripped) and not stripped.endswith(":"):
            out["title"] = stripped.strip("*").strip()
            title_idx = i
            break
    affiliations: list[str] = []
    dates: list[DocumentDate] = []
    if title_idx is not None and title_idx + 1 < len(content):
        byline = content[title_idx + 1].text
        if "," in byline or re.search("[¹²³⁴⁵⁶⁷⁸⁹]", byline) or " and " in byline:
            names = re.split(r",|\band\b|;", byline)
            authors = []
            for name in names:
                clean = _strip_marks(name)
                parts = clean.split()
                if 2 <= len(parts) <= 5 and all(p[:1].isupper() for p in parts if p[0].isalpha()):
                    authors.append(Author(family=parts[-1], given=" ".join(parts[:-1])))
            out["authors"] = tuple(authors)
    for ln in content:
        stripped = ln.text.strip()
        if stripped[:1] in "¹²³⁴⁵⁶⁷⁸⁹" and len(stripped) > 10:
            affiliations.append(stripped.lstrip("¹²³⁴⁵⁶⁷⁸⁹ ").rstrip(","))
        m = _DATE_LINE.match(stripped)
        if m:
            iso = _parse_date(m.group("date"))
            if iso:
                event = m.group("event").lower().split()[0]
                dates.append(DocumentDate(event=event, date=iso))
    out["affiliations"] = tuple(affiliations)
    out["dates"] = tuple(dates)
    return out


def _paper_year(dates: tuple[DocumentDate, ...], text: str) -> int | None:
    by_event = {d.event: d.date for d in dates}
    for event in ("published", "available", "epub", "accepted", "revised", "received"):
        if event in by_event:
            return int(by_event[event][:4])
    m = re.search(r"(?:©|\(c\)|Copyright)\s*(\d{4})", text[:5000], re.IGNORECASE)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- segmenting

# The block kinds the segmenter produces; only "narrative" blocks are read for sentences, citations and
# statistics, and "references" blocks for the reference list.
_NARRATIVE, _HEADING, _TABLE, _REFERENCES, _KEYWORDS_BLOCK = "narrative", "heading", "table", "references", "keywords"


@dataclass
class _Block:
    kind: str  # one of the block kinds above
    lines: list[_Line]
    section: int | None


@dataclass
class _Segmenter:
    """Reads the lines into sections and blocks, one reader per block kind (see :meth:`segment`).

    Each reader looks at line ``i``; when the block it reads starts there it records it and returns the
    index of the first line after it, otherwise it returns None and the next reader is asked.
    """

    lines: list[_Line]
    sections: list[Section] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    keywords: tuple[str, ...] = ()
    current_section: int | None = None
    front_end: int = 0  # the first line after the front matter (title, byline, dates)

    def segment(self) -> _Segmenter:
        """Read every line (the readers in their order of precedence); returns self."""
        self.front_end = len(self.lines)
        readers = (self._read_keywords, self._read_abstract_start, self._read_heading,
                   self._read_captioned_table, self._read_pipe_table, self._read_narrative_line)
        i = 0
        while i < len(self.lines):
            i = next(j for reader in readers if (j := reader(i)) is not None)
        return self

    def _add(self, kind: str, lines: list[_Line]) -> None:
        self.blocks.append(_Block(kind, lines, self.current_section))

    def _open_section(self, heading: str, kind: str, line: _Line) -> None:
        self.sections.append(Section(heading=heading, kind=kind, span=Span(line.start, line.end),
                                     index=len(self.sections)))
        self.current_section = len(self.sections) - 1

    def _read_keywords(self, i: int) -> int | None:
        """A "Keywords: a; b" line: the keywords (it also ends the abstract's block)."""
        match = _KEYWORDS.match(self.lines[i].text.strip())
        if not match:
            return None
        self.keywords = tuple(k.strip().rstrip(".") for k in re.split(r"[;,]", match.group("kw")) if k.strip())
        self.front_end = min(self.front_end, i)
        self._add(_KEYWORDS_BLOCK, [self.lines[i]])
        return i + 1

    def _read_abstract_start(self, i: int) -> int | None:
        """An "Abstract" line (with text after it, or before any section) opens the abstract."""
        line = self.lines[i]
        match = _ABSTRACT_START.match(line.text.strip())
        if not (match and (match.group("rest") or not self.sections)):
            return None
        self.front_end = min(self.front_end, i)
        self._open_section("Abstract", "abstract", line)
        self._add(_NARRATIVE, [line])
        return i + 1

    def _read_heading(self, i: int) -> int | None:
        """A section heading; a references heading also takes the reference block under it."""
        line = self.lines[i]
        if not _is_heading(line):
            return None
        stripped = line.text.strip()
        name = stripped.lstrip("#").strip().strip("*").strip()
        kind = section_kind(name)
        if kind == "other" and not _KNOWN_HEADING.match(stripped) and self.current_section is None:
            return i + 1  # capitalised lines before the first real section are front matter
        self.front_end = min(self.front_end, i)
        self._open_section(name, kind, line)
        self._add(_HEADING, [line])
        if kind != "references":
            return i + 1
        end = self._reference_block_end(i + 1)
        self._add(_REFERENCES, self.lines[i + 1 : end])
        return end

    def _reference_block_end(self, j: int) -> int:
        """The reference list runs to the next heading of another kind, or the next known heading."""
        lines = self.lines
        while j < len(lines) and not (_is_heading(lines[j]) and section_kind(lines[j].text) not in ("references", "other")):
            if _is_heading(lines[j]) and _KNOWN_HEADING.match(lines[j].text.strip()):
                break
            j += 1
        return j

    def _read_captioned_table(self, i: int) -> int | None:
        """A "Table N: caption" line over table rows (and notes under them), inside a section."""
        line = self.lines[i]
        if self.current_section is None or not _TABLE_CAPTION.match(line.text.strip()):
            return None
        caption_parts, first_row = self._caption_with_title(i)
        body, j = self._table_rows(first_row)
        if not body:
            return None
        notes = self._table_notes(j)
        table = _parse_table(caption_parts, line.start, body, notes, self.current_section)
        if table is None:
            return None
        self.tables.append(table)
        self._add(_TABLE, [line, *body])
        if notes:
            self._add(_NARRATIVE, notes)
        return j + len(notes)

    def _caption_with_title(self, i: int) -> tuple[tuple[str, int | None, str], int]:
        """The caption of line ``i`` and the first line after it; APA 7 prints the title on the next line.

        A bare "Table 1" followed (after at most one blank line, as Markdown writes it) by a line that is
        neither a row nor another caption takes that line as its title.
        """
        lines = self.lines
        caption_parts = _caption_parts(lines[i])
        title = i + 2 if i + 2 < len(lines) and lines[i + 1].blank else i + 1
        if (not caption_parts[2] and title < len(lines) and not lines[title].blank
                and _split_cells(lines[title].text) is None and not _TABLE_CAPTION.match(lines[title].text.strip())):
            return (*caption_parts[:2], lines[title].text.strip().strip("*_").strip()), title + 1
        return caption_parts, i + 1

    def _table_rows(self, j: int) -> tuple[list[_Line], int]:
        """The rows from line ``j`` (blank lines between rows allowed) and the first line after them."""
        body: list[_Line] = []
        while j < len(self.lines):
            nxt = self.lines[j]
            if nxt.blank:
                j += 1
            elif _split_cells(nxt.text) is not None and not _TABLE_CAPTION.match(nxt.text.strip()):
                body.append(nxt)
                j += 1
            else:
                break
        return body, j

    def _table_notes(self, k: int) -> list[_Line]:
        """A note paragraph directly under a table ("Note.", "Abbreviations:", a footnote mark)."""
        notes: list[_Line] = []
        if k < len(self.lines) and _NOTE_START.match(self.lines[k].text):
            while k < len(self.lines) and not self.lines[k].blank:
                notes.append(self.lines[k])
                k += 1
        return notes

    def _read_pipe_table(self, i: int) -> int | None:
        """A Markdown pipe table printed without a caption above it: the caption, if any, follows it."""
        if self.current_section is None or not _opens_pipe_table(self.lines, i):
            return None
        lines = self.lines
        j = i
        while j < len(lines) and not lines[j].blank and lines[j].text.lstrip().startswith("|"):
            j += 1
        body = lines[i:j]
        k = j + 1 if j < len(lines) and lines[j].blank else j
        after = lines[k] if k < len(lines) else None
        if after is not None and _TABLE_CAPTION.match(after.text.strip()):
            caption_parts, consumed, k = _caption_parts(after), [after], k + 1
        else:
            number = len(self.tables) + 1
            caption_parts, consumed, k = (f"Table {number}", number, ""), [], j
        table = _parse_table(caption_parts, lines[i].start, body, [], self.current_section)
        if table is None:
            return None
        self.tables.append(table)
        self._add(_TABLE, [*body, *consumed])
        return k

    def _read_narrative_line(self, i: int) -> int:
        """Any other line inside a section continues (or starts) the section's narrative block."""
        if self.current_section is not None:
            last = self.blocks[-1] if self.blocks else None
            if last is not None and last.kind == _NARRATIVE and last.section == self.current_section:
                last.lines.append(self.lines[i])
            else:
                self._add(_NARRATIVE, [self.lines[i]])
        return i + 1


# --------------------------------------------------------------------------- later passes


def _read_references(text: str, blocks: list[_Block]) -> tuple[list[Reference], list[str]]:
    """The entries of the reference blocks, numbered in order when unnumbered; warnings for unparsed ones."""
    references: list[Reference] = []
    warnings: list[str] = []
    for block in blocks:
        if block.kind != _REFERENCES or not block.lines:
            continue
        start, end = block.lines[0].start, block.lines[-1].end
        for number, raw, span in split_reference_entries(text[start:end], offset=start):
            ref = parse_reference(raw, number=number, span=span)
            if number is None:
                ref = replace(ref, number=len(references) + 1)
            references.append(ref)
            if not ref.parsed:
                warnings.append(f"reference {ref.number} could not be parsed: {raw[:80]}")
    return references, warnings


@dataclass
class _Narrative:
    """What the narrative blocks say: sentences, citation pointers, APA statistics."""

    sentences: list[Sentence] = field(default_factory=list)
    citations: list[InTextCitation] = field(default_factory=list)
    statistics: list[TextStatistic] = field(default_factory=list)


def _read_narrative(text: str, blocks: list[_Block], references: list[Reference]) -> _Narrative:
    """Sentences, citations (linked to the references) and statistics of every narrative block."""
    out = _Narrative()
    for block in blocks:
        if block.kind != _NARRATIVE:
            continue
        start, end = block.lines[0].start, block.lines[-1].end
        first_sentence = len(out.sentences)
        for span in split_sentences(text, start, end):
            out.sentences.append(
                Sentence(text=" ".join(text[span.start : span.end].split()), span=span, index=len(out.sentences),
                         section=block.section)
            )
        block_sentences = out.sentences[first_sentence:]
        for cit in find_citations(text, start, end, max_number=len(references) or None):
            out.citations.append(
                replace(cit, sentence=_sentence_at(block_sentences, cit.span.start), section=block.section)
            )
        for stat in find_statistics(text[start:end], offset=start):
            out.statistics.append(replace(stat, sentence=_sentence_at(block_sentences, stat.span.start)))
    ordered = [replace(c, index=k) for k, c in enumerate(sorted(out.citations, key=lambda c: c.span.start))]
    out.citations = link_author_year(ordered, references, text)
    return out


def _abstract_text(text: str, blocks: list[_Block], sections: list[Section]) -> str:
    """The first narrative block of the abstract section, without its "Abstract" label."""
    for block in blocks:
        if block.kind == _NARRATIVE and block.section is not None and sections[block.section].kind == "abstract":
            abstract = " ".join(text[block.lines[0].start : block.lines[-1].end].split())
            return re.sub(r"^Abstract\s*[:.\-—]?\s*", "", abstract.replace("**", ""), flags=re.I)
    return ""


# --------------------------------------------------------------------------- the document


def parse_text(text: str, source: str = "<text>", fmt: str = "text") -> Document:
    """Parse plain text (or Markdown) of a paper into a :class:`Document`.

    ``text`` must already be decoded (see :func:`kgaudit.ingest.decode.decode_text`).  The lines are
    segmented into blocks (:class:`_Segmenter`); then the front matter, the reference list and the
    narrative are read from them in separate passes.
    """
    lines = _lines(text)
    seg = _Segmenter(lines).segment()
    front = _parse_front(lines[: seg.front_end if seg.front_end < len(lines) else min(len(lines), 40)])
    references, warnings = _read_references(text, seg.blocks)
    narrative = _read_narrative(text, seg.blocks, references)
    dates = front["dates"]
    assert isinstance(dates, tuple)
    title = str(front["title"])
    if not seg.sections and not references:
        warnings.append("no section headings and no reference list were recognised")
    return Document(
        id=slugify(title or source.rsplit("/", 1)[-1]),
        source=source,
        format="markdown" if fmt == "markdown" else "text",
        text=text,
        title=title,
        authors=front["authors"],  # type: ignore[arg-type]
        affiliations=front["affiliations"],  # type: ignore[arg-type]
        year=_paper_year(dates, text),
        dates=dates,
        keywords=seg.keywords,
        abstract=_abstract_text(text, seg.blocks, seg.sections),
        sections=tuple(seg.sections),
        sentences=tuple(narrative.sentences),
        citations=tuple(narrative.citations),
        references=tuple(references),
        tables=tuple(seg.tables),
        statistics=tuple(narrative.statistics),
        warnings=tuple(warnings),
    )


def _sentence_at(sentences: list[Sentence], position: int) -> int | None:
    for sentence in sentences:
        if sentence.span.start <= position < sentence.span.end + 1:
            return sentence.index
    return sentences[-1].index if sentences and position >= sentences[-1].span.start else None
