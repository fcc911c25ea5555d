"""Resolver speed against local services with 100 ms latency, next to a one-request-per-reference client.

Two local servers (the tests' :class:`FakeService`, 100 ms per request) stand in
for Crossref and NCBI E-utilities and serve 200 synthetic works (made up here;
only timing is measured).  Two workloads, each measured in the same run for

* kgaudit's resolver (:func:`kgaudit.resolve.resolver.resolve_references`), and
* a strictly sequential client making one request per reference (what a simple
  client such as habanero does), through the same paced session:

(a) 100 PubMed-indexed Vancouver references: the resolver sends one ECitMatch and
    one ESummary call for the whole list; the sequential client one ECitMatch
    call per reference.  Goal: at least 8x faster.
(b) 100 references only Crossref's bibliographic search can answer (their journals
    are not in PubMed): one search per reference is unavoidable, so the pacing
    limit (3 requests in flight) is the physical limit; the time is reported as a
    ratio to that limit's lower bound, ceil(100 / 3) x 100 ms.  Goal: <= 1.2x.

Both also report what the servers saw (requests, most in flight, most starts in
any 1 s window) to show the pacing limits were kept.  NCBI is run with an API
key (10 requests/s); Crossref announces 50 requests/s and 3 in flight.
Run: ``python benchmarks/resolver.py``.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kgaudit.model import Author, Reference  # noqa: E402
from kgaudit.resolve import pubmed  # noqa: E402
from kgaudit.resolve.http import CROSSREF, PUBMED, ResolverSession  # noqa: E402
from kgaudit.resolve.resolver import resolve_references  # noqa: E402
from tests.resolve.fake_services import FakeService, Reply, fold, max_starts_in_window  # noqa: E402

LATENCY = 0.100
N = 100
CROSSREF_HEADERS = {"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3"}
WORDS = ("renal hepatic cardiac outcomes randomized cohort ablation imaging biomarker survival mortality "
         "therapy surgical pediatric chronic acute inflammation screening prognosis trial registry genomic "
         "metabolic vascular tumour infection dose response adverse events quality care").split()
SURNAMES = "Okafor Lindqvist Haddad Moreau Tanaka Novak Brennan Castillo Iyer Kowalski Mensah Dubois".split()


def _works(rng: random.Random, prefix: str, journals: list[str]) -> list[dict[str, Any]]:
    works = []
    for i in range(N):
        first = 100 + 17 * i
        works.append({
            "id": f"{prefix}{i:03d}",
            "title": " ".join(rng.sample(WORDS, 7)).capitalize() + f" {prefix} study {i}",
            "journal": journals[i % len(journals)], "year": 2000 + i % 24, "volume": str(10 + i % 40),
            "issue": str(1 + i % 12), "first": str(first), "last": str(first + 9),
            "author": rng.choice(SURNAMES), "initials": "AB",
        })
    return works


def _reference(work: dict[str, Any], number: int) -> Reference:
    raw = (f"{work['author']} {work['initials']}, et al. {work['title']}. {work['journal']}. "
           f"{work['year']};{work['volume']}({work['issue']}):{work['first']}-{work['last']}.")
    return Reference(raw=raw, number=number, authors=(Author(work["author"], work["initials"]),), et_al=True,
                     title=work["title"], journal=work["journal"], year=work["year"], volume=work["volume"],
                     issue=work["issue"], first_page=work["first"], last_page=work["last"])


class SyntheticEutils:
    """ECitMatch and ESummary over the PubMed-indexed works."""

    def __init__(self, works: list[dict[str, Any]]) -> None:
        self.by_pmid = {str(30000000 + i): w for i, w in enumerate(works)}
        self.by_place = {(fold(w["journal"]), w["volume"], w["first"]): p for p, w in self.by_pmid.items()}

    def route(self, path: str, query: dict[str, list[str]]) -> Reply:
        if path.endswith("/ecitmatch.cgi"):
            out = []
            for line in query.get("bdata", [""])[0].replace("\r", "\n").split("\n"):
                parts = line.split("|")
                if len(parts) >= 6:
                    pmid = self.by_place.get((fold(parts[0]), parts[2], parts[3]), "NOT_FOUND")
                    out.append("|".join(parts[:6] + [pmid]))
            return Reply.text("\n".join(out) + "\n")
        ids = [i for i in query.get("id", [""])[0].split(",") if i]
        result: dict[str, Any] = {"uids": ids}
        for pmid in ids:
            w = self.by_pmid[pmid]
            result[pmid] = {"uid": pmid, "title": w["title"] + ".", "source": w["journal"], "fulljournalname": "",
                            "pubdate": str(w["year"]), "volume": w["volume"], "issue": w["issue"],
                            "pages": f"{w['first']}-{w['last']}", "authors": [{"name": f"{w['author']} AB"}],
                            "pubtype": ["Journal Article"], "articleids": []}
        return Reply.json({"header": {"type": "esummary", "version": "0.3"}, "result": result})


class SyntheticCrossref:
    """Bibliographic search over the Crossref-only works (the match first, four others after it)."""

    def __init__(self, works: list[dict[str, Any]]) -> None:
        self.works = works

    @staticmethod
    def _item(w: dict[str, Any], score: float) -> dict[str, Any]:
        return {"DOI": f"10.5555/{w['id']}", "title": [w["title"]], "container-title": [w["journal"]],
                "issued": {"date-parts": [[w["year"]]]}, "volume": w["volume"], "issue": w["issue"],
                "page": f"{w['first']}-{w['last']}", "author": [{"family": w["author"], "sequence": "first"}],
                "type": "journal-article", "score": score}

    def route(self, path: str, query: dict[str, list[str]]) -> Reply:
        text = fold(query.get("query.bibliographic", [""])[0])
        ranked = sorted(self.works, key=lambda w: -len(set(fold(w["title"]).split()) & set(text.split())))[:5]
        items = [self._item(w, 60.0 - 5 * k) for k, w in enumerate(ranked)]
        return Reply.json({"status": "ok", "message-type": "work-list",
                           "message": {"items": items, "total-results": len(items)}})


def _session(cr: FakeService, eu: FakeService) -> ResolverSession:
    return ResolverSession(crossref_url=cr.url, eutils_url=eu.url, use_cache=False, mailto="bench@example.org",
                           ncbi_api_key="benchmark-key", timeout=(5.0, 10.0))


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = run()
    return time.perf_counter() - t0, value


def _seen(server: FakeService) -> str:
    return (f"{server.count} requests, at most {server.max_in_flight} in flight, "
            f"at most {max_starts_in_window(server.hits, 1.0)} starts in any 1 s")


def _statuses(resolutions: list[Any]) -> str:
    counts: dict[str, int] = {}
    for r in resolutions:
        counts[r.status] = counts.get(r.status, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main() -> None:
    rng = random.Random(8)
    indexed = _works(rng, "pm", ["J Clin Invest Med", "Ann Intern Res", "Clin Trials Rep", "Int J Surg Sci"])
    crossref_only = _works(rng, "cr", ["Revista de Estudos Clinicos", "Acta Medica Regionalis"])
    eutils = SyntheticEutils(indexed)
    crossref = SyntheticCrossref(crossref_only)
    print(f"local services: {LATENCY * 1000:.0f} ms per request; NCBI 10 requests/s (API key); "
          "Crossref announces 50/s, 3 in flight")

    # (a) PubMed-indexed references
    refs = [_reference(w, i + 1) for i, w in enumerate(indexed)]
    with FakeService(crossref.route, latency=LATENCY, headers=CROSSREF_HEADERS) as cr, \
            FakeService(eutils.route, latency=LATENCY) as eu:
        with _session(cr, eu) as session:
            batched, results = _timed(lambda: resolve_references(refs, session))
        print(f"\n(a) {N} PubMed-indexed references")
        print(f"    kgaudit (batched):       {batched:6.2f} s  [{_statuses(results)}]  NCBI: {_seen(eu)}")
        eu.reset()
        with _session(cr, eu) as session:
            def one_per_reference() -> None:
                for i, ref in enumerate(refs):
                    line = pubmed.citation_line(ref, f"r{i}")
                    session.get(PUBMED, "/ecitmatch.cgi", {"db": "pubmed", "retmode": "xml", "bdata": line or ""},
                                parse=lambda r: r.text)
            sequential, _ = _timed(one_per_reference)
        print(f"    sequential (1 per ref):  {sequential:6.2f} s  NCBI: {_seen(eu)}")
        print(f"    speed-up: {sequential / batched:.1f}x (goal >= 8x)")

    # (b) references only Crossref search answers
    refs = [_reference(w, i + 1) for i, w in enumerate(crossref_only)]
    bound = math.ceil(N / 3) * LATENCY
    with FakeService(crossref.route, latency=LATENCY, headers=CROSSREF_HEADERS) as cr, \
            FakeService(eutils.route, latency=LATENCY) as eu:
        with _session(cr, eu) as session:
            resolved, results = _timed(lambda: resolve_references(refs, session))
        print(f"\n(b) {N} references only Crossref search can answer")
        print(f"    kgaudit (3 in flight):   {resolved:6.2f} s  [{_statuses(results)}]  Crossref: {_seen(cr)}; "
              f"NCBI: {eu.count} ECitMatch call(s)")
        cr.reset()
        with _session(cr, eu) as session:
            def search_each() -> None:
                for ref in refs:
                    session.get(CROSSREF, "/works", {"query.bibliographic": ref.raw, "rows": "5"},
                                parse=lambda r: r.json())
            sequential, _ = _timed(search_each)
        print(f"    sequential (1 per ref):  {sequential:6.2f} s  Crossref: {_seen(cr)}")
        print(f"    pacing lower bound ceil({N}/3) x {LATENCY * 1000:.0f} ms = {bound:.2f} s; "
              f"kgaudit / bound = {resolved / bound:.2f}x (goal <= 1.2x); sequential / kgaudit = "
              f"{sequential / resolved:.1f}x")


if __name__ == "__main__":
    main()
