"""Papers per second per core on every real article in ``../shared/data``, warm, offline, all checks.

Run ``python benchmarks/throughput_real.py [--baseline /work/main] [--rules 5] [--cli-runs 3]
[--findings-out FILE] [--only SUBSTRING]``.

What it prints:

* throughput: papers per second per core (CPU seconds of the auditing process, so other load on a
  shared machine inflates it less than wall time), and wall-clock papers per second, with the split
  by stage (ingest, graph, derive, checks, report) and the ten slowest articles;
* the latency of every SPARQL rule and Python check on the five longest articles (most triples), so a
  rule that stalls on long papers shows up by name (speed goals live here, never in timed tests);
* ``kgaudit check`` on the seed against the import time of the libraries an audit needs, both measured
  in the same run;
* with ``--baseline CHECKOUT``: the same figures for another checkout (``/work/main`` say), run side by
  side: two worker processes (one per checkout, each with its own ``PYTHONPATH``) audit the articles in
  turn, article by article, so load on the machine hits both alike; the ratio is printed, and the
  findings (check, severity, message, location) of every article are diffed between the checkouts.
  ``--baseline`` may be repeated (issue 17's baseline is 7186732, the commit before the speed work:
  ``git archive 7186732 | tar -x -C /tmp/issue17-base``); each baseline is labelled by its folder name.

Articles: ``jats/*/*.{xml,nxml}``, ``tei/*/*.tei.xml``, ``corpus/*/*.xml`` and ``pdf/*/*.pdf``, plus the
seed (``../shared/seed/cryoablation-2025.txt``) and the project's example paper.  Every worker audits
the example paper once first, so imports and caches are warm.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
SEED = SHARED / "seed" / "cryoablation-2025.txt"
STAGES = ("ingest", "graph", "derive", "checks", "report")
# The libraries an audit of the seed needs (the list): the CLI is measured against their import.
ESSENTIAL_IMPORTS = "import rdflib, pyoxigraph, scipy.stats, rapidfuzz, lxml.etree"
TARGET_PAPERS_PER_CORE = 4.0  # issue 17
TARGET_RULE_MS = 100.0  # issue 17: no rule over 100 ms on the longest article
TARGET_ARTICLE_S = 1.5  # issue 17: no single article over 1.5 s


def real_articles() -> list[Path]:
    """Every real article in ``../shared/data`` (the folders the precision benchmark reads)."""
    return (sorted(DATA.glob("jats/*/*.*xml")) + sorted(DATA.glob("tei/*/*.tei.xml"))
            + sorted(DATA.glob("corpus/*/*.xml")) + sorted(DATA.glob("pdf/*/*.pdf")))


def article_name(path: str) -> str:
    """A path relative to ``shared/data`` (or the file name for the seed and the example)."""
    p = Path(path)
    try:
        return str(p.relative_to(DATA))
    except ValueError:
        return p.name


# --------------------------------------------------------------------------- the worker (runs in a checkout)


def _finding_row(finding: Any) -> dict[str, Any]:
    loc = finding.location
    location = {k: getattr(loc, k) for k in ("section", "table", "row", "column", "reference", "quote")}
    location["references"] = list(loc.references) if loc.references else None
    return {"check": finding.check, "severity": finding.severity, "message": finding.message, "location": location}


class _StageClock:
    """Times the pipeline stages of ``kgaudit.api.audit`` by wrapping the stage functions it calls.

    ``audit`` calls its stages through names in ``kgaudit.api``'s namespace (both in the baseline and in
    this checkout), so wrapping those names times one real ``audit()`` call stage by stage.
    """

    WRAPPED = {"load_document": "ingest", "parse_string": "ingest", "build_graph": "graph",
               "run_derivations": "derive", "run_checks": "checks"}

    def __init__(self) -> None:
        import kgaudit.api as api

        self.cpu: dict[str, float] = {}
        for name, stage in self.WRAPPED.items():
            if hasattr(api, name):
                setattr(api, name, self._wrap(getattr(api, name), stage))

    def _wrap(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - start

        return timed


def _audit_one(clock: _StageClock, path: str) -> dict[str, Any]:
    from kgaudit import audit

    clock.cpu = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        report = audit(Path(path), offline=True)
        report_start = time.process_time()
        rendered = json.dumps(report.to_dict(), default=str)
        clock.cpu["report"] = time.process_time() - report_start
        findings = [_finding_row(f) for f in report.findings]
        error = None
        triples = len(report.graph)
        del rendered
    except Exception as exc:  # an article that fails is reported, the run goes on
        findings, error, triples = [], f"{type(exc).__name__}: {exc}"[:300], 0
    return {"path": path, "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
            "stages": dict(clock.cpu), "findings": findings, "error": error, "triples": triples}


def _rule_latencies(path: str) -> dict[str, Any]:
    """Each check alone on the article's derived graph: milliseconds (CPU) by check id."""
    import kgaudit.api as api
    from kgaudit.checks.runner import select_checks
    from kgaudit.checks.sparql import run_rule
    from kgaudit.derive import run_derivations
    from kgaudit.graph.store import to_oxigraph
    from kgaudit.ingest import load_document
    from kgaudit.resolve.pipeline import mark_offline

    document = load_document(Path(path))
    graph = api.build_graph(document)
    mark_offline(document, graph)
    run_derivations(graph)
    rows = {}
    # The read views every Python check shares are cached per graph: read them first, as a row of
    # their own, so the first check to ask for them is not charged for everyone.
    start = time.process_time()
    from kgaudit.graph import views

    views.tables(graph), views.references(graph), views.sentences(graph)
    rows["(read views)"] = {"kind": "views", "ms": 1000 * (time.process_time() - start), "findings": ""}
    start = time.process_time()
    store = to_oxigraph(graph)
    rows["(graph to Oxigraph)"] = {"kind": "store", "ms": 1000 * (time.process_time() - start), "findings": ""}
    for spec in select_checks(None).values():
        start = time.process_time()
        try:
            found = len(list(run_rule(spec, store) if spec.kind == "sparql" else spec.function(graph)))
        except Exception as exc:  # a failing check is listed with its error
            found = f"{type(exc).__name__}"
        rows[spec.id] = {"kind": spec.kind, "ms": 1000 * (time.process_time() - start), "findings": found}
    return {"path": path, "triples": len(graph), "rules": rows}


def worker() -> None:
    """Read commands (one JSON object a line) on stdin, answer one JSON line each on stdout."""
    import kgaudit

    clock = _StageClock()
    _audit_one(clock, str(EXAMPLE))  # warm: imports, caches, the journal table
    print(json.dumps({"ready": kgaudit.__file__}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "audit":
            answer = _audit_one(clock, command["path"])
        else:
            answer = _rule_latencies(command["path"])
        print(json.dumps(answer, default=str), flush=True)


# --------------------------------------------------------------------------- the driver


class Worker:
    """A worker process auditing with the checkout ``root`` (its own ``PYTHONPATH``)."""

    def __init__(self, root: Path, label: str) -> None:
        self.root, self.label = root, label
        env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"], cwd=root, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        hello = json.loads(self._read())
        self.module = hello["ready"]

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.label} worker stopped (exit {self.process.wait()})")
        return line

    def ask(self, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return json.loads(self._read())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def _summary(label: str, rows: list[dict[str, Any]]) -> dict[str, float]:
    cpu = sum(r["cpu"] for r in rows)
    wall = sum(r["wall"] for r in rows)
    stages = {s: sum(r["stages"].get(s, 0.0) for r in rows) for s in STAGES}
    split = "  ".join(f"{s} {100 * stages[s] / cpu:4.1f}%" for s in STAGES) if cpu else ""
    print(f"  {label:<9} {len(rows)} articles: {len(rows) / cpu:5.2f} papers/s/core (CPU {cpu:6.1f} s), "
          f"{len(rows) / wall:5.2f} papers/s wall ({wall:6.1f} s); {split}")
    return {"per_core": len(rows) / cpu, "wall": len(rows) / wall, "cpu": cpu, "max": max(r["cpu"] for r in rows)}


def _slowest(label: str, rows: list[dict[str, Any]], k: int = 10) -> None:
    print(f"\nSlowest {k} ({label}; CPU seconds, stages in seconds)")
    for r in sorted(rows, key=lambda r: -r["cpu"])[:k]:
        stages = " ".join(f"{s[:2]} {r['stages'].get(s, 0.0):5.2f}" for s in STAGES)
        flag = "  > 1.5 s" if r["cpu"] > TARGET_ARTICLE_S else ""
        print(f"  {r['cpu']:6.2f}  {stages}  {r['triples']:6d} triples  {article_name(r['path'])}{flag}")


def _diff_findings(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[str]:
    def key(f: dict[str, Any]) -> str:
        return json.dumps(f, sort_keys=True)

    lines = []
    for mine, base in zip(ours, theirs, strict=True):
        a, b = sorted(map(key, mine["findings"])), sorted(map(key, base["findings"]))
        if mine["error"] != base["error"]:
            lines.append(f"{article_name(mine['path'])}: error {base['error']!r} -> {mine['error']!r}")
        if a != b:
            gone = [x for x in b if x not in a]
            new = [x for x in a if x not in b]
            lines.append(f"{article_name(mine['path'])}: {len(gone)} finding(s) only in the baseline, "
                         f"{len(new)} only here")
            lines.extend(f"    - {x[:300]}" for x in gone[:5])
            lines.extend(f"    + {x[:300]}" for x in new[:5])
    return lines


def _rule_table(workers: list[Worker], paths: list[str]) -> None:
    print(f"\nPer-check latency on the {len(paths)} longest articles (CPU ms; > {TARGET_RULE_MS:.0f} ms marked)")
    for path in paths:
        answers = [w.ask(do="rules", path=path) for w in workers]
        print(f"\n  {article_name(path)} ({answers[0]['triples']} triples)")
        heads = "".join(f"{w.label:>12}" for w in workers)
        print(f"    {'check':<36}{'kind':<8}{heads}  findings")
        ids = sorted(answers[0]["rules"], key=lambda c: -answers[0]["rules"][c]["ms"])
        for check_id in ids:
            cells = "".join(
                f"{a['rules'][check_id]['ms']:12.1f}" if check_id in a["rules"] else f"{'-':>12}" for a in answers)
            mark = "  <-- slow" if answers[0]["rules"][check_id]["ms"] > TARGET_RULE_MS else ""
            print(f"    {check_id:<36}{answers[0]['rules'][check_id]['kind']:<8}{cells}  "
                  f"{answers[0]['rules'][check_id]['findings']}{mark}")


def _time_command(command: list[str], root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(root))
    start = time.perf_counter()
    subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _cli_against_imports(roots: list[tuple[str, Path]], runs: int) -> None:
    if not SEED.is_file():
        print("\n(CLI timing skipped: the seed is not beside the checkout)")
        return
    print(f"\n`kgaudit check` on the seed vs `python -c '{ESSENTIAL_IMPORTS}'` (median of {runs}, wall s)")
    imports: list[float] = []
    cli: dict[str, list[float]] = {label: [] for label, _ in roots}
    for _ in range(runs):  # alternate, so load on the machine hits every command alike
        imports.append(_time_command([sys.executable, "-c", ESSENTIAL_IMPORTS], REPO))
        for label, root in roots:
            cli[label].append(_time_command(
                [sys.executable, "-m", "kgaudit", "check", str(SEED), "--offline", "--no-cache", "--format", "json",
                 "--fail-on", "never", "-o", os.devnull], root))
    base = statistics.median(imports)
    print(f"  essential imports  {base:5.2f} s")
    for label, times in cli.items():
        print(f"  {label:<17}  {statistics.median(times):5.2f} s  = {statistics.median(times) / base:4.2f}x the imports")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=Path, action="append", default=[],
                        help="another checkout to run side by side (e.g. /work/main); repeat for several "
                             "(the issue's baseline and the current main, say): each is labelled by its folder name")
    parser.add_argument("--rules", type=int, default=5, help="per-check table on this many longest articles")
    parser.add_argument("--cli-runs", type=int, default=3, help="runs of the CLI-vs-imports timing (0: skip)")
    parser.add_argument("--only", help="audit only articles whose path contains this")
    parser.add_argument("--findings-out", type=Path, help="write every article's findings (JSON lines) here")
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    if not DATA.is_dir():
        raise SystemExit(f"no real articles: {DATA} is not there")
    paths = [str(p) for p in [SEED, EXAMPLE, *real_articles()] if p.is_file()]
    if args.only:
        paths = [p for p in paths if args.only in p]
    workers = [Worker(REPO, "this")]
    for root in args.baseline:
        workers.append(Worker(root.resolve(), root.resolve().name if len(args.baseline) > 1 else "baseline"))
    baselines = [w.label for w in workers[1:]]
    for w in workers:
        print(f"{w.label}: {w.module}")
    results: dict[str, list[dict[str, Any]]] = {w.label: [] for w in workers}
    for k, path in enumerate(paths):
        order = workers if k % 2 == 0 else workers[::-1]  # alternate who goes first
        for w in order:
            results[w.label].append(w.ask(do="audit", path=path))
        print(f"\r  {k + 1}/{len(paths)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    # The seed and the example are checked for findings, not counted as real articles.
    real = {label: [r for r in rows if r["path"] not in (str(SEED), str(EXAMPLE))] for label, rows in results.items()}
    print("\nThroughput (warm, offline, all checks; one process each)")
    summaries = {w.label: _summary(w.label, real[w.label]) for w in workers}
    for source in ("jats", "tei", "corpus", "pdf"):
        for w in workers:
            rows = [r for r in real[w.label] if article_name(r["path"]).startswith(source + "/")]
            if rows:
                _summary(f"{w.label}:{source}", rows)
    for label in baselines:
        ratio = summaries["this"]["per_core"] / summaries[label]["per_core"]
        print(f"\n  ratio this / {label}: {ratio:.2f}x papers per second per core "
              f"(target {TARGET_PAPERS_PER_CORE} papers/s/core)")
    for w in workers:
        _slowest(w.label, real[w.label])
    errors = [(article_name(r["path"]), r["error"]) for r in results["this"] if r["error"]]
    for name, error in errors:
        print(f"  FAILED {name}: {error}")
    if args.findings_out:
        with args.findings_out.open("w", encoding="utf-8") as out:
            for r in results["this"]:
                out.write(json.dumps({"path": article_name(r["path"]), "findings": r["findings"],
                                      "error": r["error"]}) + "\n")
    for label in baselines:
        diff = _diff_findings(results["this"], results[label])
        print(f"\nFindings diff (check, severity, message, location) this vs {label} on {len(paths)} papers: "
              + ("none" if not diff else f"{len(diff)} line(s)"))
        for line in diff:
            print("  " + line)
    if args.rules:
        longest = sorted(real["this"], key=lambda r: -r["triples"])[: args.rules]
        _rule_table(workers, [r["path"] for r in longest])
    for w in workers:
        w.close()
    if args.cli_runs:
        _cli_against_imports([(w.label, w.root) for w in workers], args.cli_runs)


if __name__ == "__main__":
    main()
