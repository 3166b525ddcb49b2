"""Ray casting of the studio's primitives: hits land on the surfaces, where geometry says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.synth.camera import CameraSpec
from formcheck.synth.raster import MISS, box, ellipsoid, intersect, rasterise, round_cone


def round_cone_sdf(p: np.ndarray, a: np.ndarray, b: np.ndarray, r1: float, r2: float) -> float:
    """Exact signed distance to the convex hull of two spheres (Quilez's sdRoundCone)."""
    ba = b - a
    l2 = float(ba @ ba)
    rr = r1 - r2
    a2 = l2 - rr * rr
    il2 = 1.0 / l2
    pa = p - a
    y = float(pa @ ba)
    z = y - l2
    x_vec = pa * l2 - ba * y
    x2 = float(x_vec @ x_vec)
    y2 = y * y * l2
    z2 = z * z * l2
    k = math.copysign(1.0, rr) * rr * rr * x2
    if math.copysign(1.0, z) * a2 * z2 > k:
        return math.sqrt(x2 + z2) * il2 - r2
    if math.copysign(1.0, y) * a2 * y2 < k:
        return math.sqrt(x2 + y2) * il2 - r1
    return (math.sqrt(x2 * a2 * il2) + y * rr) * il2 - r1


def test_a_sphere_is_hit_at_its_near_pole_with_the_normal_facing_back():
    sphere = ellipsoid(np.zeros(3), np.eye(3) * 0.5, 0)
    t, n = intersect(sphere, np.array([0.0, 0.0, 3.0]), np.array([[0.0, 0.0, -1.0]]))
    assert t[0] == pytest.approx(2.5)
    assert n[0] == pytest.approx([0.0, 0.0, 1.0])


def test_an_ellipsoid_uses_its_own_semi_axes():
    flat = ellipsoid(np.zeros(3), np.diag([0.2, 0.4, 0.1]), 0)
    origin = np.array([0.0, 0.0, 2.0])
    t, _ = intersect(flat, origin, np.array([[0.0, 0.0, -1.0]]))
    assert t[0] == pytest.approx(1.9)
    miss = np.array([[0.21, 0.0, -2.0]]) / np.linalg.norm([0.21, 0.0, -2.0])
    t_miss, _ = intersect(flat, origin, miss)  # passes just outside the 0.2 m semi-axis
    assert t_miss[0] == MISS


def test_round_cone_hits_lie_on_its_exact_surface_and_nothing_is_nearer():
    rng = np.random.default_rng(3)
    a, b = np.array([-0.3, 0.1, 0.0]), np.array([0.35, -0.2, 0.05])
    cone = round_cone(a, b, 0.12, 0.05, 0)
    origin = np.array([0.1, 0.2, 2.5])
    targets = rng.uniform([-0.45, -0.35, -0.15], [0.45, 0.3, 0.15], size=(400, 3))
    dirs = targets - origin
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    t, _ = intersect(cone, origin, dirs)
    hits = np.isfinite(t)
    assert hits.sum() > 100
    for ti, d in zip(t[hits], dirs[hits], strict=True):
        assert round_cone_sdf(origin + ti * d, a, b, 0.12, 0.05) == pytest.approx(0.0, abs=1e-6)
        assert round_cone_sdf(origin + (ti - 0.01) * d, a, b, 0.12, 0.05) > 0.0
    for d in dirs[~hits]:  # misses stay outside all along the ray
        samples = [round_cone_sdf(origin + s * d, a, b, 0.12, 0.05) for s in np.linspace(1.5, 3.5, 200)]
        assert min(samples) > -1e-9


def test_an_elliptic_limb_is_wider_along_its_stretched_axis():
    limb = round_cone(
        [-0.5, 0, 0], [0.5, 0, 0], 0.1, 0.1, 0, lateral=np.array([0.0, 0.0, 1.0]), width_scale=2.0
    )
    from_side, _ = intersect(limb, np.array([0.0, 0.0, 3.0]), np.array([[0.0, 0.0, -1.0]]))
    from_above, _ = intersect(limb, np.array([0.0, 3.0, 0.0]), np.array([[0.0, -1.0, 0.0]]))
    assert from_side[0] == pytest.approx(3.0 - 0.2)  # 0.1 m radius stretched x2 along z
    assert from_above[0] == pytest.approx(3.0 - 0.1)


def test_a_box_is_hit_on_the_face_towards_the_ray():
    slab = box(np.array([0.0, 0.25, 0.0]), np.array([1.0, 0.25, 0.4]), 0)
    t, n = intersect(slab, np.array([0.2, 0.3, 3.0]), np.array([[0.0, 0.0, -1.0]]))
    assert t[0] == pytest.approx(2.6)
    assert n[0] == pytest.approx([0.0, 0.0, 1.0])


def test_the_z_buffer_keeps_the_nearest_primitive_and_its_silhouette_size():
    camera = CameraSpec(1, 0.0, 0.0, 3.0, 400.0, 120, 90).build(np.zeros(3))
    near = ellipsoid(np.array([0.0, 0.0, 0.5]), np.eye(3) * 0.2, 1)
    far = ellipsoid(np.zeros(3), np.eye(3) * 0.4, 2)
    buf = rasterise(camera, [far, near], camera.pixel_rays())
    assert buf.material[45, 60] == 1
    assert buf.depth[45, 60] == pytest.approx(2.5 - 0.2, abs=2e-3)
    # the far sphere's silhouette radius: f * r / sqrt(D^2 - r^2) pixels
    row = buf.material[45]
    width_px = np.count_nonzero(row >= 0)
    assert width_px == pytest.approx(2 * 400 * 0.4 / math.sqrt(9 - 0.16), abs=2)


def test_culling_to_projected_capsules_loses_no_pixel_of_a_whole_figure():
    from formcheck.synth.body import BodyShape
    from formcheck.synth.figure import Outfit, figure_primitives
    from formcheck.synth.raster import covered_region
    from formcheck.synth.skeleton import forward_kinematics, neutral_standing

    shape = BodyShape()
    prims = figure_primitives(forward_kinematics(shape, neutral_standing(shape)), shape, Outfit())
    camera = CameraSpec(-1, 20.0, 6.0, 3.2, 300.0, 160, 120).build(np.array([0.0, 0.95, 0.0]))
    rays = camera.pixel_rays()
    culled = rasterise(camera, prims, rays, covered_region(camera, prims))
    u0, u1, v0, v1 = covered_region(camera, prims)
    brute = np.full(rays.shape[:2], MISS)
    for prim in prims:  # every primitive against every pixel, no bounds, no culling
        t, _ = intersect(prim, camera.position_m, rays.reshape(-1, 3))
        brute = np.minimum(brute, t.reshape(brute.shape))
    assert np.isfinite(brute).sum() > 500
    assert np.isfinite(brute[v0:v1, u0:u1]).sum() == np.isfinite(brute).sum()
    assert np.array_equal(np.isfinite(culled.depth), np.isfinite(brute[v0:v1, u0:u1]))
    assert np.allclose(
        culled.depth[np.isfinite(culled.depth)], brute[v0:v1, u0:u1][np.isfinite(brute[v0:v1, u0:u1])]
    )
