"""Batch audits of a corpus: find the papers, audit them in parallel, stream the outputs to a directory.

``run_batch(inputs, BatchOptions(out=...))`` is what ``kgaudit batch`` runs.
The output directory::

    reports/<paper-id>.json     the JSON report of each paper (DESIGN.md contract)
    graphs/<paper-id>.nq        its graph as N-Quads, in the named graph <https://w3id.org/kgaudit/doc/<paper-id>>
    failures/<path-id>.json     why a paper could not be audited (error type, one-line reason)
    findings.parquet, .csv      one row per finding, every paper, plus the corpus findings
                                (one row per paper involved, its evidence a pointer to corpus_findings.json)
                                and one ``batch.failed`` row per failed paper
    failures.csv                the failed papers alone: paper id, source, error type, reason
    papers.parquet, .csv        one row per paper, findings or not: id, path, format, status (audited
                                or failed), findings by severity, checks run and skipped (so rates
                                can be computed), why a failed paper failed
    corpus_findings.json, .nq   the cross-paper findings (``corpus.*`` checks)
    summary.json                counts: papers, audited, skipped, failed, findings by check
    facts.sqlite                compact per-paper facts the cross-paper checks read (kept for --resume)

Paper ids.  A paper's id is its document id, the one ``kgaudit check`` and
``kgaudit load`` give it (from its DOI, else its title), so a batch's graphs and
tables join a store loaded by ``load``; the path is a column of every table.  The
id is the paper's IRI (``document_iri(paper_id)``).  Two files with one id (the
same paper twice, or two papers with one title) are made explicit: the first to
be audited keeps the id, the other gets the id with a short hash of its path
appended (audited again under it, so its graph's IRIs are its own), and its
``id_collision`` column in papers.csv names the id they share.  A paper that
cannot be read has no document id: it is named by its *path id*, made from its
path (relative to the directory it was found in, or its name), slugified, with a
short hash of the path when two paths give one slug.

Robustness.  A paper that cannot be audited never stops the batch: its reason
(the one-line message of a :class:`~kgaudit.errors.KgauditError`, or the
internal error) goes to ``failures/``, ``failures.csv`` and the findings table.
Every file is written to a temporary name and renamed (``os.replace``), and a
paper's report is written last, so a report on disk means the paper is done:
``resume=True`` skips those papers.  Results are written as they arrive and
dropped; the corpus tables are rebuilt at the end by reading the reports back
one at a time, so memory does not grow with the corpus.

The process pool starts its workers from a fork server (spawn where there is
none): a script that calls :func:`run_batch` needs the usual
``if __name__ == "__main__":`` guard of any multiprocessing program.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kgaudit._version import __version__
from kgaudit.corpus.crosspaper import CorpusFinding, run_crosspaper, select_corpus_checks
from kgaudit.corpus.executors import WorkerDied, dask_map, default_workers, process_pool_map
from kgaudit.corpus.factstore import FactStore
from kgaudit.corpus.worker import PaperResult, PaperTask, audit_paper, warm_up
from kgaudit.errors import InputError, UsageError
from kgaudit.model import slugify

# Extensions a directory or glob is searched for (``.tei.xml`` is covered by ``.xml``).
PAPER_EXTENSIONS = (".txt", ".md", ".markdown", ".xml", ".nxml", ".tei", ".pdf", ".docx")
# Suffixes dropped from a file name to make its paper id (longest first).
_ID_SUFFIXES = (".tei.xml", ".txt", ".md", ".markdown", ".xml", ".nxml", ".tei", ".pdf", ".docx")

FAILED_CHECK = "batch.failed"
FINDING_COLUMNS = (
    "paper_id", "source", "finding_id", "check", "family", "severity", "message",
    "section", "table", "row", "column", "reference", "references", "quote", "evidence",
)
FAILURE_COLUMNS = ("paper_id", "source", "error_type", "reason")
PAPER_COLUMNS = (
    "paper_id", "path", "format", "status", "errors", "warnings", "info", "findings",
    "checks_run", "checks_skipped", "skipped_checks", "error_type", "reason", "id_collision",
)
_PAPER_COUNTS = ("errors", "warnings", "info", "findings", "checks_run", "checks_skipped")
# Rows per Parquet row group: bounded memory while the table is written.
_PARQUET_CHUNK = 2000


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class PaperInput:
    """A paper found on disk, with the id its path gives it (its name until it is read)."""

    path_id: str
    path: str


@dataclass
class PaperIds:
    """The paper id of each path in this run, and the ids two paths share."""

    by_path: dict[str, str] = field(default_factory=dict)
    holder: dict[str, str] = field(default_factory=dict)  # paper id → the path that has it
    collisions: dict[str, str] = field(default_factory=dict)  # path → the id it shares with another path

    def claim(self, path: str, paper_id: str) -> bool:
        """Give ``paper_id`` to ``path`` unless another path has it already."""
        if self.holder.get(paper_id, path) != path:
            return False
        self.holder[paper_id] = path
        self.by_path[path] = paper_id
        return True

    def release(self, path: str) -> None:
        """Take ``path``'s id back (another path keeps it)."""
        paper_id = self.by_path.pop(path, None)
        if paper_id is not None and self.holder.get(paper_id) == path:
            del self.holder[paper_id]

    def is_free_for(self, paper_id: str, path: str) -> bool:
        """Whether ``paper_id`` is not another path's in this run (its old outputs may go)."""
        return self.holder.get(paper_id, path) == path


def path_hash(path: str) -> str:
    """Eight hex digits naming a file's real path (added to an id two files share)."""
    return hashlib.sha1(os.path.realpath(path).encode()).hexdigest()[:8]


def _is_paper_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in PAPER_EXTENSIONS and not path.name.startswith(".")


def _strip_suffix(name: str) -> str:
    lowered = name.lower()
    for suffix in _ID_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def discover_papers(inputs: Sequence[str]) -> list[PaperInput]:
    """Every paper named by ``inputs`` (files, directories searched recursively, glob patterns), with ids.

    Raises :class:`InputError` for a path that does not exist and :class:`UsageError`
    when nothing is found.
    """
    found: dict[str, str] = {}  # resolved path → id stem
    for item in inputs:
        path = Path(item)
        if any(ch in item for ch in "*?[") and not path.exists():
            matches = sorted(glob.glob(item, recursive=True))
            for match in matches:
                candidate = Path(match)
                if candidate.is_dir():
                    _add_directory(candidate, found)
                elif _is_paper_file(candidate):
                    found.setdefault(match, _strip_suffix(candidate.name))
            continue
        if not path.exists():
            raise InputError(path, "no such file or directory")
        if path.is_dir():
            _add_directory(path, found)
        else:
            found.setdefault(str(path), _strip_suffix(path.name))
    if not found:
        raise UsageError(f"no papers found in {', '.join(inputs)} (extensions: {' '.join(PAPER_EXTENSIONS)})")
    return _assign_ids(found)


def _add_directory(directory: Path, found: dict[str, str]) -> None:
    for candidate in sorted(directory.rglob("*")):
        relative = candidate.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or not _is_paper_file(candidate):
            continue
        found.setdefault(str(candidate), _strip_suffix(relative.as_posix()))


def _assign_ids(found: dict[str, str]) -> list[PaperInput]:
    by_slug: dict[str, list[str]] = {}
    unique: dict[str, str] = {}
    for path, stem in found.items():
        key = os.path.realpath(path)
        if key in unique:
            continue  # the same file named twice
        unique[key] = path
        by_slug.setdefault(slugify(stem, max_len=80), []).append(path)
    papers = []
    for slug, paths in by_slug.items():
        for path in paths:
            papers.append(PaperInput(path_id=f"{slug}-{path_hash(path)}" if len(paths) > 1 else slug, path=path))
    return sorted(papers, key=lambda p: p.path_id)


# --------------------------------------------------------------------------- options and summary


@dataclass
class BatchOptions:
    """How to run a batch (see ``kgaudit batch --help``)."""

    out: Path
    workers: int | None = None
    dask: str | None = None  # "local" or a scheduler address; None: the local process pool
    resume: bool = False
    checks: Sequence[str] | None = None  # per-paper and corpus check ids or families; None: all
    fmt: str | None = None
    online: bool = False
    resolver_options: dict[str, Any] = field(default_factory=dict)
    window: int | None = None  # tasks in flight; default 4 per worker
    progress: bool | None = None  # None: a progress bar when stderr is a terminal


@dataclass
class BatchSummary:
    """What a batch did (also written to ``summary.json``)."""

    out: str
    executor: str
    workers: int
    papers: int = 0
    audited: int = 0
    skipped: int = 0
    failed: int = 0
    findings: int = 0
    corpus_findings: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    errors: int = 0  # error-severity findings (the CLI's exit status looks at these)
    failures: list[dict[str, str]] = field(default_factory=list)  # the first few, for the screen
    collisions: list[dict[str, str]] = field(default_factory=list)  # files whose document id another file has
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dict(self.__dict__)


# --------------------------------------------------------------------------- atomic files


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``path`` through a temporary file in the same directory and ``os.replace`` it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


class OutputDir:
    """The layout of a batch's output directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reports = root / "reports"
        self.graphs = root / "graphs"
        self.failures = root / "failures"
        for directory in (self.root, self.reports, self.graphs, self.failures):
            directory.mkdir(parents=True, exist_ok=True)

    def report(self, paper_id: str) -> Path:
        """The JSON report of a paper."""
        return self.reports / f"{paper_id}.json"

    def graph(self, paper_id: str) -> Path:
        """The N-Quads of a paper."""
        return self.graphs / f"{paper_id}.nq"

    def failure(self, path_id: str) -> Path:
        """The failure record of a paper (named by its path id: a paper that failed has no other)."""
        return self.failures / f"{path_id}.json"


# --------------------------------------------------------------------------- the batch


def _tasks(papers: Iterable[PaperInput], options: BatchOptions, paper_checks: list[str] | None,
           ship_bytes: bool) -> Iterator[PaperTask | PaperResult]:
    """Tasks for the executor, made lazily (a shipped paper's bytes are read only when it is sent)."""
    from kgaudit.ingest import MAX_FILE_BYTES

    checks = None if paper_checks is None else tuple(paper_checks)
    resolver = tuple(sorted(options.resolver_options.items()))
    for paper in papers:
        data = None
        if ship_bytes:
            try:
                size = os.path.getsize(paper.path)
                if size > MAX_FILE_BYTES:
                    raise InputError(paper.path, f"file is too large ({size / 1e6:.0f} MB; the limit is "
                                                 f"{MAX_FILE_BYTES / 1e6:.0f} MB)")
                data = Path(paper.path).read_bytes()
            except InputError as exc:
                yield PaperResult(paper.path_id, paper.path, ok=False, error=exc.one_line(), error_type="InputError",
                                  path_id=paper.path_id)
                continue
            except OSError as exc:
                reason = InputError(paper.path, f"cannot be read ({exc.strerror or exc})").one_line()
                yield PaperResult(paper.path_id, paper.path, ok=False, error=reason, error_type="InputError",
                                  path_id=paper.path_id)
                continue
        yield PaperTask(path_id=paper.path_id, source=paper.path, data=data, fmt=options.fmt, checks=checks,
                        online=options.online, resolver_options=resolver)


def _run_task_or_result(item: PaperTask | PaperResult) -> PaperResult:
    """The executor's function: a task is audited; a result made by the parent (unreadable file) passes through."""
    return item if isinstance(item, PaperResult) else audit_paper(item)


def _execute(items: Iterable[PaperTask | PaperResult], options: BatchOptions, workers: int
             ) -> Iterator[PaperResult]:
    if options.dask:
        stream = dask_map(_run_task_or_result, items, address=options.dask, workers=workers, window=options.window,
                          initializer=warm_up)
    elif workers <= 1:
        stream = ((item, _run_task_or_result(item)) for item in items)
    else:
        stream = process_pool_map(_run_task_or_result, items, workers=workers, window=options.window,
                                  initializer=warm_up)
    for item, outcome in stream:
        if isinstance(outcome, PaperResult):
            yield outcome
            continue
        reason = str(outcome) if isinstance(outcome, WorkerDied) else (
            f"the worker could not run this paper: {type(outcome).__name__}: {' '.join(str(outcome).split())[:300]}")
        yield PaperResult(item.path_id, item.source, ok=False, error=reason, error_type=type(outcome).__name__,
                          path_id=item.path_id)


def _settle_ids(result: PaperResult, paper: PaperInput, ids: PaperIds, inputs: dict[str, PaperInput],
                options: BatchOptions, paper_checks: list[str] | None) -> list[PaperResult]:
    """The results to store, each under an id of its own.

    When another path has the paper's id, the path first in sort order keeps it (whatever
    order the audits finish in) and the other is audited again under the id with its path's
    hash appended (so its graph's IRIs are its own): this result alone, this one and the
    other paper's new one, or this paper's new one.
    """
    if not result.ok or ids.claim(paper.path, result.paper_id):
        return [result]
    shared = result.paper_id
    holder = ids.holder[shared]
    if paper.path < holder:
        ids.release(holder)
        ids.claim(paper.path, shared)
        return [result, _audit_under_own_id(inputs[holder], shared, ids, options, paper_checks)]
    return [_audit_under_own_id(paper, shared, ids, options, paper_checks)]


def _audit_under_own_id(paper: PaperInput, shared: str, ids: PaperIds, options: BatchOptions,
                        paper_checks: list[str] | None) -> PaperResult:
    """Audit ``paper`` (here, in this process) under ``shared`` with its path's hash appended."""
    ids.collisions[paper.path] = shared
    task = next(_tasks([paper], options, paper_checks, ship_bytes=False))
    result = _run_task_or_result(replace(task, document_id=f"{shared}-{path_hash(paper.path)}")
                                 if isinstance(task, PaperTask) else task)
    if result.ok:
        ids.claim(paper.path, result.paper_id)
    return result


def _store_result(result: PaperResult, outputs: OutputDir, store: FactStore, ids: PaperIds,
                  previous_id: str | None) -> None:
    """Write one paper's outputs; the report last, since its presence means 'done'.

    ``previous_id``: the id an earlier run gave this path; its outputs go when the id changed
    (and no other paper of this run has it now).
    """
    stale = previous_id if previous_id and previous_id != result.paper_id else None
    if stale and ids.is_free_for(stale, result.source):
        store.delete(stale)
        _remove(outputs.report(stale))
        _remove(outputs.graph(stale))
    if result.ok:
        assert result.facts is not None
        store.put(result.facts)
        write_atomic(outputs.graph(result.paper_id), result.nquads)
        write_atomic(outputs.report(result.paper_id), result.report_json)
        _remove(outputs.failure(result.path_id))
        return
    record = {"paper_id": result.paper_id, "source": result.source, "error_type": result.error_type,
              "reason": result.error, "detail": result.detail}
    write_atomic(outputs.failure(result.path_id), json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def run_batch(
    inputs: Sequence[str],
    options: BatchOptions,
    *,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[PaperResult], None] | None = None,
) -> BatchSummary:
    """Audit every paper named by ``inputs`` into ``options.out``; return the summary.

    ``on_start`` is called with the number of papers to audit (resumed ones left out),
    ``on_result`` with each finished paper (the CLI's progress bar).
    """
    started = time.perf_counter()
    paper_checks, corpus_checks = select_corpus_checks(options.checks)
    if paper_checks:
        from kgaudit.checks.runner import select_checks

        select_checks(paper_checks)  # an unknown id is a usage error before any work, not N failures
    if options.checks and not paper_checks:
        paper_checks = []  # only corpus checks were asked for
    papers = discover_papers(inputs)
    workers = max(options.workers or default_workers(), 1)
    outputs = OutputDir(Path(options.out))
    summary = BatchSummary(out=str(outputs.root), executor=_executor_name(options, workers), workers=workers,
                           papers=len(papers))
    ids = PaperIds()
    with FactStore(outputs.root / "facts.sqlite") as store:
        previous = store.ids_by_source()
        todo = []
        for paper in papers:
            known = previous.get(paper.path)
            if (options.resume and known and outputs.report(known).is_file()
                    and ids.claim(paper.path, known)):
                summary.skipped += 1
            else:
                todo.append(paper)
        ship_bytes = bool(options.dask) and options.dask != "local"
        if on_start is not None:
            on_start(len(todo))
        inputs = {paper.path: paper for paper in papers}
        for result in _execute(_tasks(todo, options, paper_checks, ship_bytes), options, workers):
            settled = _settle_ids(result, inputs[result.source], ids, inputs, options, paper_checks)
            for stored in settled:
                _store_result(stored, outputs, store, ids, previous.get(stored.source))
            if settled[0].ok:
                summary.audited += 1
            if on_result is not None:
                on_result(settled[0])
        store.set_run(ids.by_path.values())
        corpus = run_crosspaper(store, corpus_checks) if corpus_checks else []
        sources = store.sources(sorted({p for f in corpus for p in f.papers}))
    summary.collisions = [{"path": path, "shares_id": shared, "paper_id": ids.by_path.get(path, "")}
                          for path, shared in sorted(ids.collisions.items())]
    write_corpus_findings(outputs.root, corpus, len(papers), corpus_checks)
    write_tables(outputs, papers, ids, corpus, sources, summary)
    write_paper_table(outputs, papers, ids)
    summary.seconds = round(time.perf_counter() - started, 3)
    write_atomic(outputs.root / "summary.json", json.dumps(summary.to_dict(), indent=2) + "\n")
    return summary


def _executor_name(options: BatchOptions, workers: int) -> str:
    if options.dask:
        return f"dask:{options.dask}"
    return "process-pool" if workers > 1 else "single-process"


# --------------------------------------------------------------------------- corpus findings


def corpus_finding_id(number: int) -> str:
    """Ids of corpus findings: ``C0001``... (paper findings are ``F0001``...)."""
    return f"C{number:04d}"


def write_corpus_findings(root: Path, findings: Sequence[CorpusFinding], n_papers: int,
                          checks: Sequence[str]) -> None:
    """``corpus_findings.json`` and ``corpus_findings.nq`` (findings as triples, focused on each paper)."""
    from dataclasses import asdict

    from kgaudit.corpus.crosspaper import CrossPaperSettings

    items = []
    for number, finding in enumerate(findings, start=1):
        items.append({
            "id": corpus_finding_id(number), "check": finding.check, "severity": finding.severity,
            "message": finding.message, "papers": list(finding.papers),
            "locations": finding.locations, "evidence": finding.evidence,
        })
    document = {
        "kgaudit_version": __version__,
        "papers": n_papers,
        "checks": list(checks),
        "settings": asdict(CrossPaperSettings()),
        "summary": dict(sorted(Counter(f.check for f in findings).items())),
        "findings": items,
    }
    write_atomic(root / "corpus_findings.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_atomic(root / "corpus_findings.nq", corpus_findings_nquads(findings))


CORPUS_GRAPH = "https://w3id.org/kgaudit/corpus/findings"


def corpus_findings_nquads(findings: Sequence[CorpusFinding]) -> str:
    """The corpus findings as ``kga:Finding`` nodes in one named graph, ``kga:focus`` each paper involved."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF

    from kgaudit.graph.export import serialize_graph
    from kgaudit.graph.namespaces import CHECK, KGA, SH, document_iri

    graph = Graph()
    for number, finding in enumerate(findings, start=1):
        node = URIRef(f"{CORPUS_GRAPH}/{corpus_finding_id(number)}")
        graph.add((node, RDF.type, KGA.Finding))
        graph.add((node, KGA.check, Literal(finding.check)))
        graph.add((node, KGA.severity, Literal(finding.severity)))
        graph.add((node, KGA.message, Literal(finding.message)))
        graph.add((node, SH.sourceShape, CHECK[finding.check]))
        graph.add((node, KGA.evidence, Literal(json.dumps(finding.evidence, sort_keys=True, default=str))))
        for paper in finding.papers:
            graph.add((node, KGA.focus, document_iri(paper)))
    return serialize_graph(graph, "nquads", graph_name=CORPUS_GRAPH)


# --------------------------------------------------------------------------- the findings table


def _family(check: str) -> str:
    return check.split(".", 1)[0]


def _row(paper_id: str, source: str, finding_id: str, check: str, severity: str, message: str,
         location: dict[str, Any], evidence: Any) -> dict[str, Any]:
    references = location.get("references")
    reference = location.get("reference")
    return {
        "paper_id": paper_id, "source": source, "finding_id": finding_id, "check": check, "family": _family(check),
        "severity": severity, "message": message,
        "section": location.get("section"), "table": location.get("table") or None,
        "row": location.get("row") or None, "column": location.get("column"),
        "reference": int(reference) if isinstance(reference, int) else None,
        "references": ",".join(str(r) for r in references) if references else None,
        "quote": location.get("quote"),
        "evidence": json.dumps(evidence, sort_keys=True, ensure_ascii=False, default=str),
    }


def _outcome(paper: PaperInput, outputs: OutputDir, ids: PaperIds) -> tuple[str, dict[str, Any] | None, bool]:
    """A paper's id and its report (read back), or its path id and its failure record (failed True)."""
    paper_id = ids.by_path.get(paper.path)
    if paper_id is not None and outputs.report(paper_id).is_file():
        return paper_id, json.loads(outputs.report(paper_id).read_text(encoding="utf-8")), False
    failure_path = outputs.failure(paper.path_id)
    if failure_path.is_file():
        return paper.path_id, json.loads(failure_path.read_text(encoding="utf-8")), True
    return paper.path_id, None, False


def finding_rows(papers: Sequence[PaperInput], outputs: OutputDir, ids: PaperIds, corpus: Sequence[CorpusFinding],
                 sources: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Every row of the findings table, reading one report at a time: papers by path, then corpus findings."""
    for paper in papers:
        paper_id, record, failed = _outcome(paper, outputs, ids)
        if record is None:
            continue
        if failed:
            yield _row(paper_id, paper.path, "", FAILED_CHECK, "error", record["reason"], {},
                       {"error_type": record["error_type"]})
            continue
        for finding in record.get("findings", []):
            yield _row(paper_id, paper.path, finding["id"], finding["check"], finding["severity"],
                       finding["message"], finding.get("location") or {}, finding.get("evidence"))
    for number, finding in enumerate(corpus, start=1):
        # The full evidence (every pair, every title) is in corpus_findings.json under the same id;
        # copying it into each involved paper's row would grow with the square of the group's size.
        pointer = {"corpus_finding": corpus_finding_id(number), "papers": len(finding.papers),
                   "in": "corpus_findings.json"}
        for paper_id in finding.papers:
            yield _row(paper_id, sources.get(paper_id, ""), corpus_finding_id(number), finding.check,
                       finding.severity, finding.message, finding.locations.get(paper_id, {}), pointer)


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c == "reference" else pa.string()) for c in FINDING_COLUMNS])


def paper_rows(papers: Sequence[PaperInput], outputs: OutputDir, ids: PaperIds) -> Iterator[dict[str, Any]]:
    """One row per paper, with findings or without, read back from its report (or its failure record)."""
    for paper in papers:
        paper_id, record, failed = _outcome(paper, outputs, ids)
        row: dict[str, Any] = dict.fromkeys(PAPER_COLUMNS)
        row.update(paper_id=paper_id, path=paper.path, id_collision=ids.collisions.get(paper.path))
        if record is not None and not failed:
            report = record
            summary, checks = report.get("summary", {}), report.get("checks", {})
            skipped = checks.get("skipped") or {}
            row.update(format=report.get("document", {}).get("format"), status="audited",
                       errors=summary.get("errors", 0), warnings=summary.get("warnings", 0),
                       info=summary.get("info", 0), findings=len(report.get("findings", [])),
                       checks_run=len(checks.get("ran") or []), checks_skipped=len(skipped),
                       skipped_checks="; ".join(f"{c}: {why}" for c, why in sorted(skipped.items())) or None)
        elif record is not None:
            row.update(status="failed", error_type=record.get("error_type"), reason=record.get("reason"))
        else:  # neither: the batch stopped before this paper (only a resumed run finishes it)
            row.update(status="not audited")
        yield row


def _paper_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in _PAPER_COUNTS else pa.string()) for c in PAPER_COLUMNS])


def write_paper_table(outputs: OutputDir, papers: Sequence[PaperInput], ids: PaperIds) -> None:
    """``papers.csv`` and ``papers.parquet``: one row per paper (rows are small: written in one piece)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(paper_rows(papers, outputs, ids))
    root = outputs.root
    csv_tmp, parquet_tmp = root / f".papers.csv.{os.getpid()}.tmp", root / f".papers.parquet.{os.getpid()}.tmp"
    with open(csv_tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PAPER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=_paper_schema()), parquet_tmp)
    os.replace(csv_tmp, root / "papers.csv")
    os.replace(parquet_tmp, root / "papers.parquet")


def write_tables(outputs: OutputDir, papers: Sequence[PaperInput], ids: PaperIds, corpus: Sequence[CorpusFinding],
                 sources: dict[str, str], summary: BatchSummary) -> None:
    """``findings.csv``, ``findings.parquet`` and ``failures.csv``, streamed; fills the summary's counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = outputs.root
    by_check: Counter[str] = Counter()
    temporary = {name: root / f".{name}.{os.getpid()}.tmp" for name in ("findings.csv", "findings.parquet",
                                                                          "failures.csv")}
    schema = _parquet_schema()
    with (open(temporary["findings.csv"], "w", encoding="utf-8", newline="") as handle,
          open(temporary["failures.csv"], "w", encoding="utf-8", newline="") as failures_handle,
          pq.ParquetWriter(temporary["findings.parquet"], schema) as parquet):
        writer = csv.DictWriter(handle, fieldnames=FINDING_COLUMNS, lineterminator="\n")
        writer.writeheader()
        failures_writer = csv.DictWriter(failures_handle, fieldnames=FAILURE_COLUMNS, lineterminator="\n")
        failures_writer.writeheader()
        chunk: list[dict[str, Any]] = []
        for row in finding_rows(papers, outputs, ids, corpus, sources):
            writer.writerow(row)
            chunk.append(row)
            by_check[row["check"]] += 1
            if row["check"] == FAILED_CHECK:
                summary.failed += 1
                failure = {"paper_id": row["paper_id"], "source": row["source"],
                           "error_type": json.loads(row["evidence"])["error_type"], "reason": row["message"]}
                failures_writer.writerow(failure)
                if len(summary.failures) < 20:
                    summary.failures.append(failure)
            else:
                summary.findings += 1
                summary.errors += row["severity"] == "error"
            if len(chunk) >= _PARQUET_CHUNK:
                parquet.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        if chunk:
            parquet.write_table(pa.Table.from_pylist(chunk, schema=schema))
    for name, path in temporary.items():
        os.replace(path, root / name)
    summary.corpus_findings = len(corpus)
    summary.by_check = dict(sorted((k, v) for k, v in by_check.items() if k != FAILED_CHECK))


def print_summary(summary: BatchSummary, stream: Any = None) -> None:
    """The end-of-batch summary for people: papers, findings by check, failures."""
    out = stream or sys.stdout
    rate = summary.audited / summary.seconds if summary.seconds else 0.0
    print(f"papers: {summary.papers} ({summary.audited} audited, {summary.skipped} already done, "
          f"{summary.failed} failed) in {summary.seconds:.1f} s ({rate:.1f} papers/s, {summary.executor}, "
          f"{summary.workers} workers)", file=out)
    print(f"findings: {summary.findings} ({summary.errors} errors), corpus findings: {summary.corpus_findings}",
          file=out)
    for check, count in summary.by_check.items():
        print(f"  {check:40} {count}", file=out)
    if summary.collisions:
        print(f"id collisions: {len(summary.collisions)} file{'' if len(summary.collisions) == 1 else 's'} "
              "with the document id of another (given the id and a hash of the path; see papers.csv):", file=out)
        for collision in summary.collisions[:10]:
            print(f"  {collision['path']}: shares {collision['shares_id']}, now {collision['paper_id']}", file=out)
    if summary.failed:
        print(f"failures: {summary.failed} (all in {Path(summary.out) / 'failures.csv'})", file=out)
        for failure in summary.failures[:10]:
            print(f"  {failure['paper_id']}: {failure['reason']}", file=out)
    print(f"outputs: {summary.out}/ (reports/, graphs/*.nq, papers.csv, findings.csv and .parquet, "
          "corpus_findings.json)",
          file=out)
