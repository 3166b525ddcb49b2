"""One frame's kinematics: view, trunk inclination and both legs' sagittal angles together."""

from __future__ import annotations

import dataclasses

from formcheck.kinematics.angles import DEFAULT_VISIBILITY_THRESHOLD, leg_angles, trunk_inclination_deg
from formcheck.kinematics.hip import hip_extension_for_pose
from formcheck.types import FrameAngles, LegAngles, LumbarArch, PoseFrame, Side, ViewEstimate


def hip_extension_from(trunk_thigh_deg: float | None, lumbar: LumbarArch) -> float | None:
    """Hip extension = trunk-thigh angle minus the part the lumbar arch contributes.

    The trunk line tilts with the pelvis when the low back arches, so an arch of N deg makes the
    trunk-thigh angle read N deg more "extension" than the hip really has.
    """
    if trunk_thigh_deg is None or lumbar.arch_deg is None:
        return None
    return trunk_thigh_deg - lumbar.arch_deg


def compute_frame_angles(
    pose_frame: PoseFrame,
    view: ViewEstimate,
    lumbar: LumbarArch,
    *,
    visibility_threshold: float = DEFAULT_VISIBILITY_THRESHOLD,
) -> FrameAngles:
    """Everything kinematics measures in one frame.

    Leg angles and trunk inclination are None when the view is not sagittal (a frontal view
    foreshortens the thighs and turns flexion into nonsense) or there is no pose.
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
        )
    legs = {}
    for side in Side:
        angles = leg_angles(pose, side, view.facing, visibility_threshold=visibility_threshold)
        legs[side] = dataclasses.replace(
            angles, hip_extension_deg=hip_extension_for_pose(pose, side, angles.trunk_thigh_deg, lumbar)
        )
    return FrameAngles(
        index=pose_frame.index,
        timestamp_s=pose_frame.timestamp_s,
        has_pose=True,
        view=view,
        trunk_inclination_deg=trunk_inclination_deg(
            pose, view.facing, visibility_threshold=visibility_threshold
        ),
        left=legs[Side.LEFT],
        right=legs[Side.RIGHT],
        lumbar=lumbar,
    )
