"""Latency of the shipped analyst queries over a corpus: pyoxigraph (on disk) versus rdflib (in memory).

Run ``python benchmarks/query_latency.py [--papers 1000] [--rdflib-papers 100] [--repeat 3]``.

The corpus is generated: the project's example paper and (when ``../shared`` is
beside the checkout) the seed paper are audited as a handful of variants (ids
changed, reference years, first authors and named years perturbed, so findings
differ between variants), then each variant is copied under fresh paper IRIs
until the corpus holds ``--papers`` graphs.  Every paper is one named graph, as
``kgaudit load`` writes it.  pyoxigraph runs every shipped query over the
on-disk store of all papers; rdflib runs the same query text over an in-memory
Dataset (default graph = union of the named graphs) of the first
``--rdflib-papers`` papers, and pyoxigraph is timed again at that size so the
ratio compares equal sizes.  Row counts are compared between the engines.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kgaudit.api import audit
from kgaudit.graph.namespaces import DOC_BASE, sparql_prefix_block
from kgaudit.graph.oxstore import open_store
from kgaudit.graph.queries import AnalystQuery, list_queries, run_query
from kgaudit.ingest import load_document
from kgaudit.model import Author, Document

REPO = Path(__file__).resolve().parents[1]
PAPERS = [REPO / "data" / "examples" / "early-mobilisation.txt", REPO.parent / "shared" / "seed" / "cryoablation-2025.txt"]


def variant(document: Document, k: int) -> Document:
    """A perturbed copy of ``document``: new id; some reference years, first authors and named years changed."""
    rng = random.Random(k)
    references = []
    for ref in document.references:
        if ref.year is not None and rng.random() < 0.3:
            ref = dataclasses.replace(ref, year=ref.year + rng.choice((-2, -1, 1, 2)))
        if ref.authors and rng.random() < 0.15:
            ref = dataclasses.replace(ref, authors=(Author(rng.choice(("Kim", "Ng", "Okafor", "Silva"))),
                                                    *ref.authors[1:]))
        references.append(ref)
    citations = [dataclasses.replace(c, named_year=c.named_year + 1)
                 if c.named_year is not None and rng.random() < 0.3 else c for c in document.citations]
    return dataclasses.replace(document, id=f"{document.id}-v{k}", references=tuple(references),
                               citations=tuple(citations))


def generate_corpus(papers: int, variants_per_paper: int) -> list[tuple[str, str]]:
    """``papers`` (paper IRI, N-Triples) pairs: audited variants, then copies under fresh IRIs."""
    bases = []
    for path in PAPERS:
        if not path.is_file():
            print(f"  (skipping {path}: not found)")
            continue
        document = load_document(path)
        for k in range(variants_per_paper):
            v = variant(document, k)
            graph = audit(v).graph
            bases.append((v.id, graph.serialize(format="nt", encoding="utf-8").decode("utf-8")))
    corpus = []
    for i in range(papers):
        doc_id, ntriples = bases[i % len(bases)]
        copy_id = f"{doc_id}-c{i}"
        # Every node IRI starts with the paper IRI; the paper's id literal is renamed with it.
        text = ntriples.replace(f"<{DOC_BASE}{doc_id}", f"<{DOC_BASE}{copy_id}").replace(f'"{doc_id}"', f'"{copy_id}"')
        corpus.append((f"{DOC_BASE}{copy_id}", text))
    return corpus


def as_nquads(corpus: list[tuple[str, str]]) -> str:
    """The corpus as one N-Quads document: each paper's triples in the named graph of its IRI."""
    lines = []
    for iri, text in corpus:
        for line in text.splitlines():
            line = line.rstrip()
            if line.endswith(" ."):  # an N-Triples statement: subject predicate object .
                lines.append(f"{line[:-1]}<{iri}> .\n")
    return "".join(lines)


def timed(function: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Median seconds over ``repeat`` runs, and the row count of the last run."""
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def oxigraph_runner(store: ox.Store, query: AnalystQuery) -> Callable[[], int]:
    def run() -> int:
        results = run_query(store, query.text)
        return sum(1 for _ in results) if isinstance(results, ox.QuerySolutions) else 1

    return run


def rdflib_runner(dataset: Dataset, query: AnalystQuery) -> Callable[[], int]:
    text = sparql_prefix_block() + query.text

    def run() -> int:
        return len(list(dataset.query(text)))

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=1000, help="papers in the pyoxigraph store")
    parser.add_argument("--rdflib-papers", type=int, default=100, help="papers loaded into rdflib (in memory)")
    parser.add_argument("--variants", type=int, default=5, help="audited variants per source paper")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (the median is printed)")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="runs per query on rdflib")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    corpus = generate_corpus(args.papers, args.variants)
    triples = sum(text.count("\n") for _, text in corpus)
    print(f"corpus: {len(corpus)} papers, {triples:,} triples, generated in {time.perf_counter() - started:.1f} s")

    n_small = min(args.rdflib_papers, len(corpus))
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "store"
        disk = open_store(store_path)
        start = time.perf_counter()
        # One bulk load of the whole corpus as N-Quads (kgaudit load writes paper by paper, in transactions).
        disk.bulk_load(as_nquads(corpus), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        disk.optimize()
        print(f"pyoxigraph on disk: {len(corpus)} papers bulk-loaded in {time.perf_counter() - start:.1f} s")
        memory = ox.Store()
        start = time.perf_counter()
        memory.load(as_nquads(corpus), format=ox.RdfFormat.N_QUADS)
        print(f"pyoxigraph in memory: {len(corpus)} papers loaded in {time.perf_counter() - start:.1f} s")
        small = ox.Store()
        small.load(as_nquads(corpus[:n_small]), format=ox.RdfFormat.N_QUADS)
        dataset = Dataset(default_union=True)
        start = time.perf_counter()
        for iri, text in corpus[:n_small]:
            dataset.graph(URIRef(iri)).parse(data=text, format="nt")
        print(f"rdflib in memory: {n_small} papers ({len(dataset):,} triples) loaded in "
              f"{time.perf_counter() - start:.1f} s")

        columns = [f"ox disk {len(corpus)}", f"ox mem {len(corpus)}", "rows", f"ox mem {n_small}",
                   f"rdflib {n_small}", "rows", "rdflib/ox"]
        header = f"{'query':34} " + " ".join(f"{c:>13}" if "rows" not in c else f"{c:>6}" for c in columns)
        print()
        print(header)
        print("-" * len(header))
        totals = [0.0, 0.0, 0.0, 0.0]
        for query in list_queries():
            on_disk, big_rows = timed(oxigraph_runner(disk, query), args.repeat)
            in_memory, _ = timed(oxigraph_runner(memory, query), args.repeat)
            fast, small_rows = timed(oxigraph_runner(small, query), args.repeat)
            slow, slow_rows = timed(rdflib_runner(dataset, query), args.rdflib_repeat)
            totals = [t + x for t, x in zip(totals, (on_disk, in_memory, fast, slow), strict=True)]
            agree = "" if slow_rows == small_rows else f"  (rows differ: oxigraph {small_rows})"
            print(f"{query.name:34} {on_disk * 1000:11.1f}ms {in_memory * 1000:11.1f}ms {big_rows:6d} "
                  f"{fast * 1000:11.1f}ms {slow * 1000:11.0f}ms {slow_rows:6d} {slow / fast:12.0f}×{agree}")
        print("-" * len(header))
        print(f"{'all queries':34} {totals[0] * 1000:11.1f}ms {totals[1] * 1000:11.1f}ms {'':6} "
              f"{totals[2] * 1000:11.1f}ms {totals[3] * 1000:11.0f}ms {'':6} {totals[3] / totals[2]:12.0f}×")
        print(f"\nmedian of {args.repeat} runs for pyoxigraph, {args.rdflib_repeat} for rdflib; rdflib/ox compares "
              f"equal sizes ({n_small} papers, both in memory); ox disk queries the store as 'kgaudit sparql "
              f"--store' and 'kgaudit serve' do.")
        del disk
    return 0


if __name__ == "__main__":
    sys.exit(main())
