"""Replays a recorded ``PoseTrack`` through the live loop (no model, blank pictures)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np

from formcheck.live.run import LiveOptions, LiveOutcome, run_live
from formcheck.sources.base import FrameSource
from formcheck.types import Exercise, Frame, PoseFrame, Side


class TrackSource(FrameSource):
    """The track's frames (indices and timestamps) as a file source of blank images."""

    def __init__(self, track) -> None:
        self.name = track.source
        self.fps = track.fps
        self.size = track.size
        self.frame_count = len(track.frames)
        self.is_live = False
        self.stopped_early = None
        self._track = track
        self._blank = np.zeros((track.size[1], track.size[0], 3), np.uint8)

    def __iter__(self) -> Iterator[Frame]:
        for pose_frame in self._track.frames:
            yield Frame(pose_frame.index, pose_frame.timestamp_s, self._blank)


def replay_live(track, exercise: Exercise, side: Side | None = None) -> LiveOutcome:
    """What ``formcheck live --headless`` reports on this track (every frame, no drops)."""
    by_index: dict[int, PoseFrame] = {f.index: f for f in track.frames}
    options = LiveOptions(exercise=exercise, side=side, headless=True, audio=False, speak=False)
    return run_live(
        options, out=io.StringIO(), source=TrackSource(track), observe=lambda frame: by_index[frame.index]
    )
