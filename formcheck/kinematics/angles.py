"""Sagittal-plane angles from landmarks in pixels: pure numpy functions, no state.

Geometry conventions (also in ``formcheck.types``):

- Input points are pixels of the frame (x right, y down), so the frame's aspect ratio is already
  respected. Internally every vector is turned to y-up (``(dx, -dy)``) so that counter-clockwise is
  positive, as in ordinary maths.
- ``facing`` (+1 / -1 / 0) says where the body's front is: +1 when the front lies on the image-right
  side of the hip->shoulder line once that line is turned to point up (standing facing image-right:
  +1; lying supine with the head at image-left: +1). It is needed wherever an angle is signed
  "forward"/"backward"; with ``facing == 0`` those angles are ``None``.
- Gravity-referenced angles (trunk, thigh and shin inclination) take "forward" as ``facing`` times
  image-right and "down" as image-down, i.e. they assume a camera level with the floor. For a lying
  body this stays consistent: a person lying supine has "leaned back" 90 deg.
- Body-referenced angles (trunk-thigh, knee flexion) do not depend on the camera's roll.
- A landmark whose visibility is below the threshold makes every angle that uses it ``None``.
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.landmarks import SIDE_LANDMARKS, PoseLandmark
from formcheck.types import LegAngles, Pose, Side

# BlazePose's visibility is a poorly calibrated "in frame and not occluded" score: 0.5 keeps the far
# leg of a side view (usually 0.6-0.9 when its position is still sensible) and drops points the
# model is guessing outside the frame or behind an object (typically < 0.3).
DEFAULT_VISIBILITY_THRESHOLD = 0.5

Vector = np.ndarray  # shape (2,), y-up


def to_y_up(vector_px: np.ndarray) -> Vector:
    """An image displacement (x right, y down) as a y-up vector."""
    return np.array((float(vector_px[0]), -float(vector_px[1])))


def _norm(vector) -> float:
    """Length of a 2-vector (``np.linalg.norm`` costs ~5 us per call on such tiny arrays)."""
    return math.sqrt(float(vector[0]) * float(vector[0]) + float(vector[1]) * float(vector[1]))


def signed_angle_deg(from_vec: Vector, to_vec: Vector) -> float | None:
    """Counter-clockwise angle (y-up) that turns ``from_vec`` onto ``to_vec``, in (-180, 180]."""
    if math.hypot(from_vec[0], from_vec[1]) < 1e-9 or math.hypot(to_vec[0], to_vec[1]) < 1e-9:
        return None
    cross = from_vec[0] * to_vec[1] - from_vec[1] * to_vec[0]
    dot = from_vec[0] * to_vec[0] + from_vec[1] * to_vec[1]
    return math.degrees(math.atan2(cross, dot))


def unsigned_angle_deg(a: Vector, b: Vector) -> float | None:
    """Angle between two vectors, 0..180."""
    angle = signed_angle_deg(a, b)
    return None if angle is None else abs(angle)


def inclination_from_down_deg(segment: Vector, facing: int) -> float | None:
    """Angle of a segment from straight down (image-down), + when it points backwards.

    "Backwards" is ``-facing`` times image-right. 0 = hanging straight down, +90 = pointing straight
    back, -90 = pointing straight forward.
    """
    if facing == 0 or _norm(segment) < 1e-9:
        return None
    backward = -facing * segment[0]
    down = -segment[1]
    return math.degrees(math.atan2(backward, down))


def inclination_from_up_deg(segment: Vector, facing: int) -> float | None:
    """Angle of a segment from straight up, + when it leans forward (``facing`` times image-right)."""
    if facing == 0 or _norm(segment) < 1e-9:
        return None
    forward = facing * segment[0]
    return math.degrees(math.atan2(forward, segment[1]))


def angle_to_horizontal_deg(segment: Vector) -> float | None:
    """Angle of a segment from the image horizontal, + when its end is above its start (-90..90)."""
    if _norm(segment) < 1e-9:
        return None
    return math.degrees(math.atan2(segment[1], abs(segment[0])))


def anterior_normal(axis: Vector) -> Vector:
    """The unit vector 90 deg clockwise from ``axis`` (y-up): the body's front when ``facing`` is +1.

    For a trunk axis pointing up this is image-right; for a supine trunk with the head at image-left
    it is image-up.
    """
    norm = _norm(axis)
    if norm < 1e-9:
        return np.zeros(2)
    return np.array((axis[1], -axis[0])) / norm


# --- landmarks -> points ------------------------------------------------------------------------


def visible_point(pose: Pose, landmark: int, threshold: float) -> np.ndarray | None:
    """The landmark's pixel position, or None when its visibility is below ``threshold``."""
    if not pose.visibility[landmark] >= threshold:
        return None
    point = pose.landmarks_px[landmark]
    x, y = float(point[0]), float(point[1])
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    return np.array((x, y))


def midpoint(pose: Pose, left: int, right: int, threshold: float) -> np.ndarray | None:
    """Visibility-weighted mean of a left/right landmark pair, using only the visible ones.

    In a side view the far hip or shoulder is occluded but BlazePose still estimates it, usually
    close to the near one (the pair is nearly aligned with the camera's axis). When both pass the
    threshold the weighted mean approximates the body's midline, which is what the trunk line is
    defined on; when only the near one passes, it alone stands in for the midline (the far one is
    then a guess that would only add noise). The weights keep the point from jumping when the far
    one's visibility hovers near the threshold.
    """
    xy = _midpoint_xy(pose, int(left), int(right), threshold)
    return None if xy is None else np.array(xy)


def _midpoint_xy(pose: Pose, left: int, right: int, threshold: float) -> tuple[float, float] | None:
    """``midpoint`` in plain floats (the same sums; it runs several times per live frame)."""
    chosen = []
    for landmark in (left, right):
        weight = float(pose.visibility[landmark])
        if not weight >= threshold:
            continue
        point = pose.landmarks_px[landmark]
        x, y = float(point[0]), float(point[1])
        if math.isfinite(x) and math.isfinite(y):
            chosen.append((x, y, weight))
    if not chosen:
        return None
    if len(chosen) == 1:
        return chosen[0][0], chosen[0][1]
    (x0, y0, w0), (x1, y1, w1) = chosen
    total = w0 + w1
    return (x0 * w0 + x1 * w1) / total, (y0 * w0 + y1 * w1) / total


def mid_hip(pose: Pose, threshold: float = DEFAULT_VISIBILITY_THRESHOLD) -> np.ndarray | None:
    return midpoint(pose, PoseLandmark.LEFT_HIP, PoseLandmark.RIGHT_HIP, threshold)


def mid_shoulder(pose: Pose, threshold: float = DEFAULT_VISIBILITY_THRESHOLD) -> np.ndarray | None:
    return midpoint(pose, PoseLandmark.LEFT_SHOULDER, PoseLandmark.RIGHT_SHOULDER, threshold)


def trunk_axis(pose: Pose, threshold: float = DEFAULT_VISIBILITY_THRESHOLD) -> Vector | None:
    """The trunk line mid-hip -> mid-shoulder as a y-up vector, or None when unmeasurable."""
    hip = _midpoint_xy(pose, int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP), threshold)
    shoulder = _midpoint_xy(
        pose, int(PoseLandmark.LEFT_SHOULDER), int(PoseLandmark.RIGHT_SHOULDER), threshold
    )
    if hip is None or shoulder is None:
        return None
    x, y = shoulder[0] - hip[0], -(shoulder[1] - hip[1])  # y-up, as ``to_y_up``
    return np.array((x, y)) if math.sqrt(x * x + y * y) > 1e-9 else None


# --- the angles the exercises use -----------------------------------------------------------------


def trunk_inclination_deg(
    pose: Pose, facing: int, *, visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD
) -> float | None:
    """Trunk line (mid-hip -> mid-shoulder) from vertical, + = leaning forward.

    Standing tall: 0; lying supine: -90; lying prone: +90.
    """
    axis = trunk_axis(pose, visibility_threshold)
    if axis is None:
        return None
    return inclination_from_up_deg(axis, facing)


def trunk_thigh_deg(trunk: Vector, thigh: Vector, facing: int) -> float | None:
    """Angle from the trunk line continued through the hip to the thigh, + = thigh behind it.

    0 = thigh collinear with the trunk (neutral standing), + = hip extension, about -90 sitting.
    A counter-clockwise turn (y-up) moves the thigh forward when ``facing`` is +1, hence the sign.
    """
    if facing == 0:
        return None
    turn = signed_angle_deg(-trunk, thigh)
    return None if turn is None else -facing * turn


def leg_angles(
    pose: Pose,
    side: Side,
    facing: int,
    *,
    visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD,
) -> LegAngles:
    """One side's sagittal angles (``hip_extension_deg`` is left None: it needs the lumbar arch).

    Knee flexion is the unsigned angle between thigh and shin (0 = straight): it needs no
    ``facing``, so a wrong facing can never turn a bent knee into a "hyperextended" one.
    """
    names = SIDE_LANDMARKS[side.value]
    hip = visible_point(pose, names["hip"], visibility_threshold)
    knee = visible_point(pose, names["knee"], visibility_threshold)
    ankle = visible_point(pose, names["ankle"], visibility_threshold)
    trunk = trunk_axis(pose, visibility_threshold)
    thigh = to_y_up(knee - hip) if hip is not None and knee is not None else None
    shin = to_y_up(ankle - knee) if knee is not None and ankle is not None else None
    return LegAngles(
        trunk_thigh_deg=trunk_thigh_deg(trunk, thigh, facing)
        if trunk is not None and thigh is not None
        else None,
        hip_extension_deg=None,
        thigh_inclination_deg=inclination_from_down_deg(thigh, facing) if thigh is not None else None,
        thigh_to_horizontal_deg=angle_to_horizontal_deg(thigh) if thigh is not None else None,
        knee_flexion_deg=unsigned_angle_deg(thigh, shin) if thigh is not None and shin is not None else None,
        shin_inclination_deg=_shin_inclination_deg(shin, facing) if shin is not None else None,
    )


def knee_height_thighs(
    pose: Pose, side: Side, *, visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD
) -> float | None:
    """How high ``side``'s knee is above the lower of the two ankles, in that leg's thigh lengths.

    The lower ankle stands in for the floor (an ankle sits above it), so a knee resting on the floor
    reads below 0 (real clips -0.24..-0.07) and one held off it (a split squat's rear knee) above.
    Image-down is taken as down, like the other gravity-referenced angles.
    """
    names = SIDE_LANDMARKS[side.value]
    hip = visible_point(pose, names["hip"], visibility_threshold)
    knee = visible_point(pose, names["knee"], visibility_threshold)
    if hip is None or knee is None:
        return None
    thigh_px = _norm(knee - hip)
    ankles = [
        point
        for s in Side
        if (point := visible_point(pose, SIDE_LANDMARKS[s.value]["ankle"], visibility_threshold)) is not None
    ]
    if not ankles or thigh_px < 1e-6:
        return None
    floor_y = max(float(a[1]) for a in ankles)  # pixels: y grows downwards
    return (floor_y - float(knee[1])) / thigh_px


def _shin_inclination_deg(shin: Vector, facing: int) -> float | None:
    """Shin (knee -> ankle) from straight down, + = ankle behind the knee (knee ahead of the ankle).

    A front knee far past its ankle in a split squat reads as a large positive value.
    """
    return inclination_from_down_deg(shin, facing)
