"""NCBI E-utilities: ECitMatch (citation fields → PMID) and ESummary (PMID → record).

Both are batched: one ECitMatch call carries a whole reference list
(``journal|year|volume|first_page|author|key|`` lines in ``bdata``), one
ESummary call up to :data:`ESUMMARY_BATCH` PMIDs (``id=1,2,3``, JSON).  ECitMatch
tolerates a wrong author, so every hit is verified against its ESummary record
by the resolver.  PubMed marks retracted articles with the publication type
"Retracted Publication" (and links the notice as "Retraction in").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import requests

from kgaudit.model import Reference
from kgaudit.resolve.http import PUBMED, Lookup, ResolverSession
from kgaudit.resolve.match import fold, normalize_doi, split_pages
from kgaudit.resolve.records import Record, Retraction

ECITMATCH_BATCH = 100  # citations per ECitMatch call (keeps the GET URL a few kB long)
ESUMMARY_BATCH = 200  # NCBI's advice for ids in one GET

CitationStatus = Literal["found", "ambiguous", "not_found"]


@dataclass(frozen=True)
class CitationHit:
    """ECitMatch's answer for one citation line."""

    key: str
    status: CitationStatus
    pmid: str | None = None
    detail: str = ""  # the service's own text ("NOT_FOUND;INVALID_JOURNAL", "AMBIGUOUS (2 citations)")


@dataclass(frozen=True)
class CitationAnswer:
    """One ECitMatch call: hits by key; ``lookup.fault`` when the service did not answer."""

    lookup: Lookup
    keys: tuple[str, ...]
    hits: dict[str, CitationHit] = field(default_factory=dict)


@dataclass(frozen=True)
class SummaryAnswer:
    """One ESummary call: records by PMID and the asked PMIDs PubMed does not have."""

    lookup: Lookup
    pmids: tuple[str, ...]
    records: dict[str, Record] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- ECitMatch


def _field(text: str | None) -> str:
    # The line format has no escaping: drop the separators and line breaks it uses.
    return " ".join((text or "").replace("|", " ").split()).lower()


def citation_line(ref: Reference, key: str) -> str | None:
    """The ECitMatch line for ``ref`` (None when it lacks a journal and two of year, volume, first page)."""
    if not ref.journal:
        return None
    located = [ref.year is not None, bool(ref.volume), bool(ref.first_page)]
    if sum(located) < 2:
        return None
    author = ""
    if ref.authors:
        first = ref.authors[0]
        initials = "".join(ch for ch in first.given if ch.isalpha() and ch.isupper()) or first.given[:1]
        author = f"{first.family} {initials}".strip()
    fields = [ref.journal, str(ref.year or ""), ref.volume or "", ref.first_page or "", author, key]
    return "|".join(_field(f) for f in fields) + "|"


def _parse_citmatch(keys: Sequence[str]) -> Any:
    wanted = set(keys)

    def parse(response: requests.Response) -> dict[str, CitationHit]:
        hits: dict[str, CitationHit] = {}
        for line in response.text.splitlines():
            parts = line.split("|")
            if len(parts) < 7 or parts[5].strip() not in wanted:
                continue
            key, result = parts[5].strip(), parts[6].strip()
            hits[key] = parse_citation_result(key, result)
        if set(hits) != wanted:
            # a truncated or foreign body: every line we sent must come back
            raise ValueError(f"ECitMatch answered {len(hits)} of {len(wanted)} citations")
        return hits

    return parse


def parse_citation_result(key: str, result: str) -> CitationHit:
    """Read ECitMatch's last column: a PMID, ``AMBIGUOUS …`` or ``NOT_FOUND…``."""
    if result.isdigit():
        return CitationHit(key, "found", result, result)
    upper = result.upper()
    if upper.startswith("AMBIGUOUS"):
        return CitationHit(key, "ambiguous", None, result)
    if upper.startswith("NOT_FOUND") or not result:
        return CitationHit(key, "not_found", None, result)
    raise ValueError(f"unexpected ECitMatch result {result[:40]!r}")


def ecitmatch(session: ResolverSession, lines: dict[str, str]) -> list[CitationAnswer]:
    """Match citation lines (key → line) in batches of :data:`ECITMATCH_BATCH`: one call for most papers."""
    answers = []
    items = list(lines.items())
    for start in range(0, len(items), ECITMATCH_BATCH):
        batch = items[start : start + ECITMATCH_BATCH]
        keys = tuple(k for k, _ in batch)
        params = {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(line for _, line in batch)}
        fetch = session.get(PUBMED, "/ecitmatch.cgi", params, parse=_parse_citmatch(keys))
        answers.append(CitationAnswer(fetch.lookup, keys, fetch.data if fetch.ok else {}))
    return answers


# --------------------------------------------------------------------------- ESummary


def _summaries(response: requests.Response) -> dict[str, dict[str, Any] | None]:
    body = response.json()
    if not isinstance(body, dict):
        raise ValueError("ESummary body is not an object")
    if "result" not in body:
        if "esummaryresult" in body:  # "Invalid uid", "Empty id list": an answer with no records
            return {}
        raise ValueError(f"ESummary error: {str(body.get('error', body))[:80]}")
    result = body["result"]
    out: dict[str, dict[str, Any] | None] = {}
    for uid in result.get("uids", []):
        doc = result.get(str(uid))
        out[str(uid)] = doc if isinstance(doc, dict) and not doc.get("error") else None
    return out


def esummary(session: ResolverSession, pmids: Sequence[str]) -> list[SummaryAnswer]:
    """Fetch ESummary records for ``pmids`` in batches of :data:`ESUMMARY_BATCH` (one call for most papers)."""
    unique = list(dict.fromkeys(p for p in pmids if p))
    answers = []
    for start in range(0, len(unique), ESUMMARY_BATCH):
        batch = tuple(unique[start : start + ESUMMARY_BATCH])
        params = {"db": "pubmed", "id": ",".join(batch), "retmode": "json"}
        fetch = session.get(PUBMED, "/esummary.fcgi", params, parse=_summaries)
        if not fetch.ok:
            answers.append(SummaryAnswer(fetch.lookup, batch))
            continue
        records = {uid: record_from_summary(doc) for uid, doc in fetch.data.items() if doc is not None}
        answers.append(SummaryAnswer(fetch.lookup, batch, records, frozenset(set(batch) - set(records))))
    return answers


def _year(text: Any) -> int | None:
    m = re.match(r"\s*(\d{4})", str(text or ""))
    return int(m.group(1)) if m else None


def family_of(name: str) -> str:
    """Family name from a PubMed author string: "O'Byrne KJ" → "O'Byrne"."""
    words = name.split()
    if len(words) > 1 and re.fullmatch(r"[A-Z]{1,4}", words[-1]):
        words = words[:-1]
    return " ".join(words)


def _doi_of(doc: dict[str, Any]) -> str | None:
    for article_id in doc.get("articleids") or []:
        if isinstance(article_id, dict) and article_id.get("idtype") == "doi" and article_id.get("value"):
            return normalize_doi(article_id["value"])
    m = re.search(r"doi:\s*(10\.\S+)", str(doc.get("elocationid") or ""))
    return normalize_doi(m.group(1)) if m else None


def record_from_summary(doc: dict[str, Any]) -> Record:
    """Normalise one ESummary document (``retmode=json``) into a :class:`Record`."""
    authors = tuple(
        family_of(str(a.get("name", "")))
        for a in doc.get("authors") or []
        if isinstance(a, dict) and a.get("name") and "collective" not in str(a.get("authtype", "")).lower()
    )
    years = []
    for key in ("pubdate", "epubdate", "sortpubdate"):
        year = _year(doc.get(key))
        if year is not None and year not in years:
            years.append(year)
    first_page, last_page = split_pages(str(doc.get("pages") or "") or None)
    title = " ".join(str(doc.get("title") or "").split()).rstrip(".") or None
    return Record(
        source=PUBMED,
        doi=_doi_of(doc),
        pmid=str(doc.get("uid")) if doc.get("uid") else None,
        title=title,
        journal=str(doc.get("fulljournalname") or "") or None,
        journal_abbrev=str(doc.get("source") or "") or None,
        year=years[0] if years else None,
        years=tuple(years),
        volume=str(doc.get("volume") or "") or None,
        issue=str(doc.get("issue") or "") or None,
        first_page=first_page,
        last_page=last_page,
        first_author=authors[0] if authors else None,
        authors=authors,
        type="; ".join(str(t) for t in doc.get("pubtype") or []) or None,
        retraction=retraction_from_summary(doc),
    )


def retraction_from_summary(doc: dict[str, Any]) -> Retraction | None:
    """PubMed's retraction signals: publication type "Retracted Publication", and linked notices."""
    pubtypes = {fold(str(t)) for t in doc.get("pubtype") or []}
    notices = {"retraction": None, "expression_of_concern": None}
    for ref in doc.get("references") or []:
        if not isinstance(ref, dict):
            continue
        reftype = fold(str(ref.get("reftype", ""))).replace(" ", "")
        pmid = str(ref.get("pmid") or "") or None
        if reftype.startswith("retractionin"):
            notices["retraction"] = pmid or "unknown"
        elif reftype.startswith("expressionofconcernin"):
            notices["expression_of_concern"] = pmid or "unknown"
    if "retracted publication" in pubtypes or notices["retraction"]:
        notice = notices["retraction"] if notices["retraction"] != "unknown" else None
        return Retraction("retraction", PUBMED, None, notice, None, "Retracted Publication")
    if notices["expression_of_concern"]:
        notice = notices["expression_of_concern"] if notices["expression_of_concern"] != "unknown" else None
        return Retraction("expression_of_concern", PUBMED, None, notice, None, "Expression of concern")
    return None
