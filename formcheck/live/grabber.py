"""A capture thread that hands the consumer the NEWEST frame and drops the rest.

A camera delivers frames at its own pace; when pose estimation is slower, queueing them would make
the feedback lag further and further behind the person. So the grabber keeps one slot: a new frame
replaces an unread one (counted in ``dropped``), and the consumer always works on what the camera
sees now. For a recorded file, ``paced=True`` releases frames at their timestamps like a camera
(dropping when slow), and ``lossless=True`` hands over every frame (the producer waits instead).

A slot alone does not bound the lag when the consumer is about as slow as the camera: each frame
then sits in the slot for most of a frame interval while the previous one is processed, and the
waits add up to a full interval (a camera-paced 30-fps run measured a frame-to-overlay p95 of
2.3x the model's own p95 that way). So with ``max_age_s`` a frame that has waited longer than that
is dropped too and the next one, due within the interval, is taken as soon as it arrives; the one
after a drop is always taken, so a consumer slower than the camera still gets every other frame.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from formcheck.types import Frame


@dataclass(frozen=True, slots=True)
class GrabbedFrame:
    frame: Frame
    captured_at_s: float  # time.monotonic() when the frame became available
    sequence: int  # 0, 1, 2, ... over every frame the source produced, dropped ones included


@dataclass(frozen=True, slots=True)
class GrabberStats:
    produced: int
    delivered: int
    dropped: int


class NewestFrameGrabber:
    """Reads ``frames`` on a background thread; ``next()`` returns the newest unread frame."""

    def __init__(
        self,
        frames: Iterable[Frame],
        *,
        lossless: bool = False,
        paced: bool = False,
        max_age_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._frames = frames
        self._lossless = lossless
        self._paced = paced
        self._max_age_s = None if lossless else max_age_s
        self._clock = clock
        self._sleep = sleep
        self._condition = threading.Condition()
        self._slot: GrabbedFrame | None = None
        self._finished = False
        self._stop = threading.Event()
        self._produced = 0
        self._delivered = 0
        self._dropped = 0
        self.error: BaseException | None = None  # what ended the source, if it raised
        self._thread = threading.Thread(target=self._run, name="formcheck-grabber", daemon=True)

    def start(self) -> NewestFrameGrabber:
        self._thread.start()
        return self

    def __enter__(self) -> NewestFrameGrabber:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def stats(self) -> GrabberStats:
        with self._condition:
            return GrabberStats(self._produced, self._delivered, self._dropped)

    def next(self, timeout_s: float | None = None) -> GrabbedFrame | None:
        """The newest frame not yet handed out; None once the source has ended (or on timeout)."""
        deadline = None if timeout_s is None else self._clock() + timeout_s
        with self._condition:
            if not self._wait_for_slot(deadline):
                return None
            grabbed, self._slot = self._slot, None
            if self._is_stale(grabbed):
                # A fresher frame is due within the interval: take that one as soon as it arrives.
                # Should none come (end of the source, timeout) the stale one is still better.
                self._condition.notify_all()
                if self._wait_for_slot(deadline):
                    grabbed, self._slot = self._slot, None
                    self._dropped += 1
            self._delivered += 1
            self._condition.notify_all()
            return grabbed

    def _wait_for_slot(self, deadline: float | None) -> bool:
        """Wait (holding the condition) until a frame is in the slot; False at the end or the deadline."""
        while self._slot is None and not self._finished:
            remaining = None if deadline is None else deadline - self._clock()
            if remaining is not None and remaining <= 0:
                return False
            self._condition.wait(remaining if remaining is not None else 0.1)
        return self._slot is not None

    def _is_stale(self, grabbed: GrabbedFrame) -> bool:
        """Waited longer than ``max_age_s`` while the source is still going."""
        if self._max_age_s is None or self._finished:
            return False
        return self._clock() - grabbed.captured_at_s > self._max_age_s

    @property
    def finished(self) -> bool:
        with self._condition:
            return self._finished and self._slot is None

    def stop(self) -> None:
        """Ask the thread to stop after the frame it is reading, and wait for it briefly."""
        self._stop.set()
        with self._condition:
            self._condition.notify_all()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        start_clock: float | None = None
        first_timestamp_s = 0.0
        try:
            for frame in self._frames:
                if self._stop.is_set():
                    break
                if self._paced:
                    if start_clock is None:
                        start_clock, first_timestamp_s = self._clock(), frame.timestamp_s
                    self._wait_until(start_clock + frame.timestamp_s - first_timestamp_s)
                self._publish(frame)
        except Exception as error:  # a camera unplugged mid-read: end the session, keep the reason
            self.error = error
        finally:
            with self._condition:
                self._finished = True
                self._condition.notify_all()

    def _wait_until(self, due_s: float) -> None:
        while not self._stop.is_set():
            remaining = due_s - self._clock()
            if remaining <= 0:
                return
            self._sleep(min(remaining, 0.05))

    def _publish(self, frame: Frame) -> None:
        with self._condition:
            if self._lossless:
                while self._slot is not None and not self._stop.is_set():
                    self._condition.wait(0.1)
            if self._slot is not None:
                self._dropped += 1
            self._slot = GrabbedFrame(frame, self._clock(), self._produced)
            self._produced += 1
            self._condition.notify_all()
