"""The executors: results stream back as tasks finish, and a worker that dies costs only its own task."""

from __future__ import annotations

import os
import threading

import dask
import distributed  # noqa: F401 - its config is loaded before a test sets part of it (and restores it)

from kgaudit.corpus.executors import WorkerDied, dask_map, process_pool_map


def square_or_die(n: int) -> int:
    """The task of these tests: ``n * n``, except that 13 kills its worker process outright."""
    if n == 13:
        os._exit(1)  # what a segfault or the OOM killer looks like from the parent
    return n * n


def test_process_pool_returns_every_result() -> None:
    outcomes = dict(process_pool_map(square_or_die, range(13), workers=2, window=3))
    assert outcomes == {n: n * n for n in range(13)}


def test_a_dead_worker_fails_only_the_task_that_killed_it() -> None:
    outcomes = dict(process_pool_map(square_or_die, range(10, 20), workers=2, window=4))
    assert isinstance(outcomes.pop(13), WorkerDied)
    assert outcomes == {n: n * n for n in range(10, 20) if n != 13}


def test_tasks_are_taken_lazily_within_the_window() -> None:
    taken: list[int] = []

    def tasks() -> object:
        for n in range(12):
            taken.append(n)
            yield n

    stream = process_pool_map(square_or_die, tasks(), workers=2, window=2)
    first = next(stream)
    assert first[1] == first[0] ** 2
    assert len(taken) <= 3  # two in flight, at most one more taken after the first result
    assert len(dict(stream)) == 11


def test_dask_local_cluster_returns_every_result_and_reports_a_killed_worker() -> None:
    # Dask retries a task whose worker died; one death is enough here (the default allows three retries).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        outcomes = dict(dask_map(square_or_die, [2, 3, 13, 4], address="local", workers=2, window=2))
    assert {k: v for k, v in outcomes.items() if k != 13} == {2: 4, 3: 9, 4: 16}
    assert isinstance(outcomes[13], Exception)  # distributed's KilledWorker after its retries


# Where (which thread) the cyclic garbage of the previous task was collected, in this worker process.
_COLLECTED_ON: list[int] = []


class _Cyclic:
    """An object in a reference cycle that records the thread it is destroyed on."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _COLLECTED_ON.append(threading.get_ident())


def leave_garbage_or_tell(step: str) -> object:
    if step == "leave":
        _Cyclic()
        return threading.get_ident()
    return list(_COLLECTED_ON)


def test_dask_collects_a_tasks_cyclic_garbage_on_the_tasks_thread() -> None:
    # pyoxigraph's query results refuse to be dropped on another thread than theirs (a traceback on a
    # successful batch, issue 15); garbage left in cycles by a task must go on the task's own thread.
    outcomes = list(dask_map(leave_garbage_or_tell, ["leave", "tell"], address="local", workers=1, window=1))
    task_thread = outcomes[0][1]
    assert outcomes[1][1] == [task_thread]
