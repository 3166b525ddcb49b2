"""The model on the live loop's own thread, right before the rest of the frame's work.

The pose used to run on a thread of its own, one frame ahead of a coaching thread, so that the
back contour, kinematics, rules and overlay of frame N overlapped the model's work on frame N+1.
On a 2-core machine the overlap hid only about half of that work's wall time (the model's graph
threads already keep both cores busy), and it made the work dearer: the coaching thread woke once
per frame with cold caches (back contour, kinematics + rules and overlay measured 1.6 / 1.2 /
1.9 ms per frame there against 0.4 / 0.5 / 0.6 ms back to back), and every frame paid a hand-over
between the threads and a shortened GIL switch interval. One thread doing model -> back contour ->
rules -> events -> overlay in turn is the bare loop plus that work and nothing else. The capture
thread stays: a camera must keep delivering, and only its newest frame is posed
(``NewestFrameGrabber``).
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
