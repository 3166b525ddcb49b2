"""``formcheck bench speed``, offline part: how fast ``formcheck analyze`` runs on a whole clip.

Every figure is a whole process timed from start to exit (imports, model load, decoding, pose,
analysis, writing the JSON), as a user waits for it, with the CPU time and the peak memory of its
process tree:

1. the bare loop: OpenCV decoding and BlazePose full with its mask, nothing else
   (``formcheck.bench.bare_loop``);
2. N bare loops at once, N = the worker count: what N cores can do at best (the ceiling);
3. ``formcheck analyze --workers 1`` and ``--workers N`` on the same clip.

The ceiling's time per clip is its wall time divided by N; the N-worker analysis is compared with
that. Wall times suffer from any other load on the machine, so the load average is printed too;
CPU times hardly do, and show what splitting costs in work.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from formcheck.bench.process_tree import RunFigures, python_env, run_measured
from formcheck.sources import open_source
from formcheck.types import Exercise


@dataclass(slots=True)
class OfflineFigures:
    clip: str
    frames: int
    duration_s: float
    size: tuple[int, int]
    workers: int
    bare: RunFigures | None = None
    ceiling: RunFigures | None = None  # ``workers`` bare loops at once
    analyze_one: RunFigures | None = None
    analyze_many: RunFigures | None = None
    reports_agree: bool | None = None  # same mistakes and verdict from 1 and N workers
    load_averages: list[float] = field(default_factory=list)


def measure_offline(clip: Path, *, exercise: Exercise, workers: int, repeat: int = 1) -> OfflineFigures:
    """Each figure measured ``repeat`` times, the fastest kept (other load only slows a run)."""
    with open_source(clip) as source:
        frames, fps, size = source.frame_count or 0, source.fps, source.size
    figures = OfflineFigures(str(clip), frames, frames / fps, size, workers)
    env = python_env()
    bare = [sys.executable, "-m", "formcheck.bench.bare_loop", str(clip)]
    with tempfile.TemporaryDirectory(prefix="formcheck-bench-") as scratch:
        one_json, many_json = Path(scratch, "one.json"), Path(scratch, "many.json")
        for _ in range(max(1, repeat)):
            figures.load_averages.append(os.getloadavg()[0])
            figures.bare = _fastest(figures.bare, run_measured([bare], env=env))
            figures.ceiling = _fastest(figures.ceiling, run_measured([bare] * workers, env=env))
            one = run_measured([_analyze(clip, exercise, 1, one_json)], env=env)
            figures.analyze_one = _fastest(figures.analyze_one, one)
            many = run_measured([_analyze(clip, exercise, workers, many_json)], env=env)
            figures.analyze_many = _fastest(figures.analyze_many, many)
        figures.load_averages.append(os.getloadavg()[0])
        figures.reports_agree = _same_verdict(one_json, many_json)
    return figures


def _analyze(clip: Path, exercise: Exercise, workers: int, json_path: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "formcheck.cli.main", "analyze", str(clip)),
        *("--exercise", exercise.value, "--workers", str(workers), "--quiet", "--json", str(json_path)),
    ]


def _fastest(best: RunFigures | None, new: RunFigures) -> RunFigures:
    if new.returncode != 0:
        raise RuntimeError(f"a timed run failed (exit {new.returncode}): {new.stderr_tail}")
    return new if best is None or new.wall_s < best.wall_s else best


def _same_verdict(a: Path, b: Path) -> bool | None:
    if not (a.exists() and b.exists()):
        return None
    first, second = json.loads(a.read_text()), json.loads(b.read_text())

    def key(report: dict) -> tuple:
        mistakes = [(m.get("code"), m.get("start_s"), m.get("end_s")) for m in report.get("mistakes", [])]
        return mistakes, report.get("summary", {}).get("verdict")

    return key(first) == key(second)


def format_offline(figures: OfflineFigures) -> str:
    assert figures.bare and figures.ceiling and figures.analyze_one and figures.analyze_many
    n = figures.workers
    width, height = figures.size
    per_clip_ceiling_s = figures.ceiling.wall_s / n

    def line(label: str, run: RunFigures, clips: int, note: str) -> str:
        realtime = clips * figures.duration_s / run.wall_s
        memory = f"{run.peak_rss_mb:6.0f} MB" if run.peak_rss_mb is not None else "     n/a"
        return (
            f"  {label:<38} {run.wall_s:6.1f} s  {realtime:5.2f}x real time  CPU {run.cpu_s:6.1f} s  "
            f"peak RSS {memory}  {note}"
        )

    agree = {True: "identical", False: "DIFFERENT", None: "not compared"}[figures.reports_agree]
    loads = ", ".join(f"{value:.1f}" for value in figures.load_averages)
    return "\n".join(
        [
            f"offline analysis: {figures.clip} ({figures.frames} frames, {figures.duration_s:.2f} s, {width}x{height})",
            "  whole processes, start to exit; peak RSS = the process tree's, sampled every 50 ms",
            line("bare loop (decode + BlazePose + mask)", figures.bare, 1, ""),
            line(
                f"{n} bare loops at once (the ceiling)",
                figures.ceiling,
                n,
                f"= {per_clip_ceiling_s:.1f} s per clip",
            ),
            line(
                "analyze --workers 1",
                figures.analyze_one,
                1,
                f"{figures.analyze_one.wall_s / figures.bare.wall_s:.2f}x the bare loop's time",
            ),
            line(
                f"analyze --workers {n}",
                figures.analyze_many,
                1,
                f"{per_clip_ceiling_s / figures.analyze_many.wall_s:.2f} of the ceiling's speed, "
                f"{figures.analyze_one.wall_s / figures.analyze_many.wall_s:.2f}x faster than 1 worker",
            ),
            f"  CPU time of {n} workers over 1 worker: {figures.analyze_many.cpu_s / figures.analyze_one.cpu_s:.2f}x "
            f"(the price of splitting: warm-up frames, skipped decoding, {n - 1} more model loads)",
            f"  mistakes and verdict from 1 and {n} workers: {agree}",
            f"  target: {n} workers >= 0.9 of the ceiling's speed; machine: {os.cpu_count()} cores, "
            f"load average {loads} (1-min, before each round and after; wall times suffer from other load)",
        ]
    )
