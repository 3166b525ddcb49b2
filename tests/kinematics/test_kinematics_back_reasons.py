"""The back contour's reasons that later stages act on are the constants they import."""

from __future__ import annotations

import numpy as np

from formcheck.kinematics.back_contour import ContourLimits, limb_over_back, sample_dorsal_profile
from formcheck.kinematics.back_reasons import ARM_OVER_BACK
from formcheck.types import Pose


def test_an_arm_along_the_back_edge_is_reported_in_the_words_the_other_stages_match():
    mask = np.zeros((200, 200), dtype=np.float32)
    mask[40:160, 80:120] = 1.0  # an upright trunk facing image-right: the back edge is at x = 80
    points = np.zeros((33, 2))
    points[[11, 12]] = (100, 50)  # shoulders
    points[[23, 24]] = (100, 150)  # hips
    points[[13, 14]] = (80, 80)  # elbows on the back edge
    points[[15, 16]] = (80, 120)  # wrists on the back edge
    pose = Pose(points, np.ones(33), np.zeros(33), (200, 200))
    profile = sample_dorsal_profile(mask, points[11], points[23], facing=1)
    assert limb_over_back(pose, profile, ContourLimits()) == ARM_OVER_BACK
