"""Where a batch's clips are scored: this process, a local process pool, or a Dask cluster.

A backend only dispatches: it is given the clips still to score and reports each clip's outcome,
in the parent process, as it arrives. Everything around it (which clips are done, records, history,
summary, exit code) is the runner's, the same for every backend. ``formcheck.batch.cluster`` holds
the Dask one, kept apart because Dask is an optional extra.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from formcheck.batch.records import ClipRecord, ClipStatus
from formcheck.batch.scoring import ClipJob, ClipOutcome, init_worker, score_clip

OnOutcome = Callable[[ClipJob, ClipOutcome], None]

# What an atomic write leaves behind when its process is killed between creating its temporary file
# and renaming it: ``.report.json.partial`` (records, HTML) or ``.report.json.<random>.tmp`` (JSON, CSV).
LEFTOVER_SUFFIXES = (".partial", ".tmp")


class Backend(Protocol):
    """Scores ``jobs`` and calls ``on_outcome`` in this process once per job, in completion order.

    ``analyze`` replaces the pose pipeline in tests (it must be importable by the workers).
    """

    def run(self, jobs: Sequence[ClipJob], analyze: Callable | None, on_outcome: OnOutcome) -> None: ...


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed worker left in a clip's folder before the clip is redone.

    The folder belongs to this one clip and nothing else writes there while it is scored, so every
    hidden temporary file in it is a leftover of an earlier, interrupted attempt.
    """
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.startswith(".") and path.name.endswith(LEFTOVER_SUFFIXES) and path.is_file():
            path.unlink(missing_ok=True)


def run_job(job: ClipJob, analyze: Callable | None = None) -> ClipOutcome:
    """One clip, in whichever worker runs it: a clean folder, then ``score_clip``."""
    remove_leftovers(job.folder)
    return score_clip(job, analyze)


def largest_first(jobs: Sequence[ClipJob]) -> list[ClipJob]:
    """Long clips start early, so no worker is left alone with one at the end."""
    return sorted(jobs, key=lambda job: job.key.size, reverse=True)


def lost_outcome(job: ClipJob, why: str, error_type: str = "WorkerDied") -> ClipOutcome:
    """A clip whose worker was lost: listed as failed now, but no record is written, so the next run
    scores it again."""
    return ClipOutcome(ClipRecord(job.key, ClipStatus.FAILED, error=why, error_type=error_type))


@dataclass(frozen=True, slots=True)
class InProcess:
    """One clip after the other in this process (one worker, or a single clip)."""

    def run(self, jobs: Sequence[ClipJob], analyze: Callable | None, on_outcome: OnOutcome) -> None:
        for job in jobs:
            on_outcome(job, run_job(job, analyze))


@dataclass(frozen=True, slots=True)
class ProcessPool:
    """``workers`` processes on this machine (``spawn``: no fork of a parent that may hold model
    threads); each loads the pose model once and keeps it for all its clips."""

    workers: int
    threads_per_worker: int | None = None

    def run(self, jobs: Sequence[ClipJob], analyze: Callable | None, on_outcome: OnOutcome) -> None:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            min(self.workers, len(jobs)),
            mp_context=context,
            initializer=init_worker,
            initargs=(self.threads_per_worker,),
        )
        pending: dict[Future, ClipJob] = {
            pool.submit(run_job, job, analyze): job for job in largest_first(jobs)
        }
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = pending.pop(future)
                    on_outcome(job, _outcome_of(future, job))
        except BaseException:
            # Ctrl+C or a failure in the parent: stop at once. Workers ignore SIGINT (init_worker),
            # so they are ended here; a clip they were scoring has no record yet and is redone next time.
            _stop_workers(pool)
            raise
        pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API for this
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _outcome_of(future: Future, job: ClipJob) -> ClipOutcome:
    try:
        return future.result()
    except BrokenProcessPool:
        # A worker died (killed, out of memory, a crash in native code) and took the pool with it:
        # this clip was being scored or still queued.
        return lost_outcome(job, "a worker process died before this clip was scored; run the batch again")


def local_backend(workers: int, threads_per_worker: int | None, jobs: int) -> Backend:
    """The default: this process for one worker or one clip, else a process pool."""
    if workers <= 1 or jobs <= 1:
        return InProcess()
    return ProcessPool(workers, threads_per_worker)
