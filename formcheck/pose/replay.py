"""A pose "backend" that serves recorded poses: for tests, and for re-analysing a saved track."""

from __future__ import annotations

from collections.abc import Mapping

from formcheck.types import Frame, Pose


class ReplayEstimator:
    """Returns ``poses_by_index[frame.index]`` for each frame (None when the index is absent).

    ``strict=True`` raises ``KeyError`` for an index that was never recorded, so a test notices when
    frames and recordings drift apart instead of silently seeing "no person".
    """

    name = "replay"

    def __init__(self, poses_by_index: Mapping[int, Pose | None], *, strict: bool = False) -> None:
        self._poses = dict(poses_by_index)
        self._strict = strict
        self.calls = 0

    def estimate(self, frame: Frame) -> Pose | None:
        self.calls += 1
        if self._strict and frame.index not in self._poses:
            raise KeyError(f"no recorded pose for frame {frame.index}")
        return self._poses.get(frame.index)

    def reset(self) -> None:
        """Nothing to forget: replayed poses do not depend on earlier frames."""

    def close(self) -> None:
        pass

    def __enter__(self) -> ReplayEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
