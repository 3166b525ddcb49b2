"""Runs a batch: skips finished clips, scores the rest in worker processes, rebuilds the summary.

Workers are separate processes (``spawn``: no fork of a parent that may hold model threads); each
loads the pose model once and keeps it for all its clips (see ``scoring.WorkerState``). The parent only collects records, drives the progress bar,
saves history rows (a single writer) and rebuilds the summary from the per-clip records, also when
interrupted, so what was finished is always listed. With ``--save`` the history database is checked
before any clip is scored, and a run catches up the sessions an earlier run did not save
(``batch/history.py``).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from formcheck.batch.history import BatchHistory
from formcheck.batch.records import (
    ClipKey,
    ClipRecord,
    ClipStatus,
    clip_folder_name,
    is_done,
    read_record,
)
from formcheck.batch.scoring import ClipJob, ClipOutcome, ScoreOptions, init_worker, score_clip
from formcheck.batch.summary import write_summary
from formcheck.errors import HistoryUnavailable, InvalidOption

CLIPS_FOLDER = "clips"


@dataclass(slots=True)
class BatchResult:
    records: list[ClipRecord] = field(default_factory=list)  # every clip of the batch, input order
    scored: int = 0
    skipped: int = 0
    sessions_saved: int = 0  # new history rows (--save)
    history_error: HistoryUnavailable | None = None  # --save: sessions not saved (exit code 13)
    history_warnings: list[str] = field(default_factory=list)  # clips whose sessions were unreadable

    @property
    def failed(self) -> list[ClipRecord]:
        return [r for r in self.records if r.status is ClipStatus.FAILED]


def plan_jobs(
    clips: Sequence[Path], out_dir: Path, options: ScoreOptions, *, force: bool, retry_failed: bool
):
    """(jobs to run, records of clips already done)."""
    jobs: list[ClipJob] = []
    done: dict[Path, ClipRecord] = {}
    for clip in clips:
        folder = out_dir / CLIPS_FOLDER / clip_folder_name(clip)
        key = ClipKey.of(clip)
        record = read_record(folder)
        if not force and is_done(record, key, folder, retry_failed=retry_failed):
            done[clip] = record
        else:
            jobs.append(ClipJob(clip, key, folder, options))
    return jobs, done


def _clip_folder(out_dir: Path):
    return lambda record: out_dir / CLIPS_FOLDER / clip_folder_name(Path(record.key.path))


def _run_in_process(jobs, analyze, on_outcome) -> None:
    for job in jobs:
        on_outcome(job, score_clip(job, analyze))


def _run_in_pool(jobs, workers: int, threads_per_worker: int | None, analyze, on_outcome) -> None:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=init_worker, initargs=(threads_per_worker,)
    )
    # Largest files first: the long clips start early, so no worker is left alone with one at the end.
    ordered = sorted(jobs, key=lambda job: job.key.size, reverse=True)
    pending: dict[Future, ClipJob] = {pool.submit(score_clip, job, analyze): job for job in ordered}
    try:
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                job = pending.pop(future)
                on_outcome(job, _outcome_of(future, job))
    except BaseException:
        # Ctrl+C or a failure in the parent: stop at once. Workers ignore SIGINT (init_worker), so
        # they are ended here; a clip they were scoring has no record yet and is redone next time.
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
        # this clip was being scored or still queued. Listed as failed now, but no record is
        # written, so the next run scores it again.
        record = ClipRecord(
            job.key,
            ClipStatus.FAILED,
            error="a worker process died before this clip was scored; run the batch again",
            error_type="WorkerDied",
        )
        return ClipOutcome(record)


def _key_or_none(clip: Path) -> ClipKey | None:
    try:
        return ClipKey.of(clip)
    except OSError:  # deleted while the batch ran
        return None


def _all_records(clips: Sequence[Path], out_dir: Path, received: dict[Path, ClipRecord]) -> list[ClipRecord]:
    """Every clip's record, in input order: those the workers reported, and those on disk that a
    worker finished just before an interruption (the record files are the truth)."""
    records = []
    for clip in clips:
        record = received.get(clip)
        if record is None:
            on_disk = read_record(out_dir / CLIPS_FOLDER / clip_folder_name(clip))
            record = on_disk if on_disk is not None and on_disk.key == _key_or_none(clip) else None
        if record is not None:
            records.append(record)
    return records


def run_batch(
    clips: Sequence[Path],
    out_dir: Path,
    *,
    options: ScoreOptions | None = None,
    workers: int = 1,
    threads_per_worker: int | None = None,
    force: bool = False,
    retry_failed: bool = False,
    history_db: Path | None = None,
    progress: bool = True,
    analyze: Callable | None = None,
) -> BatchResult:
    """Score ``clips`` into ``out_dir``; see ``formcheck batch --help`` for the layout."""
    options = options or ScoreOptions()
    # Before any clip is scored: an unusable or locked history stops the batch now (exit code 13).
    history = BatchHistory(history_db) if options.save_history else None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidOption(
            f"--out {out_dir}: cannot be used as the output folder ({error.strerror})"
        ) from None
    jobs, done = plan_jobs(clips, out_dir, options, force=force, retry_failed=retry_failed)
    if history is not None:
        history.catch_up(list(done.values()), _clip_folder(out_dir))
    result = BatchResult(skipped=len(done))
    records: dict[Path, ClipRecord] = dict(done)
    bar = tqdm(
        total=len(clips),
        initial=len(done),
        desc="batch",
        unit="clip",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )

    def on_outcome(job: ClipJob, outcome: ClipOutcome) -> None:
        records[job.clip] = outcome.record
        result.scored += 1
        if history is not None and outcome.record.status is ClipStatus.OK:
            history.save_scored(outcome.sessions)
        failed = sum(1 for r in records.values() if r.status is ClipStatus.FAILED)
        bar.set_postfix_str(f"{job.clip.name}: {outcome.record.status.value}, failed {failed}")
        bar.update(1)

    try:
        if workers <= 1 or len(jobs) <= 1:
            _run_in_process(jobs, analyze, on_outcome)
        else:
            _run_in_pool(jobs, min(workers, len(jobs)), threads_per_worker, analyze, on_outcome)
    finally:
        bar.close()
        result.records = _all_records(clips, out_dir, records)
        write_summary(out_dir, result.records, clips_folder=CLIPS_FOLDER)
    if history is not None:
        result.history_error = history.finish(result.records, _clip_folder(out_dir))
        result.sessions_saved = history.saved
        result.history_warnings = history.unreadable
    return result
