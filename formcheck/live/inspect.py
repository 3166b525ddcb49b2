"""A pose-estimator wrapper that looks at the segmentation mask before the pipeline drops it.

``formcheck.observation.observe_frame`` turns the mask into the back contour and discards it; the
live set-up check also wants to know whether a second person is in view, which only the mask can
tell. Wrapping the estimator keeps ``observe_frame`` the one place that builds ``PoseFrame``s.
"""

from __future__ import annotations

import time

from formcheck.live.guidance import other_person_share
from formcheck.types import Frame, Pose

# The person check costs ~1 ms; once every few frames is plenty for someone walking into view.
CHECK_EVERY_FRAMES = 5


class MaskInspectingEstimator:
    """Delegates to ``inner``; keeps ``other_person_share`` of the latest checked frame."""

    def __init__(self, inner, check_every_frames: int = CHECK_EVERY_FRAMES) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "pose")
        self.check_every_frames = check_every_frames
        self.other_person_share: float | None = None
        self._count = 0
        self.last_estimate_s = 0.0  # the model's own time on the latest frame (for the benchmark)

    def estimate(self, frame: Frame) -> Pose | None:
        started = time.perf_counter()
        pose = self.inner.estimate(frame)
        self.last_estimate_s = time.perf_counter() - started
        if pose is None:
            self.other_person_share = None
        elif self._count % self.check_every_frames == 0:
            self.other_person_share = other_person_share(pose.mask, pose)
        self._count += 1
        return pose

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> MaskInspectingEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
