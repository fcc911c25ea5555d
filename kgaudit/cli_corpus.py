"""``kgaudit batch``: audit a corpus on a process pool or a Dask cluster (registered by ``kgaudit.cli``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgaudit.cli import EXIT_FINDINGS, EXIT_OK, check_writable, input_format_option
from kgaudit.errors import UsageError


def register(main: click.Group) -> None:
    """Add the corpus commands to the ``kgaudit`` group."""
    main.add_command(batch)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(),
              help="Output directory (reports/, graphs/, papers.csv, findings.csv and .parquet, corpus_findings.json).")
@click.option("--workers", type=int, default=None,
              help="Worker processes (default: one per CPU); with --dask local, the LocalCluster's workers.")
@click.option("--dask", "dask", default=None, metavar="local|tcp://HOST:PORT",
              help="Run on Dask distributed: 'local' starts a LocalCluster, an address joins a running scheduler.")
@click.option("--resume", is_flag=True, default=False, help="Skip papers whose report already exists in --out.")
@click.option("--checks", "selection", default=None,
              help="Comma-separated check ids or families, per-paper and corpus.* (default: all).")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on stderr (default: on): a bar on a terminal, else a plain line now and then.")
@input_format_option
@click.option("--online/--offline", "online", default=False, show_default=True,
              help="Resolve references against Crossref and PubMed (a batch stays offline unless asked).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None,
              help="Resolver cache file (SQLite) shared by all workers; default under the user cache directory.")
@click.option("--no-cache", is_flag=True, default=False, help="Do not read or write the resolver cache.")
@click.option("--mailto", default=None, envvar="KGAUDIT_MAILTO",
              help="Contact e-mail sent to Crossref and NCBI (polite pool).")
def batch(inputs: tuple[str, ...], out: str, workers: int | None, dask: str | None, resume: bool,
          selection: str | None, progress: bool | None, input_format: str | None, online: bool,
          cache_path: str | None, no_cache: bool, mailto: str | None) -> None:
    """Audit every paper in INPUTS (files, directories searched recursively, glob patterns) into --out.

    References stay unresolved unless --online is given (each worker process then
    shares one resolver session and the cache file).  Exit 0 when no paper has an
    error finding and none failed, 1 otherwise, 2 for unusable options.
    """
    from kgaudit.corpus.batch import BatchOptions, print_summary, run_batch

    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1 (got {workers})")
    if dask is not None and dask != "local" and "://" not in dask:
        raise UsageError(f"--dask takes 'local' or a scheduler address such as tcp://host:8786 (got {dask!r})")
    check_writable(Path(out), directory=True)
    resolver: dict[str, object] = {"use_cache": not no_cache}
    if cache_path:
        resolver["cache_path"] = cache_path
    if mailto:
        resolver["mailto"] = mailto
    options = BatchOptions(
        out=Path(out), workers=workers, dask=dask, resume=resume,
        checks=[s.strip() for s in selection.split(",") if s.strip()] if selection else None,
        fmt=input_format, online=online, resolver_options=resolver,
    )
    if progress is False:
        summary = run_batch(list(inputs), options)
    elif sys.stderr.isatty():
        summary = _run_with_progress(list(inputs), options)
    else:
        summary = _run_with_progress_lines(list(inputs), options)
    print_summary(summary)
    sys.exit(EXIT_FINDINGS if summary.errors or summary.failed else EXIT_OK)


# A log or a CI job reads progress lines: one every so often, never one per paper of a large corpus.
PROGRESS_LINE_EVERY_S = 10.0


def _run_with_progress_lines(inputs: list[str], options: object, every: float = PROGRESS_LINE_EVERY_S) -> object:
    """Progress as plain lines on stderr (not a terminal): at the start, every ``every`` seconds, at the end."""
    import time

    from kgaudit.corpus.batch import run_batch

    state = {"total": 0, "done": 0, "failed": 0, "last": time.monotonic()}

    def line() -> None:
        click.echo(f"kgaudit: batch: {state['done']} of {state['total']} papers audited"
                   f" ({state['failed']} failed)", err=True)

    def start(total: int) -> None:
        state["total"] = total
        line()

    def advance(result: object) -> None:
        state["done"] += 1
        state["failed"] += not getattr(result, "ok", True)
        now = time.monotonic()
        if now - state["last"] >= every or state["done"] == state["total"]:
            state["last"] = now
            line()

    return run_batch(inputs, options, on_start=start, on_result=advance)  # type: ignore[arg-type]


def _run_with_progress(inputs: list[str], options: object) -> object:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kgaudit.corpus.batch import run_batch

    console = Console(stderr=True)
    columns = (TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} failed"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("batch", total=None, failed=0)
        failed = 0

        def start(total: int) -> None:
            progress.update(task, total=total)

        def advance(result: object) -> None:
            nonlocal failed
            failed += not getattr(result, "ok", True)
            progress.update(task, advance=1, failed=failed)

        return run_batch(inputs, options, on_start=start, on_result=advance)  # type: ignore[arg-type]
