"""Exact ground truth of a rendered frame, computed from the mannequin's own skeleton.

Definitions (sagittal plane = world x-y; every angle is measured on the joint centres projected onto
it, in degrees):

- ``hip_extension_deg``: working thigh (hip->knee) against the pelvis's downward axis ``-u_p``, + when
  the thigh lies behind it (extension). 0 = neutral standing. Equals minus the pose's hip flexion.
- ``lumbar_arch_deg``: lumbar extension beyond the neutral spine (the pose's ``lumbar_arch_deg``):
  how much more the thorax is extended against the pelvis than in neutral. 0 = neutral, - = flexed.
- ``knee_flexion_deg`` / ``other_knee_flexion_deg``: angle between thigh and shin lines, 0 = straight.
- ``thigh_to_horizontal_deg``: working thigh from horizontal, + = knee above hip.
- ``thigh_inclination_deg``: working thigh from straight down, + = knee behind the hip (posterior).
- ``trunk_thigh_deg``: what the landmark chain sees: the angle between the true hip-joint ->
  shoulder-joint line and the hip -> knee line, 0 = collinear, + = thigh behind the trunk line
  (formcheck.types.LegAngles convention).

How they relate: the hip->shoulder chord is fixed in the pelvis except for the arch, so
``trunk_thigh = hip_extension + chord_turn(arch) + neutral_offset`` where ``neutral_offset`` is the
chord's angle from ``u_p`` in the neutral spine (a property of the body's proportions, reported per
clip as ``trunk_thigh_offset_deg``) and ``chord_turn(arch)`` is how far the arch swings the shoulder
about the hip: ``chord_turn(a) ~= k * a`` with ``k`` between 0.5 and 0.9 for human proportions
(the turn happens at S and T12, above the hip, not at it). The truth also reports ``chord_turn_deg``.
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import Skeleton
from formcheck.types import Side

# The true joint centres written per frame, by BlazePose landmark name (lower case).
BLAZEPOSE_JOINTS = (
    "nose",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)


def signed_angle_deg(from_xy: np.ndarray, to_xy: np.ndarray) -> float:
    """Counter-clockwise angle from one 2D vector to another, -180..180."""
    cross = from_xy[0] * to_xy[1] - from_xy[1] * to_xy[0]
    return math.degrees(math.atan2(cross, float(from_xy[:2] @ to_xy[:2])))


def _xy(p: np.ndarray) -> np.ndarray:
    return np.asarray(p[:2], dtype=float)


def posterior_turn_deg(reference_down: np.ndarray, segment: np.ndarray) -> float:
    """How far ``segment`` is turned behind ``reference_down`` (a downward-pointing body axis).

    The body's anterior is its up-axis turned clockwise, so a lower segment swinging backwards turns
    clockwise: the posterior turn is minus the counter-clockwise angle.
    """
    return -signed_angle_deg(reference_down, segment)


def leg_truth(sk: Skeleton, side: Side) -> dict[str, float]:
    j = sk.joints
    hip, knee, ankle = (
        _xy(j[f"{side.value}_hip"]),
        _xy(j[f"{side.value}_knee"]),
        _xy(j[f"{side.value}_ankle"]),
    )
    thigh, shin = knee - hip, ankle - knee
    down = -_xy(sk.pelvis_up)
    trunk = _xy(j[f"{side.value}_shoulder"]) - hip
    forward = _forward_sign(sk)
    return {
        "hip_extension_deg": posterior_turn_deg(down, thigh),
        "knee_flexion_deg": abs(signed_angle_deg(thigh, shin)),
        "thigh_to_horizontal_deg": math.degrees(math.atan2(thigh[1], abs(thigh[0]))),
        "thigh_inclination_deg": math.degrees(math.atan2(-thigh[0] * forward, -thigh[1])),
        "shin_inclination_deg": math.degrees(math.atan2(-shin[0] * forward, -shin[1])),
        "trunk_thigh_deg": posterior_turn_deg(-trunk, thigh),
    }


def _forward_sign(sk: Skeleton) -> float:
    """+1 when the body's front points to world +x (standing or sitting), from the pelvis."""
    front = Skeleton.anterior(sk.pelvis_up)
    if abs(front[0]) > 0.5:
        return float(np.sign(front[0]))
    return float(np.sign(-sk.pelvis_up[0]) or 1.0)  # lying: "forward" = towards the feet


def chord_lean_back_deg(sk: Skeleton, side: Side) -> float:
    """How far the hip->shoulder chord is turned backwards from the pelvis axis ``u_p``.

    ``trunk_thigh = hip_extension + chord_lean_back`` holds exactly (angles add along the turn from
    ``-u_p`` to the thigh); ``chord_lean_back`` = neutral offset (arch 0) + the arch's chord turn.
    """
    trunk = _xy(sk.joints[f"{side.value}_shoulder"]) - _xy(sk.joints[f"{side.value}_hip"])
    return -posterior_turn_deg(-_xy(sk.pelvis_up), -trunk)


def frame_truth(sk: Skeleton, working: Side, lumbar_arch_deg: float) -> dict[str, float]:
    """The per-frame quantities of the truth JSON (working leg plus the other leg's essentials)."""
    work = leg_truth(sk, working)
    other = leg_truth(sk, working.other)
    return {
        "hip_extension_deg": work["hip_extension_deg"],
        "lumbar_arch_deg": lumbar_arch_deg,
        "knee_flexion_deg": work["knee_flexion_deg"],
        "other_knee_flexion_deg": other["knee_flexion_deg"],
        "thigh_to_horizontal_deg": work["thigh_to_horizontal_deg"],
        "thigh_inclination_deg": work["thigh_inclination_deg"],
        "trunk_thigh_deg": work["trunk_thigh_deg"],
        "other_hip_flexion_deg": -other["hip_extension_deg"],
        "other_thigh_to_horizontal_deg": other["thigh_to_horizontal_deg"],
        "other_shin_inclination_deg": other["shin_inclination_deg"],
        "hip_height_m": float(sk.joints["hip_center"][1]),
    }
