"""Hand-built poses and angles for overlay tests (geometry checkable by eye)."""

from __future__ import annotations

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.types import FrameAngles, LegAngles, LumbarArch, Pose, Side, ViewEstimate


def standing_pose(width: int, height: int, visibility: float = 0.9) -> Pose:
    """A person standing side-on in the middle of the frame, 80 % of its height."""
    points = np.zeros((33, 2))
    top, body = 0.1 * height, 0.8 * height
    cx = width / 2

    def put(landmark: L, dx: float, dy: float) -> None:
        points[int(landmark)] = (cx + dx * body, top + dy * body)

    for landmark in L:
        put(landmark, 0.0, 0.05)
    for side, dx in (("LEFT", -0.01), ("RIGHT", 0.01)):
        put(L[f"{side}_SHOULDER"], dx, 0.2)
        put(L[f"{side}_ELBOW"], dx + 0.02, 0.35)
        put(L[f"{side}_WRIST"], dx + 0.05, 0.48)
        put(L[f"{side}_HIP"], dx, 0.52)
        put(L[f"{side}_KNEE"], dx + 0.02, 0.75)
        put(L[f"{side}_ANKLE"], dx, 0.97)
        put(L[f"{side}_HEEL"], dx - 0.02, 0.99)
        put(L[f"{side}_FOOT_INDEX"], dx + 0.06, 0.99)
    return Pose(points, np.full(33, visibility), np.zeros(33), (width, height))


def frame_angles(
    hip_ext: float | None = 12.0, arch: float | None = 18.0, knee: float | None = 40.0
) -> FrameAngles:
    leg = LegAngles(
        trunk_thigh_deg=hip_ext,
        hip_extension_deg=hip_ext,
        knee_flexion_deg=knee,
        thigh_to_horizontal_deg=-60.0,
        thigh_inclination_deg=5.0,
    )
    return FrameAngles(
        index=0,
        timestamp_s=0.0,
        has_pose=True,
        view=ViewEstimate(Side.RIGHT, 1, 0.95, True),
        trunk_inclination_deg=2.0,
        left=LegAngles(),
        right=leg,
        lumbar=LumbarArch(arch, 0.8),
    )
