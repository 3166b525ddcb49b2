"""Forward kinematics: a ``BodyPose`` on a ``BodyShape`` -> world joint centres (``Skeleton``)."""

from __future__ import annotations

import math

import numpy as np

from formcheck.synth.body import (
    ArmPose,
    BodyPose,
    BodyShape,
    LegPose,
    Skeleton,
    side_sign,
    two_bone_ik,
    unit,
)
from formcheck.types import Side

Z = np.array([0.0, 0.0, 1.0])


def _rotate_out(direction: np.ndarray, abduction_deg: float, z_sign: int) -> np.ndarray:
    a = math.radians(abduction_deg)
    return direction * math.cos(a) + Z * z_sign * math.sin(a)


def _leg(
    joints: dict, shape: BodyShape, hip: np.ndarray, pelvis_deg: float, leg: LegPose, side: Side
) -> None:
    name = side.value
    s = side_sign(side)
    thigh_deg = pelvis_deg - 180.0 + leg.hip_flex_deg
    shin_deg = thigh_deg - leg.knee_flex_deg
    foot_deg = shin_deg + 90.0 - leg.ankle_plantar_deg
    knee = hip + _rotate_out(unit(thigh_deg), leg.abduction_deg, s) * shape.m(shape.thigh)
    ankle = knee + _rotate_out(unit(shin_deg), leg.abduction_deg * 0.5, s) * shape.m(shape.shin)
    sole_down = unit(foot_deg - 90.0)  # from the ankle towards the sole
    joints[f"{name}_hip"] = hip
    joints[f"{name}_knee"] = knee
    joints[f"{name}_ankle"] = ankle
    joints[f"{name}_heel"] = (
        ankle + sole_down * shape.m(shape.ankle_height) - unit(foot_deg) * shape.m(shape.heel_back)
    )
    joints[f"{name}_foot_index"] = (
        ankle + sole_down * shape.m(shape.ankle_height * 0.55) + unit(foot_deg) * shape.m(shape.toe_forward)
    )


def _arm(joints: dict, shape: BodyShape, thorax_up: np.ndarray, arm: ArmPose, side: Side) -> None:
    name = side.value
    s = side_sign(side)
    shoulder = joints[f"{name}_shoulder"]
    l1, l2 = shape.m(shape.upper_arm), shape.m(shape.forearm)
    thorax_deg = math.degrees(math.atan2(thorax_up[1], thorax_up[0]))
    if arm.wrist_target_m is not None:
        pole = np.asarray(arm.elbow_pole, dtype=float)
        if not pole.any():
            pole = np.array([0.0, 0.0, float(s)])
        elbow, wrist = two_bone_ik(shoulder, np.asarray(arm.wrist_target_m, float), l1, l2, pole)
    else:
        upper_deg = thorax_deg - 180.0 + arm.shoulder_flex_deg
        upper = _rotate_out(unit(upper_deg), arm.abduction_deg, s)
        elbow = shoulder + upper * l1
        fore = _rotate_out(unit(upper_deg + arm.elbow_flex_deg), arm.abduction_deg * 0.3, s)
        wrist = elbow + fore * l2
    joints[f"{name}_elbow"] = elbow
    joints[f"{name}_wrist"] = wrist
    direction = (wrist - elbow) / max(float(np.linalg.norm(wrist - elbow)), 1e-9)
    joints[f"{name}_hand_tip"] = wrist + direction * shape.m(shape.hand)


def _head(joints: dict, shape: BodyShape, thorax_deg: float, pose: BodyPose) -> np.ndarray:
    c7 = joints["neck_base"]
    neck_deg = thorax_deg + 8.0 - pose.neck_flex_deg * 0.5
    head_deg = neck_deg - 8.0 - pose.neck_flex_deg * 0.5
    skull_base = c7 + unit(neck_deg) * shape.m(shape.neck)
    head_up = unit(head_deg)
    front = np.array([head_up[1], -head_up[0], 0.0])
    center = skull_base + head_up * shape.m(0.045) + front * shape.m(0.028)
    r = shape.m(shape.head_radius)
    joints["skull_base"] = skull_base
    joints["head_center"] = center
    joints["nose"] = center + front * r * 1.22 - head_up * r * 0.22
    for side in (Side.LEFT, Side.RIGHT):
        z = Z * side_sign(side)
        joints[f"{side.value}_eye"] = center + front * r * 0.86 + head_up * r * 0.1 + z * r * 0.42
        joints[f"{side.value}_ear"] = center - front * r * 0.1 + z * r * 0.82
        joints[f"mouth_{side.value}"] = center + front * r * 0.9 - head_up * r * 0.55 + z * r * 0.25
    return head_up


def forward_kinematics(shape: BodyShape, pose: BodyPose) -> Skeleton:
    hip_center = np.array([pose.hip_center_m[0], pose.hip_center_m[1], 0.0])
    pelvis_up = unit(pose.pelvis_deg)
    pelvis_front = Skeleton.anterior(pelvis_up)
    lumbar_deg = pose.pelvis_deg + shape.lumbar_neutral_deg + pose.lumbar_arch_deg / 2.0
    thorax_deg = lumbar_deg + shape.thorax_neutral_deg + pose.lumbar_arch_deg / 2.0
    lumbar_up, thorax_up = unit(lumbar_deg), unit(thorax_deg)
    sacrum = hip_center + pelvis_up * shape.m(shape.sacrum_up) - pelvis_front * shape.m(shape.sacrum_back)
    t12 = sacrum + lumbar_up * shape.m(shape.lumbar)
    c7 = t12 + thorax_up * shape.m(shape.thorax)
    joints: dict[str, np.ndarray] = {"hip_center": hip_center, "sacrum": sacrum, "t12": t12, "neck_base": c7}
    thorax_front = Skeleton.anterior(thorax_up)
    shoulder_mid = (
        c7 - thorax_up * shape.m(shape.shoulder_down) + thorax_front * shape.m(shape.shoulder_forward)
    )
    joints["shoulder_center"] = shoulder_mid
    for side in (Side.LEFT, Side.RIGHT):
        s = side_sign(side)
        joints[f"{side.value}_shoulder"] = (
            shoulder_mid + Z * s * shape.m(shape.shoulder_half_width) * shape.breadth
        )
        hip = hip_center + Z * s * shape.m(shape.hip_half_width) * shape.breadth
        _leg(joints, shape, hip, pose.pelvis_deg, pose.legs[side], side)
        _arm(joints, shape, thorax_up, pose.arms[side], side)
    head_up = _head(joints, shape, thorax_deg, pose)
    return Skeleton(joints, pelvis_up, lumbar_up, thorax_up, head_up)


def neutral_standing(shape: BodyShape) -> BodyPose:
    """Upright, arms hanging, feet under the hips, soles on the floor (y = 0)."""
    hip_y = shape.m(shape.thigh + shape.shin + shape.ankle_height)
    return BodyPose(hip_center_m=(0.0, hip_y), legs={Side.LEFT: LegPose(), Side.RIGHT: LegPose()})
