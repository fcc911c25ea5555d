"""Author-date mentions against the entry they are linked to: the second author (``citation.`` family).

An author-date paper links "Sweller & Cooper (1985)" to its entry by first author
and year (:func:`kgaudit.ingest.citations.link_author_year`).  A two-author
mention also names the second author; when the linked entry has exactly two
authors and its second one is someone else, the sentence names a work the list
does not hold (or the list names the wrong co-author).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kgaudit.checks.base import Finding, Location, python_check
from kgaudit.graph.namespaces import C4O, KGA
from kgaudit.graph.views import references
from kgaudit.ingest.names import first_author_keys, name_key


@python_check(
    "citation.second_author_mismatch", severity="error",
    description="A two-author mention (\"Sweller & Brown, 1985\") linked to an entry whose two authors are "
                "another pair (Sweller & Cooper, 1985).",
)
def check_second_author(graph: Graph) -> Iterator[Finding]:
    """Each two-author mention against the second author of the two-author entry it denotes."""
    entries = {r.iri: r for r in references(graph)}
    for pointer in graph.subjects(RDF.type, C4O.InTextReferencePointer):
        assert isinstance(pointer, URIRef)
        second = graph.value(pointer, KGA.namedSecondAuthor)
        if second is None:
            continue
        denoted = [entries[r] for r in graph.objects(pointer, C4O.denotes) if r in entries]
        if len(denoted) != 1 or len(denoted[0].authors) != 2:
            continue  # three or more authors: a two-name mention is a style matter, not a wrong name
        entry = denoted[0]
        listed = entry.authors[1]
        if name_key(str(second)) in first_author_keys(listed):
            continue
        mention = str(graph.value(pointer, KGA.mentionText) or graph.value(pointer, C4O.hasContent) or "")
        start, end = graph.value(pointer, KGA.charStart), graph.value(pointer, KGA.charEnd)
        yield Finding(
            check="citation.second_author_mismatch", severity="error",
            message=f"“{mention}” names {second} as second author, but the entry it cites (reference "
                    f"{entry.number}: {entry.authors[0]} & {listed}, {entry.year}) has {listed}",
            focus=str(pointer),
            location=Location(reference=entry.number, quote=mention,
                              char_start=int(start) if start is not None else None,
                              char_end=int(end) if end is not None else None),
            evidence={"named_second_author": str(second), "listed_authors": list(entry.authors),
                      "reference": entry.number},
        )
