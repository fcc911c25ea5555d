"""Batch throughput (papers per second) and peak memory on generated corpora.

Throughput: one generated corpus (``--papers``, default 200) audited three ways
in the same run, all writing the full outputs (reports, N-Quads, tables,
cross-paper checks): a single-process loop (``workers=1``), the local process
pool and a Dask ``LocalCluster`` (``--workers`` each, default 2).

Memory: corpora of each size in ``--memory-sizes`` (default 1000,10000)
audited on the process pool while a thread samples the resident set size (RSS)
of the parent and every worker process (psutil, every 0.2 s).  Streaming means
the peak must not grow with the number of papers; the RSS is also printed at
every tenth of the run, so a slow leak would show as a rising series.

Run: ``python benchmarks/corpus_throughput.py [--papers 200] [--workers 2]
[--memory-sizes 1000,10000] [--memory-checks corpus] [--skip-throughput] [--skip-memory]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from kgaudit.corpus.batch import BatchOptions, run_batch  # noqa: E402
from kgaudit.corpus.synth import write_corpus  # noqa: E402

MB = 1024 * 1024


@dataclass
class RssSampler:
    """Samples the RSS of this process and its children in a background thread."""

    interval: float = 0.2
    peak_total: int = 0
    peak_parent: int = 0
    peak_worker: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _sample(self) -> int:
        me = psutil.Process(os.getpid())
        parent = me.memory_info().rss
        total = parent
        for child in me.children(recursive=True):
            try:
                rss = child.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            self.peak_worker = max(self.peak_worker, rss)
        self.peak_parent = max(self.peak_parent, parent)
        self.peak_total = max(self.peak_total, total)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def now(self) -> int:
        """Current total RSS (parent and workers)."""
        return self._sample()


def throughput(papers: int, workers: int, work: Path) -> None:
    """Papers per second: single process, process pool, LocalCluster, on one corpus."""
    corpus = work / "throughput-corpus"
    write_corpus(papers, corpus, seed=0)
    print(f"\n== throughput: {papers} generated papers, {workers} workers, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'executor':28} {'seconds':>8} {'papers/s':>9} {'speed-up':>9} {'CPU s/paper':>12}")
    baseline = None
    for label, options in (
        ("single process (loop)", {"workers": 1}),
        (f"process pool ({workers})", {"workers": workers}),
        (f"Dask LocalCluster ({workers})", {"workers": workers, "dask": "local"}),
    ):
        out = work / f"out-{label.split()[0]}"
        shutil.rmtree(out, ignore_errors=True)
        worker_cpu: list[float] = []
        parent_cpu = time.process_time()
        start = time.perf_counter()
        summary = run_batch([str(corpus)], BatchOptions(out=out, **options),
                            on_result=partial(_add_cpu, worker_cpu))
        seconds = time.perf_counter() - start
        parent_cpu = time.process_time() - parent_cpu
        # The single-process loop audits in this process: its CPU is all in parent_cpu.
        cpu = (parent_cpu + (sum(worker_cpu) if options["workers"] > 1 else 0.0)) / summary.audited
        rate = summary.audited / seconds
        baseline = baseline or rate
        print(f"{label:28} {seconds:8.1f} {rate:9.2f} {rate / baseline:8.2f}x {cpu:12.3f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at end (other processes on the machine slow every figure;\n"
          f"CPU s/paper — the parent's CPU plus each worker's CPU on each paper — does not depend on them: "
          f"on idle cores\na pool of N workers approaches N / (CPU s/paper of the workers) papers per second)")


def _add_cpu(sink: list[float], result: object) -> None:
    sink.append(getattr(result, "cpu_seconds", 0.0))


def memory(sizes: list[int], workers: int, work: Path, checks: list[str] | None) -> None:
    """Peak RSS of parent + workers for corpora of each size (streamed outputs: flat)."""
    print(f"\n== memory: process pool, {workers} workers, checks: {','.join(checks) if checks else 'all'}")
    print(f"{'papers':>7} {'seconds':>8} {'papers/s':>9} {'peak total MB':>14} {'peak parent MB':>15} "
          f"{'peak worker MB':>15}   total RSS (MB) at each tenth of the run")
    for size in sizes:
        # Each size in a fresh process, so one run's heap does not inflate the next one's figures.
        command = [sys.executable, __file__, "--memory-one", str(size), "--workers", str(workers), "--work", str(work)]
        if checks:
            command += ["--memory-checks", ",".join(checks)]
        subprocess.run(command, check=True)


def _memory_run(size: int, workers: int, work: Path, checks: list[str] | None) -> None:
    corpus = work / f"memory-corpus-{size}"
    start = time.perf_counter()
    write_corpus(size, corpus, seed=size)
    generated = time.perf_counter() - start
    out = work / f"memory-out-{size}"
    shutil.rmtree(out, ignore_errors=True)
    trace: list[int] = []
    done = 0
    with RssSampler() as sampler:

        def record(_result: object) -> None:
            nonlocal done
            done += 1
            if done % max(size // 10, 1) == 0:
                trace.append(sampler.now() // MB)

        start = time.perf_counter()
        summary = run_batch([str(corpus)], BatchOptions(out=out, workers=workers, checks=checks), on_result=record)
        seconds = time.perf_counter() - start
    print(f"{size:7d} {seconds:8.1f} {summary.audited / seconds:9.2f} {sampler.peak_total / MB:14.0f} "
          f"{sampler.peak_parent / MB:15.0f} {sampler.peak_worker / MB:15.0f}   {trace}"
          f"  (generated in {generated:.0f} s; {summary.corpus_findings} corpus findings)", flush=True)
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    """Parse the options and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=200, help="corpus size of the throughput comparison")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--memory-checks", default=None,
                        help="check selection of the memory runs (e.g. 'corpus': graphs, reports, facts and the "
                             "cross-paper checks without per-paper checks, to reach 10,000 papers sooner)")
    parser.add_argument("--memory-one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--work", default=None, help="working directory (default: a temporary one)")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kgaudit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    checks = args.memory_checks.split(",") if args.memory_checks else None
    if args.memory_one:
        _memory_run(args.memory_one, args.workers, work, checks)
        return
    try:
        if not args.skip_throughput:
            throughput(args.papers, args.workers, work)
        if not args.skip_memory:
            memory([int(s) for s in args.memory_sizes.split(",") if s], args.workers, work, checks)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
