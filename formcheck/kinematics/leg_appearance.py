"""What each leg looks like: a few colour numbers per leg, measured where the image still exists.

BlazePose's left/right labels and depth swap together, so they cannot say which leg is which once
continuity is lost (a frame without a person, a cut, a long stretch the motion cannot follow). The
image can, when the legs differ: a shoe, a sock, bare skin against a trouser leg, or just the shading
of the near leg against the far one. So the pose stage samples each labelled leg's pixels along its
thigh (hip -> knee) and shin (knee -> ankle), inside the person mask, and keeps only their median
colour: 2 legs x 2 segments x 3 channels, a few bytes per frame (the image and mask are dropped right
after, like the back contour's mask).

Colours are normalised BGR in 0..1. A segment with too few person pixels (off-frame, hidden, the
mask missing) is NaN; comparisons use only the segments both frames saw.
"""

from __future__ import annotations

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose

# Points sampled along each segment, skipping the ends (joints blur into the other limb there).
SAMPLES_PER_SEGMENT = 12
SEGMENT_SPAN = (0.2, 0.8)
# A segment needs this many of its samples on person pixels (mask >= 0.5) to have a colour.
MIN_PERSON_SAMPLES = 4

_SEGMENTS = (("HIP", "KNEE"), ("KNEE", "ANKLE"))


def measure_leg_appearance(pose: Pose, image: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """(2 legs: left, right as labelled) x (2 segments: thigh, shin) x 3 BGR medians in 0..1, NaN
    where a segment shows too little of the person."""
    height, width = image.shape[:2]
    out = np.full((2, 2, 3), np.nan, dtype=np.float32)
    fractions = np.linspace(*SEGMENT_SPAN, SAMPLES_PER_SEGMENT)
    for leg, side in enumerate(("LEFT", "RIGHT")):
        for segment, (start_name, end_name) in enumerate(_SEGMENTS):
            start = pose.point(getattr(L, f"{side}_{start_name}"))
            end = pose.point(getattr(L, f"{side}_{end_name}"))
            if not (np.all(np.isfinite(start)) and np.all(np.isfinite(end))):
                continue
            points = start + fractions[:, None] * (end - start)
            xs = np.clip(np.round(points[:, 0]).astype(int), 0, width - 1)
            ys = np.clip(np.round(points[:, 1]).astype(int), 0, height - 1)
            inside = (
                (points[:, 0] >= 0) & (points[:, 0] < width) & (points[:, 1] >= 0) & (points[:, 1] < height)
            )
            if mask is not None:
                inside &= mask[ys, xs] >= 0.5
            if inside.sum() < MIN_PERSON_SAMPLES:
                continue
            out[leg, segment] = np.median(image[ys[inside], xs[inside]].astype(np.float32), axis=0) / 255.0
    return out


def appearance_distance(a: np.ndarray, b: np.ndarray) -> float | None:
    """Mean colour distance between two legs' (2 segments x 3) appearances over the segments both
    have; None when they share none."""
    both = np.all(np.isfinite(a), axis=-1) & np.all(np.isfinite(b), axis=-1)
    if not both.any():
        return None
    return float(np.mean(np.linalg.norm(a[both] - b[both], axis=-1)))
