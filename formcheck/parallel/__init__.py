"""The pose stage of a recorded clip on every core: segments posed by worker processes, stitched.

>>> workers = PoseWorkers(2, "clip.mp4")  # doctest: +SKIP
>>> with open_source("clip.mp4") as source:  # doctest: +SKIP
...     track = track_poses(source, workers)
"""

from formcheck.parallel.plan import (
    MAX_DEFAULT_WORKERS,
    WARMUP_FRAMES,
    Segment,
    default_workers,
    plan_segments,
)
from formcheck.parallel.pool import PoseWorkers

__all__ = [
    "MAX_DEFAULT_WORKERS",
    "WARMUP_FRAMES",
    "PoseWorkers",
    "Segment",
    "default_workers",
    "plan_segments",
]
