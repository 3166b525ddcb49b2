"""One frame's kinematics: view, trunk inclination and both legs' sagittal angles together."""

from __future__ import annotations

import dataclasses

from formcheck.kinematics.angles import (
    DEFAULT_VISIBILITY_THRESHOLD,
    knee_height_thighs,
    leg_angles,
    trunk_inclination_deg,
)
from formcheck.kinematics.hip import hip_extension_for_pose
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.yaw import unforeshortened_pose
from formcheck.types import FrameAngles, LegAngles, LumbarArch, PoseFrame, Side, ViewEstimate

# A knee landmark that makes the thigh too long or too short is off the knee (limb_length.py): the
# thigh's angles are then dropped. Knee flexion and the shin's inclination use the same point and are
# as unreliable in such frames, but they are kept: measured on the bench set, nulling them too cuts
# the knee-flexion MAE (couch stretch at 30 deg yaw 13.6 -> 7.2) but splits split-squat holds, which
# are found from the front knee, at the nulled frames (short_hold precision at 0-15 deg 1.0 -> 0.8).
# Doing it needs hold detection that bridges unmeasured frames first.
THIGH_ANGLE_FIELDS = ("trunk_thigh_deg", "thigh_inclination_deg", "thigh_to_horizontal_deg")
_LEG_FIELDS = tuple(field.name for field in dataclasses.fields(LegAngles))


def compute_frame_angles(
    pose_frame: PoseFrame,
    view: ViewEstimate,
    lumbar: LumbarArch,
    *,
    visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD,
    thigh_lengths: ThighLengthReference | None = None,
    corrected_yaw_deg: float = 0.0,
    back_for_hip: LumbarArch | None = None,
    leg_identity_confidence: float | None = None,
) -> FrameAngles:
    """Everything kinematics measures in one frame.

    Leg angles and trunk inclination are None when the view is not sagittal (a frontal view
    foreshortens the thighs and turns flexion into nonsense) or there is no pose; a side's thigh
    angles (and so its hip extension) are None when ``thigh_lengths`` says its knee landmark is off.
    ``corrected_yaw_deg``: the camera yaw undone before measuring (``formcheck.kinematics.yaw``); the
    thigh-length check corrects for foreshortening itself, so it sees the pose as the camera did.
    ``back_for_hip``: the arch hip extension is computed with where ``lumbar`` is unmeasured
    (``formcheck.kinematics.unseen_back``); by default ``lumbar`` itself. ``leg_identity_confidence``
    is stored as given (the leg-identity tracker's, rounded by the caller).
    """
    pose = pose_frame.pose
    if pose is None or not view.is_sagittal:
        return FrameAngles(
            index=pose_frame.index,
            timestamp_s=pose_frame.timestamp_s,
            has_pose=pose is not None,
            view=view,
            trunk_inclination_deg=None,
            left=LegAngles(),
            right=LegAngles(),
            lumbar=lumbar,
            leg_identity_confidence=leg_identity_confidence,
        )
    seen = pose
    pose = unforeshortened_pose(seen, corrected_yaw_deg)
    trunk_deg = trunk_inclination_deg(pose, view.facing, visibility_threshold=visibility_threshold)
    legs = {}
    back = back_for_hip if back_for_hip is not None else lumbar
    for side in Side:
        # The leg's fields gathered first and the LegAngles built once (this runs on every live frame).
        angles = leg_angles(pose, side, view.facing, visibility_threshold=visibility_threshold)
        fields = {name: getattr(angles, name) for name in _LEG_FIELDS}
        fields["knee_height_thighs"] = knee_height_thighs(pose, side, visibility_threshold=visibility_threshold)
        if thigh_lengths is not None and not thigh_lengths.consistent(seen, side):
            fields.update(dict.fromkeys((*THIGH_ANGLE_FIELDS, "knee_height_thighs")))
        fields["hip_extension_deg"] = hip_extension_for_pose(
            pose, side, fields["trunk_thigh_deg"], back, trunk_inclination_deg=trunk_deg
        )
        legs[side] = LegAngles(**fields)
    return FrameAngles(
        index=pose_frame.index,
        timestamp_s=pose_frame.timestamp_s,
        has_pose=True,
        view=view,
        trunk_inclination_deg=trunk_deg,
        left=legs[Side.LEFT],
        right=legs[Side.RIGHT],
        lumbar=lumbar,
        leg_identity_confidence=leg_identity_confidence,
    )
