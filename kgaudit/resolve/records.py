"""What a bibliographic service says about a work, in one shape for Crossref and PubMed.

The resolver compares a :class:`kgaudit.model.Reference` (the work as cited)
with a :class:`Record` (the work as registered); both services' answers are
normalised into a Record by :mod:`kgaudit.resolve.crossref` and
:mod:`kgaudit.resolve.pubmed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RetractionKind = Literal["retraction", "expression_of_concern", "withdrawal"]


@dataclass(frozen=True)
class Retraction:
    """A retraction (or expression of concern, or withdrawal) attached to a record.

    ``notice_doi`` / ``notice_pmid`` name the notice when the service gives it;
    ``date`` is ISO 8601 (as precise as the service says); ``label`` is the
    service's own wording ("Retraction", "Retracted Publication").
    """

    kind: RetractionKind
    source: str  # "crossref" | "pubmed"
    notice_doi: str | None = None
    notice_pmid: str | None = None
    date: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Record:
    """One registered work as a service describes it.

    ``years`` holds every publication year the service gives (print, online,
    issued), because a reference may cite either; ``year`` is the canonical one.
    ``journal_abbrev`` is the service's short title (Crossref
    ``short-container-title``, PubMed ``source``).
    """

    source: str  # "crossref" | "pubmed"
    doi: str | None = None
    pmid: str | None = None
    title: str | None = None
    journal: str | None = None
    journal_abbrev: str | None = None
    year: int | None = None
    years: tuple[int, ...] = ()
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    first_author: str | None = None  # family name of the first author
    authors: tuple[str, ...] = ()  # family names in order
    type: str | None = None  # "journal-article", "Journal Article", …
    retraction: Retraction | None = None
    notice_for: str | None = None  # this record *is* a retraction notice for that DOI
    search_score: float | None = None  # Crossref relevance score (search answers only)

    @property
    def pages(self) -> str | None:
        """Page range as "first-last" (or the first page alone)."""
        if self.first_page and self.last_page and self.last_page != self.first_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page
