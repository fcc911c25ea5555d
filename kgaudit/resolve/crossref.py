"""Crossref REST API: a work by DOI, a DOI's registration agency, and bibliographic search.

Calls go through :class:`kgaudit.resolve.http.ResolverSession` and come back as
typed answers; a network fault is carried, never raised.  Records are
normalised into :class:`kgaudit.resolve.records.Record`, retraction notices
included (``updated-by`` / ``update-to`` of type retraction, withdrawal,
removal or expression of concern; ``relation``; a "RETRACTED:" title).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from kgaudit.resolve.http import CROSSREF, Fetch, Lookup, ResolverSession
from kgaudit.resolve.match import normalize_doi, split_pages
from kgaudit.resolve.records import Record, Retraction, RetractionKind

SEARCH_ROWS = 5
# Crossref update types (as deposited; normalised with "-"/"_" → " ") that retract or flag a work.
_UPDATE_KINDS: dict[str, RetractionKind] = {
    "retraction": "retraction",
    "partial retraction": "retraction",
    "removal": "retraction",
    "withdrawal": "withdrawal",
    "expression of concern": "expression_of_concern",
}


@dataclass(frozen=True)
class WorkAnswer:
    """``/works/{doi}``: the record, or ``exists=False`` for a 404; ``lookup.fault`` when no answer."""

    lookup: Lookup
    record: Record | None = None
    exists: bool | None = None  # None when the service did not answer


@dataclass(frozen=True)
class AgencyAnswer:
    """``/works/{doi}/agency``: which registration agency holds the DOI (None: not registered)."""

    lookup: Lookup
    agency: str | None = None  # "crossref", "datacite", "medra", …
    registered: bool | None = None  # None when the service did not answer


@dataclass(frozen=True)
class SearchAnswer:
    """``/works?query.bibliographic=…``: up to :data:`SEARCH_ROWS` records in the service's order."""

    lookup: Lookup
    records: tuple[Record, ...] = ()


# --------------------------------------------------------------------------- calls


def _doi_path(doi: str) -> str:
    return "/works/" + quote(doi, safe="/:;()<>[]._-")


def _message(response: requests.Response) -> Any:
    body = response.json()
    if not isinstance(body, dict) or "message" not in body:
        raise ValueError("no 'message' in Crossref body")
    return body["message"]


def _work_or_missing(response: requests.Response) -> dict[str, Any] | None:
    if response.status_code == 404:
        return None
    message = _message(response)
    if not isinstance(message, dict) or "DOI" not in message:
        raise ValueError("Crossref work without a DOI")
    return message


def fetch_work(session: ResolverSession, doi: str) -> WorkAnswer:
    """Look a printed DOI up: ``/works/{doi}`` (a 404 means Crossref holds no such DOI)."""
    fetch = session.get(CROSSREF, _doi_path(doi), parse=_work_or_missing, answered=(200, 404))
    if not fetch.ok:
        return WorkAnswer(fetch.lookup)
    if fetch.data is None:
        return WorkAnswer(fetch.lookup, None, exists=False)
    return WorkAnswer(fetch.lookup, record_from_work(fetch.data), exists=True)


def _agency(response: requests.Response) -> str | None:
    if response.status_code == 404:
        return None
    message = _message(response)
    agency = message.get("agency") or {}
    if not isinstance(agency, dict) or not agency.get("id"):
        raise ValueError("agency answer without an agency id")
    return str(agency["id"]).lower()


def fetch_agency(session: ResolverSession, doi: str) -> AgencyAnswer:
    """Ask which registration agency holds ``doi`` (Crossref, DataCite, mEDRA…) or none."""
    fetch: Fetch = session.get(CROSSREF, _doi_path(doi) + "/agency", parse=_agency, answered=(200, 404))
    if not fetch.ok:
        return AgencyAnswer(fetch.lookup)
    return AgencyAnswer(fetch.lookup, fetch.data, registered=fetch.data is not None)


def _items(response: requests.Response) -> list[dict[str, Any]]:
    message = _message(response)
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise ValueError("Crossref list without 'items'")
    return items


def search(session: ResolverSession, text: str, rows: int = SEARCH_ROWS) -> SearchAnswer:
    """Bibliographic search for a whole reference string; the records keep Crossref's score."""
    params = {"query.bibliographic": " ".join(text.split())[:1000], "rows": str(rows)}
    fetch = session.get(CROSSREF, "/works", params, parse=_items)
    if not fetch.ok:
        return SearchAnswer(fetch.lookup)
    records = tuple(record_from_work(item) for item in fetch.data if isinstance(item, dict) and item.get("DOI"))
    return SearchAnswer(fetch.lookup, records)


# --------------------------------------------------------------------------- parsing


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = " ".join(html.unescape(str(value)).split())
    return text or None


def _year_of(part: Any) -> int | None:
    try:
        year = part["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        return None
    return int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None


def _date_of(part: Any) -> str | None:
    try:
        bits = [int(b) for b in part["date-parts"][0] if b is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return "-".join(f"{b:02d}" if i else f"{b:04d}" for i, b in enumerate(bits)) or None


def _authors(work: dict[str, Any]) -> tuple[str, ...]:
    people = [a for a in work.get("author") or [] if isinstance(a, dict)]
    firsts = [a for a in people if a.get("sequence") == "first"]
    ordered = firsts[:1] + [a for a in people if a not in firsts[:1]]
    return tuple(str(a.get("family") or a.get("name") or "").strip() for a in ordered if a.get("family") or a.get("name"))


def record_from_work(work: dict[str, Any]) -> Record:
    """Normalise one Crossref work (a ``message`` or a search ``item``) into a :class:`Record`."""
    doi = normalize_doi(work.get("DOI"))
    title = _first(work.get("title"))
    if title:
        title = re.sub(r"<[^>]+>", "", title)
    years: list[int] = []
    for key in ("published-print", "published-online", "issued", "published"):
        year = _year_of(work.get(key))
        if year is not None and year not in years:
            years.append(year)
    first_page, last_page = split_pages(_first(work.get("page")))
    authors = _authors(work)
    retraction, notice_for = retraction_from_work(work)
    score = work.get("score")
    return Record(
        source=CROSSREF,
        doi=doi,
        title=title,
        journal=_first(work.get("container-title")),
        journal_abbrev=_first(work.get("short-container-title")),
        year=_year_of(work.get("issued")) or (years[0] if years else None),
        years=tuple(years),
        volume=_first(work.get("volume")),
        issue=_first(work.get("issue")) or _first((work.get("journal-issue") or {}).get("issue")),
        first_page=first_page,
        last_page=last_page,
        first_author=authors[0] if authors else None,
        authors=authors,
        type=work.get("type"),
        retraction=retraction,
        notice_for=notice_for,
        search_score=float(score) if isinstance(score, (int, float)) else None,
    )


def _update_kind(value: Any) -> RetractionKind | None:
    key = re.sub(r"[-_]+", " ", str(value or "")).strip().lower()
    return _UPDATE_KINDS.get(key)


def retraction_from_work(work: dict[str, Any]) -> tuple[Retraction | None, str | None]:
    """Whether a Crossref work is retracted (or under an expression of concern).

    Returns ``(retraction, notice_for)``: ``retraction`` when the work itself is
    flagged, ``notice_for`` (a DOI) when the work *is* a retraction notice for
    another work.  A notice deposited as ``update-to`` the work's own DOI (some
    publishers re-issue the retracted article that way) flags the work itself.
    """
    own = normalize_doi(work.get("DOI"))
    found: list[Retraction] = []
    for update in work.get("updated-by") or []:
        kind = _update_kind(update.get("type")) if isinstance(update, dict) else None
        if kind:
            found.append(Retraction(kind, CROSSREF, normalize_doi(update.get("DOI")), None,
                                    _date_of(update.get("updated")), str(update.get("label") or update.get("type"))))
    notice_for = None
    for update in work.get("update-to") or []:
        kind = _update_kind(update.get("type")) if isinstance(update, dict) else None
        if not kind:
            continue
        target = normalize_doi(update.get("DOI"))
        if target and target == own:
            found.append(Retraction(kind, CROSSREF, own, None, _date_of(update.get("updated")),
                                    str(update.get("label") or update.get("type"))))
        elif notice_for is None:
            notice_for = target
    relation = work.get("relation") or {}
    if isinstance(relation, dict):
        for rel_type, targets in relation.items():
            if "retract" in rel_type.lower() and rel_type.lower().startswith(("is-retracted", "has-retraction")):
                for target in targets if isinstance(targets, list) else []:
                    notice = normalize_doi(target.get("id")) if isinstance(target, dict) else None
                    found.append(Retraction("retraction", CROSSREF, notice, None, None, rel_type))
    title = _first(work.get("title")) or ""
    if not found and re.match(r"^\s*(retracted|withdrawn)(\s+article)?\s*[:\-–]", title, re.IGNORECASE):
        kind_word = "withdrawal" if title.strip().lower().startswith("withdrawn") else "retraction"
        found.append(Retraction(kind_word, CROSSREF, None, None, None, "title says " + title.split(":")[0].strip()))
    if not found:
        return None, notice_for
    # A retraction outranks a withdrawal, which outranks an expression of concern.
    order = {"retraction": 0, "withdrawal": 1, "expression_of_concern": 2}
    found.sort(key=lambda r: order[r.kind])
    return found[0], notice_for
