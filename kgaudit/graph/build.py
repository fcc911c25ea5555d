"""Document → RDF graph (the shape is documented in docs/GRAPH.md).

IRIs are deterministic, so building the same paper twice gives the same graph
and findings from two runs can be compared node for node.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

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
from kgaudit.graph.store import new_graph as paper_graph
from kgaudit.ingest.names import name_key, named_author_keys, surname_keys
from kgaudit.model import Author, Cell, CellValue, Document, Num, Reference, Table

_CELL_NUMBERS = (
    "count", "denominator", "percent", "mean", "sd", "median", "low", "high", "p_value", "estimate", "ci_low",
    "ci_high", "number",
)
_PROPERTY_NAMES = {"p_value": "pValue", "ci_low": "ciLow", "ci_high": "ciHigh"}


def new_graph() -> Graph:
    """An empty graph with kgaudit's prefixes bound."""
    graph = paper_graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _decimal(num: Num) -> Literal:
    """An xsd:decimal literal of a printed number (decimals, not floats, so SPARQL compares exactly)."""
    return Literal(Decimal(repr(float(num.value))), datatype=XSD.decimal)


def _span(graph: Graph, node: URIRef, span: object) -> None:
    if span is None:
        return
    graph.add((node, KGA.charStart, Literal(span.start)))  # type: ignore[attr-defined]
    graph.add((node, KGA.charEnd, Literal(span.end)))  # type: ignore[attr-defined]


def document_to_graph(doc: Document, graph: Graph | None = None) -> Graph:
    """Build the RDF graph of ``doc`` (into ``graph`` when given)."""
    g = graph if graph is not None else new_graph()
    paper = document_iri(doc.id)
    g.add((paper, RDF.type, FABIO.JournalArticle))
    g.add((paper, KGA.docId, Literal(doc.id)))
    g.add((paper, DCTERMS.title, Literal(doc.title)))
    g.add((paper, DCTERMS.source, Literal(doc.source)))
    g.add((paper, KGA["format"], Literal(doc.format)))
    if doc.year is not None:
        g.add((paper, KGA.year, Literal(doc.year)))
    for d in doc.dates:
        if d.event == "published":
            g.add((paper, PRISM.publicationDate, Literal(d.date, datatype=XSD.date if len(d.date) == 10 else None)))
        g.add((paper, KGA[f"{d.event}Date"], Literal(d.date)))
    if doc.doi:
        g.add((paper, PRISM.doi, Literal(doc.doi)))
    if doc.journal:
        g.add((paper, KGA.journalName, Literal(doc.journal)))
    for kw in doc.keywords:
        g.add((paper, PRISM.keyword, Literal(kw)))
    if doc.abstract:
        g.add((paper, DCTERMS.abstract, Literal(doc.abstract)))
    for k, author in enumerate(doc.authors, start=1):
        _add_author(g, node_iri(doc.id, "author", k), paper, author, k)
    for warning in doc.warnings:
        g.add((paper, KGA.ingestWarning, Literal(warning)))

    for section in doc.sections:
        s = node_iri(doc.id, "section", section.index)
        g.add((s, RDF.type, DOCO.Section))
        g.add((s, DCTERMS.title, Literal(section.heading)))
        g.add((s, KGA.sectionKind, Literal(section.kind)))
        g.add((s, KGA["index"], Literal(section.index)))
        g.add((s, FRBR.partOf, paper))
        _span(g, s, section.span)
    for sentence in doc.sentences:
        s = node_iri(doc.id, "sentence", sentence.index)
        g.add((s, RDF.type, DOCO.Sentence))
        g.add((s, C4O.hasContent, Literal(sentence.text)))
        g.add((s, KGA["index"], Literal(sentence.index)))
        g.add((s, FRBR.partOf, node_iri(doc.id, "section", sentence.section) if sentence.section is not None else paper))
        _span(g, s, sentence.span)

    ref_by_number: dict[int, URIRef] = {}
    ref_by_key: dict[str, URIRef] = {}
    for position, ref in enumerate(doc.references, start=1):
        node = _add_reference(g, doc, paper, ref, position)
        if ref.number is not None:
            ref_by_number.setdefault(ref.number, node)
        if ref.key:
            ref_by_key[ref.key] = node

    for cit in doc.citations:
        p = node_iri(doc.id, "pointer", cit.index)
        g.add((p, RDF.type, C4O.InTextReferencePointer))
        g.add((p, C4O.hasContent, Literal(cit.text)))
        g.add((p, KGA["index"], Literal(cit.index)))
        g.add((p, KGA.pointerStyle, KGA.AuthorYearPointer if cit.style == "author-year" else KGA.NumericPointer))
        g.add((p, FRBR.partOf, paper))
        _span(g, p, cit.span)
        for number in cit.numbers:
            # XML pointers denote by target id; their numbers are positions, not printed numbers.
            if not cit.keys:
                g.add((p, KGA.citedNumber, Literal(number)))
                if number in ref_by_number:
                    g.add((p, C4O.denotes, ref_by_number[number]))
        for key in cit.keys:
            g.add((p, KGA.citedKey, Literal(key)))
            if key in ref_by_key:
                g.add((p, C4O.denotes, ref_by_key[key]))
        if cit.named_author:
            g.add((p, KGA.namedAuthor, Literal(cit.named_author)))
            g.add((p, KGA.namedAuthorKey, Literal(name_key(cit.named_author))))
            for key in named_author_keys(cit.named_author):
                g.add((p, KGA.namedAuthorVariant, Literal(key)))
        if cit.named_second_author:
            g.add((p, KGA.namedSecondAuthor, Literal(cit.named_second_author)))
        if cit.named_year is not None:
            g.add((p, KGA.namedYear, Literal(cit.named_year)))
        if cit.mention_text:
            g.add((p, KGA.mentionText, Literal(cit.mention_text)))
        if cit.sentence is not None:
            g.add((p, C4O.hasContext, node_iri(doc.id, "sentence", cit.sentence)))
        if cit.section is not None:
            g.add((p, KGA.inSection, node_iri(doc.id, "section", cit.section)))

    for t_index, table in enumerate(doc.tables, start=1):
        _add_table(g, doc, paper, table, t_index)

    for k, stat in enumerate(doc.statistics):
        s = node_iri(doc.id, "stat", k)
        g.add((s, RDF.type, KGA.TextStatistic))
        g.add((s, KGA.test, Literal(stat.test)))
        g.add((s, C4O.hasContent, Literal(stat.raw)))
        g.add((s, KGA.statValue, _decimal(stat.value)))
        g.add((s, KGA.statValueText, Literal(stat.value.text)))
        g.add((s, KGA.statComparator, Literal(stat.comparator)))
        g.add((s, FRBR.partOf, paper))
        if stat.df1 is not None:
            g.add((s, KGA.df1, Literal(stat.df1, datatype=XSD.decimal)))
        if stat.df2 is not None:
            g.add((s, KGA.df2, Literal(stat.df2, datatype=XSD.decimal)))
        if stat.n is not None:
            g.add((s, KGA.sampleSize, Literal(stat.n)))
        if stat.p_value is not None:
            g.add((s, KGA.pValue, _decimal(stat.p_value)))
            g.add((s, KGA.pValueText, Literal(stat.p_value.text)))
            g.add((s, KGA.pComparator, Literal(stat.p_comparator or "=")))
        if stat.sentence is not None:
            g.add((s, C4O.hasContext, node_iri(doc.id, "sentence", stat.sentence)))
        _span(g, s, stat.span)
    return g


def _add_author(g: Graph, node: URIRef, work: URIRef, author: Author, position: int) -> None:
    g.add((node, RDF.type, FOAF.Person))
    g.add((node, FOAF.familyName, Literal(author.family)))
    for key in surname_keys(author.family):
        g.add((node, KGA.authorKey, Literal(key)))
    if author.given:
        g.add((node, FOAF.givenName, Literal(author.given)))
    g.add((node, KGA.position, Literal(position)))
    g.add((work, DCTERMS.creator, node))


def _add_reference(g: Graph, doc: Document, paper: URIRef, ref: Reference, position: int) -> URIRef:
    number = ref.number if ref.number is not None else position
    entry = node_iri(doc.id, "ref", number)
    work = node_iri(doc.id, "ref", number, "work")
    g.add((entry, RDF.type, BIRO.BibliographicReference))
    g.add((entry, C4O.hasContent, Literal(ref.raw)))
    g.add((entry, KGA.number, Literal(number)))
    g.add((entry, FABIO.hasSequenceIdentifier, Literal(ref.label or str(number))))
    g.add((entry, KGA.parsed, Literal(ref.parsed)))
    g.add((entry, FRBR.partOf, paper))
    g.add((paper, KGA.hasReference, entry))
    if ref.key:
        g.add((entry, KGA.key, Literal(ref.key)))
    _span(g, entry, ref.span)
    g.add((entry, BIRO.references, work))
    g.add((work, RDF.type, FABIO.Expression))
    g.add((work, RDF.type, KGA.AsCitedRecord))
    g.add((work, KGA.kind, Literal(ref.kind)))
    if ref.title:
        g.add((work, DCTERMS.title, Literal(ref.title)))
    if ref.journal:
        g.add((work, KGA.journalName, Literal(ref.journal)))
    if ref.year is not None:
        g.add((work, KGA.year, Literal(ref.year)))
        g.add((work, PRISM.publicationDate, Literal(str(ref.year), datatype=XSD.gYear)))
    for prop, value in (
        (PRISM.volume, ref.volume),
        (PRISM.issueIdentifier, ref.issue),
        (PRISM.startingPage, ref.first_page),
        (PRISM.endingPage, ref.last_page),
        (PRISM.doi, ref.doi),
        (FABIO.hasPubMedId, ref.pmid),
    ):
        if value:
            g.add((work, prop, Literal(value)))
    g.add((work, KGA.etAl, Literal(ref.et_al)))
    g.add((work, KGA.authorCount, Literal(len(ref.authors))))
    if ref.authors:
        g.add((work, KGA.firstAuthorFamily, Literal(ref.authors[0].family)))
        for key in surname_keys(ref.authors[0].family):
            g.add((work, KGA.firstAuthorKey, Literal(key)))
    for k, author in enumerate(ref.authors, start=1):
        _add_author(g, node_iri(doc.id, "ref", number, "author", k), work, author, k)
    return entry


def _add_table(g: Graph, doc: Document, paper: URIRef, table: Table, t_index: int) -> None:
    key = table.number if table.number is not None else t_index
    t = node_iri(doc.id, "table", key)
    g.add((t, RDF.type, KGA.Table))
    g.add((t, RDF.type, DOCO.Table))
    g.add((t, RDFS.label, Literal(table.label)))
    g.add((t, DCTERMS.title, Literal(table.caption)))
    g.add((t, KGA.number, Literal(key)))
    g.add((t, FRBR.partOf, paper))
    if table.notes:
        g.add((t, KGA.notes, Literal(table.notes)))
    if table.section is not None:
        g.add((t, KGA.inSection, node_iri(doc.id, "section", table.section)))
    _span(g, t, table.span)
    columns: dict[int, URIRef] = {}
    for col in table.columns:
        c = node_iri(doc.id, "table", key, "col", col.index)
        columns[col.index] = c
        g.add((c, RDF.type, KGA.Column))
        g.add((c, RDFS.label, Literal(col.label)))
        g.add((c, KGA["index"], Literal(col.index)))
        g.add((c, KGA.columnRole, Literal(col.role)))
        g.add((c, FRBR.partOf, t))
        if col.n is not None:
            g.add((c, KGA.groupSize, Literal(col.n)))
    for row in table.rows:
        r = node_iri(doc.id, "table", key, "row", row.index)
        g.add((r, RDF.type, KGA.Row))
        g.add((r, RDFS.label, Literal(row.label)))
        g.add((r, KGA["index"], Literal(row.index)))
        g.add((r, FRBR.partOf, t))
        _span(g, r, row.span)
        for cell in row.cells:
            _add_cell(g, doc, key, cell, r, columns.get(cell.column), row.label, table)


def _add_cell(
    g: Graph, doc: Document, table_key: int, cell: Cell, row: URIRef, column: URIRef | None, row_label: str,
    table: Table,
) -> None:
    c = node_iri(doc.id, "table", table_key, "cell", f"{cell.row}-{cell.column}")
    g.add((c, RDF.type, KGA.Cell))
    g.add((c, C4O.hasContent, Literal(cell.raw)))
    g.add((c, KGA.row, row))
    g.add((c, KGA.rowLabel, Literal(row_label)))
    g.add((c, KGA.columnIndex, Literal(cell.column)))
    g.add((c, FRBR.partOf, node_iri(doc.id, "table", table_key)))
    if column is not None:
        g.add((c, KGA.column, column))
        label = next((col.label for col in table.columns if col.index == cell.column), "")
        g.add((c, KGA.columnLabel, Literal(label)))
    _span(g, c, cell.span)
    _add_cell_value(g, c, cell.value)


def _add_cell_value(g: Graph, node: URIRef | BNode, value: CellValue) -> None:
    g.add((node, KGA.valueKind, Literal(value.kind)))
    for name in _CELL_NUMBERS:
        num = getattr(value, name)
        if num is None:
            continue
        prop = _PROPERTY_NAMES.get(name, name)
        g.add((node, KGA[prop], _decimal(num)))
        g.add((node, KGA[f"{prop}Text"], Literal(num.text)))
    if value.comparator:
        g.add((node, KGA.pComparator, Literal(value.comparator)))
    if value.measure:
        g.add((node, KGA.measure, Literal(value.measure)))
    if value.kind not in ("text", "empty"):
        g.add((node, KGA.readingBasis, Literal(value.basis)))
        if value.evidence:
            g.add((node, KGA.readingEvidence, Literal(value.evidence)))
