"""GROBID TEI ingest: the TEI that GROBID makes from a PDF becomes a :class:`~kgaudit.model.Document`.

What is read:

* ``teiHeader``: title, authors and affiliations, journal, publication and
  submission dates, DOI, keywords, abstract;
* ``<div>`` sections with their ``<head>`` (GROBID writes them flat: a subsection
  takes the kind of the section it is numbered under, or of the last main heading);
  ``<p>`` paragraphs, with GROBID's ``<s>`` sentences when present, else split here;
* ``biblStruct`` references (analytic/monogr fields, ``idno`` DOI/PMID) with the printed
  string from ``<note type="raw_reference">`` when GROBID kept it, else a rendering;
* every ``<ref type="bibr">`` as one pointer (``target="#b12"``; a ref GROBID could not
  link has no target and becomes a pointer with no keys);
* ``<figure type="table">`` as tables, with rows and cells where GROBID found them
  (``<row>``/``<cell cols=…>``); a table GROBID kept as loose text has no rows.

The format-neutral machinery (text, sentences, pointers, tables) is shared with
:mod:`kgaudit.ingest.jats`.
"""

from __future__ import annotations

import re

from lxml import etree

from kgaudit.errors import InputError
from kgaudit.ingest.jats import (
    DocumentBuilder,
    GridCell,
    Inline,
    InlineRules,
    RefDraft,
    TableDraft,
    build_references,
    clean,
    document_id,
    normalise_doi,
    render_inline,
    resolve_pointers,
    section_kind,
    vancouver,
)
from kgaudit.ingest.xmlsafe import local_name, parse_xml
from kgaudit.model import Author, Document, DocumentDate

__all__ = ["parse_tei"]

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Headings after which a flat GROBID div no longer belongs to the main section before it.
_BACK_MATTER = re.compile(
    r"acknowledg|funding|financial support|conflicts? of interest|competing interests?|contributions?|disclosure"
    r"|declaration|availability|abbreviations|supplementary|appendix|ethics statement",
    re.IGNORECASE,
)


def _is_bibr(element: etree._Element) -> bool:
    return local_name(element) == "ref" and element.get("type") == "bibr"


def _is_sentence(element: etree._Element) -> bool:
    return local_name(element) == "s"


_TEI_RULES = InlineRules(
    pointer=_is_bibr,
    sentence=_is_sentence,
    floats=frozenset({"figure", "table"}),
    dropped=frozenset({"graphic", "idno"}),
    spaced=frozenset({"lb", "p", "head", "cell", "row", "item", "list"}),
)
_TEI_CELL_RULES = InlineRules(
    pointer=_is_bibr,
    dropped=frozenset({"graphic"}),
    spaced=frozenset({"lb", "p", "head", "item", "list"}),
)


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return render_inline(element, _TEI_CELL_RULES).text()


def _strip_namespaces(root: etree._Element) -> None:
    """GROBID writes everything in the TEI namespace; read by local names."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = local_name(element)


class _TeiReader:
    """Walks one GROBID TEI document into a :class:`DocumentBuilder`."""

    def __init__(self) -> None:
        self.builder = DocumentBuilder()
        self.table_count = 0
        self.main_kind: str | None = None  # kind of the last main heading, for flat subsections
        self.numbered_kinds: dict[str, str] = {}

    def paragraph(self, element: etree._Element, prefix: str = "", *, sentences: bool = True) -> None:
        inline = render_inline(element, _TEI_RULES, Inline(prefix))
        self.builder.add_paragraph(inline, sentences=sentences)
        for child in inline.floats:
            self.block(child)

    def container(self, element: etree._Element) -> None:
        for child in element:
            if isinstance(child.tag, str):
                self.block(child)

    def block(self, element: etree._Element) -> None:
        name = local_name(element)
        if name == "div":
            # GROBID wraps back-matter divs in a typed div without a heading of its own.
            if element.get("type") == "references":
                return  # the reference list is read from listBibl, not as running text
            if element.find("head") is None and element.find("div") is not None:
                self.container(element)
            else:
                self.section(element)
        elif name in ("head", "listBibl", "graphic"):
            return
        elif name == "figure":
            self.figure(element)
        elif name in ("p", "note", "formula", "item", "quote"):
            self.paragraph(element, sentences=name in ("p", "note", "item", "quote"))
        elif any(isinstance(c.tag, str) for c in element):
            self.container(element)
        elif clean(element.text):
            self.paragraph(element)

    def section(self, div: etree._Element) -> None:
        head = div.find("head")
        number = (head.get("n") or "").strip() if head is not None else ""
        title = _text(head)
        heading = clean(f"{number} {title}")
        kind = self._kind(title, number, div.get("type"))
        if not heading and div.get("type") == "acknowledgement":
            heading = "Acknowledgements"
        self.builder.open_section(heading, kind)
        self.container(div)
        self.builder.close_section()

    def _kind(self, title: str, number: str, div_type: str | None) -> str:
        """A flat GROBID div's kind: its own heading, else the section it is numbered or placed under."""
        kind = section_kind(title)
        if div_type in ("acknowledgement", "annex", "availability", "funding"):
            return kind
        if kind != "other":
            self.main_kind = kind
            if number:
                self.numbered_kinds[number.rstrip(".").split(".")[0]] = kind
            return kind
        if _BACK_MATTER.search(title):
            self.main_kind = None
            return kind
        if number:
            parent = number.rstrip(".").split(".")[0]
            if "." in number.rstrip("."):
                return self.numbered_kinds.get(parent, "other")
            self.main_kind = None  # a new top-level numbered section of its own
            return kind
        return self.main_kind or kind

    # ----------------------------------------------------------------- figures and tables

    def figure(self, figure: etree._Element) -> None:
        if figure.get("type") == "table":
            self.table(figure)
            return
        head = _text(figure.find("head"))
        description = figure.find("figDesc")
        if description is not None and clean("".join(description.itertext())):
            self.paragraph(description, prefix=f"{head.rstrip(' .:')}. " if head else "")
        elif head:
            self.builder.append_block(head)

    def table(self, figure: etree._Element) -> None:
        head = _text(figure.find("head"))
        number = _text(figure.find("label"))
        match = re.match(r"\s*(table\s*[A-Z]?\d+[a-z]?)\s*[.:]?\s*(.*)$", head, re.IGNORECASE | re.DOTALL)
        if match:
            label, rest = match.group(1), match.group(2)
        else:
            label, rest = (f"Table {number}" if number else ""), head
        caption = Inline(f"{label}. " if label else "")
        caption.add(rest)
        description = figure.find("figDesc")
        if description is not None:
            caption.space()
            render_inline(description, _TEI_CELL_RULES, caption)
        rows = _join_wrapped_labels([self._cells(row) for row in figure.iter("row")])
        if not rows:
            self.builder.warnings.append(f"{label or 'a table'}: GROBID kept no rows or cells")
        notes = [render_inline(note, _TEI_CELL_RULES) for note in figure.iterfind("note")]
        self.table_count += 1
        self.builder.add_table(TableDraft(label, caption, rows, None, [n for n in notes if n.text()]),
                               self.table_count)

    def _cells(self, row: etree._Element) -> list[GridCell]:
        cells: list[GridCell] = []
        for cell in row.iterfind("cell"):
            text, pointers, _ = render_inline(cell, _TEI_CELL_RULES).result()
            header = cell.get("role") == "label" or row.get("role") == "label"
            cells.append(GridCell(text, pointers, _span(cell.get("cols")), _span(cell.get("rows")), header))
        return cells


def _join_wrapped_labels(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Rejoin a row label that GROBID split over two rows where the PDF wrapped it.

    "IENFD (number of" followed by a row "fibers/mm)" whose other cells are all empty is one label,
    "IENFD (number of fibers/mm)": the open parenthesis is the proof that the label goes on.
    """
    joined: list[list[GridCell]] = []
    for row in rows:
        if joined and row and joined[-1]:
            above = joined[-1][0]
            opened = above.text.count("(") - above.text.count(")")
            rest_empty = all(not c.text.strip() for c in row[1:])
            if opened > 0 and rest_empty and row[0].text.strip() and not row[0].pointers and ")" in row[0].text:
                merged = GridCell(f"{above.text.rstrip()} {row[0].text.strip()}", above.pointers, above.colspan,
                                  above.rowspan, above.header)
                joined[-1] = [merged, *joined[-1][1:]]
                continue
        joined.append(row)
    return joined


def _span(value: str | None) -> int:
    if value and value.strip().isdigit():
        return int(value.strip()[:6])
    return 1


# ----------------------------------------------------------------------------- references


def _tei_references(root: etree._Element) -> list[RefDraft]:
    bibls: list[etree._Element] = []
    for list_bibl in root.iter("listBibl"):
        bibls.extend(list_bibl.iterchildren("biblStruct"))
    return [_tei_reference(b) for b in bibls]


def _persons(holder: etree._Element | None) -> tuple[Author, ...]:
    if holder is None:
        return ()
    authors: list[Author] = []
    for author in holder.iterfind("author"):
        person = author.find("persName")
        if person is not None:
            surname = _text(person.find("surname"))
            forenames = [_text(f) for f in person.iterfind("forename") if _text(f)]
            if not surname and len(forenames) > 1:
                # GROBID sometimes tags "Oren Etzioni" as first and middle forename with no surname:
                # the last name word is the surname.
                surname, forenames = forenames[-1], forenames[:-1]
            given = " ".join(forenames)
            if surname or given:
                authors.append(Author(family=surname or given, given=given if surname else ""))
        elif author.find("orgName") is not None:
            authors.append(Author(family=_text(author.find("orgName"))))
    return tuple(authors)


def _tei_imprint(monogr: etree._Element | None) -> tuple[dict[str | None, etree._Element], int | None]:
    """The <biblScope> elements of the imprint by unit (volume, issue, page) and the year of its date."""
    imprint = monogr.find("imprint") if monogr is not None else None
    scopes = {s.get("unit"): s for s in imprint.iterfind("biblScope")} if imprint is not None else {}
    date = imprint.find("date") if imprint is not None else None
    year_text = (date.get("when") or clean("".join(date.itertext()))) if date is not None else ""
    year_match = re.match(r"\s*(\d{4})", year_text)
    return scopes, int(year_match.group(1)) if year_match else None


def _tei_kind(article_title: str, journal: str, book: str) -> tuple[str, str | None, str | None]:
    """(kind, title, container): a journal article, a chapter in a book, a book, or other."""
    if journal:
        return "journal", article_title or None, journal
    if book and article_title:
        return "chapter", article_title, book
    if book:
        return "book", book, None
    return "other", article_title or None, None


def _read_raw_string(draft: RefDraft, bibl: etree._Element) -> None:
    """The raw reference GROBID kept (else one written from the fields); et al., year suffix, first author."""
    raw_note = next((n for n in bibl.iterfind("note") if n.get("type") == "raw_reference"), None)
    raw = clean("".join(raw_note.itertext())) if raw_note is not None else ""
    if raw and draft.authors:
        draft.authors = _repair_first_author(draft.authors, raw)
    draft.raw = raw or vancouver(draft)
    if raw:
        draft.et_al = bool(re.search(r"\bet\.?\s*al\b", raw))
        if draft.year is not None:
            suffix = re.search(rf"\b{draft.year}([a-z])\b", raw)
            draft.year_suffix = suffix.group(1) if suffix else ""


def _tei_reference(bibl: etree._Element) -> RefDraft:
    analytic = bibl.find("analytic")
    monogr = bibl.find("monogr")
    authors = _persons(analytic) or _persons(monogr)
    article_title = _text(analytic.find("title")) if analytic is not None else ""
    journal = _first_text(monogr, "title[@level='j']")
    book = _first_text(monogr, "title[@level='m']") or _first_text(monogr, "title")
    scopes, year = _tei_imprint(monogr)
    first_page, last_page = _pages(scopes.get("page"))
    ids = {(i.get("type") or "").upper(): clean("".join(i.itertext())) for i in bibl.iter("idno")}
    kind, title, container = _tei_kind(article_title, journal, book)
    draft = RefDraft(
        raw="",
        key=bibl.get(_XML_ID),
        authors=authors,
        title=title,
        journal=container,
        year=year,
        volume=_text(scopes.get("volume")) or None,
        issue=_text(scopes.get("issue")) or None,
        first_page=first_page,
        last_page=last_page,
        doi=normalise_doi(ids.get("DOI")),
        pmid=ids.get("PMID") or None,
        kind=kind,
    )
    draft.parsed = bool(authors or title or container or draft.year)
    _read_raw_string(draft, bibl)
    return draft


# Where the printed first author's name ends: a comma, "and", "&", the year, or a sentence stop
# (a full stop after a word of two or more letters, not after an initial).
_FIRST_AUTHOR_END = re.compile(r",|;|\s+(?:and|&)\s+|\s*\(?\b(?:1[5-9]|20)\d\d\b|(?<=[^\W\d_]{2})\.(?:\s|$)")
_ORGANISATION = re.compile(
    r"\b(?:Organi[sz]ation|Association|Society|Group|Committee|Council|Consortium|Institute|Agency|Department|"
    r"Ministry|University|Cent(?:er|re)s?|Foundation|Collaboration|Initiative|Board|Office|Network)\b"
)
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "dos", "das",
                   "ter", "ten", "bin", "al", "el", "st"}


def _printed_first_author(raw: str) -> tuple[str, str] | None:
    """(family, given) of a raw reference that opens "Given Middle Family" (ACL, IEEE, Nature styles).

    ``None`` when the opening reads family-first ("Kipf TN", "Kipf, T. N.") or is not a name at all.
    """
    end = _FIRST_AUTHOR_END.search(raw)
    words = (raw[: end.start()] if end else raw).split()
    if not 2 <= len(words) <= 5:
        return None
    last = words[-1].strip(".")
    # A family name is a capitalised word with lower-case letters; initials ("TN", "J.") are not.
    if not (last[:1].isupper() and any(c.islower() for c in last) and len(last) >= 2):
        return None
    if not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words):
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:]).strip("."), " ".join(words[:start])


def _repair_first_author(authors: tuple[Author, ...], raw: str) -> tuple[Author, ...]:
    """GROBID's first author checked against the printed string, which is what the paper's readers see.

    GROBID sometimes splits "Thomas N Kipf" into a "N Thomas" and a "Max Kipf", or keeps
    "Tsung Teng Chen" whole as a surname; the citing text then names "Kipf" or "Chen", and the
    author-year check would blame the paper for GROBID's reading.  The printed opening wins when
    it reads "Given Family" and GROBID's first surname is not its family name.
    """
    printed = _printed_first_author(raw)
    if printed is None:
        return authors
    family, given = printed
    first = authors[0]
    if first.family.casefold() == family.casefold() or _ORGANISATION.search(raw[: len(given) + len(family) + 2]):
        return authors
    # Only a re-reading of the same name, never a different person (a raw note GROBID misaligned).
    grobid_words = {w.strip(".").casefold() for w in f"{first.given} {first.family}".split()}
    if not grobid_words & {w.strip(".").casefold() for w in f"{given} {family}".split()}:
        return authors
    rest = authors[1:]
    if rest and rest[0].family.casefold() == family.casefold():
        rest = rest[1:]  # GROBID made two authors of one name: the second half is this same person
    return (Author(family=family, given=given), *rest)


def _first_text(element: etree._Element | None, path: str) -> str:
    if element is None:
        return ""
    return _text(element.find(path))


def _pages(scope: etree._Element | None) -> tuple[str | None, str | None]:
    if scope is None:
        return None, None
    first, last = scope.get("from"), scope.get("to")
    if first or last:
        return first or None, last or None
    pieces = re.split(r"\s*[-–—]\s*", clean("".join(scope.itertext())), maxsplit=1)
    return (pieces[0] or None), (pieces[1] if len(pieces) > 1 and pieces[1] else None)


# ----------------------------------------------------------------------------- metadata


def _header_authors(source_bibl: etree._Element | None) -> tuple[tuple[Author, ...], tuple[str, ...]]:
    if source_bibl is None:
        return (), ()
    holder = source_bibl.find("analytic")
    authors = _persons(holder if holder is not None else source_bibl.find("monogr"))
    affiliations: list[str] = []
    for affiliation in source_bibl.iter("affiliation"):
        parts = [_text(org) for org in affiliation.iterfind("orgName")]
        address = affiliation.find("address")
        if address is not None:
            parts += [_text(part) for part in address if isinstance(part.tag, str)]
        text = ", ".join(p for p in parts if p)
        if text and text not in affiliations:
            affiliations.append(text)
    return authors, tuple(affiliations)


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _iso(text: str) -> str | None:
    """``2017-07`` / ``28-02-2017`` / ``5 May 2017`` / ``May 5, 2017`` → ISO 8601; None if not a date."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text):
        return "-".join(p for p in m.groups() if p)
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        return f"{year}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    if m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text):
        month = _MONTHS.get(m.group(2)[:3].lower())
        return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}" if month else None
    if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text):
        month = _MONTHS.get(m.group(1)[:3].lower())
        return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}" if month else None
    return None


def _header_dates(header: etree._Element) -> tuple[DocumentDate, ...]:
    dates: list[DocumentDate] = []
    for note in header.iter("note"):
        if note.get("type") != "submission":
            continue
        for event, when in re.findall(r"(Received|Revised|Accepted)\s*:?\s*([^;.]+?\d{4})", clean(note.text)):
            iso = _iso(when)
            if iso:
                dates.append(DocumentDate(event.lower(), iso))
    published = next(
        (d for d in header.iter("date") if d.get("type") == "published" and (d.get("when") or "").strip()), None
    )
    if published is not None:
        iso = _iso(published.get("when") or "")
        if iso:
            dates.append(DocumentDate("published", iso))
    return tuple(dates)


def _keywords(header: etree._Element) -> tuple[str, ...]:
    words: list[str] = []
    for keywords in header.iter("keywords"):
        terms = [_text(t) for t in keywords.iterfind("term")] or re.split(r"[;,·•]", _text(keywords))
        for term in terms:
            term = term.strip()
            if term and term not in words:
                words.append(term)
    return tuple(words)


# ----------------------------------------------------------------------------- entry point


def parse_tei(data: bytes, source: str) -> Document:
    """Read GROBID TEI XML into a :class:`Document`.

    Raises :class:`InputError` for hostile or malformed XML and for XML that is not TEI.
    """
    root = parse_xml(data, source)
    _strip_namespaces(root)
    if local_name(root) not in ("TEI", "teiCorpus"):
        raise InputError(source, f"not GROBID TEI (the root element is <{local_name(root) or root.tag}>)")
    tei = root if local_name(root) == "TEI" else next(root.iter("TEI"), root)
    header = tei.find("teiHeader")
    if header is None:
        header = etree.Element("teiHeader")
    reader = _TeiReader()
    builder = reader.builder

    title_el = next((t for t in header.iterfind("fileDesc/titleStmt/title") if t.get("type") in (None, "main")), None)
    title = _text(title_el)
    if title_el is not None and title:
        reader.paragraph(title_el, sentences=False)
    else:
        builder.warnings.append("the document has no title")

    abstract = ""
    for abstract_el in header.iter("abstract"):
        first = len(builder.sentences)
        builder.open_section("Abstract", "abstract")
        reader.container(abstract_el)
        builder.close_section()
        abstract = abstract or " ".join(s.text for s in builder.sentences[first:])

    text = tei.find("text")
    if text is not None:
        for part in ("front", "body", "back"):
            element = text.find(part)
            if element is not None:
                reader.container(element)

    ref_drafts = _tei_references(tei)
    citations = resolve_pointers(
        builder.pointers,
        lambda e: tuple(t.lstrip("#") for t in (e.get("target") or "").split() if t.lstrip("#")),
        ref_drafts,
        builder.warnings.append,
    )
    references = build_references(builder, ref_drafts)

    source_bibl = header.find("fileDesc/sourceDesc/biblStruct")
    authors, affiliations = _header_authors(source_bibl)
    doi = normalise_doi(next((clean(i.text) for i in header.iter("idno") if (i.get("type") or "").upper() == "DOI"),
                             None))
    dates = _header_dates(header)
    year = next((int(d.date[:4]) for d in dates if d.event == "published"), None)
    journal = _first_text(source_bibl.find("monogr") if source_bibl is not None else None, "title[@level='j']")
    return Document(
        id=document_id(doi, title, source),
        source=source,
        format="tei",
        text=builder.text(),
        title=title,
        authors=authors,
        affiliations=affiliations,
        journal=journal or None,
        year=year,
        dates=dates,
        doi=doi,
        keywords=_keywords(header),
        abstract=abstract,
        sections=builder.finish_sections(),
        sentences=tuple(builder.sentences),
        citations=tuple(citations),
        references=tuple(references),
        tables=tuple(builder.tables),
        statistics=tuple(builder.statistics),
        warnings=tuple(builder.warnings),
    )
