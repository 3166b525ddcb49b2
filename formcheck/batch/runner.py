"""Runs a batch: skips finished clips, has a backend score the rest, rebuilds the summary.

The backend (``backends``: this process or a local process pool; ``cluster``: Dask) only dispatches;
each of its workers loads the pose model once and keeps it for all its clips. The parent only collects records, drives the progress bar,
saves history rows (a single writer) and rebuilds the summary from the per-clip records, also when
interrupted, so what was finished is always listed. With ``--save`` the history database is checked
before any clip is scored, and a run catches up the sessions an earlier run did not save
(``batch/history.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from formcheck.batch.backends import Backend, local_backend
from formcheck.batch.history import BatchHistory
from formcheck.batch.locations import Clip, as_clip, clip_name
from formcheck.batch.records import (
    ClipKey,
    ClipRecord,
    ClipStatus,
    clip_folder_name,
    is_done,
    read_record,
)
from formcheck.batch.scoring import ClipJob, ClipOutcome, ScoreOptions
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
    clips: Sequence[Clip], out_dir: Path, options: ScoreOptions, *, force: bool, retry_failed: bool
):
    """(jobs to run, records of clips already done)."""
    jobs: list[ClipJob] = []
    done: dict[Clip, ClipRecord] = {}
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
    return lambda record: out_dir / CLIPS_FOLDER / clip_folder_name(as_clip(record.key.path))


def _key_or_none(clip: Clip) -> ClipKey | None:
    try:
        return ClipKey.of(clip)
    except OSError:  # deleted while the batch ran
        return None


def _all_records(clips: Sequence[Clip], out_dir: Path, received: dict[Clip, ClipRecord]) -> list[ClipRecord]:
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
    clips: Sequence[Clip],
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
    backend: Backend | None = None,
) -> BatchResult:
    """Score ``clips`` into ``out_dir``; see ``formcheck batch --help`` for the layout.

    ``clips`` are local files or fsspec URLs (``formcheck.batch.locations``). ``backend`` says where the clips are scored (``formcheck.batch.backends``, or a Dask cluster from
    ``formcheck.batch.cluster``); by default this process or a pool of ``workers`` processes.
    """
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
    records: dict[Clip, ClipRecord] = dict(done)
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
        bar.set_postfix_str(f"{clip_name(job.clip)}: {outcome.record.status.value}, failed {failed}")
        bar.update(1)

    try:
        if jobs:
            (backend or local_backend(workers, threads_per_worker, len(jobs))).run(jobs, analyze, on_outcome)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM under the CLI: say what is kept and what is not
        raise KeyboardInterrupt(
            f"interrupted: {result.scored} of {len(jobs)} clips scored in this run (their records and "
            "the summary are written); the same command scores the rest"
        ) from None
    finally:
        bar.close()
        result.records = _all_records(clips, out_dir, records)
        write_summary(out_dir, result.records, clips_folder=CLIPS_FOLDER)
    if history is not None:
        result.history_error = history.finish(result.records, _clip_folder(out_dir))
        result.sessions_saved = history.saved
        result.history_warnings = history.unreadable
    return result
