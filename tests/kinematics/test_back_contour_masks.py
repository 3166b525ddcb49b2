"""The back contour on hand-drawn masks: geometry checkable with a ruler.

The figure stands facing image-right: mid-shoulder (320, 100), mid-hip (320, 300), so the chord is
200 px long and points down; the back is on the image-left side. The silhouette is a rectangle whose
back edge is the vertical line x = 260, i.e. 60 px = 0.30 chord lengths behind the chord.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.back_contour import N_LINES, facing_from_face, measure_back_contour
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose

W, H = 640, 520
CHORD_PX = 200.0
BACK_X = 260
BACK_X_DEPTH_L = (320 - BACK_X) / CHORD_PX


def standing_pose(**moved: tuple[float, float]) -> Pose:
    points = np.zeros((33, 2))
    points[:] = (330.0, 480.0)  # everything not named below: low, in front, away from the back
    named = {
        L.NOSE: (350, 60),
        L.LEFT_EYE: (343, 55),
        L.RIGHT_EYE: (343, 55),
        L.LEFT_EAR: (315, 58),
        L.RIGHT_EAR: (315, 58),
        L.LEFT_SHOULDER: (320, 100),
        L.RIGHT_SHOULDER: (320, 100),
        L.LEFT_ELBOW: (360, 200),
        L.RIGHT_ELBOW: (360, 200),
        L.LEFT_WRIST: (380, 290),
        L.RIGHT_WRIST: (380, 290),
        L.LEFT_HIP: (320, 300),
        L.RIGHT_HIP: (320, 300),
        L.LEFT_KNEE: (325, 400),
        L.RIGHT_KNEE: (325, 400),
    }
    named.update({L[name.upper()]: xy for name, xy in moved.items()})
    for landmark, xy in named.items():
        points[int(landmark)] = xy
    return Pose(points, np.ones(33), np.zeros(33), (W, H))


def rectangle_mask(back_x: int = BACK_X) -> np.ndarray:
    mask = np.zeros((H, W), dtype=np.float32)
    mask[40:500, back_x:420] = 1.0
    return mask


def notched_mask(depth_px: float, span_px: float = 100.0, centre_y: float = 200.0) -> np.ndarray:
    """The rectangle with a circular-arc hollow cut into its back edge (sagitta ``depth_px``)."""
    radius = (span_px**2 / 4 + depth_px**2) / (2 * depth_px)
    centre_x = BACK_X + depth_px - radius
    ys, xs = np.mgrid[0:H, 0:W]
    mask = rectangle_mask()
    mask[(xs - centre_x) ** 2 + (ys - centre_y) ** 2 <= radius**2] = 0.0
    return mask


def test_a_straight_back_has_no_dip():
    back = measure_back_contour(standing_pose(), rectangle_mask())
    assert back.dip == pytest.approx(0.0, abs=0.003)
    assert back.confidence > 0.8


@pytest.mark.parametrize("depth_px", [6.0, 12.0, 20.0])
def test_a_circular_hollow_of_known_depth_gives_that_depth_in_chord_lengths(depth_px):
    back = measure_back_contour(standing_pose(), notched_mask(depth_px))
    # the sampling line nearest the hollow's centre lies 1.4 px off it: the arc is <0.05 px shallower
    assert back.dip == pytest.approx(depth_px / CHORD_PX, abs=0.004)


def test_the_kept_profile_is_the_back_edge_behind_the_chord_in_chord_lengths():
    """A straight back edge 60 px behind a 200 px chord: 0.30 on every line that crosses the body
    (the rectangle spans y 40..500; the lines run from t = -0.05 to 1.25, y 90..350)."""
    back = measure_back_contour(standing_pose(), rectangle_mask())
    depths = back.profile_depths()
    assert depths is not None and len(depths) == N_LINES
    assert np.allclose(depths, BACK_X_DEPTH_L, atol=0.003)
    hollow = measure_back_contour(standing_pose(), notched_mask(20.0))
    # the hollow brings the edge 20 px nearer the chord at its centre (y = 200, t = 0.5), which lies
    # between lines 8 (t 0.445) and 9 (t 0.507)
    hollowest = int(np.argmin(hollow.profile_depths()))
    assert hollowest in (8, 9)
    assert min(hollow.profile_depths()) == pytest.approx(BACK_X_DEPTH_L - 20.0 / CHORD_PX, abs=0.004)


def test_an_unmeasurable_back_keeps_no_profile():
    back = measure_back_contour(standing_pose(), None)
    assert back.profile is None and back.profile_depths() is None


def test_two_readings_of_one_mask_are_equal_even_where_lines_found_no_edge():
    """The silhouette ends at y = 330: the last lines (t > 1.15, y > 330) find no edge (NaN)."""
    mask = rectangle_mask()
    mask[330:, :] = 0.0
    first = measure_back_contour(standing_pose(), mask)
    assert first.dip is not None and np.isnan(first.profile_depths()).any()
    assert measure_back_contour(standing_pose(), mask.copy()) == first


def test_the_dip_does_not_depend_on_how_the_body_lies_in_the_image():
    """The same notched figure turned 90 deg (lying, head at image-right) measures the same dip."""
    mask = notched_mask(12.0)
    turned = np.ascontiguousarray(np.rot90(mask, k=-1))  # clockwise: (x, y) -> (H - 1 - y, x)
    pose = standing_pose()
    points = np.stack([H - 1 - pose.landmarks_px[:, 1], pose.landmarks_px[:, 0]], axis=1)
    lying = Pose(points, pose.visibility, pose.depth_px, (H, W))
    upright = measure_back_contour(pose, mask)
    assert measure_back_contour(lying, turned).dip == pytest.approx(upright.dip, abs=0.002)


def test_an_arm_over_the_low_back_makes_the_back_unmeasurable():
    pose = standing_pose(left_elbow=(250, 230), left_wrist=(300, 280))
    back = measure_back_contour(pose, notched_mask(12.0))
    assert back.dip is None
    assert "arm" in back.reason


def test_a_heel_against_the_buttock_makes_the_back_unmeasurable():
    pose = standing_pose(right_ankle=(262, 330), right_heel=(255, 312), right_foot_index=(245, 340))
    back = measure_back_contour(pose, rectangle_mask())
    assert back.dip is None
    assert "foot" in back.reason


def test_a_hugged_knee_makes_the_back_unmeasurable():
    back = measure_back_contour(standing_pose(left_knee=(370, 150)), rectangle_mask())
    assert back.dip is None
    assert "hugged" in back.reason


def test_a_mask_spreading_far_behind_the_back_is_called_a_support_leak():
    back = measure_back_contour(standing_pose(), rectangle_mask(back_x=200))  # 0.6 chord lengths
    assert back.dip is None
    assert "support" in back.reason


def test_a_mask_that_never_ends_behind_the_back_is_unmeasurable():
    back = measure_back_contour(standing_pose(), rectangle_mask(back_x=0))
    assert back.dip is None


def test_no_mask_and_an_unreadable_face_are_unmeasurable_with_a_reason():
    assert measure_back_contour(standing_pose(), None).reason == "no segmentation mask"
    faceless = standing_pose(nose=(315, 58), left_eye=(315, 58), right_eye=(315, 58))
    back = measure_back_contour(faceless, rectangle_mask())
    assert back.dip is None and "front" in back.reason


def test_a_known_facing_overrides_the_face():
    faceless = standing_pose(nose=(315, 58), left_eye=(315, 58), right_eye=(315, 58))
    assert measure_back_contour(faceless, notched_mask(12.0), facing=1).dip == pytest.approx(0.06, abs=0.004)


def test_facing_follows_the_brief_convention_for_a_supine_body_with_the_head_at_image_left():
    points = np.zeros((33, 2))
    points[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]] = (100, 200)
    points[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]] = (300, 200)
    points[[int(L.LEFT_EAR), int(L.RIGHT_EAR)]] = (60, 200)
    points[[int(L.NOSE), int(L.LEFT_EYE), int(L.RIGHT_EYE)]] = (55, 175)  # face up
    pose = Pose(points, np.ones(33), np.zeros(33), (400, 300))
    assert facing_from_face(pose, points[int(L.LEFT_SHOULDER)], points[int(L.LEFT_HIP)]) == 1
