"""`formcheck bench batch`: how much faster N workers score the same clips than one.

The rows: one worker (this process), N local worker processes, and N workers of a local Dask
cluster (when the ``cluster`` extra is installed). Each scores every clip from scratch (``force``)
into its own temporary folder, model loading and worker start-up included (they are part of what a
batch costs). Peak resident memory is read from the kernel's accounting: of this process for the
in-process single worker, else of the largest worker process that has ended so far.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from formcheck.batch import ClipStatus, ScoreOptions, find_clips, run_batch
from formcheck.batch.backends import Backend


@dataclass(frozen=True, slots=True)
class BatchTiming:
    label: str  # how the clips were scored: "in-process", "processes", "dask local"
    workers: int
    threads_per_worker: int | None
    wall_s: float
    clips_ok: int
    clips_failed: int
    seconds_of_video: float
    frames: int
    peak_rss_mib: float
    cpu_s: float  # user + system CPU of this process and its workers

    @property
    def cores_busy(self) -> float:
        """Average number of cores the run kept busy (cpu_s / wall_s)."""
        return self.cpu_s / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def frames_per_s(self) -> float:
        return self.frames / self.wall_s if self.wall_s > 0 else 0.0


def _peak_rss_mib(in_process: bool) -> float:
    who = resource.RUSAGE_SELF if in_process else resource.RUSAGE_CHILDREN
    kib = resource.getrusage(who).ru_maxrss  # Linux: KiB
    return kib / 1024.0


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers, once they have exited
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_batch(
    clips: Sequence[Path],
    workers: int,
    *,
    threads_per_worker: int | None,
    options: ScoreOptions,
    label: str,
    backend: Backend | None = None,
) -> BatchTiming:
    with tempfile.TemporaryDirectory(prefix="formcheck-bench-batch-") as out:
        cpu_before = _cpu_s()
        started = time.perf_counter()
        result = run_batch(
            clips,
            Path(out),
            options=options,
            workers=workers,
            threads_per_worker=threads_per_worker,
            force=True,
            progress=False,
            backend=backend,
        )
        wall_s = time.perf_counter() - started
        cpu_s = _cpu_s() - cpu_before
    ok = [r for r in result.records if r.status is ClipStatus.OK]
    return BatchTiming(
        label=label,
        workers=workers,
        threads_per_worker=threads_per_worker,
        wall_s=wall_s,
        clips_ok=len(ok),
        clips_failed=len(result.records) - len(ok),
        seconds_of_video=sum(r.seconds_analysed or 0.0 for r in ok),
        frames=sum(r.frames_total or 0 for r in ok),
        peak_rss_mib=_peak_rss_mib(in_process=backend is None and (workers <= 1 or len(clips) <= 1)),
        cpu_s=cpu_s,
    )


def default_clips_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "sample_videos"


def run_bench(
    clips_dir: Path,
    *,
    workers: int = 2,
    threads_per_worker: int | None = None,
    exercise: str = "auto",
    html: bool = True,
    limit: int | None = None,
    dask: bool = True,
) -> list[BatchTiming]:
    """One worker first (the reference), then ``workers`` processes, then a local Dask cluster of
    ``workers`` (``dask``; InvalidOption when the ``cluster`` extra is missing)."""
    clips = find_clips([clips_dir])[:limit] if limit else find_clips([clips_dir])
    if not clips:
        from formcheck.errors import EmptySource

        raise EmptySource(f"no video files under {clips_dir}")
    options = ScoreOptions(exercise=exercise, html=html)
    if threads_per_worker is None:
        threads_per_worker = max(1, (os.cpu_count() or 1) // workers)
    cluster = None
    if dask:
        from formcheck.batch.cluster import LOCAL_SCHEDULER, DaskCluster, require_dask

        require_dask("--dask (the default; --no-dask leaves it out)")
        cluster = DaskCluster.from_option(
            LOCAL_SCHEDULER, workers=workers, threads_per_worker=threads_per_worker
        )
    timings = [
        time_batch(clips, 1, threads_per_worker=None, options=options, label="in-process"),
        time_batch(clips, workers, threads_per_worker=threads_per_worker, options=options, label="processes"),
    ]
    if cluster is not None:
        timings.append(
            time_batch(
                clips,
                workers,
                threads_per_worker=threads_per_worker,
                options=options,
                label="dask local",
                backend=cluster,
            )
        )
    return timings


def format_bench(timings: Sequence[BatchTiming]) -> str:
    """A table, one row per timing; the speed-up of each against the first (one worker)."""
    one = timings[0]
    lines = [
        f"formcheck bench batch: {one.clips_ok + one.clips_failed} clips, {one.seconds_of_video:.1f} s of video, "
        f"{one.frames} frames, {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}",
        f"{'backend':>11} {'workers':>8} {'threads/worker':>15} {'wall s':>8} {'speed-up':>9} {'CPU s':>8} "
        f"{'cores busy':>11} {'frames/s':>9} {'peak RSS MiB':>13} {'failed':>7}",
    ]
    for timing in timings:
        threads = "default" if timing.threads_per_worker is None else str(timing.threads_per_worker)
        speed_up = one.wall_s / timing.wall_s if timing.wall_s > 0 else float("nan")
        lines.append(
            f"{timing.label:>11} {timing.workers:>8} {threads:>15} {timing.wall_s:>8.1f} {speed_up:>8.2f}x "
            f"{timing.cpu_s:>8.1f} {timing.cores_busy:>11.2f} {timing.frames_per_s:>9.1f} "
            f"{timing.peak_rss_mib:>13.0f} {timing.clips_failed:>7}"
        )
    for timing in timings[1:]:
        speed_up = one.wall_s / timing.wall_s if timing.wall_s > 0 else float("nan")
        lines.append(f"speed-up with {timing.workers} workers ({timing.label}): {speed_up:.2f}x")
    load = os.getloadavg()[0]
    if load > 1.5 * (os.cpu_count() or 1):
        lines.append(
            f"warning: load average {load:.1f} on {os.cpu_count()} cores: other processes share the CPU, "
            "so wall times (and the speed-up) are not this machine's own"
        )
    return "\n".join(lines)
