"""Small stand-ins for the camera, the model and the window, so the live loop runs in milliseconds."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from formcheck.feedback.window import Key
from formcheck.sources.base import FrameSource
from formcheck.types import Frame, Pose
from tests.feedback.helpers import standing_pose

SIZE = (160, 120)


class FakeSource(FrameSource):
    """``count`` grey frames at ``fps``; ``fail_after`` frames a camera is unplugged (raises)."""

    def __init__(
        self,
        count: int,
        fps: float = 30.0,
        *,
        live: bool = False,
        fail_after: int | None = None,
        paced: bool = False,
    ) -> None:
        self.paced = paced
        self.name = "fake camera" if live else "fake.mp4"
        self.fps = fps
        self.size = SIZE
        self.frame_count = None if live else count
        self.is_live = live
        self.stopped_early = None
        self.count = count
        self.fail_after = fail_after

    def __iter__(self) -> Iterator[Frame]:
        for index in range(self.count):
            if self.fail_after is not None and index >= self.fail_after:
                raise OSError("camera unplugged")
            if self.is_live and self.paced:
                time.sleep(1.0 / self.fps)  # a camera delivers at its own rate
            yield Frame(index, index / self.fps, np.full((SIZE[1], SIZE[0], 3), 120, np.uint8))


class FakeEstimator:
    """The same standing person in every frame; raises KeyboardInterrupt at ``interrupt_at``."""

    name = "fake"

    def __init__(self, interrupt_at: int | None = None) -> None:
        self.interrupt_at = interrupt_at
        self.pose: Pose = standing_pose(*SIZE)

    def estimate(self, frame: Frame) -> Pose | None:
        if self.interrupt_at is not None and frame.index >= self.interrupt_at:
            raise KeyboardInterrupt
        return self.pose

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FakeWindow:
    """Presses ``keys[n]`` after the n-th shown frame."""

    def __init__(self, keys: dict[int, Key]) -> None:
        self.keys = keys
        self.shown = 0
        self.closed = False

    def show(self, image, wait_ms: int = 1) -> Key | None:
        key = self.keys.get(self.shown)
        self.shown += 1
        return key

    def close(self) -> None:
        self.closed = True
