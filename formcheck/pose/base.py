"""The contract every pose backend obeys, so models are swappable."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from formcheck.types import Frame, Pose


@runtime_checkable
class PoseEstimator(Protocol):
    """Turns frames into one person's pose.

    Backends are context managers (they hold native resources). In ``video`` mode frames must come
    in increasing ``timestamp_s`` order and the backend may track between frames; in ``image`` mode
    every frame is independent.

    Optional (not part of the protocol, look it up with ``getattr``): ``reset()`` forgets tracking
    state and timestamps so one loaded model can serve the next clip as if freshly created.
    """

    name: str

    def estimate(self, frame: Frame) -> Pose | None:
        """The pose in ``frame``, or None when no person is found."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> PoseEstimator: ...

    def __exit__(self, *exc: object) -> None: ...
