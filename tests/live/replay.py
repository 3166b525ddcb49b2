"""Replays a recorded ``PoseTrack`` through the live loop: the clip's own pictures, no model."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from formcheck.live.run import LiveOptions, LiveOutcome, run_live
from formcheck.sources import open_source
from formcheck.sources.base import FrameSource
from formcheck.types import Exercise, Frame, PoseFrame, Side


class TrackSource(FrameSource):
    """The clip's frames, or blank mid-grey ones when no clip is given (the set-up check reads the
    brightness, so a black stand-in would be "too dark")."""

    def __init__(self, track, clip: Path | None = None) -> None:
        self.name = track.source
        self.fps = track.fps
        self.size = track.size
        self.frame_count = len(track.frames)
        self.is_live = False
        self.stopped_early = None
        self._track = track
        self._clip = clip
        self._blank = np.full((track.size[1], track.size[0], 3), 128, np.uint8)

    def __iter__(self) -> Iterator[Frame]:
        if self._clip is None:
            for pose_frame in self._track.frames:
                yield Frame(pose_frame.index, pose_frame.timestamp_s, self._blank)
            return
        with open_source(self._clip) as source:
            yield from source


def replay_live(track, exercise: Exercise, side: Side | None = None, clip: Path | None = None) -> LiveOutcome:
    """What ``formcheck live --headless`` reports on this track (every frame, no drops)."""
    by_index: dict[int, PoseFrame] = {f.index: f for f in track.frames}
    options = LiveOptions(exercise=exercise, side=side, headless=True, audio=False, speak=False)
    return run_live(
        options,
        out=io.StringIO(),
        source=TrackSource(track, clip),
        observe=lambda frame: by_index[frame.index],
    )
