"""The shape of the back from the person-segmentation mask: how deep the lumbar curve dips.

A landmark chain has no point on the lumbar spine, so it cannot tell an arched back from an
extended hip. The segmentation mask can: seen from the side, the dorsal (back) edge of the
silhouette runs from the thoracic bulge (shoulder blades) down to the buttock, and the lumbar
lordosis is the hollow between those two convexities.

Method (one frame, a few ms at 640x480; everything vectorised over a small grid):

1. The chord: mid-shoulder S -> mid-hip H (visibility-weighted mean of the two sides; in a side view
   they nearly coincide). Its length L is the unit of every distance here, so the dip does not
   depend on image size or camera distance.
2. The dorsal direction: the unit normal of the chord pointing away from the body's front. The front
   is found from the face: nose and eyes lie anterior to the ears in every posture the exercises
   use (standing, kneeling, supine, head turned a little), and BlazePose places them reliably even
   in a side view. A caller that already knows the clip-level ``facing`` (``ViewEstimate.facing``)
   passes it in instead, which removes the per-frame vote.
3. ``N_LINES`` lines perpendicular to the chord, from slightly above the shoulder to past the hip
   (the buttock sits below the hip joint). Along each, the mask is sampled bilinearly every ~1 px
   going posteriorly from the chord; the dorsal edge is the first 0.5 crossing, located to
   sub-pixel precision (1 px is ~3 deg of arch at 640x480, so this matters).
4. The profile d(t) (edge distance from the chord, in chord lengths, t = 0 shoulder .. 1 hip) has a
   thoracic bulge (max of d over t in [0, 0.55]) and a buttock (max over t in [0.65, 1.25]). The dip
   is the largest depth of the profile below the straight line joining them, i.e. the hollow of the
   low back. A straight back gives 0; lordosis gives a positive dip.

Confidence (product of factors in 0..1) and None:
- limbs: an arm segment (shoulder-elbow-wrist) or a near shin/foot running along the dorsal edge
  (within 0.12 L of it) between the upper back and the buttock shapes the edge itself: hands on
  hips with the elbows back, an arm resting on the floor along a lying body, the heel pulled to
  the buttock in the couch stretch's lock-in -> None, "arm over the back" / "foot or shin against
  the back or buttock". Limbs BlazePose itself calls hidden (visibility < 0.7) are ignored: a far
  foot behind the near thigh is guessed near the buttock but shapes nothing.
- a support leak: BlazePose's mask sometimes spreads onto a couch, bed or bench in contact with the
  back. The edge then lies far behind the chord (a human back is ~0.2-0.35 L behind the
  shoulder-hip chord) or never leaves the mask -> None, "mask runs into a support".
- a hugged knee (Thomas test): the knee pulled onto the chest rolls the pelvis under and the thigh
  covers the front, the buttock edge merges with the back of the thigh -> None.
- sharpness: the width of the mask's 0.2..0.8 transition across the edge; smoothness: the scatter
  of the profile around a smooth (quartic) fit; coverage: the share of lines that found an edge.

Speed at 640x480 (22 lines x ~140 samples): ~0.4 ms CPU per frame back to back, ~1.3 ms in the live
loop, whose main thread wakes once per frame with cold caches (was ~1.0 / ~2.1 ms). One bilinear
gather touching only the sampled points, the three edge levels and all limb segments each in one
vectorised pass, the quartic fit as a cached least-squares matrix, plain medians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.types import BackContour, Pose

N_LINES = 22
T_START = -0.05  # chord fraction of the first line (0 = shoulder)
T_END = 1.25  # past the hip: the buttock's most posterior point lies below the hip joint
BULGE_T = (0.0, 0.55)  # where the thoracic bulge is looked for
BUTTOCK_T = (0.65, 1.25)  # where the buttock is looked for
MAX_DEPTH_L = 0.7  # how far behind the chord the edge is searched for
LANDMARK_VISIBILITY = 0.5


@dataclass(frozen=True, slots=True)
class ContourLimits:
    """Thresholds that decide when the mask cannot be trusted (chord-length units unless named)."""

    max_back_depth_l: float = 0.5  # median edge distance beyond this: the mask leaked onto a support
    min_line_share: float = 0.7  # share of lines that must find the edge
    limb_margin_l: float = 0.12  # a limb axis this close to the back edge shapes it
    arm_window_t: tuple[float, float] = (0.1, 1.05)  # chord fractions where arms matter
    foot_window_t: tuple[float, float] = (0.1, 1.15)  # where shins and feet matter (buttock included)
    limb_visibility: float = 0.7  # limbs BlazePose is less sure it sees are taken as hidden
    hug_knee_distance_l: float = 0.55  # a knee this close to the mid-shoulder is hugged
    sharp_width_px: float = 3.0  # transition narrower than this is fully sharp
    blurry_width_l: float = 0.08  # transition this wide (in L) gives zero sharpness
    rough_residual_l: float = 0.02  # profile scatter giving confidence 0.5


@dataclass(frozen=True, slots=True)
class DorsalProfile:
    """The sampled dorsal edge: chord fractions and edge distances (chord lengths, NaN = none)."""

    t: np.ndarray
    depth_l: np.ndarray
    transition_px: np.ndarray  # width of the 0.2..0.8 transition across the edge, per line
    chord_px: float
    origin: np.ndarray  # shoulder point S
    axis: np.ndarray  # unit S -> H
    dorsal: np.ndarray  # unit normal pointing to the back

    def edge_points_px(self) -> np.ndarray:
        """(N, 2) image points of the edge (NaN where none), for drawing."""
        base = self.origin + np.outer(self.t * self.chord_px, self.axis)
        return base + np.outer(self.depth_l * self.chord_px, self.dorsal)


def _mean_point(pose: Pose, left: L, right: L) -> np.ndarray | None:
    # Plain floats: the same sums as the 2-row numpy expression, without its ~15 us of calls.
    w_left, w_right = float(pose.visibility[int(left)]), float(pose.visibility[int(right)])
    if max(w_left, w_right) < LANDMARK_VISIBILITY:
        return None
    a, b = pose.landmarks_px[int(left)], pose.landmarks_px[int(right)]
    w_left, w_right = max(w_left, 0.05), max(w_right, 0.05)
    total = w_left + w_right
    return np.array(
        (
            (float(a[0]) * w_left + float(b[0]) * w_right) / total,
            (float(a[1]) * w_left + float(b[1]) * w_right) / total,
        )
    )


def facing_from_face(pose: Pose, shoulder: np.ndarray, hip: np.ndarray) -> int:
    """+1/-1 as ``ViewEstimate.facing`` from the nose and eyes lying anterior to the ears; 0 unknown."""
    # Plain floats (this runs every live frame): the same sums and order as the numpy means.
    up_x, up_y = float(shoulder[0]) - float(hip[0]), float(shoulder[1]) - float(hip[1])
    norm = math.hypot(up_x, up_y)
    if norm < 1e-6:
        return 0
    up_x, up_y = up_x / norm, up_y / norm
    points = pose.landmarks_px
    left_ear, right_ear = points[int(L.LEFT_EAR)], points[int(L.RIGHT_EAR)]
    nose, left_eye, right_eye = points[int(L.NOSE)], points[int(L.LEFT_EYE)], points[int(L.RIGHT_EYE)]
    ears_x = (float(left_ear[0]) + float(right_ear[0])) / 2
    ears_y = (float(left_ear[1]) + float(right_ear[1])) / 2
    face_x = (float(nose[0]) + float(left_eye[0]) + float(right_eye[0])) / 3
    face_y = (float(nose[1]) + float(left_eye[1]) + float(right_eye[1])) / 3
    # image-right = the hip->shoulder direction turned to point up: (-up_y, up_x)
    offset = ((face_x - ears_x) * -up_y + (face_y - ears_y) * up_x) / norm
    if abs(offset) < 0.02:  # face seen head-on or landmarks collapsed: no vote
        return 0
    return 1 if offset > 0 else -1


def _bilinear(mask: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Mask values at sub-pixel points; 0 outside the image.

    Only the sampled points are touched (four flat gathers), never the whole mask: this runs every
    live frame, where a per-frame conversion or copy of a 640x480 float mask would cost more than
    the whole contour.
    """
    h, w = mask.shape
    if xs.min() >= 0 and ys.min() >= 0 and xs.max() <= w - 1.001 and ys.max() <= h - 1.001:
        inside, x, y = None, xs, ys  # all inside (the usual case): the clamps would change nothing
    else:
        inside = (xs >= 0) & (ys >= 0) & (xs <= w - 1) & (ys <= h - 1)
        x = np.minimum(np.maximum(xs, 0), w - 1.001)
        y = np.minimum(np.maximum(ys, 0), h - 1.001)
    x0 = x.astype(np.intp)
    y0 = y.astype(np.intp)
    fx = x - x0
    fy = y - y0
    if not mask.flags.c_contiguous:  # reshape would copy the whole mask; index it in 2-D instead
        top = mask[y0, x0] * (1 - fx) + mask[y0, x0 + 1] * fx
        bottom = mask[y0 + 1, x0] * (1 - fx) + mask[y0 + 1, x0 + 1] * fx
        values = top * (1 - fy) + bottom * fy
        return values if inside is None else np.where(inside, values, 0.0)
    flat = mask.reshape(-1)  # a view: the backends deliver C-contiguous masks
    corner = y0 * w + x0
    top = flat.take(corner) * (1 - fx) + flat.take(corner + 1) * fx
    corner += w
    bottom = flat.take(corner) * (1 - fx) + flat.take(corner + 1) * fx
    values = top * (1 - fy) + bottom * fy
    if inside is not None:
        values[~inside] = 0.0
    return values


# Edge levels sampled along every line: the edge itself, and the two ends of the transition width.
_EDGE_LEVELS = np.array([0.5, 0.8, 0.2])


def _first_crossings(values: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per level and row: sub-sample index where the row first falls below the level after
    starting above it (all levels in one vectorised pass).

    Returns (position, found), each (levels, rows). A row that starts below the level (the chord
    point outside the silhouette) or never falls below it is not found.
    """
    above = values[None, :, :] >= levels[:, None, None]
    falls = above[:, :, :-1] & ~above[:, :, 1:]
    found = above[:, :, 0] & falls.any(axis=2)
    index = np.argmax(falls, axis=2)
    rows = np.arange(values.shape[0])[None, :]
    v0 = values[rows, index]
    v1 = values[rows, index + 1]
    level = levels[:, None]
    frac = np.minimum(np.maximum((v0 - level) / np.maximum(v0 - v1, 1e-9), 0.0), 1.0)
    return index + frac, found


# The lines' chord fractions are the same every frame (read-only: profiles share the array).
_LINE_T = np.linspace(T_START, T_END, N_LINES)
_LINE_T.setflags(write=False)


def sample_dorsal_profile(
    mask: np.ndarray, shoulder: np.ndarray, hip: np.ndarray, facing: int
) -> DorsalProfile:
    """Sample the dorsal edge on lines perpendicular to the shoulder->hip chord."""
    chord = hip - shoulder
    chord_px = float(np.hypot(*chord))
    axis = chord / chord_px
    axis_up = -axis
    image_right = np.array([-axis_up[1], axis_up[0]])
    dorsal = -facing * image_right
    t = _LINE_T
    step_px = max(chord_px / 200.0, 0.5)
    steps = np.arange(0.0, MAX_DEPTH_L * chord_px, step_px)
    base = shoulder[None, :] + np.outer(t * chord_px, axis)
    xs = base[:, 0:1] + steps[None, :] * dorsal[0]
    ys = base[:, 1:2] + steps[None, :] * dorsal[1]
    values = _bilinear(mask.astype(np.float32, copy=False), xs, ys)
    position, found_at = _first_crossings(values, _EDGE_LEVELS)
    (edge, hi, lo), (found, found_hi, found_lo) = position, found_at
    transition = np.where(found_hi & found_lo, np.abs(lo - hi) * step_px, np.nan)
    depth_l = np.where(found, edge * step_px / chord_px, np.nan)
    return DorsalProfile(t, depth_l, transition, chord_px, shoulder, axis, dorsal)


def dip_of_profile(profile: DorsalProfile) -> float | None:
    """Depth of the hollow below the line thoracic bulge -> buttock, in chord lengths."""
    t, d = profile.t, profile.depth_l
    upper = (t >= BULGE_T[0]) & (t <= BULGE_T[1]) & np.isfinite(d)
    lower = (t >= BUTTOCK_T[0]) & (t <= BUTTOCK_T[1]) & np.isfinite(d)
    if not upper.any() or not lower.any():
        return None
    i_bulge = np.flatnonzero(upper)[np.argmax(d[upper])]
    i_buttock = np.flatnonzero(lower)[np.argmax(d[lower])]
    between = slice(i_bulge, i_buttock + 1)
    tb, db = t[between], d[between]
    ok = np.isfinite(db)
    if ok.sum() < 3:
        return None
    line = d[i_bulge] + (d[i_buttock] - d[i_bulge]) * (tb - t[i_bulge]) / (t[i_buttock] - t[i_bulge])
    return float(max(0.0, np.max((line - db)[ok])))


ARM_SEGMENTS = (
    (L.LEFT_SHOULDER, L.LEFT_ELBOW),
    (L.LEFT_ELBOW, L.LEFT_WRIST),
    (L.RIGHT_SHOULDER, L.RIGHT_ELBOW),
    (L.RIGHT_ELBOW, L.RIGHT_WRIST),
)
# Shins and feet: a heel pulled to the buttock (the couch stretch's extensor lock-in) puts the foot
# on the buttock's edge. Thighs are left out: they continue the buttock's contour by nature.
LOWER_LEG_SEGMENTS = (
    (L.LEFT_KNEE, L.LEFT_ANKLE),
    (L.LEFT_ANKLE, L.LEFT_HEEL),
    (L.LEFT_HEEL, L.LEFT_FOOT_INDEX),
    (L.RIGHT_KNEE, L.RIGHT_ANKLE),
    (L.RIGHT_ANKLE, L.RIGHT_HEEL),
    (L.RIGHT_HEEL, L.RIGHT_FOOT_INDEX),
)


_ALONG_SEGMENT = np.linspace(0.0, 1.0, 9)  # points checked along each limb segment


def _segment_ends(segments: tuple[tuple[L, L], ...]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([int(a) for a, _ in segments]), np.array([int(b) for _, b in segments])


def _segments_along_edge(
    pose: Pose,
    profile: DorsalProfile,
    starts: np.ndarray,
    ends: np.ndarray,
    window_low_t: np.ndarray,
    window_high_t: np.ndarray,
    margin_l: float,
    min_visibility: float,
) -> np.ndarray:
    """Per segment (vectorised over all of them): does it run along the dorsal edge inside its window?"""
    seen = ~((pose.visibility[starts] + pose.visibility[ends]) / 2 < min_visibility)
    hits = np.zeros(starts.shape, dtype=bool)
    if not seen.any():
        return hits
    a = pose.landmarks_px[starts[seen]]
    b = pose.landmarks_px[ends[seen]]
    points = a[:, None, :] + _ALONG_SEGMENT[None, :, None] * (b - a)[:, None, :]
    rel = points - profile.origin
    t = rel @ profile.axis / profile.chord_px
    behind_l = rel @ profile.dorsal / profile.chord_px
    in_window = (t >= window_low_t[seen, None]) & (t <= window_high_t[seen, None])
    edge = np.where(np.isnan(profile.depth_l), 0.0, profile.depth_l)
    close = np.abs(behind_l - np.interp(t, profile.t, edge)) <= margin_l
    hits[seen] = np.any(in_window & close, axis=1)
    return hits


def segments_over_back(
    pose: Pose,
    profile: DorsalProfile,
    segments: tuple[tuple[L, L], ...],
    window_t: tuple[float, float],
    margin_l: float,
    min_visibility: float,
) -> bool:
    """True when a seen limb segment runs along the dorsal edge inside ``window_t`` (so it shapes it).

    "Along" = within ``margin_l`` of the edge on either side: a limb's landmarks lie on its axis, about
    a limb radius inside its own outline, and a limb far behind the edge (a leg hanging off the
    couch below the back) does not change where the silhouette first ends.

    Segments BlazePose is unsure it sees (mean visibility of the ends < ``limb_visibility``) are skipped:
    a far-side foot resting on the couch behind the near thigh is guessed near the buttock (visibility
    ~0.6) but changes no silhouette; a near foot really on the buttock scores > 0.9.
    """
    starts, ends = _segment_ends(segments)
    low = np.full(starts.shape, window_t[0], dtype=float)
    high = np.full(starts.shape, window_t[1], dtype=float)
    return bool(_segments_along_edge(pose, profile, starts, ends, low, high, margin_l, min_visibility).any())


_LIMB_STARTS, _LIMB_ENDS = _segment_ends(ARM_SEGMENTS + LOWER_LEG_SEGMENTS)
_IS_ARM = np.arange(len(ARM_SEGMENTS) + len(LOWER_LEG_SEGMENTS)) < len(ARM_SEGMENTS)


def limb_over_back(pose: Pose, profile: DorsalProfile, limits: ContourLimits) -> str | None:
    """Why a limb makes the back edge unmeasurable, or None when no limb touches it.

    Arms and lower legs are checked in one vectorised pass (each with its own window); an arm
    is named first when both touch, as before.
    """
    low = np.where(_IS_ARM, limits.arm_window_t[0], limits.foot_window_t[0])
    high = np.where(_IS_ARM, limits.arm_window_t[1], limits.foot_window_t[1])
    hits = _segments_along_edge(
        pose, profile, _LIMB_STARTS, _LIMB_ENDS, low, high, limits.limb_margin_l, limits.limb_visibility
    )
    if hits[_IS_ARM].any():
        return "arm over the back"
    if hits[~_IS_ARM].any():
        return "foot or shin against the back or buttock"
    return None


def knee_hugged(pose: Pose, shoulder: np.ndarray, chord_px: float, limits: ContourLimits) -> bool:
    """True when a knee is pulled onto the chest (the Thomas-test hug)."""
    for knee in (L.LEFT_KNEE, L.RIGHT_KNEE):
        if np.hypot(*(pose.point(knee) - shoulder)) < limits.hug_knee_distance_l * chord_px:
            return True
    return False


def _unmeasurable(reason: str) -> BackContour:
    return BackContour(dip=None, confidence=0.0, reason=reason)


def _median(values: np.ndarray) -> float:
    """``np.median`` of a short NaN-free 1-D array, the same value without its generic overhead
    (odd: the middle element; even: the mean of the two middle ones, computed as numpy does)."""
    ordered = np.sort(values)
    half = ordered.size // 2
    if ordered.size % 2:
        return float(ordered[half])
    return float((ordered[half - 1] + ordered[half]) / 2)


def _nan_median(values: np.ndarray) -> float | None:
    """``np.nanmedian`` of a short 1-D array (None instead of a warning when all are NaN)."""
    finite = values[~np.isnan(values)]
    return _median(finite) if finite.size else None


@lru_cache(maxsize=256)
def _quartic_hat(t_bytes: bytes, used_bytes: bytes) -> np.ndarray:
    """The matrix that maps the used depths to their least-squares quartic fit (``polyfit`` +
    ``polyval`` in one product): the line positions are the same every frame and only a few
    patterns of missing lines occur, so it is computed once per pattern."""
    t = np.frombuffer(t_bytes)[np.frombuffer(used_bytes, dtype=bool)]
    vander = np.vander(t, 5)
    scale = np.sqrt((vander * vander).sum(axis=0))  # as polyfit: columns scaled before solving
    scaled = vander / scale
    hat = scaled @ np.linalg.pinv(scaled, rcond=len(t) * np.finfo(float).eps)
    hat.setflags(write=False)
    return hat


def _quality(profile: DorsalProfile, limits: ContourLimits) -> tuple[float, str | None]:
    """Confidence from edge sharpness and profile smoothness, with the weakest factor named."""
    width_px = _nan_median(profile.transition_px) or 0.0
    blurry_px = limits.blurry_width_l * profile.chord_px
    sharpness = min(max(1.0 - (width_px - limits.sharp_width_px) / max(blurry_px, 1e-6), 0.0), 1.0)
    ok = np.isfinite(profile.depth_l)
    used = profile.depth_l[ok]
    fit = _quartic_hat(np.ascontiguousarray(profile.t, dtype=float).tobytes(), ok.tobytes()) @ used
    scatter_l = _median(np.abs(used - fit))
    smoothness = 1.0 / (1.0 + (scatter_l / limits.rough_residual_l) ** 2)
    coverage = float(np.count_nonzero(ok)) / ok.size
    factors = {
        "blurry mask edge": sharpness,
        "ragged back edge": smoothness,
        "back edge partly missing": coverage,
    }
    weakest = min(factors, key=factors.get)
    confidence = sharpness * smoothness * coverage
    return confidence, (weakest if factors[weakest] < 0.6 else None)


def measure_back_contour(
    pose: Pose, mask: np.ndarray | None, *, facing: int | None = None, limits: ContourLimits | None = None
) -> BackContour:
    """The lumbar dip (chord lengths) seen in ``mask``, with a confidence, or None and why."""
    limits = limits or ContourLimits()
    if mask is None:
        return _unmeasurable("no segmentation mask")
    shoulder = _mean_point(pose, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    hip = _mean_point(pose, L.LEFT_HIP, L.RIGHT_HIP)
    if shoulder is None or hip is None:
        return _unmeasurable("shoulders or hips not visible")
    chord_px = float(np.hypot(*(hip - shoulder)))
    if chord_px < 20.0:
        return _unmeasurable("body too small in the frame")
    facing = facing if facing else facing_from_face(pose, shoulder, hip)
    if facing == 0:
        return _unmeasurable("cannot tell the back from the front (face not seen from the side)")
    if knee_hugged(pose, shoulder, chord_px, limits):
        return _unmeasurable("knee hugged to the chest: the pelvis rolls under, the lumbar curve is hidden")
    profile = sample_dorsal_profile(mask, shoulder, hip, facing)
    found = np.isfinite(profile.depth_l)
    if np.count_nonzero(found) / found.size < limits.min_line_share:
        return _unmeasurable(
            "the back edge is not in the mask (off-frame, occluded or leaking onto a support)"
        )
    median_depth_l = _nan_median(profile.depth_l)  # not None: min_line_share > 0 found some lines
    if median_depth_l is not None and median_depth_l > limits.max_back_depth_l:
        return _unmeasurable("the mask runs into a support behind the back (couch, bed or bench)")
    occluded = limb_over_back(pose, profile, limits)
    if occluded is not None:
        return _unmeasurable(occluded)
    dip = dip_of_profile(profile)
    if dip is None:
        return _unmeasurable("no thoracic bulge or buttock on the back edge")
    confidence, weakness = _quality(profile, limits)
    return BackContour(
        dip=dip,
        confidence=round(confidence, 3),
        reason=weakness,
        profile=profile.depth_l.astype("<f4").tobytes(),
    )
