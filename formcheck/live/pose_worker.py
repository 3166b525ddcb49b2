"""Pose estimation on its own thread, one frame ahead of the coaching and drawing.

MediaPipe releases the GIL while its graph runs, so while the model works on frame N+1 the main
thread can smooth, measure, score and draw frame N on the other core. Throughput becomes that of
the slower stage (the model) instead of the sum of both; the hand-over holds one result, so the
main thread always gets the pose of the newest frame the worker took, never a backlog.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from formcheck.live.grabber import GrabbedFrame, NewestFrameGrabber
from formcheck.types import Frame, Pose, PoseFrame


@dataclass(frozen=True, slots=True)
class PosedFrame:
    grabbed: GrabbedFrame
    result: Pose | PoseFrame | None  # what the worker's ``observe`` returned (the model's Pose)
    pose_s: float  # wall seconds the pose stage took for this frame
    model_s: float | None = None  # of which the model itself (when the estimator reports it)


class PoseWorker:
    """Takes the grabber's newest frame, runs ``observe`` (the model) on it, hands the result over.

    Only the model runs here: everything after it (the back contour from the mask included) runs
    on the main thread, which has time to spare while the model works on the next frame.
    """

    def __init__(
        self,
        grabber: NewestFrameGrabber,
        observe: Callable[[Frame], Pose | PoseFrame | None],
        *,
        lossless: bool = False,
        model_seconds: Callable[[], float] | None = None,
    ) -> None:
        self._model_seconds = model_seconds
        self._grabber = grabber
        self._lossless = lossless
        self.dropped = 0  # posed frames replaced before the main thread took them
        # CPU this thread spent in Python and numpy (MediaPipe's own graph threads not included).
        self.thread_cpu_s = 0.0
        self._observe = observe
        self._condition = threading.Condition()
        self._slot: PosedFrame | None = None
        self._done = False
        self._stop = threading.Event()
        self.error: BaseException | None = None  # raised in the worker; re-raised by ``next``
        self._thread = threading.Thread(target=self._run, name="formcheck-pose", daemon=True)

    def __enter__(self) -> PoseWorker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        with self._condition:
            self._condition.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=5.0)  # let a running inference finish before the model closes

    def next(self, timeout_s: float | None = None) -> PosedFrame | None:
        """The next posed frame; None when the source has ended (or on timeout)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        with self._condition:
            while self._slot is None and not self._done:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._condition.wait(0.1 if remaining is None else min(remaining, 0.1))
            posed, self._slot = self._slot, None
            self._condition.notify_all()
        if posed is None and self.error is not None:
            error, self.error = self.error, None
            raise error
        return posed

    @property
    def finished(self) -> bool:
        with self._condition:
            return self._done and self._slot is None

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                grabbed = self._grabber.next(timeout_s=0.1)
                if grabbed is None:
                    if self._grabber.finished:
                        break
                    continue
                started, cpu_started = time.perf_counter(), time.thread_time()
                result = self._observe(grabbed.frame)
                model_s = self._model_seconds() if self._model_seconds is not None else None
                self.thread_cpu_s += time.thread_time() - cpu_started
                self._hand_over(PosedFrame(grabbed, result, time.perf_counter() - started, model_s))
        except BaseException as error:  # noqa: BLE001 (KeyboardInterrupt from a test fake, model errors)
            self.error = error
        finally:
            with self._condition:
                self._done = True
                self._condition.notify_all()

    def _hand_over(self, posed: PosedFrame) -> None:
        with self._condition:
            while self._lossless and self._slot is not None and not self._stop.is_set():
                self._condition.wait(0.1)
            if self._slot is not None:
                self.dropped += 1  # the main thread fell behind: the newer pose wins
            self._slot = posed
            self._condition.notify_all()
