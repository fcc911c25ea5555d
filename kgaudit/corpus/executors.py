"""Run a function over a stream of tasks on a local process pool or a Dask cluster.

Both executors take tasks lazily and keep at most ``window`` of them in flight,
so neither the tasks (paper bytes) nor the results (reports, N-Quads) pile up:
memory stays flat whatever the corpus size.  Both yield ``(task, outcome)``
pairs as tasks complete, where ``outcome`` is the function's return value or
the exception that stopped the task from running at all (a worker process
that died, a task that could not be sent).

* :func:`process_pool_map`: :class:`concurrent.futures.ProcessPoolExecutor`.
  A worker that dies (a segfault in a parser, the OOM killer) breaks the whole
  pool; the pool is rebuilt and the papers that were in flight are retried one
  at a time, so only the paper that really kills a worker is reported as such.
* :func:`dask_map`: Dask distributed, on a ``LocalCluster`` (``"local"``) or a
  running scheduler (``"tcp://host:8786"``).  Dask itself retries a task whose
  worker died and gives up with ``KilledWorker`` after a few deaths.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from kgaudit.errors import ServiceError

T = TypeVar("T")
R = TypeVar("R")

# Modules the fork server imports once, so each worker starts with the pipeline loaded.
_PRELOAD = ["kgaudit.api", "kgaudit.corpus.worker"]


class WorkerDied(RuntimeError):
    """A worker process ended while running this task (and the task ran alone, so it is the cause)."""


def default_workers() -> int:
    """The default number of worker processes: one per CPU the process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _mp_context() -> multiprocessing.context.BaseContext:
    # A fork server is forked from a clean single-threaded process (safe next to the threads of a
    # progress bar or a Dask client) and preloads the pipeline once; spawn where there is none.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def process_pool_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    *,
    workers: int,
    window: int | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[T, R | BaseException]]:
    """Run ``function`` over ``tasks`` on ``workers`` processes; yield ``(task, result or exception)``."""
    window = max(window or workers * 4, 1)
    context = _mp_context()

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer)

    source = iter(tasks)
    exhausted = False
    suspects: deque[T] = deque()  # in flight when a worker died: retried alone
    pending: dict[Future[R], tuple[T, bool]] = {}
    pool = new_pool()
    try:
        while True:
            broken = False
            try:
                if suspects:
                    if not pending:
                        task = suspects.popleft()
                        pending[pool.submit(function, task)] = (task, True)
                else:
                    while not exhausted and len(pending) < window:
                        try:
                            task = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        pending[pool.submit(function, task)] = (task, False)
            except BrokenProcessPool:
                broken = True
            if not pending and not broken:
                if exhausted and not suspects:
                    return
                continue
            if not broken:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    task, alone = pending.pop(future)
                    try:
                        outcome: R | BaseException = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if alone:
                            outcome = WorkerDied("the worker process died while auditing this paper")
                        else:
                            suspects.append(task)
                            continue
                    except Exception as exc:  # the task could not be sent or its result not received
                        outcome = exc
                    yield task, outcome
            if broken:
                for task, alone in pending.values():
                    if alone:
                        yield task, WorkerDied("the worker process died while auditing this paper")
                    else:
                        suspects.append(task)
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(address: str, workers: int) -> tuple[Any, Any]:
    """A Dask client (and the LocalCluster it owns, if any)."""
    from distributed import Client, LocalCluster

    if address == "local":
        # Dask's own log lines in the worker processes are silenced below CRITICAL: at shutdown a
        # worker whose heartbeat meets the closed scheduler logs an ERROR with a whole traceback on a
        # batch that succeeded.  A task's failure still reaches the batch through its future.
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise ServiceError("dask", f"cannot connect to the scheduler at {address} ({exc})") from None


def dask_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    *,
    address: str,
    workers: int,
    window: int | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[T, R | BaseException]]:
    """Run ``function`` over ``tasks`` on Dask (``address`` "local" or a scheduler address)."""
    from distributed import as_completed

    client, cluster = _dask_client(address, workers)
    try:
        if initializer is not None:
            client.run(initializer)
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
        window = max(window or max(threads, 1) * 4, 1)
        source = iter(tasks)
        in_flight: dict[str, T] = {}
        completed = as_completed()

        def submit_next() -> bool:
            try:
                task = next(source)
            except StopIteration:
                return False
            future = client.submit(_run_then_collect, function, task, pure=False)
            in_flight[future.key] = task
            completed.add(future)
            return True

        while len(in_flight) < window and submit_next():
            pass
        for future in completed:
            task = in_flight.pop(future.key)
            try:
                outcome: R | BaseException = future.result()
            except Exception as exc:  # KilledWorker, a lost connection: recorded for this paper
                outcome = exc
            future.release()
            yield task, outcome
            while len(in_flight) < window and submit_next():
                pass
    finally:
        _close_dask(client, cluster)


def _run_then_collect(function: Callable[[T], R], task: T) -> R:
    """``function(task)``, then a garbage collection on the same thread.

    A Dask worker runs tasks on a thread of its own; objects a task leaves in reference
    cycles are otherwise collected on whatever thread the collector next runs on, often
    the worker's event loop, and pyoxigraph's query results refuse to be dropped on
    another thread than theirs: a traceback on stderr of a batch that succeeded.
    """
    try:
        return function(task)
    finally:
        gc.collect()


# Loggers that report the connections a closing cluster drops (errors of the shutdown, not of the batch).
_SHUTDOWN_LOGGERS = ("distributed", "tornado", "asyncio")


def _close_dask(client: Any, cluster: Any) -> None:
    """Close the client, then the cluster it owns, with the shutdown's dropped-connection logs silenced."""
    loggers = [logging.getLogger(name) for name in _SHUTDOWN_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        client.close()
        if cluster is not None:
            cluster.close()
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
