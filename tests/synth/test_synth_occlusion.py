"""The truth's "does an arm form the back edge" on geometry small enough to check by hand.

A camera 5 m from the body on its right side, focal 500 px: 1 m at the body's plane is 100 px and
world +x (the body's front) is image-right. The trunk is a round cone of radius 0.12 m from the
shoulder (y 1.5) to the hip (y 1.0), so its back edge lies 12 px behind the chord.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.synth.camera import Camera, look_at
from formcheck.synth.occlusion import arm_edge_shift_px, dorsal_direction, dorsal_edge_px
from formcheck.synth.raster import round_cone

POSITION = np.array([0.0, 1.25, 5.0])
CAMERA = Camera(POSITION, look_at(POSITION, np.array([0.0, 1.25, 0.0])), 500.0, 200, 200)
RAYS = CAMERA.pixel_rays()
TRUNK = [round_cone(np.array([0.0, 1.5, 0.0]), np.array([0.0, 1.0, 0.0]), 0.12, 0.12, 0)]


def joints() -> dict[str, list[float]]:
    shoulder, hip, nose = CAMERA.project(np.array([[0.0, 1.5, 0.0], [0.0, 1.0, 0.0], [0.15, 1.7, 0.0]]))
    return {
        "left_shoulder": list(shoulder),
        "right_shoulder": list(shoulder),
        "left_hip": list(hip),
        "right_hip": list(hip),
        "nose": list(nose),
    }


def arm_at(x: float, z: float = 0.2, radius: float = 0.03) -> list:
    return [round_cone(np.array([x, 1.35, z]), np.array([x, 1.15, z]), radius, radius, 0)]


def test_the_back_is_away_from_the_face():
    shoulder, hip = np.array([100.0, 50.0]), np.array([100.0, 100.0])
    assert dorsal_direction(shoulder, hip, np.array([115.0, 30.0])) == pytest.approx([-1.0, 0.0])
    assert dorsal_direction(shoulder, hip, np.array([85.0, 30.0])) == pytest.approx([1.0, 0.0])


def test_the_edge_is_the_first_pixel_outside_the_mask_going_backwards():
    mask = np.zeros((120, 100), dtype=bool)
    mask[:, 30:70] = True  # a 40-px wide body around the chord at x = 50
    mask[60:70, 70:80] = True  # a bump 10 px further out on rows 60-69
    edge = dorsal_edge_px(mask, np.array([50.0, 10.0]), np.array([50.0, 60.0]), np.array([1.0, 0.0]))
    rows = 10 + np.linspace(0.1, 1.2, edge.size) * 50
    # pixel 70, the first outside, spans x 70..71: the edge lies 20 px behind the chord (30 on the bump)
    assert edge[(rows < 59.5) | (rows > 70.5)] == pytest.approx(20.0)
    assert edge[(rows > 60.5) & (rows < 69.5)] == pytest.approx(30.0)


def test_an_arm_in_front_of_the_trunk_leaves_the_back_edge_alone():
    assert arm_edge_shift_px(CAMERA, RAYS, TRUNK, arm_at(0.0), joints()) == 0.0


def test_an_arm_standing_clear_of_the_back_leaves_a_gap_and_the_back_its_edge():
    # axis 0.2 m behind the chord, inner side at 0.17 m: a background gap after the back's 12 px
    assert arm_edge_shift_px(CAMERA, RAYS, TRUNK, arm_at(-0.2), joints()) == 0.0


def test_an_arm_over_the_back_outline_becomes_the_edge():
    # axis 0.13 m behind the chord: it overlaps the trunk's outline (0.12 m) and reaches 0.16 m, on a
    # plane 0.2 m nearer the camera (scale 500 / 4.8 px per m)
    expected = 0.16 * 500.0 / 4.8 - 0.12 * 500.0 / 5.0
    shift = arm_edge_shift_px(CAMERA, RAYS, TRUNK, arm_at(-0.13), joints())
    assert shift == pytest.approx(expected, abs=1.0)  # each edge is found to the whole pixel


def test_an_arm_reaching_past_the_search_depth_counts_as_the_edge_not_as_nothing():
    # from the back straight out to 0.6 m, past the 0.7 chord lengths (0.35 m) searched
    arm = [round_cone(np.array([-0.1, 1.25, 0.2]), np.array([-0.6, 1.25, 0.2]), 0.04, 0.04, 0)]
    reach_px = 0.7 * 50.0 - 12.0  # at least: the search depth minus where the back's own edge is
    assert arm_edge_shift_px(CAMERA, RAYS, TRUNK, arm, joints()) >= reach_px - 1.0


def test_no_truth_when_the_body_is_outside_the_frame():
    away = {name: [p[0] + 1000.0, p[1]] for name, p in joints().items()}
    assert arm_edge_shift_px(CAMERA, RAYS, TRUNK, arm_at(-0.13), away) is None
