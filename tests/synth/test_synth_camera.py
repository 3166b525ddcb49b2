"""The studio's pinhole camera projects where hand calculation says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.synth.camera import CameraSpec

F, W, H, D = 500.0, 640, 360, 3.0
TARGET = np.array([0.0, 1.0, 0.0])


def side_camera(view_side_sign: int = 1, yaw_deg: float = 0.0, pitch_deg: float = 0.0):
    return CameraSpec(view_side_sign, yaw_deg, pitch_deg, D, F, W, H).build(TARGET)


def test_a_side_view_at_yaw_0_projects_by_f_x_over_z_plus_centre():
    camera = side_camera(+1)  # at (0, 1, 3) looking along -z: image right = world +x, image down = -y
    u, v = camera.project(np.array([0.3, 1.2, 0.0]))
    assert u == pytest.approx(F * 0.3 / D + W / 2)
    assert v == pytest.approx(F * -0.2 / D + H / 2)
    u, v = camera.project(np.array([0.2, 0.9, -0.5]))  # half a metre further away
    assert u == pytest.approx(F * 0.2 / (D + 0.5) + W / 2)
    assert v == pytest.approx(F * 0.1 / (D + 0.5) + H / 2)


def test_the_target_sits_at_the_image_centre_for_any_yaw_and_pitch():
    for yaw in (-30.0, 0.0, 15.0, 30.0):
        camera = side_camera(-1, yaw, 8.0)
        assert camera.project(TARGET) == pytest.approx([W / 2, H / 2])


def test_yaw_swings_the_camera_around_the_vertical_axis_through_the_target():
    camera = side_camera(+1, 30.0)
    expected = TARGET + D * np.array([math.sin(math.radians(30)), 0.0, math.cos(math.radians(30))])
    assert camera.position_m == pytest.approx(expected)
    # a point on the body's x axis is foreshortened by cos(yaw) near the centre
    u, _ = camera.project(TARGET + np.array([0.01, 0.0, 0.0]))
    assert (u - W / 2) == pytest.approx(F * 0.01 * math.cos(math.radians(30)) / D, rel=0.02)


def test_filming_from_the_left_mirrors_the_picture_from_the_right():
    p = np.array([0.4, 1.3, 0.0])
    right, left = side_camera(+1).project(p), side_camera(-1).project(p)
    assert right[0] - W / 2 == pytest.approx(-(left[0] - W / 2))
    assert right[1] == pytest.approx(left[1])


def test_pixel_rays_point_through_their_pixels():
    camera = side_camera(+1, 15.0, 5.0)
    rays = camera.pixel_rays()
    for row, col in ((0, 0), (100, 500), (H - 1, W - 1)):
        point = camera.position_m + rays[row, col] * 2.0
        assert camera.project(point) == pytest.approx([col + 0.5, row + 0.5], abs=1e-6)
