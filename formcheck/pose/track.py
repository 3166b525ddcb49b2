"""The pose pass's product: every frame's pose of one clip, kept without images or masks."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.types import PoseFrame, StoppedEarly


@dataclass(slots=True)
class PoseTrack:
    """Every frame's pose of one clip, without images: what the later stages work on."""

    source: str
    fps: float
    size: tuple[int, int]
    frames: list[PoseFrame]
    stopped_early: StoppedEarly | None = None
    is_still: bool = False  # a photo: judged as one moment (``formcheck.exercises.still``)

    @property
    def frames_total(self) -> int:
        return len(self.frames)

    @property
    def frames_with_pose(self) -> int:
        return sum(1 for f in self.frames if f.pose is not None)

    @property
    def duration_s(self) -> float:
        if not self.frames:
            return 0.0
        return self.frames[-1].timestamp_s - self.frames[0].timestamp_s + 1.0 / self.fps
