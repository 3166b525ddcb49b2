"""The back contour's cheaper building blocks compute what the textbook numpy calls compute."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics import back_contour as bc
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose


@pytest.mark.parametrize("size", [1, 2, 3, 16, 21, 22])
def test_the_plain_median_equals_numpys(size):
    rng = np.random.default_rng(size)
    for _ in range(50):
        values = rng.normal(size=size) * 0.3
        assert bc._median(values) == float(np.median(values))


def test_the_nan_median_skips_missing_lines_and_is_none_when_all_are_missing():
    assert bc._nan_median(np.array([np.nan, 0.2, 0.4, np.nan, 0.9])) == 0.4
    assert bc._nan_median(np.array([np.nan, np.nan])) is None


@pytest.mark.parametrize("missing", [(), (0,), (3, 4, 5), (0, 21), (1, 7, 13, 19)])
def test_the_cached_quartic_fit_equals_polyfit_with_lines_missing(missing):
    t = np.linspace(bc.T_START, bc.T_END, bc.N_LINES)
    used = np.ones(bc.N_LINES, dtype=bool)
    used[list(missing)] = False
    depth = 0.3 - 0.05 * np.sin(3 * t) + np.random.default_rng(1).normal(scale=0.004, size=t.size)
    expected = np.polyval(np.polyfit(t[used], depth[used], 4), t[used])
    fitted = bc._quartic_hat(t.tobytes(), used.tobytes()) @ depth[used]
    assert np.max(np.abs(fitted - expected)) < 1e-12


def test_the_three_edge_levels_are_found_where_a_linear_ramp_crosses_them():
    # One line whose mask falls linearly from 1 at sample 10 to 0 at sample 20: 0.8 is crossed at
    # 12, 0.5 at 15 and 0.2 at 18 (in samples).
    row = np.clip((20 - np.arange(40)) / 10.0, 0.0, 1.0)
    position, found = bc._first_crossings(row[None, :], bc._EDGE_LEVELS)
    assert found.all()
    assert position[:, 0] == pytest.approx([15.0, 12.0, 18.0])


def test_a_row_starting_outside_the_silhouette_has_no_edge():
    position, found = bc._first_crossings(np.zeros((1, 10)), bc._EDGE_LEVELS)
    assert not found.any()


def test_the_gather_reads_the_mask_bilinearly_and_zero_outside():
    mask = np.arange(20, dtype=np.float32).reshape(4, 5)  # value = 5 * row + column
    xs = np.array([[0.0, 1.5, 3.25, -0.5, 4.5]])
    ys = np.array([[0.0, 2.0, 1.75, 1.0, 1.0]])
    values = bc._bilinear(mask, xs, ys)
    assert values[0] == pytest.approx([0.0, 11.5, 12.0, 0.0, 0.0])
    strided = np.asfortranarray(mask)  # not C-contiguous: the 2-D indexing path
    assert bc._bilinear(strided, xs, ys) == pytest.approx(values)


def test_points_all_inside_read_the_same_with_or_without_the_bounds_path():
    mask = np.arange(20, dtype=np.float32).reshape(4, 5)
    xs = np.array([[0.0, 1.5, 3.25, 2.0]])
    ys = np.array([[0.0, 2.0, 1.75, 1.0]])
    inside = bc._bilinear(mask, xs, ys)  # every point inside: no clamping
    assert inside[0] == pytest.approx([0.0, 11.5, 12.0, 7.0])  # 5 * y + x, bilinear is exact here
    # the same points with one outside (read as 0) go through the clamping path and agree elsewhere
    mixed = bc._bilinear(mask, np.append(xs, [[-1.0]], axis=1), np.append(ys, [[0.0]], axis=1))
    assert np.array_equal(mixed[0, :4], inside[0]) and mixed[0, 4] == 0.0


def _pose_with_arm_and_shin(elbow_xy, knee_xy, ankle_xy) -> Pose:
    """Chord (320, 100) -> (320, 300), back on the image-left at x = 260 (0.3 chord lengths)."""
    points = np.full((33, 2), (330.0, 480.0))
    points[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]] = (320, 100)
    points[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]] = (320, 300)
    points[[int(L.LEFT_ELBOW), int(L.RIGHT_ELBOW)]] = elbow_xy
    points[[int(L.LEFT_WRIST), int(L.RIGHT_WRIST)]] = elbow_xy
    points[[int(L.LEFT_KNEE), int(L.RIGHT_KNEE)]] = knee_xy
    points[[int(L.LEFT_ANKLE), int(L.RIGHT_ANKLE)]] = ankle_xy
    return Pose(points, np.ones(33), np.zeros(33), (640, 520))


def _straight_back_profile() -> bc.DorsalProfile:
    mask = np.zeros((520, 640), np.float32)
    mask[40:500, 260:420] = 1.0
    return bc.sample_dorsal_profile(mask, np.array([320.0, 100.0]), np.array([320.0, 300.0]), 1)


@pytest.mark.parametrize(
    ("elbow", "knee", "ankle", "reason"),
    [
        ((380, 200), (330, 480), (330, 480), None),  # arms in front, legs far below
        ((262, 200), (330, 480), (330, 480), "arm over the back"),  # elbow on the back edge
        ((380, 200), (250, 330), (262, 250), "foot or shin against the back or buttock"),
        ((262, 200), (250, 330), (262, 250), "arm over the back"),  # both: the arm is named
    ],
)
def test_limbs_along_the_back_edge_are_named_arm_first(elbow, knee, ankle, reason):
    pose = _pose_with_arm_and_shin(elbow, knee, ankle)
    assert bc.limb_over_back(pose, _straight_back_profile(), bc.ContourLimits()) == reason


def test_limbs_the_model_calls_hidden_do_not_count():
    pose = _pose_with_arm_and_shin((262, 200), (330, 480), (330, 480))
    hidden = Pose(pose.landmarks_px, np.full(33, 0.3), pose.depth_px, pose.image_size)
    assert bc.limb_over_back(hidden, _straight_back_profile(), bc.ContourLimits()) is None
