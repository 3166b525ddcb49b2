"""Where to cut a clip into segments for parallel pose workers.

Each worker decodes its file from the start (``formcheck.sources.segment``): frames before its
segment are only grabbed, which costs ``SKIP_COST`` of a posed frame, then it poses
``warmup_frames`` frames just before its segment to settle BlazePose's tracker, then its segment.
The first segment is posed by the calling process, which is running already; every other worker
process first has to start (``START_COST``). Segments are sized so that every worker has about the
same work, counting all of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# A grabbed-but-not-converted frame of a phone clip (678x848 H.264) takes ~1.9 ms, a posed frame
# (BlazePose full with its mask, plus the back contour) ~30 ms on the 2-core reference machine.
SKIP_COST = 0.06
# BlazePose's video mode carries state from frame to frame (the region it tracks, its landmark and
# mask filters), so a worker poses these frames before its segment and throws them away. That
# removes the cold start's transient (body landmarks 6-9 px off a warm tracker's in the first frames
# of a 678x848 clip, 3-4 px after 15 frames) but the two tracks never become identical: the tracked
# region feeds back on itself, and two trackers started apart stay 3-5 px apart on average (up to
# ~15 px) for as long as they run, whether warmed up over 15 or 60 frames. So frames after a seam
# are a different, equally valid track; see tests/parallel for what that does to the angles.
WARMUP_FRAMES = 15
# A worker process starts ~0.6-0.7 s of CPU later than the calling process can begin posing: the
# spawned interpreter re-imports formcheck (and the calling script) before it loads the model, which
# both then do (measured: CLI import 0.6 s, MediaPipe import and model load 1.0 s). In posed frames:
START_COST = 25
# A segment shorter than this is not worth a process (~1.5 s CPU to start one and load the model).
MIN_SEGMENT_FRAMES = 60
# The default worker count: the cores this process may use, at most this many (each worker holds
# its own copy of the model, ~200 MB, and a clip of a few hundred frames gains little beyond).
MAX_DEFAULT_WORKERS = 4


@dataclass(frozen=True, slots=True)
class Segment:
    """Frames ``start <= position < stop`` of a clip, posed after warming up from ``warmup_start``.

    Positions count the frames the source delivers (after any ``max_fps`` stride). ``stop`` None is
    the end of the clip, wherever decoding finds it.
    """

    warmup_start: int
    start: int
    stop: int | None


def default_workers() -> int:
    """The cores available to this process, capped at ``MAX_DEFAULT_WORKERS``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def plan_segments(
    frame_count: int,
    workers: int,
    *,
    warmup_frames: int = WARMUP_FRAMES,
    skip_cost: float = SKIP_COST,
    start_cost: float = START_COST,
    min_segment_frames: int = MIN_SEGMENT_FRAMES,
) -> list[Segment]:
    """Contiguous segments covering ``frame_count`` frames, one per worker, equal in work.

    Fewer segments than ``workers`` when the clip is too short for each to have
    ``min_segment_frames``; a single segment (no warm-up) means: do not split.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    count = max(1, min(workers, frame_count // max(1, min_segment_frames)))
    if count == 1:
        return [Segment(0, 0, None)]
    # Bisect the work per worker: too little and the last segment overruns the clip.
    low, high = 0.0, float(frame_count + count * warmup_frames)
    for _ in range(60):
        work = (low + high) / 2
        if _starts(work, count, warmup_frames, skip_cost, start_cost)[-1] < frame_count:
            low = work
        else:
            high = work
    starts = _starts(high, count, warmup_frames, skip_cost, start_cost)[:-1]
    starts = [0] + [min(max(s, 1), frame_count - 1) for s in starts[1:]]
    stops: list[int | None] = [*starts[1:], None]
    return [
        Segment(max(0, start - warmup_frames) if index else 0, start, stop)
        for index, (start, stop) in enumerate(zip(starts, stops, strict=True))
    ]


def _starts(work: float, count: int, warmup_frames: int, skip_cost: float, start_cost: float) -> list[int]:
    """Segment starts (and the end of the last one) when every worker does ``work`` units."""
    starts = [0]
    for index in range(count):
        start = starts[-1]
        warmup_start = max(0, start - warmup_frames) if index else 0
        # work = start_cost (not the first) + skip_cost * warmup_start + (stop - warmup_start)
        stop = round(work - (start_cost if index else 0.0) - skip_cost * warmup_start + warmup_start)
        starts.append(max(stop, start + 1))
    return starts
