"""Is the knee landmark where the thigh is? A bone-length consistency check on the thigh.

A thigh does not change length. Seen from the side, its image length relative to the trunk chord
(mid-shoulder -> mid-hip) stays within a few per cent while the hip and knee move in the sagittal
plane. BlazePose, though, sometimes pulls a knee landmark away from the knee for seconds at a time:
toward the other, raised knee when a leg hangs off a couch, or onto the hip when the heel is
pulled in. The thigh's angle is then wrong by 10-30 deg while every landmark still reports full
visibility. Its image length gives it away: on the studio's couch clips the thigh/chord ratio
stays within 0.96-1.04 of the clip's median in frames whose thigh angle is right, and drops to
0.8-0.9 in most frames where the knee sits 10+ deg off (``formcheck bench accuracy``).

So the thigh angles of a frame whose thigh length strays from the person's typical length by
more than ``THIGH_LENGTH_TOLERANCE`` are unmeasurable (None), never guessed. The typical length is
the median over the whole clip offline, and the median of the frames seen so far live.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np

from formcheck.landmarks import SIDE_LANDMARKS
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose, Side

# Relative deviation from the typical thigh/chord ratio beyond which the knee is taken as misplaced.
# Camera yaw up to 30 deg foreshortens a thigh swinging through the exercises' range by < 5 %.
THIGH_LENGTH_TOLERANCE = 0.08
# Live, the typical length needs this many frames before it judges anything.
MIN_FRAMES_FOR_TYPICAL = 15
# Live, the typical length is the median of at most this many recent frames (~30 s at 30 fps).
LIVE_HISTORY_FRAMES = 900


def thigh_to_chord_ratio(pose: Pose, side: Side) -> float | None:
    """Length of the hip->knee landmark segment over the mid-shoulder->mid-hip chord."""
    names = SIDE_LANDMARKS[side.value]
    thigh = np.hypot(*(pose.point(names["knee"]) - pose.point(names["hip"])))
    shoulder = pose.landmarks_px[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]].mean(axis=0)
    hip = pose.landmarks_px[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]].mean(axis=0)
    chord = float(np.hypot(*(shoulder - hip)))
    return None if chord < 1e-6 else float(thigh / chord)


class ThighLengthReference:
    """Each side's typical thigh/chord ratio and the check of one frame against it."""

    def __init__(self, history_frames: int | None = None) -> None:
        self._ratios: dict[Side, deque[float]] = {side: deque(maxlen=history_frames) for side in Side}

    @classmethod
    def from_poses(cls, poses: Iterable[Pose | None]) -> ThighLengthReference:
        """Offline: the typical length over a whole clip."""
        reference = cls()
        for pose in poses:
            reference.observe(pose)
        return reference

    @classmethod
    def live(cls) -> ThighLengthReference:
        """Live: the typical length over the recent frames, updated as frames arrive."""
        return cls(LIVE_HISTORY_FRAMES)

    def observe(self, pose: Pose | None) -> None:
        if pose is None:
            return
        for side in Side:
            ratio = thigh_to_chord_ratio(pose, side)
            if ratio is not None:
                self._ratios[side].append(ratio)

    def typical(self, side: Side) -> float | None:
        ratios = self._ratios[side]
        return float(np.median(ratios)) if len(ratios) >= MIN_FRAMES_FOR_TYPICAL else None

    def consistent(self, pose: Pose, side: Side, tolerance: float = THIGH_LENGTH_TOLERANCE) -> bool:
        """False when this frame's thigh is clearly longer or shorter than the person's thigh."""
        typical = self.typical(side)
        ratio = thigh_to_chord_ratio(pose, side)
        if typical is None or ratio is None:
            return True  # nothing to compare with yet: the other gates (visibility, view) still apply
        return abs(ratio / typical - 1.0) <= tolerance
