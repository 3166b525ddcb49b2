"""``formcheck bench speed``: how fast the live pipeline runs on this machine.

Frames of a clip are decoded once into memory and letterboxed to 640x480 (decoding is the camera's
job live), then:

1. the bare loop, pose only: each frame copied out of memory (a decoder's fresh buffer) and
   posed by the BlazePose estimator as live mode creates it (video mode, with the segmentation
   mask the lumbar arch needs), frame after frame;
2. full pipeline, throughput: the real ``formcheck live`` loop (capture thread; then, on the loop
   thread, pose, back contour, causal smoothing, kinematics, lumbar arch, exercise rules, events
   and overlay drawing), every frame handed over (lossless), overlay drawn as a window would;
3. the same without drawing: what ``formcheck live --headless`` does (JSON events only);
4. full pipeline, latency: the same loop fed at 30 fps like a webcam (newest frame wins, drops
   counted); latency = frame available -> overlay drawn, set against the model's own p95.

Overhead = (full per-frame time - bare-loop per-frame time) / bare-loop per-frame time, in process
CPU time and in wall time, steady state after ``WARMUP_FRAMES``. The model's own speed drifts by
~15 % from minute to minute on a shared 2-core machine (24-28 ms/frame), more than the overhead
itself, so with ``--repeat`` each run's bare-loop and full timings (taken back to back) make one
pair, and the overhead printed is the median over the pairs, with their range.
"""

from __future__ import annotations

import dataclasses
import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from formcheck.errors import EmptySource
from formcheck.live.run import LiveOptions, LiveOutcome, run_live
from formcheck.pose import create_estimator
from formcheck.sources import open_source
from formcheck.sources.base import FrameSource
from formcheck.types import Exercise, Frame

BENCH_SIZE = (640, 480)
CAMERA_FPS = 30.0  # a laptop webcam
WARMUP_FRAMES = 5  # model load and first inferences are not what a session feels


class MemorySource(FrameSource):
    """Pre-decoded frames served like a file (or, via ``--realtime`` pacing, like a camera)."""

    def __init__(self, frames: list[Frame], fps: float, name: str) -> None:
        self._frames = frames
        self.name = name
        self.fps = fps
        self.size = frames[0].size
        self.frame_count = len(frames)
        self.is_live = False
        self.stopped_early = None

    def __iter__(self) -> Iterator[Frame]:
        # A fresh buffer per frame, as a camera delivers: the overlay draws on it in place.
        for frame in self._frames:
            yield Frame(frame.index, frame.timestamp_s, frame.image.copy())


def letterbox(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` (already at most ``size``) centred on a black canvas of exactly ``size``."""
    width, height = size
    canvas = np.zeros((height, width, 3), np.uint8)
    h, w = min(height, image.shape[0]), min(width, image.shape[1])
    top, left = (height - h) // 2, (width - w) // 2
    canvas[top : top + h, left : left + w] = image[:h, :w]
    return canvas


def load_frames(clip: Path, max_frames: int, size: tuple[int, int] = BENCH_SIZE) -> tuple[list[Frame], float]:
    """Up to ``max_frames`` frames of ``clip`` scaled into ``size`` (aspect kept, letterboxed)."""
    frames: list[Frame] = []
    with open_source(clip) as probe:
        width, height = probe.size
    longer = max(width, height)
    fit = min(size[0] / width, size[1] / height)
    resize = max(1, int(round(longer * fit)))
    with open_source(clip, resize=resize) as source:
        fps = source.fps
        for frame in source:
            frames.append(Frame(frame.index, frame.timestamp_s, letterbox(frame.image, size)))
            if len(frames) >= max_frames:
                break
    if not frames:
        raise EmptySource(f"{clip}: no frames to benchmark")
    return frames, fps


@dataclass(slots=True)
class SpeedFigures:
    clip: str
    frames: int
    size: tuple[int, int]
    pose_only_ms: list[float] = field(default_factory=list)
    pose_only_cpu_ms: float = 0.0
    pose_no_mask_fps: float = 0.0
    pose_cpu_ms: float = 0.0  # the loop thread's CPU in the pose stage (Python side of the model)
    pose_only_p95_ms: float = 0.0  # the model's own p95 per frame (bare loop)
    stage_cpu_ms: dict[str, float] = field(default_factory=dict)  # median loop-thread CPU per stage
    headless_cpu_ms: float = 0.0  # process CPU per frame, nothing drawn
    headless_frame_ms: float = 0.0
    # (wall %, CPU %) of each run's bare loop and headless timings taken back to back
    paired_headless_pct: list[tuple[float, float]] = field(default_factory=list)
    full_cpu_ms: float = 0.0
    load_average: float = 0.0
    repeats: int = 1
    full_frame_ms: float = 0.0
    full_fps: float = 0.0
    stage_ms: dict[str, float] = field(default_factory=dict)
    latency_p50_ms: float = 0.0
    latency_p95_ms: float = 0.0
    paced_fps: float = 0.0
    paced_dropped: int = 0
    paced_delivered: int = 0
    # (wall %, CPU %) of each run's pose-only and full timings taken back to back
    paired_overheads_pct: list[tuple[float, float]] = field(default_factory=list)

    @property
    def pose_only_fps(self) -> float:
        return 1000.0 / float(np.mean(self.pose_only_ms))

    @property
    def cpu_overhead_pct(self) -> float:
        """The pipeline's own CPU work over the model's: independent of other load on the machine."""
        if self.paired_overheads_pct:
            return float(np.median([cpu for _, cpu in self.paired_overheads_pct]))
        return _percent_over(self.full_cpu_ms, self.pose_only_cpu_ms)

    @property
    def overhead_pct(self) -> float:
        if self.paired_overheads_pct:
            return float(np.median([wall for wall, _ in self.paired_overheads_pct]))
        return _percent_over(self.full_frame_ms, float(np.mean(self.pose_only_ms)))

    @property
    def headless_overhead_pct(self) -> tuple[float, float]:
        """(wall %, CPU %) of the headless loop (nothing drawn) over the bare loop."""
        if self.paired_headless_pct:
            return (
                float(np.median([wall for wall, _ in self.paired_headless_pct])),
                float(np.median([cpu for _, cpu in self.paired_headless_pct])),
            )
        return (
            _percent_over(self.headless_frame_ms, float(np.mean(self.pose_only_ms))),
            _percent_over(self.headless_cpu_ms, self.pose_only_cpu_ms),
        )

    @property
    def latency_vs_model(self) -> float:
        """Frame-to-overlay latency p95 over the model's own p95 (target: at most 1.5)."""
        return self.latency_p95_ms / self.pose_only_p95_ms if self.pose_only_p95_ms else float("nan")


def _percent_over(value: float, base: float) -> float:
    """How much ``value`` exceeds ``base``, in percent of it (NaN when nothing was measured)."""
    return 100.0 * (value - base) / base if base > 0 else float("nan")


def measure_pose_only(
    frames: list[Frame], *, segmentation: bool = True, model: str = "blazepose-full"
) -> tuple[list[float], float]:
    """Per-frame wall milliseconds of the bare loop (a fresh copy of the frame, as a decoder
    delivers it, then the estimator) after the warm-up frames, and its CPU milliseconds per frame
    (all of the process's threads)."""
    times: list[float] = []
    cpu_started = 0.0
    with create_estimator(model, mode="video", segmentation=segmentation) as estimator:
        for position, frame in enumerate(MemorySource(frames, 30.0, "bench")):
            if position == WARMUP_FRAMES:
                cpu_started = time.process_time()
            started = time.perf_counter()
            estimator.estimate(frame)
            if position >= WARMUP_FRAMES:
                times.append(1000.0 * (time.perf_counter() - started))
        cpu_ms = 1000.0 * (time.process_time() - cpu_started) / max(1, len(times))
    return times, cpu_ms


def run_pipeline(
    frames: list[Frame], fps: float, exercise: Exercise, *, paced: bool, model: str, draw: bool = True
) -> LiveOutcome:
    """The real live loop over in-memory frames, headless and silent; ``draw`` the overlay as a
    window or recording would (the headless default draws nothing)."""
    options = LiveOptions(
        exercise=exercise, headless=True, realtime=paced, audio=False, speak=False, model=model, draw=draw
    )
    return run_live(options, out=io.StringIO(), source=MemorySource(frames, fps, "bench"))


def _steady(values: list[float]) -> list[float]:
    return values[WARMUP_FRAMES:] if len(values) > 2 * WARMUP_FRAMES else values


def measure_speed(
    clip: Path, *, max_frames: int, exercise: Exercise, model: str = "blazepose-full", repeat: int = 1
) -> SpeedFigures:
    """Every figure, measured ``repeat`` times; each figure is the best of its repeats (as
    ``timeit`` does: other load on the machine only ever makes a run slower)."""
    frames, fps = load_frames(clip, max_frames)
    runs = [_measure_once(clip, frames, fps, exercise, model) for _ in range(max(1, repeat))]
    best_pose = min(runs, key=lambda f: float(np.mean(f.pose_only_ms)))
    best_full = min(runs, key=lambda f: f.full_frame_ms)
    best_paced = min(runs, key=lambda f: f.latency_p95_ms)
    return dataclasses.replace(
        best_full,
        pose_only_ms=best_pose.pose_only_ms,
        pose_only_cpu_ms=min(f.pose_only_cpu_ms for f in runs),
        pose_no_mask_fps=max(f.pose_no_mask_fps for f in runs),
        full_cpu_ms=min(f.full_cpu_ms for f in runs),
        pose_only_p95_ms=best_pose.pose_only_p95_ms,
        headless_cpu_ms=min(f.headless_cpu_ms for f in runs),
        headless_frame_ms=min(f.headless_frame_ms for f in runs),
        paired_headless_pct=[f.headless_overhead_pct for f in runs],
        latency_p50_ms=best_paced.latency_p50_ms,
        latency_p95_ms=best_paced.latency_p95_ms,
        paced_fps=best_paced.paced_fps,
        paced_dropped=best_paced.paced_dropped,
        paced_delivered=best_paced.paced_delivered,
        repeats=len(runs),
        load_average=max(f.load_average for f in runs),
        paired_overheads_pct=[(f.overhead_pct, f.cpu_overhead_pct) for f in runs],
    )


def _measure_once(
    clip: Path, frames: list[Frame], fps: float, exercise: Exercise, model: str
) -> SpeedFigures:
    figures = SpeedFigures(str(clip), len(frames), frames[0].size)
    figures.pose_only_ms, figures.pose_only_cpu_ms = measure_pose_only(frames, model=model)
    figures.pose_only_p95_ms = float(np.percentile(figures.pose_only_ms, 95))
    no_mask_ms, _ = measure_pose_only(frames, model=model, segmentation=False)
    figures.pose_no_mask_fps = 1000.0 / float(np.mean(no_mask_ms))

    throughput = run_pipeline(frames, fps, exercise, paced=False, model=model)
    figures.stage_ms = {name: 1000.0 * float(np.mean(_steady(v))) for name, v in throughput.stage_s.items()}
    figures.stage_cpu_ms = {
        name: 1000.0 * float(np.median(_steady(v))) for name, v in throughput.stage_cpu_s.items()
    }
    # Steady-state throughput: overlays completed per second after the warm-up frames (decoding
    # runs on the capture thread, overlapping the rest).
    figures.full_frame_ms = _steady_frame_ms(throughput)
    figures.full_fps = 1000.0 / figures.full_frame_ms
    figures.full_cpu_ms = throughput.steady_cpu_ms_per_frame or 0.0
    figures.pose_cpu_ms = throughput.pose_cpu_ms_per_frame or 0.0

    headless = run_pipeline(frames, fps, exercise, paced=False, model=model, draw=False)
    figures.headless_frame_ms = _steady_frame_ms(headless)
    figures.headless_cpu_ms = headless.steady_cpu_ms_per_frame or 0.0

    # Latency as a webcam sees it: the frames re-timed to CAMERA_FPS (the sample clips are 15 fps).
    camera = [Frame(i, i / CAMERA_FPS, f.image) for i, f in enumerate(frames)]
    paced = run_pipeline(camera, CAMERA_FPS, exercise, paced=True, model=model)
    latencies = 1000.0 * np.asarray(_steady(paced.latencies_s))
    figures.latency_p50_ms = float(np.percentile(latencies, 50))
    figures.latency_p95_ms = float(np.percentile(latencies, 95))
    figures.paced_fps = paced.processed_fps
    figures.paced_dropped = paced.grabber.dropped
    figures.paced_delivered = paced.grabber.delivered
    figures.load_average = os.getloadavg()[0]
    return figures


def _steady_frame_ms(outcome: LiveOutcome) -> float:
    done = outcome.completed_s[WARMUP_FRAMES:]
    return 1000.0 * (done[-1] - done[0]) / (len(done) - 1)


def format_figures(figures: SpeedFigures) -> str:
    width, height = figures.size
    pose_ms = float(np.mean(figures.pose_only_ms))
    headless_wall, headless_cpu = figures.headless_overhead_pct
    lines = [
        f"clip: {figures.clip} ({figures.frames} frames, letterboxed to {width}x{height})",
        f"bare loop, pose only (BlazePose full + mask): {figures.pose_only_fps:6.1f} fps  ({pose_ms:.1f} ms/frame, "
        f"p95 {figures.pose_only_p95_ms:.1f} ms, {figures.pose_only_cpu_ms:.1f} CPU ms/frame)",
        f"  (reference: pose without the mask {figures.pose_no_mask_fps:.1f} fps; live needs the mask for the lumbar arch)",
        f"full live pipeline (every frame):    {figures.full_fps:6.1f} fps  ({figures.full_frame_ms:.1f} ms/frame)",
        "  stage wall times, ms/frame: " + ", ".join(f"{k} {v:.2f}" for k, v in figures.stage_ms.items()),
        "  stage CPU of the loop thread, ms/frame (median): "
        + ", ".join(f"{k} {v:.2f}" for k, v in figures.stage_cpu_ms.items()),
        f"overhead over the bare loop, overlay drawn:       {figures.cpu_overhead_pct:5.1f} % CPU time, "
        f"{figures.overhead_pct:5.1f} % wall time{_pairs_note(figures)}",
        f"overhead over the bare loop, headless (no overlay): {headless_cpu:5.1f} % CPU time, "
        f"{headless_wall:5.1f} % wall time{_pairs_note(figures, headless=True)}",
        f"camera-paced run at {CAMERA_FPS:.0f} fps: {figures.paced_fps:.1f} fps processed, {figures.paced_dropped} of "
        f"{figures.paced_dropped + figures.paced_delivered} frames dropped",
        f"frame-to-overlay latency:            p50 {figures.latency_p50_ms:.1f} ms, p95 {figures.latency_p95_ms:.1f} ms "
        f"= {figures.latency_vs_model:.2f} x the model's own p95",
        "targets: >= 25 fps, latency p95 <= 80 ms and <= 1.5 x the model's p95, overhead <= 5 % (CPU and wall)",
        f"best of {figures.repeats} run(s); machine: {os.cpu_count()} cores, load average up to "
        f"{figures.load_average:.1f} during the runs "
        "(wall-time figures suffer when other work shares the cores; CPU-time overhead does not)",
    ]
    return "\n".join(lines)


def _pairs_note(figures: SpeedFigures, *, headless: bool = False) -> str:
    pairs = figures.paired_headless_pct if headless else figures.paired_overheads_pct
    if len(pairs) < 2:
        full_cpu_ms = figures.headless_cpu_ms if headless else figures.full_cpu_ms
        return f" ({full_cpu_ms:.1f} vs {figures.pose_only_cpu_ms:.1f} CPU ms/frame)"
    walls = [wall for wall, _ in pairs]
    cpus = [cpu for _, cpu in pairs]
    return (
        f" (median of {len(walls)} paired runs; wall {min(walls):.1f} to {max(walls):.1f} %, "
        f"CPU {min(cpus):.1f} to {max(cpus):.1f} %)"
    )
