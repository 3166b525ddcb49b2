"""One frame observed: its pose, and what its image and mask show of the back and legs.

The mask and the image are dropped here, right after the back contour and the legs' colours are
measured from them, so a track of ``PoseFrame`` stays light however long the clip. The offline pose
pass, its parallel workers and the live loop all observe frames through this one function.
"""

from __future__ import annotations

import dataclasses

from formcheck.kinematics.back_contour import measure_back_contour
from formcheck.kinematics.leg_appearance import measure_leg_appearance
from formcheck.pose.base import PoseEstimator
from formcheck.types import Frame, PoseFrame


def observe_frame(frame: Frame, estimator: PoseEstimator) -> PoseFrame:
    """Pose one frame and measure the back and each leg's colours from its image and mask at once,
    then drop both."""
    pose = estimator.estimate(frame)
    if pose is None:
        return PoseFrame(frame.index, frame.timestamp_s, frame.size, None, None)
    back = measure_back_contour(pose, pose.mask) if pose.mask is not None else None
    legs = measure_leg_appearance(pose, frame.image, pose.mask)
    return PoseFrame(
        frame.index, frame.timestamp_s, frame.size, dataclasses.replace(pose, mask=None), back, legs
    )
