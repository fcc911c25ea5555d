"""The unit of work of a batch: audit one paper, return its outputs as text (never raise).

:func:`audit_paper` runs in a worker process (process pool or Dask worker).  It
returns a :class:`PaperResult` holding the JSON report, the graph as N-Quads
and the paper's compact facts, or the reason it failed.  The parent writes the
files, so workers need no shared file system when the paper's bytes are
shipped with the task (Dask clusters on other machines).
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, replace
from typing import Any

from kgaudit.corpus.facts import PaperFacts, paper_facts
from kgaudit.errors import KgauditError
from kgaudit.model import Document


@dataclass(frozen=True)
class PaperTask:
    """One paper to audit.  ``data`` is the file's content when shipped, else the worker reads ``source``.

    ``path_id`` names the paper until it is read (a paper that cannot be read keeps it);
    its id is then the document's own (from its DOI or title, as ``kgaudit check`` and
    ``load`` give it), unless ``document_id`` is set (two papers with one id: see batch.py).
    """

    path_id: str
    source: str
    data: bytes | None = None
    fmt: str | None = None
    checks: tuple[str, ...] | None = None  # per-paper check selection; () runs none; None runs all
    online: bool = False
    resolver_options: tuple[tuple[str, Any], ...] = ()
    document_id: str | None = None


@dataclass(frozen=True)
class PaperResult:
    """What one audit produced: outputs on success, a one-line reason on failure.

    ``paper_id`` is the document's id when the paper was read, else its ``path_id``.
    """

    paper_id: str
    source: str
    ok: bool
    report_json: str = ""
    nquads: str = ""
    facts: PaperFacts | None = None
    error: str = ""  # the one-line message (KgauditError.one_line() for usage and input problems)
    error_type: str = ""
    detail: str = ""  # traceback tail of an internal error
    seconds: float = 0.0  # wall time in the worker
    cpu_seconds: float = 0.0  # CPU time of the worker process on this paper
    path_id: str = ""


# One resolver session per worker process, shared by every paper that process audits
# (its HTTP connections, pacing and the SQLite cache file).
_SESSIONS: dict[tuple[tuple[str, Any], ...], Any] = {}


def _session(options: tuple[tuple[str, Any], ...]) -> Any | None:
    if options not in _SESSIONS:
        from kgaudit.resolve.pipeline import make_session

        _SESSIONS[options] = make_session(offline=False, **dict(options))
    return _SESSIONS[options]


def _load(task: PaperTask) -> Document:
    from kgaudit.ingest import load_document, parse_document

    if task.data is not None:
        return parse_document(task.data, task.source, task.fmt)
    return load_document(task.source, task.fmt)


def _audit(document: Document, task: PaperTask) -> tuple[str, str]:
    """The JSON report and the N-Quads of one document."""
    from kgaudit.api import audit, build_graph
    from kgaudit.graph.export import serialize_graph
    from kgaudit.graph.namespaces import document_iri
    from kgaudit.report.json_report import render_json

    if task.checks == ():
        # Only corpus checks were selected: the paper's graph and report, without per-paper checks.
        graph = build_graph(document)
    else:
        session = _session(task.resolver_options) if task.online else None
        graph = audit(
            document, offline=session is None, checks=list(task.checks) if task.checks else None, resolver=session
        ).graph
    return render_json(graph), serialize_graph(graph, "nquads", graph_name=str(document_iri(document.id)))


def audit_paper(task: PaperTask) -> PaperResult:
    """Audit one paper; every failure becomes a result with its reason, never an exception."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        document = _load(task)
        if task.document_id:
            document = replace(document, id=task.document_id)
        report_json, nquads = _audit(document, task)
        facts = paper_facts(document)
    except KgauditError as exc:
        return PaperResult(task.path_id, task.source, ok=False, error=exc.one_line(),
                           error_type=type(exc).__name__, seconds=time.perf_counter() - start,
                           cpu_seconds=time.process_time() - cpu, path_id=task.path_id)
    except Exception as exc:  # a bug met on one paper must not end the batch; the traceback is kept
        message = " ".join(str(exc).split())[:300]
        return PaperResult(task.path_id, task.source, ok=False, error=f"internal error: {type(exc).__name__}: {message}",
                           error_type=type(exc).__name__, detail=traceback.format_exc()[-4000:],
                           seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu,
                           path_id=task.path_id)
    return PaperResult(document.id, task.source, ok=True, report_json=report_json, nquads=nquads, facts=facts,
                       seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu,
                       path_id=task.path_id)


def warm_up() -> None:
    """Import the pipeline and discover the checks once per worker process (not on its first paper)."""
    from kgaudit.api import audit  # noqa: F401
    from kgaudit.checks.runner import all_checks

    all_checks()
