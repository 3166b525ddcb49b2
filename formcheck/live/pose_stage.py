"""The model on the live loop's own thread, right before the rest of the frame's work.

The pose used to run on a thread of its own, one frame ahead of the coaching thread. Measured on
this project's 2-core machine that cost more than it saved: the model's own graph threads keep
both cores busy, so there was little to overlap, while the coaching thread woke once per frame
with cold caches (back contour, kinematics and overlay cost ~3x their back-to-back time) and the
hand-over between the threads (a condition, a shortened GIL switch interval) cost CPU of its own.
One thread doing model -> back contour -> rules -> overlay in turn is the bare loop plus the work,
nothing else. The capture thread stays: a camera must keep delivering, and only its newest frame
is posed (``NewestFrameGrabber``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from formcheck.live.grabber import GrabbedFrame, NewestFrameGrabber
from formcheck.types import Frame, Pose, PoseFrame


@dataclass(frozen=True, slots=True)
class PosedFrame:
    grabbed: GrabbedFrame
    result: Pose | PoseFrame | None  # what ``observe`` returned (the model's Pose, or a replay's frame)
    pose_s: float  # wall seconds the pose stage took for this frame
    pose_cpu_s: float  # CPU seconds of this thread in it (the model's graph threads not included)
    model_s: float | None = None  # of the wall seconds, the model itself (when the estimator reports it)


class PoseStage:
    """Takes the grabber's newest frame and runs ``observe`` (the model) on it, on the caller's thread."""

    def __init__(
        self,
        grabber: NewestFrameGrabber,
        observe: Callable[[Frame], Pose | PoseFrame | None],
        *,
        model_seconds: Callable[[], float] | None = None,
    ) -> None:
        self._grabber = grabber
        self._observe = observe
        self._model_seconds = model_seconds
        self.thread_cpu_s = 0.0  # CPU of the calling thread in ``observe`` (Python and numpy side)

    @property
    def finished(self) -> bool:
        return self._grabber.finished

    def skip(self) -> None:
        """Drop the frame waiting now, unposed (while paused: resume on the newest)."""
        self._grabber.next(timeout_s=0.0)

    def next(self, timeout_s: float | None = None) -> PosedFrame | None:
        """The next frame, posed; None when the source has ended (or on timeout)."""
        grabbed = self._grabber.next(timeout_s=timeout_s)
        if grabbed is None:
            return None
        started, cpu_started = time.perf_counter(), time.thread_time()
        result = self._observe(grabbed.frame)
        cpu_s = time.thread_time() - cpu_started
        self.thread_cpu_s += cpu_s
        model_s = self._model_seconds() if self._model_seconds is not None else None
        return PosedFrame(grabbed, result, time.perf_counter() - started, cpu_s, model_s)
