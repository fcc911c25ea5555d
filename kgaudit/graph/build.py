"""Document → RDF graph (the shape is documented in docs/GRAPH.md).

IRIs are deterministic, so building the same paper twice gives the same graph
and findings from two runs can be compared node for node.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD
from rdflib.term import Node

from kgaudit.graph.namespaces import (
    BIRO,
    C4O,
    DOCO,
    FABIO,
    FRBR,
    KGA,
    PREFIXES,
    PRISM,
    document_iri,
    node_iri,
)
from kgaudit.graph.store import add_triples
from kgaudit.graph.store import new_graph as paper_graph
from kgaudit.graph.terms import decimal_literal, literal
from kgaudit.ingest.names import name_key, named_author_keys, surname_keys
from kgaudit.model import Author, Cell, CellValue, Document, Num, Reference, Table

_CELL_NUMBERS = (
    "count", "denominator", "percent", "mean", "sd", "median", "low", "high", "p_value", "estimate", "ci_low",
    "ci_high", "number",
)
_PROPERTY_NAMES = {"p_value": "pValue", "ci_low": "ciLow", "ci_high": "ciHigh"}
# A cell number field -> its value and printed-text properties (``kga:pValue``, ``kga:pValueText``).
NUMBER_PROPERTIES: tuple[tuple[str, URIRef, URIRef], ...] = tuple(
    (name, KGA[_PROPERTY_NAMES.get(name, name)], KGA[_PROPERTY_NAMES.get(name, name) + "Text"]) for name in _CELL_NUMBERS
)

Triple = tuple[Node, Node, Node]
# Terms read for every node, looked up once (rdflib's fixed namespaces build them on each attribute read).
_TYPE, _LABEL, _TITLE, _CREATOR = RDF.type, RDFS.label, DCTERMS.title, DCTERMS.creator


def new_graph() -> Graph:
    """An empty graph with kgaudit's prefixes bound."""
    graph = paper_graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _decimal(num: Num) -> Literal:
    """An xsd:decimal literal of a printed number (decimals, not floats, so SPARQL compares exactly)."""
    return decimal_literal(repr(float(num.value)))


def _span(out: list[Triple], node: URIRef, span: object) -> None:
    if span is None:
        return
    out.append((node, KGA.charStart, literal(span.start)))  # type: ignore[attr-defined]
    out.append((node, KGA.charEnd, literal(span.end)))  # type: ignore[attr-defined]


def document_to_graph(doc: Document, graph: Graph | None = None) -> Graph:
    """Build the RDF graph of ``doc`` (into ``graph`` when given).

    The triples are collected in reading order and added in one pass (see
    :func:`~kgaudit.graph.store.add_triples`): the order the graph lists them in is the order below.
    """
    g = graph if graph is not None else new_graph()
    paper = document_iri(doc.id)
    out: list[Triple] = []
    _add_paper(out, doc, paper)
    _add_sections(out, doc, paper)
    _add_sentences(out, doc, paper)
    ref_by_number, ref_by_key = _add_references(out, doc, paper)
    _add_pointers(out, doc, paper, ref_by_number, ref_by_key)
    for t_index, table in enumerate(doc.tables, start=1):
        _add_table(out, doc, paper, table, t_index)
    _add_statistics(out, doc, paper)
    add_triples(g, out)
    return g


def _add_paper(out: list[Triple], doc: Document, paper: URIRef) -> None:
    """The paper node: bibliographic fields, dates, keywords, authors and ingest warnings."""
    add = out.append
    add((paper, _TYPE, FABIO.JournalArticle))
    add((paper, KGA.docId, literal(doc.id)))
    add((paper, _TITLE, literal(doc.title)))
    add((paper, DCTERMS.source, literal(doc.source)))
    add((paper, KGA["format"], literal(doc.format)))
    if doc.year is not None:
        add((paper, KGA.year, literal(doc.year)))
    for d in doc.dates:
        if d.event == "published":
            add((paper, PRISM.publicationDate, literal(d.date, XSD.date if len(d.date) == 10 else None)))
        add((paper, KGA[f"{d.event}Date"], literal(d.date)))
    if doc.doi:
        add((paper, PRISM.doi, literal(doc.doi)))
    if doc.journal:
        add((paper, KGA.journalName, literal(doc.journal)))
    for kw in doc.keywords:
        add((paper, PRISM.keyword, literal(kw)))
    if doc.abstract:
        add((paper, DCTERMS.abstract, literal(doc.abstract)))
    for k, author in enumerate(doc.authors, start=1):
        _add_author(out, node_iri(doc.id, "author", k), paper, author, k)
    for warning in doc.warnings:
        add((paper, KGA.ingestWarning, literal(warning)))


def _add_sections(out: list[Triple], doc: Document, paper: URIRef) -> None:
    add = out.append
    for section in doc.sections:
        s = node_iri(doc.id, "section", section.index)
        add((s, _TYPE, DOCO.Section))
        add((s, _TITLE, literal(section.heading)))
        add((s, KGA.sectionKind, literal(section.kind)))
        add((s, KGA["index"], literal(section.index)))
        add((s, FRBR.partOf, paper))
        _span(out, s, section.span)


def _add_sentences(out: list[Triple], doc: Document, paper: URIRef) -> None:
    add = out.append
    for sentence in doc.sentences:
        s = node_iri(doc.id, "sentence", sentence.index)
        add((s, _TYPE, DOCO.Sentence))
        add((s, C4O.hasContent, literal(sentence.text)))
        add((s, KGA["index"], literal(sentence.index)))
        add((s, FRBR.partOf, node_iri(doc.id, "section", sentence.section) if sentence.section is not None else paper))
        _span(out, s, sentence.span)


def _add_references(
    out: list[Triple], doc: Document, paper: URIRef
) -> tuple[dict[int, URIRef], dict[str, URIRef]]:
    """The reference list; returns the entries by printed number (first one wins) and by XML key."""
    ref_by_number: dict[int, URIRef] = {}
    ref_by_key: dict[str, URIRef] = {}
    for position, ref in enumerate(doc.references, start=1):
        node = _add_reference(out, doc, paper, ref, position)
        if ref.number is not None:
            ref_by_number.setdefault(ref.number, node)
        if ref.key:
            ref_by_key[ref.key] = node
    return ref_by_number, ref_by_key


def _add_pointers(
    out: list[Triple], doc: Document, paper: URIRef, ref_by_number: dict[int, URIRef], ref_by_key: dict[str, URIRef]
) -> None:
    add = out.append
    for cit in doc.citations:
        p = node_iri(doc.id, "pointer", cit.index)
        add((p, _TYPE, C4O.InTextReferencePointer))
        add((p, C4O.hasContent, literal(cit.text)))
        add((p, KGA["index"], literal(cit.index)))
        add((p, KGA.pointerStyle, KGA.AuthorYearPointer if cit.style == "author-year" else KGA.NumericPointer))
        add((p, FRBR.partOf, paper))
        _span(out, p, cit.span)
        for number in cit.numbers:
            # XML pointers denote by target id; their numbers are positions, not printed numbers.
            if not cit.keys:
                add((p, KGA.citedNumber, literal(number)))
                if number in ref_by_number:
                    add((p, C4O.denotes, ref_by_number[number]))
        for key in cit.keys:
            add((p, KGA.citedKey, literal(key)))
            if key in ref_by_key:
                add((p, C4O.denotes, ref_by_key[key]))
        _add_pointer_context(out, doc, p, cit)


def _add_pointer_context(out: list[Triple], doc: Document, p: URIRef, cit: Any) -> None:
    """A pointer's named author and year, the mention's text, and the sentence and section it sits in."""
    add = out.append
    if cit.named_author:
        add((p, KGA.namedAuthor, literal(cit.named_author)))
        add((p, KGA.namedAuthorKey, literal(name_key(cit.named_author))))
        for key in named_author_keys(cit.named_author):
            add((p, KGA.namedAuthorVariant, literal(key)))
    if cit.named_second_author:
        add((p, KGA.namedSecondAuthor, literal(cit.named_second_author)))
    if cit.named_year is not None:
        add((p, KGA.namedYear, literal(cit.named_year)))
    if cit.mention_text:
        add((p, KGA.mentionText, literal(cit.mention_text)))
    if cit.sentence is not None:
        add((p, C4O.hasContext, node_iri(doc.id, "sentence", cit.sentence)))
    if cit.section is not None:
        add((p, KGA.inSection, node_iri(doc.id, "section", cit.section)))


def _add_statistics(out: list[Triple], doc: Document, paper: URIRef) -> None:
    add = out.append
    for k, stat in enumerate(doc.statistics):
        s = node_iri(doc.id, "stat", k)
        add((s, _TYPE, KGA.TextStatistic))
        add((s, KGA.test, literal(stat.test)))
        add((s, C4O.hasContent, literal(stat.raw)))
        add((s, KGA.statValue, _decimal(stat.value)))
        add((s, KGA.statValueText, literal(stat.value.text)))
        add((s, KGA.statComparator, literal(stat.comparator)))
        add((s, FRBR.partOf, paper))
        if stat.df1 is not None:
            add((s, KGA.df1, literal(stat.df1, XSD.decimal)))
        if stat.df2 is not None:
            add((s, KGA.df2, literal(stat.df2, XSD.decimal)))
        if stat.n is not None:
            add((s, KGA.sampleSize, literal(stat.n)))
        if stat.p_value is not None:
            add((s, KGA.pValue, _decimal(stat.p_value)))
            add((s, KGA.pValueText, literal(stat.p_value.text)))
            add((s, KGA.pComparator, literal(stat.p_comparator or "=")))
        if stat.sentence is not None:
            add((s, C4O.hasContext, node_iri(doc.id, "sentence", stat.sentence)))
        _span(out, s, stat.span)


def _add_author(out: list[Triple], node: URIRef, work: URIRef, author: Author, position: int) -> None:
    add = out.append
    add((node, _TYPE, FOAF.Person))
    add((node, FOAF.familyName, literal(author.family)))
    for key in surname_keys(author.family):
        add((node, KGA.authorKey, literal(key)))
    if author.given:
        add((node, FOAF.givenName, literal(author.given)))
    add((node, KGA.position, literal(position)))
    add((work, _CREATOR, node))


def _add_reference(out: list[Triple], doc: Document, paper: URIRef, ref: Reference, position: int) -> URIRef:
    add = out.append
    number = ref.number if ref.number is not None else position
    entry = node_iri(doc.id, "ref", number)
    work = node_iri(doc.id, "ref", number, "work")
    add((entry, _TYPE, BIRO.BibliographicReference))
    add((entry, C4O.hasContent, literal(ref.raw)))
    add((entry, KGA.number, literal(number)))
    add((entry, FABIO.hasSequenceIdentifier, literal(ref.label or str(number))))
    add((entry, KGA.parsed, literal(ref.parsed)))
    add((entry, FRBR.partOf, paper))
    add((paper, KGA.hasReference, entry))
    if ref.key:
        add((entry, KGA.key, literal(ref.key)))
    _span(out, entry, ref.span)
    add((entry, BIRO.references, work))
    _add_work(out, doc, work, ref, number)
    return entry


def _add_work(out: list[Triple], doc: Document, work: URIRef, ref: Reference, number: int) -> None:
    """The work a reference entry cites, as the entry prints it (title, venue, year, pages, authors)."""
    add = out.append
    add((work, _TYPE, FABIO.Expression))
    add((work, _TYPE, KGA.AsCitedRecord))
    add((work, KGA.kind, literal(ref.kind)))
    if ref.title:
        add((work, _TITLE, literal(ref.title)))
    if ref.journal:
        add((work, KGA.journalName, literal(ref.journal)))
    if ref.year is not None:
        add((work, KGA.year, literal(ref.year)))
        add((work, PRISM.publicationDate, literal(str(ref.year), XSD.gYear)))
    for prop, value in (
        (PRISM.volume, ref.volume),
        (PRISM.issueIdentifier, ref.issue),
        (PRISM.startingPage, ref.first_page),
        (PRISM.endingPage, ref.last_page),
        (PRISM.doi, ref.doi),
        (FABIO.hasPubMedId, ref.pmid),
    ):
        if value:
            add((work, prop, literal(value)))
    add((work, KGA.etAl, literal(ref.et_al)))
    add((work, KGA.authorCount, literal(len(ref.authors))))
    if ref.authors:
        add((work, KGA.firstAuthorFamily, literal(ref.authors[0].family)))
        for key in surname_keys(ref.authors[0].family):
            add((work, KGA.firstAuthorKey, literal(key)))
    for k, author in enumerate(ref.authors, start=1):
        _add_author(out, node_iri(doc.id, "ref", number, "author", k), work, author, k)


def _add_table(out: list[Triple], doc: Document, paper: URIRef, table: Table, t_index: int) -> None:
    add = out.append
    key = table.number if table.number is not None else t_index
    t = node_iri(doc.id, "table", key)
    add((t, _TYPE, KGA.Table))
    add((t, _TYPE, DOCO.Table))
    add((t, _LABEL, literal(table.label)))
    add((t, _TITLE, literal(table.caption)))
    add((t, KGA.number, literal(key)))
    add((t, FRBR.partOf, paper))
    if table.notes:
        add((t, KGA.notes, literal(table.notes)))
    if table.section is not None:
        add((t, KGA.inSection, node_iri(doc.id, "section", table.section)))
    _span(out, t, table.span)
    column_iris: dict[int, URIRef] = {}
    column_labels: dict[int, Literal] = {}
    for col in table.columns:
        c = node_iri(doc.id, "table", key, "col", col.index)
        column_iris[col.index] = c  # a cell links the last column of its index and reads the first's label
        column_labels.setdefault(col.index, literal(col.label))
        add((c, _TYPE, KGA.Column))
        add((c, _LABEL, literal(col.label)))
        add((c, KGA["index"], literal(col.index)))
        add((c, KGA.columnRole, literal(col.role)))
        add((c, FRBR.partOf, t))
        if col.n is not None:
            add((c, KGA.groupSize, literal(col.n)))
    for row in table.rows:
        r = node_iri(doc.id, "table", key, "row", row.index)
        row_label = literal(row.label)
        add((r, _TYPE, KGA.Row))
        add((r, _LABEL, row_label))
        add((r, KGA["index"], literal(row.index)))
        add((r, FRBR.partOf, t))
        _span(out, r, row.span)
        for cell in row.cells:
            column = column_iris.get(cell.column)
            _add_cell(out, doc, key, t, cell, r, None if column is None else (column, column_labels[cell.column]),
                      row_label)


def _add_cell(
    out: list[Triple], doc: Document, table_key: int, table: URIRef, cell: Cell, row: URIRef,
    column: tuple[URIRef, Literal] | None, row_label: Literal,
) -> None:
    add = out.append
    c = node_iri(doc.id, "table", table_key, "cell", f"{cell.row}-{cell.column}")
    add((c, _TYPE, KGA.Cell))
    add((c, C4O.hasContent, literal(cell.raw)))
    add((c, KGA.row, row))
    add((c, KGA.rowLabel, row_label))
    add((c, KGA.columnIndex, literal(cell.column)))
    add((c, FRBR.partOf, table))
    if column is not None:
        add((c, KGA.column, column[0]))
        add((c, KGA.columnLabel, column[1]))
    _span(out, c, cell.span)
    _add_cell_value(out, c, cell.value)


def _add_cell_value(out: list[Triple], node: URIRef | BNode, value: CellValue) -> None:
    add = out.append
    add((node, KGA.valueKind, literal(value.kind)))
    for name, prop, text_prop in NUMBER_PROPERTIES:
        num = getattr(value, name)
        if num is None:
            continue
        add((node, prop, _decimal(num)))
        add((node, text_prop, literal(num.text)))
    if value.comparator:
        add((node, KGA.pComparator, literal(value.comparator)))
    if value.measure:
        add((node, KGA.measure, literal(value.measure)))
    if value.kind not in ("text", "empty"):
        add((node, KGA.readingBasis, literal(value.basis)))
        if value.evidence:
            add((node, KGA.readingEvidence, literal(value.evidence)))
