"""Journal facts: which journal each reference names, its volumes for the cited year, and whether it fits the paper.

For every reference with a printed journal name, the journal knowledge base
(:mod:`kgaudit.resolve.journals`, ``kgaudit/data/journals.csv``, or the table
named by ``KGAUDIT_JOURNALS``, such as one ``kgaudit journals refresh`` wrote) resolves the
name; a name it does not know, or cannot tell apart from another journal's,
stays unknown and gets no facts (a wrong journal is worse than none).  The
SPARQL rules ``reference_implausible_volume.rq`` and
``reference_venue_mismatch.rq`` then join on these facts.

Terms added (``kgaudit.ttl``, "# ---- journals" block):

* the journal, a corpus-wide node ``https://w3id.org/kgaudit/journal/{id}``:
  ``fabio:Journal``, ``dcterms:title``, ``fabio:hasNLMJournalTitleAbbreviation``,
  ``prism:issn`` / ``prism:eIssn``, ``kga:journalId`` (the table's id) and one
  ``kga:subjectTerm`` per subject;
* per reference, a ``kga:JournalMatch`` node ``D/ref/{n}/journal-match`` linked
  from the as-cited record by ``kga:journalMatch``: ``kga:matchedJournal`` →
  journal, ``kga:matchConfidence`` (1.0 exact name, lower for an abbreviation
  alignment), ``kga:matchMethod``, ``kga:matchedName``; ``kga:expectedVolumeMin`` /
  ``kga:expectedVolumeMax`` (``xsd:integer``), the volumes the journal published
  from the year before to the year after the cited year (one year of volumes of
  tolerance absorbs online-first dates and December issues cited under the next
  year), written only when the table models that year, and with them
  ``kga:volumeToleranceYears`` and ``kga:yearAsVolumeSlack`` (``xsd:integer``),
  the parameters the rule ``reference_implausible_volume.rq`` reads; ``kga:venueOnTopic``
  (``xsd:boolean``), whether the journal's subjects fit the citing paper's topic,
  written only when both are known;
* on the as-cited record, ``kga:volumeNumber`` (``xsd:integer``): the volume as a
  number when it starts with one ("155A" → 155), with ``kga:volumeNumberNote``
  when it was read from supplement notation split across the fields (volume
  "1", issue "108 Suppl" is volume 108, supplement 1);
* on the paper, one ``kga:topicSubject`` per subject term of its title, keywords
  and abstract (:func:`~kgaudit.resolve.journals.topic_subjects`), and
  ``kga:ownJournal`` → journal when the paper's own journal is known.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgaudit.derive import derivation
from kgaudit.graph.namespaces import FABIO, JOURNAL, KGA, PRISM
from kgaudit.graph.views import paper_iri, references
from kgaudit.resolve.journals import (
    VOLUME_TOLERANCE_YEARS,
    YEAR_AS_VOLUME_SLACK,
    JournalBase,
    JournalEntry,
    expected_volume_span,
    leading_integer,
    load_journals,
    subjects_related,
    topic_subjects,
)

# Reference kinds whose container is not a journal: a book's publisher or series is no venue to judge.
_NOT_JOURNALS = frozenset({"book", "chapter", "web"})
# "108 Suppl" in the issue with the supplement's number in the volume field: JATS and PubMed often split
# "108 Suppl 1" this way.  Supplement numbers are small; a larger volume is taken as printed.
_SUPPLEMENT_ISSUE = re.compile(r"^\s*(\d+)\s*(?:Suppl(?:ement)?|Sup)\b\.?", re.IGNORECASE)
_MAX_SUPPLEMENT_NUMBER = 20
_SUPPLEMENT_ALONE = re.compile(r"\s*sup(?:p|pl|plement)?\.?\s*", re.IGNORECASE)


def journal_iri(entry: JournalEntry) -> URIRef:
    """The corpus-wide node of a knowledge-base journal."""
    return JOURNAL[entry.id]


def volume_number(volume: str | None, issue: str | None = None) -> tuple[int | None, str | None]:
    """The volume as an integer, and a note when it was read from supplement notation.

    ``("155A", None)`` → ``(155, None)``; ``("1", "108 Suppl")`` → ``(108, note)``;
    ``("Suppl 2", None)`` → ``(None, None)`` (no number to judge).
    """
    number = leading_integer(volume)
    if number is None:
        return None, None
    supplement = _SUPPLEMENT_ISSUE.match(issue or "")
    if supplement and number <= _MAX_SUPPLEMENT_NUMBER and int(supplement.group(1)) > number:
        return int(supplement.group(1)), (
            f"read from the issue field “{issue}”: volume {supplement.group(1)}, supplement {number}"
        )
    if _SUPPLEMENT_ALONE.fullmatch(issue or ""):
        # "European Urology 7 Suppl" (a bare "Suppl", no issue of the journal): a supplement series may
        # number its volumes on its own
        # (European Urology Supplements 7 is 2008, European Urology 7 is 1981): nothing certain to judge.
        return None, None
    return number, None


def _add_journal(graph: Graph, entry: JournalEntry) -> URIRef:
    node = journal_iri(entry)
    if (node, RDF.type, FABIO.Journal) in graph:
        return node
    graph.add((node, RDF.type, FABIO.Journal))
    graph.add((node, DCTERMS.title, Literal(entry.title)))
    graph.add((node, KGA.journalId, Literal(entry.id)))
    if entry.nlm_abbrev:
        graph.add((node, FABIO.hasNLMJournalTitleAbbreviation, Literal(entry.nlm_abbrev)))
    if entry.issn_print:
        graph.add((node, PRISM.issn, Literal(entry.issn_print)))
    if entry.issn_online:
        graph.add((node, PRISM.eIssn, Literal(entry.issn_online)))
    for subject in entry.subjects:
        graph.add((node, KGA.subjectTerm, Literal(subject)))
    return node


def paper_topic_text(graph: Graph, paper: URIRef) -> str:
    """The text a paper's topic is read from: its title, keywords and abstract."""
    parts = [str(graph.value(paper, DCTERMS.title) or "")]
    parts += sorted(str(k) for k in graph.objects(paper, PRISM.keyword))
    parts.append(str(graph.value(paper, DCTERMS.abstract) or ""))
    return "\n".join(p for p in parts if p)


@derivation("journals", provides="journals", order=20)
def derive_journal_facts(graph: Graph, base: JournalBase | None = None) -> None:
    """Add journal matches, expected volume ranges, volume numbers and topic subjects (see the module docstring)."""
    base = base if base is not None else load_journals(os.environ.get("KGAUDIT_JOURNALS") or None)
    paper = paper_iri(graph)
    topic: set[str] = set()
    if paper is not None:
        topic = topic_subjects(paper_topic_text(graph, paper))
        for subject in sorted(topic):
            graph.add((paper, KGA.topicSubject, Literal(subject)))
        own = base.resolve(str(graph.value(paper, KGA.journalName) or ""))
        if own is not None:
            graph.add((paper, KGA.ownJournal, _add_journal(graph, own.entry)))
    for ref in references(graph):
        if not ref.journal or str(graph.value(ref.work, KGA.kind) or "journal") in _NOT_JOURNALS:
            continue
        number, note = volume_number(ref.volume, ref.issue)
        if number is not None:
            graph.add((ref.work, KGA.volumeNumber, Literal(number, datatype=XSD.integer)))
            if note:
                graph.add((ref.work, KGA.volumeNumberNote, Literal(note)))
        match = base.resolve(ref.journal)
        if match is None:
            continue  # unknown or ambiguous: never guessed
        node = URIRef(f"{ref.iri}/journal-match")
        graph.add((ref.work, KGA.journalMatch, node))
        graph.add((node, RDF.type, KGA.JournalMatch))
        graph.add((node, KGA.matchedJournal, _add_journal(graph, match.entry)))
        graph.add((node, KGA.matchConfidence, Literal(Decimal(str(match.confidence)), datatype=XSD.decimal)))
        graph.add((node, KGA.matchMethod, Literal(match.method)))
        graph.add((node, KGA.matchedName, Literal(match.matched_name)))
        if ref.year is not None:
            span = expected_volume_span(match.entry, ref.year, VOLUME_TOLERANCE_YEARS)
            if span is not None:
                graph.add((node, KGA.expectedVolumeMin, Literal(span[0], datatype=XSD.integer)))
                graph.add((node, KGA.expectedVolumeMax, Literal(span[1], datatype=XSD.integer)))
                graph.add((node, KGA.volumeToleranceYears, Literal(VOLUME_TOLERANCE_YEARS, datatype=XSD.integer)))
                graph.add((node, KGA.yearAsVolumeSlack, Literal(YEAR_AS_VOLUME_SLACK, datatype=XSD.integer)))
        if topic and match.entry.subjects:
            related = subjects_related(topic, set(match.entry.subjects))
            graph.add((node, KGA.venueOnTopic, Literal(related)))
