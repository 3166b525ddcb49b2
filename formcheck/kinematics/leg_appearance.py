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


_SEGMENT_STARTS = np.array(
    [int(getattr(L, f"{side}_{a}")) for side in ("LEFT", "RIGHT") for a, _ in _SEGMENTS]
)
_SEGMENT_ENDS = np.array([int(getattr(L, f"{side}_{b}")) for side in ("LEFT", "RIGHT") for _, b in _SEGMENTS])
_FRACTIONS = np.linspace(*SEGMENT_SPAN, SAMPLES_PER_SEGMENT)[None, :, None]


def measure_leg_appearance(pose: Pose, image: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """(2 legs: left, right as labelled) x (2 segments: thigh, shin) x 3 BGR medians in 0..1, NaN
    where a segment shows too little of the person.

    All four segments in one vectorised pass (this runs on every live frame): one gather from the
    image and the mask, and each segment's median taken from its sorted samples, with the samples
    off the person sorted to the end, which is the value ``np.median`` of the person samples gives.
    """
    height, width = image.shape[:2]
    starts = pose.landmarks_px[_SEGMENT_STARTS]
    ends = pose.landmarks_px[_SEGMENT_ENDS]
    seen = np.isfinite(starts).all(axis=1) & np.isfinite(ends).all(axis=1)
    if not seen.all():  # unseen segments get no colour; zeros keep the arithmetic below quiet
        starts = np.where(seen[:, None], starts, 0.0)
        ends = np.where(seen[:, None], ends, 0.0)
    points = starts[:, None, :] + _FRACTIONS * (ends - starts)[:, None, :]  # (4 segments, samples, xy)
    px, py = points[..., 0], points[..., 1]
    xs = np.clip(np.round(px).astype(int), 0, width - 1)
    ys = np.clip(np.round(py).astype(int), 0, height - 1)
    inside = (px >= 0) & (px < width) & (py >= 0) & (py < height)
    if mask is not None:
        inside &= mask[ys, xs] >= 0.5
    counts = np.count_nonzero(inside, axis=1)
    measured = seen & (counts >= MIN_PERSON_SAMPLES)
    out = np.full((4, 3), np.nan, dtype=np.float32)
    if measured.any():
        samples = image[ys, xs].astype(np.float32)
        samples[~inside] = np.inf
        samples.sort(axis=1)
        rows = np.arange(4)
        low, high = samples[rows, (counts - 1) // 2], samples[rows, counts // 2]
        medians = (low + high) / 2  # odd counts: the same element twice, so exactly that element
        out[measured] = medians[measured] / 255.0
    return out.reshape(2, 2, 3)


def appearance_distance(a: np.ndarray, b: np.ndarray) -> float | None:
    """Mean colour distance between two legs' (2 segments x 3) appearances over the segments both
    have; None when they share none."""
    both = np.all(np.isfinite(a), axis=-1) & np.all(np.isfinite(b), axis=-1)
    if not both.any():
        return None
    return float(np.mean(np.linalg.norm(a[both] - b[both], axis=-1)))
