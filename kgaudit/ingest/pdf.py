"""PDF ingest: a journal PDF becomes plain text shaped like the text the plain-text ingest reads.

:func:`pdf_to_text` lays each page out with pdfminer.six and writes

* text boxes in pdfminer's reading order (``boxes_flow`` keeps the columns of a
  two-column page apart), the lines of a box on their own lines, a blank line
  between boxes and between pages;
* superscripts as Unicode superscripts: a character noticeably smaller than the
  line's median size (≤ 80 %) whose bottom sits raised above the line's baseline
  (≥ 20 % of the median size) is raised; a raised run that holds a digit is written
  with superscript digits, ``⁻`` for a dash and ``⁺`` for a plus, commas kept, so
  ``patients²,³`` and ``confirmed.⁴⁻⁶`` reach the citation parser
  (:mod:`kgaudit.ingest.citations`) as a typesetter printed them.  Raised runs
  without a digit (footnote letters, daggers) are kept as printed;
* tables, best effort: lines of different boxes that share a baseline form a
  row; a row of at least two horizontally separate, short pieces (each under 40 %
  of the page's text width, one longer label allowed when there are three or
  more) is a table row, unless two of its pieces belong to wide boxes of three or
  more lines (two prose columns side by side, whose paragraph-end lines would
  otherwise look like cells).  Two or more table rows one under the other are a
  table, written one row per line with its cells separated by TABs, where the
  first of its boxes stood in reading order.  A cell that wraps onto a second line
  splits the table in two; ruled lines, spanning headers and merged cells are not
  understood.

Layout parameters are pdfminer's defaults except ``line_overlap`` 0.3 (a raised
superscript stays in its line) and ``all_texts`` (text inside form XObjects is
laid out too).
Layout repairs (each a class of extraction failure seen on real article PDFs):

* running heads, running footers and page numbers (lines near a page edge repeated on two or more
  pages, digits ignored) are removed;
* list labels typeset in a column of their own are put back before their entry;
* entries typeset with a hanging indent are joined into one line each;
* the numbered reference list is assembled as printed (:func:`_assemble_reference_list`): its heading
  moved to, or "References" written before, entry 1, and an entry emitted elsewhere put back in label order;
* glyphs without a Unicode mapping ("(cid:NNN)") become U+FFFD and "›" inside a word a hyphen;
* rotated margin text (a section tag printed sideways), which pdfminer lays out glyph by glyph, is dropped;
* entries N+1, N+2, ... of a list continued in a second column but read before entry N are put after it;
* lines of link-out labels under reference entries ("Publisher Full Text", "Google Scholar") are dropped;
* a body printed without a heading (PNAS, BMJ) gets an "Introduction" heading at its first paragraph in
  the body font, so its callouts are read (:func:`_open_unheaded_body`, with an ingest warning);
* a supplement or open peer review appended after the reference list is kept apart
  (:func:`split_supplement`, with an ingest warning).

:func:`read_pdf` is the entry point that :func:`kgaudit.ingest.parse_document` uses.

After parsing, :func:`abstain_when_unreliable` drops the callouts of a PDF whose reference list or
callouts were not read reliably (an ingest warning says why), and superscript numbers of papers that
cite with brackets or by author and year (footnote markers) are not callouts.
Line-end hyphens are kept as printed.  Broken
input (empty, not a PDF, truncated, damaged, password-protected, no text layer)
raises :class:`~kgaudit.errors.InputError` with a one-line reason; only the first
``max_pages`` pages are read, which bounds the time a huge PDF takes.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from statistics import median

from kgaudit.errors import InputError
from kgaudit.ingest.citations import link_author_year
from kgaudit.model import Document, InTextCitation

__all__ = ["DEFAULT_MAX_PAGES", "abstain_when_unreliable", "pdf_to_text", "read_pdf", "split_supplement"]

DEFAULT_MAX_PAGES = 300

# Layout parameters: line_overlap 0.3 keeps a raised superscript in its line; the
# rest are pdfminer's defaults, which keep prose columns and table cells apart.
_LINE_OVERLAP = 0.3
_CHAR_MARGIN = 2.0
_LINE_MARGIN = 0.5
_WORD_MARGIN = 0.1
_BOXES_FLOW = 0.5

# Superscript detection, relative to the median character size of the line.
_SMALL = 0.8  # a raised character is at most this size
_RAISED = 0.2  # and its bottom is at least this far above the baseline
# Horizontal gaps, relative to the median character size of the line.
_SPACE_GAP = 0.12  # a gap this wide between glyphs is a word space
_TAB_GAP = 1.5  # a gap this wide inside one line separates table cells
# Table detection.
_SHORT_CELL = 0.4  # a table cell is narrower than this share of the page's text width
_MIN_TABLE_ROWS = 2
# A box of this many lines, at least this share of the text width wide, is a column of prose when at
# least _PROSE_FILLED of its lines fill _PROSE_FILL of its width (a table column stacked into one box by
# pdfminer holds short cells under a wider header: ragged), or when its median line holds at least
# _PROSE_CHARS characters (a ragged reference list; table cells are short).
_PROSE_LINES = 3
_PROSE_WIDTH = 0.25
_PROSE_FILL = 0.7
_PROSE_FILLED = 0.5
_PROSE_CHARS = 30

_SUPERSCRIPT = str.maketrans(
    "0123456789-\u2010\u2011\u2012\u2013\u2014\u2212+=()",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁻⁻⁻⁻⁻⁺⁼⁽⁾",
)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@dataclass
class _Line:
    """One laid-out line: its text (superscripts already rewritten) and its box."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # median character size
    box: int  # index of its text box in reading order
    box_lines: int = 1  # how many lines that box holds
    box_width: float = 0.0
    font: str = ""  # the font most of its glyphs are set in (subset prefix removed), with their size
    box_prose: bool = True  # its box reads as prose: lines that fill the box, or long lines of words


def read_pdf(data: bytes, source: str, max_pages: int = DEFAULT_MAX_PAGES) -> Document:
    """A journal PDF read into a :class:`Document` (format ``"pdf"``), callouts kept only when reliable.

    The text of :func:`pdf_to_text` without any supplement appended after the reference list goes
    through the plain-text parser; what was left out and what could not be trusted are ingest warnings
    (see :func:`abstain_when_unreliable`).  Raises :class:`InputError` as :func:`pdf_to_text` does.
    """
    from kgaudit.ingest.text import parse_text

    text, warnings = _read_text(data, source, max_pages)
    article, supplement = split_supplement(text)
    document = replace(parse_text(article, source, "text"), format="pdf")
    if warnings:
        document = replace(document, warnings=(*document.warnings, *warnings))
    if supplement:
        heading = supplement.strip().split("\n", 1)[0].strip()[:60]
        warning = f"PDF: material appended after the reference list (\"{heading}\") was not read"
        document = replace(document, warnings=(*document.warnings, warning))
    return abstain_when_unreliable(document)


def pdf_to_text(data: bytes, source: str, max_pages: int = DEFAULT_MAX_PAGES, password: str = "") -> str:
    """The text of a PDF, page by page in reading order, with superscript citations as Unicode.

    Raises :class:`InputError` (``source`` names the file) when the bytes are not a
    readable PDF: empty, no ``%PDF-`` header, truncated (no ``%%EOF`` at the end),
    damaged, encrypted with a password, or without any text layer (a scan).  Pages
    after ``max_pages`` are not read.
    """
    return _read_text(data, source, max_pages, password)[0]


def _read_text(data: bytes, source: str, max_pages: int, password: str = "") -> tuple[str, list[str]]:
    """:func:`pdf_to_text`'s text and the warnings about what its layout repairs assumed."""
    _check_container(data, source)
    laid_out = list(_layout_pages(data, source, max_pages, password))
    running = _running_lines(laid_out)
    _mark_body_start([[ln for ln in lines if id(ln) not in running] for lines, _height in laid_out])
    pages = []
    for number, (page_lines, _height) in enumerate(laid_out, start=1):
        try:
            pages.append(_repair_glyphs(_page_text([ln for ln in page_lines if id(ln) not in running])))
        except (ValueError, ArithmeticError) as exc:  # geometry from a broken page
            raise InputError(source, f"page {number} cannot be laid out ({_reason(exc)})") from None
    text = _drop_link_labels(_assemble_reference_list("\n\n".join(page for page in pages if page.strip())))
    text, warnings = _open_unheaded_body(text)
    if not text.strip():
        raise InputError(source, "PDF has no extractable text (a scanned image? run OCR first)")
    return text + "\n", warnings


# --------------------------------------------------------------------------- a body printed without a heading

# Many journals (PNAS, BMJ, Nature) print the opening of the body without an "Introduction" heading; the
# text parser reads everything before the first section heading as front matter, so the opening text and
# its callouts would be lost.  The first paragraph set in the body font is marked while the layout is
# known; when the printed headings leave most of the body unsectioned, an "Introduction" heading is
# written there (with an ingest warning).
_BODY_START = "\ue000"  # a private-use character marking the body's first line until the decision
_BODY_PAGES = 2  # the body starts on one of the first pages
_BODY_FONT_SHARE = 0.66  # share of a paragraph's lines in the body font
# The body is unsectioned when at least this share of it comes before the first printed section heading.
_UNSECTIONED_SHARE = 0.3
_MAX_HEADING = 80


def _mark_body_start(pages: list[list[_Line]]) -> None:
    """Prefix the first line of the first body-font paragraph (of ``_PROSE_LINES`` lines or more)."""
    fonts: Counter[str] = Counter()
    for lines in pages:
        for line in lines:
            fonts[line.font] += len(line.text)
    if not fonts:
        return
    body_font = fonts.most_common(1)[0][0]
    for lines in pages[:_BODY_PAGES]:
        boxes: dict[int, list[_Line]] = {}
        for line in lines:
            boxes.setdefault(line.box, []).append(line)
        order = sorted(boxes)
        for position, box in enumerate(order):
            box_lines = boxes[box]
            in_body = sum(1 for line in box_lines if line.font == body_font)
            if len(box_lines) >= _PROSE_LINES and in_body >= _BODY_FONT_SHARE * len(box_lines):
                previous = boxes[order[position - 1]] if position else []
                first = previous[0] if _opens_paragraph(previous, box_lines) else box_lines[0]
                first.text = _BODY_START + first.text
                return


def _opens_paragraph(previous: list[_Line], box: list[_Line]) -> bool:
    """True when ``previous`` is the paragraph's own first line set apart (a drop cap, small capitals):
    one line right above the box, overlapping it horizontally."""
    if len(previous) != 1:
        return False
    line, top = previous[0], box[0]
    # A drop cap reaches down beside the box's first line, so the line may overlap the box.
    return line.y1 > top.y1 and line.y0 - top.y1 <= top.size and line.x0 < top.x1 and top.x0 < line.x1


def _section_heading_at(lines: list[str]) -> tuple[int | None, int | None]:
    """Indexes of the first body section heading (abstract included) and of the reference-list heading."""
    from kgaudit.ingest.text import section_kind

    first = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_HEADING:
            continue
        if _LIST_HEADING.match(stripped):
            return first, i
        if first is None and (section_kind(stripped) != "other" or re.match(r"(?i)abstract\b", stripped)):
            first = i
    return first, None


def _open_unheaded_body(text: str) -> tuple[str, list[str]]:
    """The text with "Introduction" written before an unheaded body's first paragraph, when needed."""
    lines = text.split("\n")
    marked = next((i for i, line in enumerate(lines) if _BODY_START in line), None)
    if marked is None:
        return text, []
    at_start = lines[marked].startswith(_BODY_START)
    lines = [line.replace(_BODY_START, "") for line in lines]
    first, end = _section_heading_at(lines)
    # Only a paper with a reference list after the mark, whose marked line opens a line of prose.
    if end is None or end <= marked or not at_start or "\t" in lines[marked] or (first is not None and first <= marked):
        return "\n".join(lines), []
    stop = first if first is not None else end
    unsectioned = sum(len(line) + 1 for line in lines[marked:stop])
    body = sum(len(line) + 1 for line in lines[marked:end])
    if unsectioned < _UNSECTIONED_SHARE * body:
        return "\n".join(lines), []
    lines[marked:marked] = ["", "Introduction", ""]
    warning = "PDF: no heading is printed before the body; its opening was read as the introduction"
    return "\n".join(lines), [warning]


# --------------------------------------------------------------------------- running heads, glyphs

# Running heads and footers: among the lines this close to a page's top or bottom edge (counted in
# lines), those printed on at least _RUNNING_MIN_PAGES pages (digits ignored) are the journal's furniture.
_EDGE_LINES = 3
_EDGE_ZONE = 0.12  # and within this share of the page's height from its top or bottom edge
_RUNNING_MIN_PAGES = 2
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_CID = re.compile(r"\(cid:\d+\)")
# "›" (U+203A) between letters or digits is a hyphen or dash drawn with a font whose map is wrong
# (seen in BMJ PDFs: "consulta›tions", "266›8"); no text prints a guillemet inside a word.
_WRONG_DASH = re.compile(r"(?<=\w)›(?=\w)")


def _edge_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))


def _running_lines(pages: list[tuple[list[_Line], float]]) -> set[int]:
    """Ids of running heads, running footers and page numbers, found by repetition across pages."""
    edges: list[list[_Line]] = []
    for lines, height in pages:
        ordered = sorted(lines, key=lambda ln: -ln.y1)
        candidates = ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:] if len(ordered) > 2 * _EDGE_LINES else ordered
        edges.append([ln for ln in candidates if ln.y0 > (1 - _EDGE_ZONE) * height or ln.y1 < _EDGE_ZONE * height])
    pages_with: dict[str, set[int]] = {}
    for number, edge in enumerate(edges):
        for line in edge:
            pages_with.setdefault(_edge_key(line), set()).add(number)
    running: set[int] = set()
    if len(pages) < _RUNNING_MIN_PAGES:
        return running
    for edge in edges:
        for line in edge:
            if len(pages_with[_edge_key(line)]) >= _RUNNING_MIN_PAGES or _PAGE_NUMBER.match(line.text.strip()):
                running.add(id(line))
    return running


def _repair_glyphs(text: str) -> str:
    """Glyphs the font maps wrongly: "(cid:NNN)" (no Unicode known) becomes U+FFFD, "›" inside a word a hyphen."""
    return _WRONG_DASH.sub("-", _CID.sub("\ufffd", text))


# --------------------------------------------------------------------------- the reference list

_ENTRY_START = re.compile(r"^(?:\[(\d{1,3})\]|(\d{1,3})[.)]?)\s+(?=[A-Z\u00c0-\u024f])")
_LIST_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s+)?(?:references?|bibliography|literature cited|works cited|reference list|"
    r"refer[eê]ncias(?: bibliogr[aá]ficas)?|referencias|bibliograf[ií]a)\s*:?\s*$",
    re.I,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A numbered list is a reference list when it has at least this many entries in label order
# and most of them print a year within their first lines.
_MIN_CHAIN = 5
_YEAR_SHARE = 0.6
_ENTRY_LINES = 8  # the lines of an entry searched for its year
# A missing entry is looked for when at most this many labels in a row are missing.
_MAX_SKIP = 2


def _label(line: str) -> int | None:
    m = _ENTRY_START.match(line)
    if m and "\t" in line:  # a table row that starts with a number
        return None
    return int(m.group(1) or m.group(2)) if m else None


def _chain(lines: list[str], start: int) -> list[int]:
    """Line indexes of the entries labelled 1, 2, 3, ... from ``start`` on (a few missing labels allowed)."""
    found = [start]
    expected = 2
    i = start + 1
    while i < len(lines):
        label = _label(lines[i])
        if label is not None and expected <= label <= expected + _MAX_SKIP:
            found.append(i)
            expected = label + 1
        i += 1
    return found


def _longest_chain(lines: list[str]) -> list[int]:
    """Line indexes of the longest run of entries labelled 1, 2, 3, ... (the last longest one wins)."""
    best: list[int] = []
    for i, line in enumerate(lines):
        if _label(line) == 1:
            chain = _chain(lines, i)
            if len(chain) >= len(best):
                best = chain
    return best


def _is_reference_chain(lines: list[str], chain: list[int]) -> bool:
    """A numbered run is a reference list: long enough, and most entries print a year in their first lines."""
    if len(chain) < _MIN_CHAIN:
        return False
    ends = [*chain[1:], chain[-1] + _ENTRY_LINES]
    with_year = sum(
        1 for i, end in zip(chain, ends, strict=True) if _YEAR.search(" ".join(lines[i : min(end, i + _ENTRY_LINES)]))
    )
    return with_year >= _YEAR_SHARE * len(chain)


def _displaced_entries(lines: list[str], chain: list[int]) -> list[tuple[int, list[int]]]:
    """Entries missing from the run whose labelled paragraph stands earlier in the text.

    Returns ``(line index to insert before, line indexes of the paragraph)`` per displaced entry.
    """
    start = chain[0]
    labels = [_label(lines[i]) or 0 for i in chain]
    moves: list[tuple[int, list[int]]] = []
    for position, (prev, nxt) in enumerate(zip(labels, labels[1:], strict=False)):
        for missing in range(prev + 1, nxt):
            found = next((j for j in range(start) if _label(lines[j]) == missing), None)
            if found is None:
                continue
            moves.append((chain[position + 1], _paragraph(lines, found, start)))
    return moves + _entries_after_chain(lines, chain)


def _paragraph(lines: list[str], first: int, limit: int) -> list[int]:
    """Line indexes of the labelled paragraph at ``first``: up to a blank line, a labelled line or ``limit``."""
    end = first + 1
    while end < limit and lines[end].strip() and _label(lines[end]) is None:
        end += 1
    return list(range(first, end))


def _entries_after_chain(lines: list[str], chain: list[int]) -> list[tuple[int, list[int]]]:
    """Entries labelled after the run's last one (N+1, N+2, ...) that layout emitted before entry N.

    A reference list continued in a second column can be read with that column's top entries placed
    before the first column's end; they are moved after entry N's paragraph.
    """
    in_chain = set(chain)
    last = _label(lines[chain[-1]]) or 0
    after_last = chain[-1] + 1
    while after_last < len(lines) and lines[after_last].strip():
        after_last += 1
    moves: list[tuple[int, list[int]]] = []
    label = last + 1
    while True:
        found = next((j for j in range(chain[-1]) if j not in in_chain and _label(lines[j]) == label), None)
        if found is None:
            return moves
        moves.append((after_last, _paragraph(lines, found, chain[-1])))
        label += 1


def _list_heading(lines: list[str], start: int, moved: set[int]) -> tuple[int | None, str]:
    """``(index of the heading line to move, heading text to write before entry 1)``.

    The heading above the list is moved when other text stands between it and entry 1; "References"
    is written when there is none; nothing is written when the heading already stands right there.
    """
    heading = next((j for j in range(start - 1, -1, -1) if _LIST_HEADING.match(lines[j])), None)
    if heading is None:
        return None, "References"
    if any(lines[j].strip() for j in range(heading + 1, start) if j not in moved):
        return heading, lines[heading].strip()
    return None, ""


def _assemble_reference_list(text: str) -> str:
    """The numbered reference list put together as printed: under its heading, every entry in label order.

    Layout extraction may place the heading away from the list (a column of acknowledgements read in
    between), print no heading at all (BMJ, PNAS), or emit one entry elsewhere (an entry at the top of a
    column under a figure).  The list is found as the longest run of lines labelled 1, 2, 3, ... whose
    entries print years; its heading is moved to just before entry 1 (or "References" written there), and
    an entry missing from the run whose labelled paragraph stands earlier in the text is moved into place.
    """
    lines = text.split("\n")
    chain = _longest_chain(lines)
    if not _is_reference_chain(lines, chain):
        return text
    start = chain[0]
    moves = _displaced_entries(lines, chain)
    moved = {j for _, para in moves for j in para}
    heading, heading_text = _list_heading(lines, start, moved)
    if heading is not None:
        moved.add(heading)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i == start and heading_text:
            out.extend(["", heading_text, ""])
        for before, para in moves:
            if before == i:
                out.extend([lines[j] for j in para] + [""])
        if i not in moved:
            out.append(line)
    for before, para in moves:
        if before >= len(lines):
            out.extend([""] + [lines[j] for j in para])
    return "\n".join(out)


# --------------------------------------------------------------------------- appended supplements

# A supplement appended to the article after its reference list: its tables, equations and its own
# reference list would otherwise be read as more entries of the article's list.
_SUPPLEMENT_HEADING = re.compile(
    r"^\s*(?:supplementary|supplemental|supporting)\s+(?:materials?|information|data|files?|tables?|appendix)\b"
    r"(?:\s*\([^)]*\))?\s*:?\s*$|^\s*(?:online\s+)?(?:appendix|annex|anexo|ap[eê]ndice)\s*(?:[A-Z0-9]{1,3})?\s*:?\s*$"
    # open peer review printed after the article (F1000, BMJ Open, eLife): the reports cite their own lists
    r"|^\s*(?:open\s+peer\s+review|(?:peer\s+)?(?:referee|reviewer)(?:'s)?\s+reports?|peer\s+review\s+reports?)\s*:?\s*$",
    re.I,
)
# A supplement starts at least this many reference-like lines after the list's heading (a heading
# among the first lines is a note printed beside the heading, not an appendix).
_MIN_ENTRIES_BEFORE_SUPPLEMENT = 3


# Link-out labels that publishers print under each reference entry (F1000: "Publisher Full Text",
# "Reference Source"; Springer/BMC: "Article CAS PubMed Google Scholar"): not part of the entry, and a
# line of them ends no entry, so the next entry would be read as its continuation.
_LINK_LABEL = (
    r"(?:publisher\s+full\s+text|free\s+full\s+text|full\s+text|reference\s+source|pubmed\s+abstract|"
    r"pubmed\s+central|pubmed|google\s+scholar|cross\s?ref|web\s+of\s+science|scopus|article|cas|"
    r"math\s?scinet|ads)"
)
_LINK_LABEL_LINE = re.compile(rf"^\s*{_LINK_LABEL}(?:\s+{_LINK_LABEL})*\s*$", re.I)


def _drop_link_labels(text: str) -> str:
    """The text without lines of link-out labels after the (first) reference-list heading."""
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if _LIST_HEADING.match(line)), None)
    if heading is None:
        return text
    kept = lines[: heading + 1] + [line for line in lines[heading + 1 :] if not _LINK_LABEL_LINE.match(line)]
    return "\n".join(kept)


def split_supplement(text: str) -> tuple[str, str]:
    """``(article, supplement)``: the text cut at a supplement heading that follows the reference list.

    Only a heading standing on its own line after the (last) reference-list heading and its first
    entries is a cut; without one the supplement part is empty.
    """
    lines = text.split("\n")
    headings = [i for i, line in enumerate(lines) if _LIST_HEADING.match(line)]
    if not headings:
        return text, ""
    first_list = headings[0]
    seen = 0
    for i in range(first_list + 1, len(lines)):
        if not lines[i].strip():
            continue
        if _SUPPLEMENT_HEADING.match(lines[i]) and seen >= _MIN_ENTRIES_BEFORE_SUPPLEMENT:
            cut = sum(len(line) + 1 for line in lines[:i])
            return text[:cut].rstrip() + "\n", text[cut:]
        seen += 1
    return text, ""


# --------------------------------------------------------------------------- reading the file


def _check_container(data: bytes, source: str) -> None:
    if not data or not data.strip():
        raise InputError(source, "file is empty")
    if b"%PDF-" not in data[:1024]:
        raise InputError(source, "not a PDF file (no %PDF- header)")
    # Readers look for the end marker near the end; a download cut short has none.
    tail = data.rstrip(b"\x00 \t\r\n")[-4096:]
    if b"%%EOF" not in tail:
        raise InputError(source, "PDF is truncated (no %%EOF end marker)")


def _layout_pages(data: bytes, source: str, max_pages: int, password: str) -> Iterator[tuple[list[_Line], float]]:
    """Yield the text lines of each page (at most ``max_pages``), in pdfminer's reading order, and its height."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    # pdfminer logs every recoverable oddity of a damaged file; the caller hears about real failures.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    laparams = LAParams(
        line_overlap=_LINE_OVERLAP, char_margin=_CHAR_MARGIN, line_margin=_LINE_MARGIN,
        word_margin=_WORD_MARGIN, boxes_flow=_BOXES_FLOW, detect_vertical=False, all_texts=True,
    )
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password=password)
    except PDFPasswordIncorrect:
        raise InputError(source, "PDF is encrypted with a password (decrypt it first)") from None
    except PDFEncryptionError as exc:
        raise InputError(source, f"PDF uses an encryption pdfminer cannot open ({exc})") from None
    except Exception as exc:  # pdfminer raises many types on damaged input
        raise InputError(source, f"PDF cannot be parsed ({_reason(exc)})") from None

    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=laparams)
    interpreter = PDFPageInterpreter(resources, device)
    pages = PDFPage.create_pages(document)
    for number in range(1, max_pages + 1):
        try:
            page = next(pages, None)
            if page is None:
                if number == 1:
                    raise InputError(source, "PDF has no pages")
                return
            interpreter.process_page(page)
            layout = device.get_result()
        except InputError:
            raise
        except Exception as exc:  # a damaged page tree or content stream
            raise InputError(source, f"page {number} of the PDF cannot be read ({_reason(exc)})") from None
        yield _lines_of(layout), float(layout.height or 0.0)


def _reason(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _lines_of(layout) -> list[_Line]:
    """Every text line of a laid-out page, tagged with the reading-order index of its box."""
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    lines: list[_Line] = []
    box_index = 0

    def visit(container) -> None:
        nonlocal box_index
        for item in container:
            if isinstance(item, LTTextBox):
                box_lines = [line for line in item if isinstance(line, LTTextLine)]
                rendered_lines = [r for r in (_render_line(line, box_index) for line in box_lines) if r is not None]
                prose = _reads_as_prose(rendered_lines, item.width)
                for rendered in rendered_lines:
                    rendered.box_lines, rendered.box_width, rendered.box_prose = len(box_lines), item.width, prose
                    lines.append(rendered)
                box_index += 1
            elif isinstance(item, LTFigure):
                visit(item)

    visit(layout)
    return _drop_vertical_text(lines)


# Rotated margin text (a section tag or journal name printed sideways) is laid out by pdfminer as one
# "line" per glyph: glyphs of one or two characters, wider than tall (the font's height lies across),
# at the same left edge and width, each touching the next; at least this many in a run are dropped.
_MIN_VERTICAL_LETTERS = 3
_VERTICAL_GAP = 0.5  # gap to the next glyph, as a share of the glyph's width (a word space stays below)


def _is_sideways_glyph(line: _Line) -> bool:
    return len(line.text) <= 2 and " " not in line.text and line.x1 - line.x0 > line.y1 - line.y0


def _drop_vertical_text(lines: list[_Line]) -> list[_Line]:
    """The page's lines without rotated text laid out glyph by glyph.

    Upright one-character table cells are taller than wide and never match.
    """
    glyphs = sorted((ln for ln in lines if _is_sideways_glyph(ln)), key=lambda ln: (round(ln.x0), -ln.y1))
    dropped: set[int] = set()
    run: list[_Line] = []
    for line in [*glyphs, None]:
        if line is not None and run:
            previous = run[-1]
            width = previous.x1 - previous.x0
            if (abs(line.x0 - previous.x0) < 1.0 and abs(line.x1 - line.x0 - width) < 1.0
                    and previous.y0 - line.y1 <= _VERTICAL_GAP * width):
                run.append(line)
                continue
        if len(run) >= _MIN_VERTICAL_LETTERS:
            dropped.update(id(ln) for ln in run)
        run = [line] if line is not None else []
    return [ln for ln in lines if id(ln) not in dropped] if dropped else lines


# --------------------------------------------------------------------------- one line


def _render_line(line, box: int) -> _Line | None:
    """A pdfminer text line as text, superscripts rewritten and spaces taken from the gaps."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar) and c.get_text()]
    glyphs = [c for c in chars if not c.get_text().isspace()]
    if not glyphs:
        return None
    size = median(c.size for c in glyphs) or 1.0
    normal = [c for c in glyphs if c.size > _SMALL * size] or glyphs
    baseline = median(c.y0 for c in normal)

    # (text, raised) tokens: glyphs, and the spaces or TABs that the gaps between them stand for.
    tokens: list[tuple[str, bool]] = []
    previous = None
    previous_raised = False
    for char in chars:
        text = char.get_text()
        raised = char.size <= _SMALL * size and char.y0 - baseline >= _RAISED * size
        if text.isspace():
            tokens.append((" ", raised))
        elif previous is not None:
            gap = char.x0 - previous.x1
            if gap > _TAB_GAP * size:
                tokens.append(("\t", False))
            elif gap > _SPACE_GAP * size and not raised:
                tokens.append((" ", False))
            elif gap > _SPACE_GAP * size and previous_raised:  # a space between two raised groups
                tokens.append((" ", True))
            tokens.append((text, raised))
        else:
            tokens.append((text, raised))
        previous, previous_raised = char, raised
    rendered = re.sub(r" {2,}", " ", _join_tokens(tokens).translate(_LIGATURES)).strip()
    if not rendered:
        return None
    fonts = Counter(f"{c.fontname.rsplit('+', 1)[-1]} {round(c.size, 1)}" for c in glyphs)
    return _Line(rendered, line.x0, line.y0, line.x1, line.y1, size, box, font=fonts.most_common(1)[0][0])


def _join_tokens(tokens: list[tuple[str, bool]]) -> str:
    """Join tokens, writing each raised run that holds a digit in superscript characters."""
    out: list[str] = []
    run: list[str] = []
    for text, raised in tokens:
        if raised:
            run.append(text)
            continue
        if run:
            out.append(_superscript(run))
            run = []
        out.append(text)
    if run:
        out.append(_superscript(run))
    return "".join(out)


def _superscript(run: list[str]) -> str:
    text = "".join(run)
    if not any(ch.isdigit() for ch in text):
        return text
    # A space inside a raised run ("1, 2") is dropped; one after it stays a word space.  A space between
    # two numbers ("14 15") separates two callouts printed side by side: it becomes a comma, not "1415".
    trailing = " " if text.endswith(" ") else ""
    text = re.sub(r"(?<=\d) +(?=\d)", ",", text.strip())
    return text.replace(" ", "").translate(_SUPERSCRIPT) + trailing


# --------------------------------------------------------------------------- one page


# Lower-case particles that open a surname ("van der Berg", "ten Bruggencate", "de Souza").
_PARTICLES = frozenset("van von der den de del della di da das do dos du la le ten ter".split())
_LABEL_ONLY = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}[.)]?)$")
# A label printed in its own column stands at most this many character sizes left of its entry.
_LABEL_REACH = 6.0


def _opens_entry(label: str, text: str) -> bool:
    """Whether ``text`` can be the first line of a list entry labelled ``label``.

    An entry opens with a capital (an author, an organisation); a label printed with its period or
    brackets ("37.", "[37]") may also open an entry that starts with a digit, a quote ("92% of ...")
    or a surname particle ("ten Bruggencate SJM").
    """
    if text[:1].isupper():
        return True
    if label[-1:] not in ".)]":
        return False
    return text[:1].isdigit() or text[:1] in "\"“‘'" or text.split(" ", 1)[0] in _PARTICLES


def _attach_labels(lines: list[_Line]) -> list[_Line]:
    """Labels typeset in a column of their own ("1." over "2." beside the entries) put before their entry.

    pdfminer reads such a column as one box of labels, apart from the entries.  A line that is only a
    list label is joined to the line that shares its baseline and starts just right of it, so the
    reference list reaches the splitter labelled as printed ("1. Lim SS, ...").
    """
    labels = [ln for ln in lines if _LABEL_ONLY.match(ln.text)]
    if not labels:
        return lines
    dropped: set[int] = set()
    for label in labels:
        height = max(label.y1 - label.y0, 1.0)
        best = None
        for line in lines:
            if line is label or id(line) in dropped or _LABEL_ONLY.match(line.text):
                continue
            gap = line.x0 - label.x1
            if not (0 <= gap <= _LABEL_REACH * label.size):
                continue
            if abs((line.y0 + line.y1) / 2 - (label.y0 + label.y1) / 2) > 0.5 * height:
                continue
            if best is None or gap < best.x0 - label.x1:
                best = line
        if best is not None and _opens_entry(label.text, best.text):
            best.text = f"{label.text} {best.text}"
            best.x0 = label.x0
            dropped.add(id(label))
    return [ln for ln in lines if id(ln) not in dropped]


def _page_text(lines: list[_Line]) -> str:
    """The page's text: boxes in reading order, tables as TAB-separated rows."""
    if not lines:
        return ""
    lines = _attach_labels(lines)
    tables = _find_tables(lines)
    in_table = {id(line) for table in tables for row in table for line in row}
    blocks: list[tuple[int, int, str]] = []  # (box index, order inside the box, text)
    for table in tables:
        first_box = min(line.box for row in table for line in row)
        rows = ["\t".join(line.text for line in sorted(row, key=lambda ln: ln.x0)) for row in table]
        blocks.append((first_box, -1, "\n".join(rows)))
    current_box = None
    current: list[_Line] = []
    for order, line in enumerate(lines):
        if id(line) in in_table:
            continue
        if line.box != current_box and current:
            blocks.append((current_box, order, "\n".join(_hanging_entries(current))))
            current = []
        current_box = line.box
        current.append(line)
    if current:
        blocks.append((current_box, len(lines), "\n".join(_hanging_entries(current))))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return "\n\n".join(text for _, _, text in blocks)


# Hanging indents: continuation lines stand this far right of the entry lines (in character sizes).
_HANG_MIN, _HANG_MAX = 0.8, 4.0
_FLUSH = 0.3
_MIN_HANGING_ENTRIES = 2


def _hanging_entries(lines: list[_Line]) -> list[str]:
    """The lines of one box, entries typeset with a hanging indent joined into one line each.

    An unnumbered reference list is printed with each entry's first line flush left and the rest
    indented; the layout says where an entry starts, which the words alone often do not (a wrapped
    line may begin with a capitalised name).  Other boxes come back line by line as printed.
    """
    texts = [line.text for line in lines]
    if len(lines) < 2 * _MIN_HANGING_ENTRIES:
        return texts
    left = min(line.x0 for line in lines)
    size = median(line.size for line in lines)
    flush = [line.x0 - left < _FLUSH * size for line in lines]
    hanging = [_HANG_MIN * size <= line.x0 - left <= _HANG_MAX * size for line in lines]
    if not flush[0] or sum(flush) < _MIN_HANGING_ENTRIES or not all(f or h for f, h in zip(flush, hanging, strict=True)):
        return texts
    if sum(hanging) < sum(flush):  # most entries wrap: a list of one-line items is not told apart this way
        return texts
    entries: list[str] = []
    for text, is_flush in zip(texts, flush, strict=True):
        if is_flush or not entries:
            entries.append(text)
        elif entries[-1].endswith("-") and len(entries[-1]) > 1 and entries[-1][-2].isalpha() and text[:1].islower():
            entries[-1] = entries[-1][:-1] + text
        else:
            entries[-1] = f"{entries[-1]} {text}"
    return entries


def _find_tables(lines: list[_Line]) -> list[list[list[_Line]]]:
    """Runs of table rows (see the module docstring); each row's lines sorted left to right."""
    bands = _bands(lines)
    width = max(line.x1 for line in lines) - min(line.x0 for line in lines) or 1.0
    tables: list[list[list[_Line]]] = []
    run: list[list[_Line]] = []
    for band in bands:
        if _is_table_row(band, width):
            run.append(band)
            continue
        if len(run) >= _MIN_TABLE_ROWS:
            tables.append(run)
        run = []
    if len(run) >= _MIN_TABLE_ROWS:
        tables.append(run)
    return tables


def _bands(lines: list[_Line]) -> list[list[_Line]]:
    """Lines grouped by shared baseline, top of the page first, each band sorted left to right."""
    ordered = sorted(lines, key=lambda ln: -(ln.y0 + ln.y1) / 2)
    bands: list[list[_Line]] = []
    for line in ordered:
        if bands:
            anchor = bands[-1][0]
            overlap = min(anchor.y1, line.y1) - max(anchor.y0, line.y0)
            if overlap >= 0.5 * min(anchor.y1 - anchor.y0, line.y1 - line.y0):
                bands[-1].append(line)
                continue
        bands.append([line])
    return [sorted(band, key=lambda ln: ln.x0) for band in bands]


def _reads_as_prose(lines: list[_Line], box_width: float) -> bool:
    """Whether a box's lines read as prose: most fill the box's width, or the median line is long.

    A box holding two pieces of one baseline (widely justified words that pdfminer split) is prose
    too: the cells of a table column stand one above the other.
    """
    if not lines or box_width <= 0:
        return True
    filled = sum(1 for line in lines if line.x1 - line.x0 >= _PROSE_FILL * box_width) / len(lines)
    if filled >= _PROSE_FILLED or median(len(line.text) for line in lines) >= _PROSE_CHARS:
        return True
    middles = sorted((line.y0 + line.y1) / 2 for line in lines)
    heights = median(line.y1 - line.y0 for line in lines)
    return any(b - a < 0.5 * heights for a, b in zip(middles, middles[1:], strict=False))


def _is_table_row(band: list[_Line], width: float) -> bool:
    if len(band) < 2:
        return False
    for left, right in zip(band, band[1:], strict=False):
        if right.x0 - left.x1 < 0.5 * min(left.size, right.size):
            return False  # touching pieces are one line broken by pdfminer, not cells
    prose = sum(
        1 for line in band
        if line.box_lines >= _PROSE_LINES and line.box_width >= _PROSE_WIDTH * width and line.box_prose
    )
    if prose >= 2:
        return False  # lines of two text columns side by side, however short
    long_pieces = sum(1 for line in band if line.x1 - line.x0 > _SHORT_CELL * width)
    return long_pieces == 0 or (long_pieces == 1 and len(band) >= 3)


# --------------------------------------------------------------------------- abstaining

# A reading of the callouts is trusted only when it covers the list: at least this share of the
# entries is cited (papers cite nearly every entry; far fewer means callouts were lost in extraction).
MIN_CITED_SHARE = 0.8
# An author-year paper whose mentions this share or more match no entry was not read reliably.
MAX_UNMATCHED_MENTIONS = 0.1
_PRINTED_LABEL_BEFORE = re.compile(r"(?:\[\d{1,4}\]|\d{1,4}[.)]?)\s*$")


def _printed_labels(document: Document) -> bool:
    """True when every entry's number is its label as printed just before it in the text."""
    for ref in document.references:
        if ref.span is None or ref.number is None:
            return False
        before = document.text[max(0, ref.span.start - 8) : ref.span.start]
        label = _PRINTED_LABEL_BEFORE.search(before)
        if label is None or int(re.sub(r"\D", "", label.group())) != ref.number:
            return False
    return True


def _cites_by_number(citations: tuple[InTextCitation, ...]) -> bool:
    """True when the paper cites by number: numbered callouts, none left unlinked by author and year,
    and not every numbered callout a named mention ("Kim et al.¹⁴" counts, "Kim et al. (2019)" does not)."""
    numbered = [c for c in citations if c.numbers]
    if not numbered or any(c.keys for c in citations):
        return False
    if not all(c.style == "numeric" or c.named_author for c in numbered):
        return False
    return not all(c.named_author for c in citations)


def _numbered_list_doubt(document: Document, cited: set[int]) -> str | None:
    """Why a numbered list and its callouts disagree, or None."""
    size = len(document.references)
    if sorted(r.number for r in document.references if r.number is not None) != list(range(1, size + 1)):
        return "the reference list's numbers are not 1 to its length"
    if not _printed_labels(document):
        return "the reference list's entries are not all labelled with their printed numbers"
    undefined = sorted(n for n in cited if n > size)
    if undefined:
        return f"callouts cite {', '.join(map(str, undefined[:5]))} beyond the {size} entries read"
    return None


def _author_year_doubt(citations: tuple[InTextCitation, ...]) -> str | None:
    """Why the author-year mentions cannot be trusted (too many match no entry), or None."""
    mentions = [c for c in citations if c.named_author]
    unmatched = [c for c in mentions if c.keys]
    if mentions and len(unmatched) > MAX_UNMATCHED_MENTIONS * len(mentions):
        return f"{len(unmatched)} of {len(mentions)} author-year mentions match no entry read"
    return None


def _callout_doubts(document: Document) -> str | None:
    """Why the callouts or the reference list of a PDF cannot be trusted, or None when they can."""
    refs = document.references
    if not document.citations:
        return None
    if not refs:
        return "no reference list was read"
    cited = {n for c in document.citations for n in c.numbers}
    if _cites_by_number(document.citations):
        doubt = _numbered_list_doubt(document, cited)
        entries = set(range(1, len(refs) + 1))
    else:
        doubt = _author_year_doubt(document.citations)
        entries = {r.number for r in refs if r.number is not None}
    if doubt is not None:
        return doubt
    share = len(cited & entries) / len(refs)
    if share < MIN_CITED_SHARE:
        return f"only {share:.0%} of the {len(refs)} entries read are cited by the callouts read"
    return None


def abstain_when_unreliable(document: Document) -> Document:
    """A document read from a PDF, its callouts dropped when the reading cannot be trusted.

    Layout extraction loses or misplaces callouts and reference entries (labels in their own
    column, entries before their heading, running heads inside the list).  Checks that compare
    callouts with the list would then report the extraction, not the paper.  When the list's
    numbers are not its printed labels 1..N, callouts point past the list, author-year mentions
    match no entry, or too few entries are cited, the callouts are not kept and an ingest warning
    says why (recorded in the graph as ``kga:ingestWarning``).  Author-year mentions that match no
    entry are dropped as well (the entry was most likely misread), with a warning counting them.
    """
    document = _drop_footnote_markers(document)
    doubt = _callout_doubts(document)
    warnings = list(document.warnings)
    if doubt is not None:
        warnings.append(f"PDF callouts not checked: {doubt} (the layout was not read reliably)")
        return replace(document, citations=(), warnings=tuple(warnings))
    unmatched = [c for c in document.citations if c.keys]
    if unmatched:
        warnings.append(f"PDF: {len(unmatched)} author-year mention(s) matching no entry read were not kept")
        kept = tuple(c for c in document.citations if not c.keys)
        return replace(document, citations=kept, warnings=tuple(warnings))
    return document


_SUPERSCRIPT_CHARS = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺,")
# Superscript numbers are footnote markers, not callouts, when the paper's other callouts
# (bracketed numbers, author-year mentions) are at least this many times as frequent.
_FOOTNOTE_DOMINANCE = 2.0


def _drop_footnote_markers(document: Document) -> Document:
    """Superscript numbers dropped from papers that cite with brackets or by author and year.

    In such a paper a raised number is a footnote marker ("... theorem [4] are invoked⁵"), an
    exponent or an affiliation mark, never a callout; left in, it makes an author-year paper look
    numbered and points at entries it does not denote.  The remaining mentions are linked to the
    entries by author and year again.
    """
    raised = [c for c in document.citations if c.numbers and set(c.text) <= _SUPERSCRIPT_CHARS and not c.named_author]
    if not raised:
        return document
    bracketed = sum(1 for c in document.citations if c.text[:1] in "[(" and c.numbers and not c.named_author)
    author_year = sum(1 for c in document.citations if c.named_author and not (set(c.text) <= _SUPERSCRIPT_CHARS))
    if max(bracketed, author_year) < _FOOTNOTE_DOMINANCE * len(raised):
        return document
    dropped = {id(c) for c in raised}
    kept = [c for c in document.citations if id(c) not in dropped]
    if author_year > bracketed:
        kept = link_author_year([replace(c, numbers=()) if c.named_author else c for c in kept],
                                list(document.references))
    warning = f"PDF: {len(raised)} superscript number(s) read as footnote markers, not callouts"
    return replace(document, citations=tuple(kept), warnings=(*document.warnings, warning))
