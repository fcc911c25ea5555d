"""Resolve a reference list against Crossref and PubMed, in the order the best matchers use.

For each reference:

1. a printed DOI → Crossref ``/works/{doi}``; a 404 is checked with the DOI's
   registration agency (``/works/{doi}/agency``) before it counts against the
   reference (a DataCite DOI is real but not Crossref's to describe);
2. a printed PMID → PubMed ESummary;
3. Vancouver fields (journal, year, volume, first page, first author) → one
   batched ECitMatch call for the whole list, every hit verified with one
   batched ESummary call (ECitMatch tolerates a wrong author);
4. otherwise (or when the above find nothing) the whole string → Crossref
   ``query.bibliographic``, each candidate validated field by field
   (:mod:`kgaudit.resolve.match`): the relevance score never decides.

Every reference ends in one :data:`STATUSES` value.  ``not_found`` only when
every service consulted answered; any fault (timeout, rate limit, outage,
offline without a cached answer) makes it ``unverifiable``.  A printed DOI or
PMID that belongs to another work gives ``doi_elsewhere``.

Crossref and PubMed run side by side: DOI lookups and searches in a pool of
:attr:`ResolverSession.crossref_concurrency` threads, the PubMed batch in its
own thread, so a slow or failing service never holds the other up.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from kgaudit.model import Reference
from kgaudit.resolve import crossref, pubmed
from kgaudit.resolve.http import CROSSREF, PUBMED, Lookup, ResolverSession
from kgaudit.resolve.match import TITLE_CLOSE, Comparison, compare, normalize_doi
from kgaudit.resolve.records import Record, Retraction

Status = Literal["verified", "mismatch", "doi_elsewhere", "ambiguous", "not_found", "unverifiable", "retracted"]
STATUSES: tuple[Status, ...] = (
    "verified", "mismatch", "doi_elsewhere", "ambiguous", "not_found", "unverifiable", "retracted",
)
# Statuses for which a record of the cited work was found.
RESOLVED_STATUSES = frozenset({"verified", "mismatch", "retracted", "doi_elsewhere"})
_TIE = 0.02  # agreement scores closer than this do not tell two candidates apart
_SERVICE_NAMES = {CROSSREF: "Crossref", PUBMED: "PubMed"}


@dataclass(frozen=True)
class Candidate:
    """A record that might be the cited work (listed when the answer is ``ambiguous`` or ``doi_elsewhere``)."""

    source: str
    doi: str | None
    pmid: str | None
    title: str | None
    journal: str | None
    year: int | None
    first_author: str | None
    score: float  # field agreement with the reference, 0-1
    search_score: float | None = None  # the service's relevance score, for the record only


@dataclass(frozen=True)
class Resolution:
    """What the resolver found for one reference, with the provenance of the answer.

    ``number`` is the reference's number in the list (its position when
    unnumbered), the ``n`` of its graph IRI ``D/ref/{n}``.  ``record`` holds the
    registered fields (title, journal, year, volume, issue, pages, first author)
    of the matched work; ``mismatched_fields`` maps a field to (stated, record).
    ``service`` / ``request_url`` / ``requested_at`` / ``http_status`` describe the
    lookup that produced the answer; ``lookups`` lists every lookup consulted.
    """

    number: int
    key: str | None
    status: Status
    reason: str
    service: str | None = None
    matched_doi: str | None = None
    matched_pmid: str | None = None
    request_url: str | None = None
    requested_at: datetime | None = None
    http_status: int | None = None
    score: float | None = None
    record: Record | None = None
    mismatched_fields: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    candidates: tuple[Candidate, ...] = ()
    retraction: Retraction | None = None
    lookups: tuple[Lookup, ...] = ()

    @property
    def resolved(self) -> bool:
        """True when a record of the cited work was found (whatever it says)."""
        return self.status in RESOLVED_STATUSES

    @property
    def from_cache(self) -> bool:
        """True when every lookup that answered came from the cache (and at least one answered)."""
        answered = [lk for lk in self.lookups if lk.fault is None]
        return bool(answered) and all(lk.from_cache for lk in answered)


# --------------------------------------------------------------------------- per-reference state


@dataclass
class _PubmedResult:
    """PubMed's answer for one reference: via its printed PMID or via ECitMatch."""

    route: Literal["pmid", "ecitmatch"]
    lookups: list[Lookup]
    record: Record | None = None
    summary_lookup: Lookup | None = None
    fault: str | None = None
    note: str = ""
    ambiguous: bool = False


@dataclass
class _Case:
    index: int
    number: int
    ref: Reference
    doi: str | None
    citation_line: str | None
    doi_answer: crossref.WorkAnswer | None = None
    agency_answer: crossref.AgencyAnswer | None = None
    pubmed: _PubmedResult | None = None
    search_answer: crossref.SearchAnswer | None = None
    search_submitted: bool = False

    @property
    def wants_pubmed(self) -> bool:
        return bool(self.ref.pmid) or self.citation_line is not None


@dataclass
class _Findings:
    """What the steps learnt on the way to an answer (recomputed from the answers at each step)."""

    consulted: list[Lookup] = field(default_factory=list)  # lookups behind the answer, in order
    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elsewhere: tuple[Record, Lookup, str] | None = None  # (record, lookup, "DOI"/"PMID")
    unchecked: bool = False  # the DOI exists but no service we ask can describe it
    doi_unregistered: bool = False
    candidates: list[tuple[Record, Comparison]] = field(default_factory=list)

    def consult(self, *lookups: Lookup) -> None:
        for lookup in lookups:
            if lookup not in self.consulted:
                self.consulted.append(lookup)


# --------------------------------------------------------------------------- building answers


def _candidate(record: Record, cmp: Comparison) -> Candidate:
    return Candidate(record.source, record.doi, record.pmid, record.title, record.journal_abbrev or record.journal,
                     record.year, record.first_author, cmp.score, record.search_score)


def _base(case: _Case, found: _Findings, status: Status, reason: str, lookup: Lookup | None,
          **extra: Any) -> Resolution:
    lookups = tuple(found.consulted)
    lookup = lookup or (lookups[-1] if lookups else None)
    return Resolution(
        number=case.number, key=case.ref.key, status=status, reason=reason,
        service=lookup.service if lookup else None,
        request_url=lookup.url if lookup else None,
        requested_at=lookup.started_at if lookup else None,
        http_status=lookup.http_status if lookup else None,
        lookups=lookups, **extra,
    )


def _describe(record: Record) -> str:
    bits = [f"'{record.title}'" if record.title else "an untitled record"]
    if record.first_author:
        bits.append(f"by {record.first_author}")
    where = " ".join(str(x) for x in (record.journal_abbrev or record.journal, record.year) if x)
    if where:
        bits.append(f"({where})")
    return " ".join(bits)


def _accept(case: _Case, record: Record, cmp: Comparison, lookup: Lookup, route: str,
            found: _Findings) -> Resolution:
    mismatched = dict(cmp.mismatched)
    if case.doi and found.doi_unregistered and "doi" not in mismatched:
        mismatched["doi"] = (case.doi, record.doi)  # the printed DOI does not exist
    printed_pmid = (case.ref.pmid or "").strip()
    if printed_pmid and record.pmid and record.pmid != printed_pmid:
        mismatched["pmid"] = (printed_pmid, record.pmid)
    if record.retraction is not None:
        status: Status = "retracted"
    elif mismatched:
        status = "mismatch"
    else:
        status = "verified"
    reason = f"matched by {route}"
    if mismatched:
        reason += "; differs on " + ", ".join(mismatched)
    if record.retraction is not None:
        reason += f"; {record.retraction.kind.replace('_', ' ')} ({record.retraction.label})"
    if record.notice_for:
        reason += f"; the cited record is itself a notice about {record.notice_for}"
    if found.notes:
        reason += "; " + "; ".join(found.notes)
    return _base(case, found, status, reason, lookup, matched_doi=record.doi, matched_pmid=record.pmid,
                 score=cmp.score, record=record, mismatched_fields=mismatched, retraction=record.retraction)


# --------------------------------------------------------------------------- the decision


def _step(case: _Case) -> Resolution | str:
    """The reference's answer, or the name of the lookup it still waits for ("doi", "pubmed", "search")."""
    found = _Findings()
    if case.doi:
        if case.doi_answer is None:
            return "doi"
        answer = _from_doi(case, found)
        if answer is not None:
            return answer
    if case.wants_pubmed:
        if case.pubmed is None:
            return "pubmed"
        answer = _from_pubmed(case, found)
        if answer is not None:
            return answer
    if found.elsewhere is not None and found.candidates:
        return _no_match(case, found)  # the cited work is found already: no search needed
    if case.search_answer is None:
        return "search"
    answer = _from_search(case, found)
    return answer if answer is not None else _no_match(case, found)


def _from_doi(case: _Case, found: _Findings) -> Resolution | None:
    assert case.doi_answer is not None and case.doi is not None
    work = case.doi_answer
    found.consult(work.lookup)
    if work.record is not None:
        cmp = compare(case.ref, work.record)
        if not cmp.other_work:
            return _accept(case, work.record, cmp, work.lookup, "printed DOI (Crossref)", found)
        found.elsewhere = (work.record, work.lookup, "DOI")
        return None
    if work.exists is None:
        found.faults.append(f"Crossref DOI lookup: {work.lookup.fault}")
        return None
    agency = case.agency_answer
    if agency is not None:
        found.consult(agency.lookup)
    if agency is None or agency.registered is None:
        fault = agency.lookup.fault if agency is not None else "not asked"
        found.faults.append(f"DOI registration agency lookup: {fault}")
    elif agency.registered:
        found.unchecked = True
        found.notes.append(f"printed DOI is registered with {agency.agency}, not Crossref")
    else:
        found.doi_unregistered = True
        found.notes.append("printed DOI is not registered with any agency")
    return None


def _from_pubmed(case: _Case, found: _Findings) -> Resolution | None:
    result = case.pubmed
    assert result is not None
    found.consult(*result.lookups)
    if result.fault:
        found.faults.append(result.fault)
    if result.note:
        found.notes.append(result.note)
    if result.ambiguous:
        found.notes.append("ECitMatch found several PubMed records")
    if result.record is None:
        return None
    cmp = compare(case.ref, result.record)
    lookup = result.summary_lookup or result.lookups[-1]
    if cmp.other_work:
        if result.route == "pmid" and found.elsewhere is None:
            found.elsewhere = (result.record, lookup, "PMID")
        else:
            found.notes.append(f"ECitMatch's PMID {result.record.pmid} is another work")
        return None
    if found.elsewhere is not None:
        found.candidates.append((result.record, cmp))  # the cited work, under another identifier
        return None
    route = "printed PMID (PubMed)" if result.route == "pmid" else "ECitMatch + ESummary (PubMed)"
    return _accept(case, result.record, cmp, lookup, route, found)


def _from_search(case: _Case, found: _Findings) -> Resolution | None:
    answer = case.search_answer
    assert answer is not None
    found.consult(answer.lookup)
    if answer.lookup.fault:
        found.faults.append(f"Crossref search: {answer.lookup.fault}")
        return None
    scored = [(record, compare(case.ref, record)) for record in answer.records]
    accepted = [(r, c) for r, c in scored if c.identity]
    if not accepted:
        found.candidates = [(r, c) for r, c in scored if _plausible(c)]
        return None
    accepted.sort(key=lambda rc: (rc[1].score, rc[1].title_similarity or 0.0, rc[0].type == "journal-article"),
                  reverse=True)
    best_record, best_cmp = accepted[0]
    rivals = [(r, c) for r, c in accepted[1:]
              if r.doi != best_record.doi and best_cmp.score - c.score < _TIE and r.type == best_record.type]
    if found.elsewhere is not None or rivals:
        found.candidates = [accepted[0], *rivals]
        return None
    return _accept(case, best_record, best_cmp, answer.lookup, "Crossref bibliographic search", found)


def _plausible(cmp: Comparison) -> bool:
    """Close enough to list as a candidate, not enough to accept."""
    if cmp.other_work:
        return False
    t = cmp.title_similarity
    if t is not None and t >= TITLE_CLOSE:
        return True
    located = sum(bool((c := cmp.check(f)) and c.agrees) for f in ("year", "volume", "first_page"))
    author = cmp.check("first_author")
    return located >= 2 and author is not None and author.agrees is True


def _no_match(case: _Case, found: _Findings) -> Resolution:
    candidates = tuple(_candidate(r, c) for r, c in found.candidates)
    if found.elsewhere is not None:
        record, lookup, what = found.elsewhere
        printed = case.doi if what == "DOI" else (case.ref.pmid or "").strip()
        reason = f"printed {what} {printed} belongs to another work: {_describe(record)}"
        mismatched: dict[str, tuple[str | None, str | None]] = {}
        cited = candidates[0] if len(candidates) == 1 else None
        if cited is not None:
            found_id = cited.doi if what == "DOI" else cited.pmid
            reason += f"; the cited work appears to be {what} {found_id}" if found_id else ""
            mismatched[what.lower()] = (printed, found_id)
        elif candidates:
            reason += f"; {len(candidates)} candidate records for the cited work"
        cmp = compare(case.ref, record)
        return _base(case, found, "doi_elsewhere", reason, lookup, matched_doi=record.doi, matched_pmid=record.pmid,
                     score=cmp.score, record=record, mismatched_fields=mismatched, candidates=candidates,
                     retraction=record.retraction)
    notes = "; ".join(found.notes)
    if found.faults:
        reason = "could not be checked: " + "; ".join(found.faults)
        return _base(case, found, "unverifiable", reason + (f"; {notes}" if notes else ""), None,
                     candidates=candidates)
    if found.unchecked:
        return _base(case, found, "unverifiable", notes or "no service describes this DOI", None,
                     candidates=candidates)
    if candidates:
        reason = f"{len(candidates)} candidate record(s) agree in part; none establishes the cited work"
        return _base(case, found, "ambiguous", reason + (f"; {notes}" if notes else ""), None, candidates=candidates)
    names = [_SERVICE_NAMES[s] for s in sorted({lk.service for lk in found.consulted})]
    reason = f"no {' or '.join(names)} record matches"
    return _base(case, found, "not_found", reason + (f"; {notes}" if notes else ""), None)


# --------------------------------------------------------------------------- lookups run in threads


def _doi_task(session: ResolverSession, doi: str) -> tuple[crossref.WorkAnswer, crossref.AgencyAnswer | None]:
    work = crossref.fetch_work(session, doi)
    agency = crossref.fetch_agency(session, doi) if work.exists is False else None
    return work, agency


def _pubmed_stage(session: ResolverSession, cases: Sequence[_Case]) -> dict[int, _PubmedResult]:
    """One ECitMatch call for every citation line, then one ESummary call for every PMID."""
    results: dict[int, _PubmedResult] = {}
    lines = {f"r{c.index}": c.citation_line for c in cases if not c.ref.pmid and c.citation_line}
    hits: dict[int, str] = {}
    for answer in pubmed.ecitmatch(session, lines) if lines else []:
        for key in answer.keys:
            index = int(key[1:])
            result = results[index] = _PubmedResult("ecitmatch", [answer.lookup])
            if answer.lookup.fault:
                result.fault = f"PubMed ECitMatch: {answer.lookup.fault}"
                continue
            hit = answer.hits[key]
            if hit.status == "found" and hit.pmid:
                hits[index] = hit.pmid
            elif hit.status == "ambiguous":
                result.ambiguous = True
    for c in cases:
        if c.ref.pmid:
            hits[c.index] = c.ref.pmid.strip()
            results[c.index] = _PubmedResult("pmid", [])
    by_pmid: dict[str, pubmed.SummaryAnswer] = {}
    for summary in pubmed.esummary(session, list(hits.values())) if hits else []:
        for pmid in summary.pmids:
            by_pmid[pmid] = summary
    for index, pmid in hits.items():
        result, summary = results[index], by_pmid[pmid]
        result.lookups.append(summary.lookup)
        result.summary_lookup = summary.lookup
        if summary.lookup.fault:
            result.fault = f"PubMed ESummary: {summary.lookup.fault}"
        elif pmid in summary.records:
            result.record = summary.records[pmid]
        elif result.route == "pmid":
            result.note = f"printed PMID {pmid} is not in PubMed"
        else:
            result.note = f"ECitMatch's PMID {pmid} has no summary"
    return results


# --------------------------------------------------------------------------- the entry point


def _cases(references: Sequence[Reference]) -> list[_Case]:
    cases = []
    for index, ref in enumerate(references):
        number = ref.number if ref.number is not None else index + 1
        line = pubmed.citation_line(ref, f"r{index}") if ref.parsed else None
        cases.append(_Case(index, number, ref, normalize_doi(ref.doi), line))
    return cases


class _Progress:
    """A rich progress bar on the terminal (or nothing)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        if enabled and total:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task("resolving references", total=total)
            self._bar.start()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def resolve_references(references: Sequence[Reference], session: ResolverSession, *,
                       progress: bool = False, budget: float | None = None) -> list[Resolution]:
    """Resolve every reference (in list order) against Crossref and PubMed.

    Lookups run concurrently within the session's pacing limits; a service
    fault makes the affected references ``unverifiable`` and never stops the
    run.  Every lookup ends within ``budget`` seconds (default: by the list's
    length, :meth:`ResolverSession.start_audit`); a service that keeps failing
    is given up early (its circuit breaker opens) and
    :meth:`ResolverSession.outages` names it and its fault afterwards.
    ``progress`` shows a progress bar on standard error.
    """
    session.start_audit(len(references), budget)
    try:
        return _resolve(references, session, progress)
    finally:
        session.end_audit()


def _resolve(references: Sequence[Reference], session: ResolverSession, progress: bool) -> list[Resolution]:
    cases = _cases(references)
    results: list[Resolution | None] = [None] * len(cases)
    bar = _Progress(len(cases), progress)
    pending: dict[Future[Any], tuple[str, _Case | None]] = {}
    pubmed_cases = [c for c in cases if c.wants_pubmed]
    try:
        with ThreadPoolExecutor(session.crossref_concurrency, thread_name_prefix="kgaudit-crossref") as cr_pool, \
                ThreadPoolExecutor(1, thread_name_prefix="kgaudit-pubmed") as pm_pool:

            def advance(case: _Case) -> None:
                if results[case.index] is not None:
                    return
                step = _step(case)
                if isinstance(step, Resolution):
                    results[case.index] = step
                    bar.advance()
                elif step == "search" and not case.search_submitted:
                    case.search_submitted = True
                    pending[cr_pool.submit(crossref.search, session, case.ref.raw)] = ("search", case)

            if pubmed_cases:
                pending[pm_pool.submit(_pubmed_stage, session, pubmed_cases)] = (PUBMED, None)
            for case in cases:
                if case.doi:
                    pending[cr_pool.submit(_doi_task, session, case.doi)] = (CROSSREF, case)
            for case in cases:
                advance(case)
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    kind, case = pending.pop(future)
                    value = future.result()
                    if kind == PUBMED:
                        for c in pubmed_cases:
                            c.pubmed = value.get(c.index) or _PubmedResult("ecitmatch", [], note="")
                            advance(c)
                    elif kind == CROSSREF and case is not None:
                        case.doi_answer, case.agency_answer = value
                        advance(case)
                    elif case is not None:
                        case.search_answer = value
                        advance(case)
    finally:
        bar.stop()
    return [r for r in results if r is not None]
