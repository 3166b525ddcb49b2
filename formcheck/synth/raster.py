"""Ray-casting shaded primitives (ellipsoids, elliptic round cones, boxes) with a z-buffer, in numpy.

Every primitive is tested only against the pixels inside its projected bounding box, so a frame of a
whole figure costs a few dozen small vectorised intersections. A primitive carries an affine map
from world to its local frame (``local = A @ (p - origin)``): the same ray has the same parameter
``t`` in both frames, which is what lets an ellipse-sectioned limb reuse a circle-sectioned formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from formcheck.synth.camera import Camera

MISS = np.inf


@dataclass(frozen=True)
class Material:
    rgb: tuple[float, float, float]  # linear-ish 0..1, RGB order
    specular: float = 0.05
    texture: float = 0.0  # amplitude of a world-anchored fabric pattern (0 = plain)


@dataclass(frozen=True)
class Primitive:
    kind: str  # "ellipsoid" | "round_cone" | "box"
    origin: np.ndarray  # (3,) world
    to_local: np.ndarray  # (3, 3) A: local = A @ (p - origin)
    material: int
    length: float = 0.0  # round cone: axis length in local units (end b = (length, 0, 0))
    radius_a: float = 0.0
    radius_b: float = 0.0
    half_extents: np.ndarray | None = None  # box, local frame
    to_world: np.ndarray = field(
        default_factory=lambda: np.eye(3)
    )  # inverse of to_local: local axes in world
    bound_min: np.ndarray = field(default_factory=lambda: np.zeros(3))
    bound_max: np.ndarray = field(default_factory=lambda: np.zeros(3))


def inverse3(m: np.ndarray) -> np.ndarray:
    """Closed-form 3x3 inverse (numpy's LAPACK call costs far more for such tiny matrices)."""
    c0, c1, c2 = m[:, 0], m[:, 1], m[:, 2]
    r0, r1, r2 = np.cross(c1, c2), np.cross(c2, c0), np.cross(c0, c1)
    return np.stack([r0, r1, r2]) / float(c0 @ r0)


def _frame_from_axis(axis: np.ndarray, lateral_hint: np.ndarray) -> np.ndarray:
    """Orthonormal columns (axis, second, third) with ``third`` as close as possible to the hint."""
    axis = axis / np.linalg.norm(axis)
    third = lateral_hint - axis * float(lateral_hint @ axis)
    norm = np.linalg.norm(third)
    if norm < 1e-9:
        third = np.cross(axis, [1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.cross(axis, [0.0, 1.0, 0.0])
        norm = np.linalg.norm(third)
    third /= norm
    second = np.cross(third, axis)
    return np.stack([axis, second, third], axis=1)


def ellipsoid(center: np.ndarray, axes: np.ndarray, material: int) -> Primitive:
    """``axes``: (3, 3) columns = the three semi-axis vectors in world units (need not be unit)."""
    center = np.asarray(center, dtype=float)
    axes = np.asarray(axes, dtype=float)
    extent = np.sqrt((axes**2).sum(axis=1))
    return Primitive(
        "ellipsoid",
        center,
        inverse3(axes),
        material,
        bound_min=center - extent,
        bound_max=center + extent,
        to_world=axes,
    )


def round_cone(
    a: np.ndarray,
    b: np.ndarray,
    radius_a: float,
    radius_b: float,
    material: int,
    *,
    lateral: np.ndarray | None = None,
    depth_scale: float = 1.0,
    width_scale: float = 1.0,
) -> Primitive:
    """The convex hull of two spheres; its cross-section stretched by ``depth_scale`` (in the plane of
    the axis and ``lateral``'s normal) and ``width_scale`` (along ``lateral``, default world z)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    axis = b - a
    length = float(np.linalg.norm(axis))
    hint = np.array([0.0, 0.0, 1.0]) if lateral is None else np.asarray(lateral, dtype=float)
    frame = _frame_from_axis(axis if length > 1e-9 else np.array([1.0, 0.0, 0.0]), hint)
    scales = np.array([1.0, depth_scale, width_scale])
    to_local = (frame / scales[None, :]).T
    reach = max(radius_a, radius_b) * max(1.0, depth_scale, width_scale)
    lo = np.minimum(a, b) - reach
    hi = np.maximum(a, b) + reach
    return Primitive(
        "round_cone",
        a,
        to_local,
        material,
        length=length,
        radius_a=radius_a,
        radius_b=radius_b,
        bound_min=lo,
        bound_max=hi,
        to_world=frame * scales[None, :],
    )


def box(center: np.ndarray, half_extents: np.ndarray, material: int) -> Primitive:
    """An axis-aligned box (props: floor slabs, couch, bench, bed)."""
    center = np.asarray(center, dtype=float)
    half = np.asarray(half_extents, dtype=float)
    return Primitive(
        "box",
        center,
        np.eye(3),
        material,
        half_extents=half,
        bound_min=center - half,
        bound_max=center + half,
    )


def _hit_ellipsoid(o: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = (d * d).sum(-1)
    b = (o * d).sum(-1)
    c = (o * o).sum(-1) - 1.0
    disc = b * b - a * c
    ok = disc > 0
    t = np.where(ok, (-b - np.sqrt(np.where(ok, disc, 0.0))) / a, MISS)
    return t, o + np.where(ok, t, 0.0)[:, None] * d  # local hit point = local normal of the unit sphere


def _hit_round_cone(
    o: np.ndarray, d: np.ndarray, length: float, ra: float, rb: float
) -> tuple[np.ndarray, np.ndarray]:
    """Inigo Quilez's ray/round-cone intersection with pa = 0, pb = (length, 0, 0); ``d`` unit."""
    rr = ra - rb
    m0 = length * length
    m1 = length * o[:, 0]
    m2 = length * d[:, 0]
    m3 = (d * o).sum(-1)
    m5 = (o * o).sum(-1)
    ob = o.copy()
    ob[:, 0] -= length
    m6 = (ob * d).sum(-1)
    m7 = (ob * ob).sum(-1)
    d2 = m0 - rr * rr
    k2 = d2 - m2 * m2
    k1 = d2 * m3 - m1 * m2 + m2 * rr * ra
    k0 = d2 * m5 - m1 * m1 + m1 * rr * ra * 2.0 - m0 * ra * ra
    h = k1 * k1 - k0 * k2
    inside_cone = h >= 0
    safe_k2 = np.where(np.abs(k2) < 1e-12, 1e-12, k2)
    t_body = (-np.sqrt(np.where(inside_cone, h, 0.0)) - k1) / safe_k2
    y = m1 - ra * rr + t_body * m2
    body = inside_cone & (y > 0) & (y < d2)
    normal = d2 * (o + t_body[:, None] * d)
    normal[:, 0] -= length * y
    t = np.where(body, t_body, MISS)
    h1 = m3 * m3 - m5 + ra * ra
    h2 = m6 * m6 - m7 + rb * rb
    t1 = np.where(h1 > 0, -m3 - np.sqrt(np.maximum(h1, 0.0)), MISS)
    t2 = np.where(h2 > 0, -m6 - np.sqrt(np.maximum(h2, 0.0)), MISS)
    use1 = ~body & inside_cone & (t1 <= t2)
    use2 = ~body & inside_cone & (t2 < t1)
    t = np.where(use1, t1, np.where(use2, t2, t))
    normal = np.where(use1[:, None], o + np.where(use1, t1, 0.0)[:, None] * d, normal)
    normal = np.where(use2[:, None], ob + np.where(use2, t2, 0.0)[:, None] * d, normal)
    return t, normal


def _hit_box(o: np.ndarray, d: np.ndarray, half: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / np.where(np.abs(d) < 1e-12, 1e-12, d)
        t_lo = (-half[None, :] - o) * inv
        t_hi = (half[None, :] - o) * inv
    t_near = np.minimum(t_lo, t_hi)
    t_far = np.maximum(t_lo, t_hi)
    enter = t_near.max(-1)
    leave = t_far.min(-1)
    hit = (enter <= leave) & (enter > 0)
    face = t_near.argmax(-1)
    normal = np.zeros_like(o)
    normal[np.arange(len(o)), face] = -np.sign(d[np.arange(len(o)), face])
    return np.where(hit, enter, MISS), normal


def intersect(prim: Primitive, origin: np.ndarray, dirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ray parameter (distance along the unit world ray, inf = miss) and world normals (N, 3)."""
    o_local = (origin - prim.origin) @ prim.to_local.T
    d_local = dirs @ prim.to_local.T
    o = np.broadcast_to(o_local, d_local.shape)
    if prim.kind == "ellipsoid":
        t, n_local = _hit_ellipsoid(o, d_local)
    elif prim.kind == "round_cone":
        scale = np.linalg.norm(d_local, axis=-1)
        t_local, n_local = _hit_round_cone(
            o, d_local / scale[:, None], prim.length, prim.radius_a, prim.radius_b
        )
        t = t_local / scale
    else:
        t, n_local = _hit_box(o, d_local, prim.half_extents)
    n_local = np.where(np.isfinite(t)[:, None], n_local, 0.0)
    normal = n_local @ prim.to_local  # A^T n: normals transform with the inverse transpose
    normal /= np.maximum(np.linalg.norm(normal, axis=-1, keepdims=True), 1e-12)
    t = np.where(t > 1e-4, t, MISS)
    return t, normal


def _pixel_bounds(camera: Camera, prim: Primitive) -> tuple[int, int, int, int] | None:
    lo, hi = prim.bound_min, prim.bound_max
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    cam = camera.to_camera(corners)
    if (cam[:, 2] <= 0.05).any():
        return 0, camera.width_px, 0, camera.height_px
    px = camera.project(corners)
    u0 = max(int(np.floor(px[:, 0].min())) - 1, 0)
    u1 = min(int(np.ceil(px[:, 0].max())) + 2, camera.width_px)
    v0 = max(int(np.floor(px[:, 1].min())) - 1, 0)
    v1 = min(int(np.ceil(px[:, 1].max())) + 2, camera.height_px)
    if u0 >= u1 or v0 >= v1:
        return None
    return u0, u1, v0, v1


@dataclass
class GBuffer:
    """Per-pixel nearest hit: distance, world normal and material index (-1 = nothing)."""

    depth: np.ndarray
    normal: np.ndarray
    material: np.ndarray


def _screen_capsule(camera: Camera, prim: Primitive) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Projected end points and a conservative pixel radius of a cone or ellipsoid (None for boxes)."""
    if prim.kind == "box":
        return None
    axes = prim.to_world
    if prim.kind == "ellipsoid":
        ends = np.stack([prim.origin, prim.origin])
        reach = float(np.linalg.norm(axes, axis=0).max())
    else:
        ends = np.stack([prim.origin, prim.origin + axes[:, 0] * prim.length])
        reach = max(prim.radius_a, prim.radius_b) * float(np.linalg.norm(axes[:, 1:], axis=0).max())
    depth = float(camera.to_camera(ends)[:, 2].min()) - reach
    if depth <= 0.05:
        return None
    return camera.project(ends[0]), camera.project(ends[1]), camera.focal_px * reach / depth + 1.5


def _capsule_mask(
    u0: int, u1: int, v0: int, v1: int, capsule: tuple[np.ndarray, np.ndarray, float]
) -> np.ndarray:
    """Pixels of the box within the projected capsule: only these can hit the primitive."""
    p, q, radius = capsule
    us = np.arange(u0, u1, dtype=np.float32) + 0.5
    vs = np.arange(v0, v1, dtype=np.float32) + 0.5
    seg = (q - p).astype(np.float32)
    seg_len2 = float(seg @ seg)
    du = us[None, :] - np.float32(p[0])
    dv = vs[:, None] - np.float32(p[1])
    if seg_len2 < 1e-9:
        return du * du + dv * dv <= radius * radius
    along = np.minimum(np.maximum((du * seg[0] + dv * seg[1]) / seg_len2, 0.0), 1.0)
    eu = du - along * seg[0]
    ev = dv - along * seg[1]
    return eu * eu + ev * ev <= radius * radius


def covered_region(camera: Camera, prims: list[Primitive]) -> tuple[int, int, int, int] | None:
    """The pixel box (u0, u1, v0, v1) that all of ``prims`` can cover, or None when off screen."""
    boxes = [b for b in (_pixel_bounds(camera, p) for p in prims) if b is not None]
    if not boxes:
        return None
    u0, _, v0, _ = np.min(boxes, axis=0)
    _, u1, _, v1 = np.max(boxes, axis=0)
    return int(u0), int(u1), int(v0), int(v1)


def rasterise(
    camera: Camera, prims: list[Primitive], rays: np.ndarray, region: tuple[int, int, int, int] | None = None
) -> GBuffer:
    """Nearest hits of ``prims``; with ``region`` (u0, u1, v0, v1) the buffers cover only that box."""
    ru0, ru1, rv0, rv1 = region if region is not None else (0, camera.width_px, 0, camera.height_px)
    h, w = rv1 - rv0, ru1 - ru0
    buf = GBuffer(np.full((h, w), MISS), np.zeros((h, w, 3)), np.full((h, w), -1, dtype=np.int32))
    for prim in prims:
        bounds = _pixel_bounds(camera, prim)
        if bounds is None:
            continue
        u0, u1, v0, v1 = max(bounds[0], ru0), min(bounds[1], ru1), max(bounds[2], rv0), min(bounds[3], rv1)
        if u0 >= u1 or v0 >= v1:
            continue
        capsule = _screen_capsule(camera, prim)
        if capsule is None:
            mask = np.ones((v1 - v0, u1 - u0), dtype=bool)
        else:
            mask = _capsule_mask(u0, u1, v0, v1, capsule)
        if not mask.any():
            continue
        dirs = rays[v0:v1, u0:u1][mask]
        t, normal = intersect(prim, camera.position_m, dirs)
        rows, cols = np.nonzero(mask)
        rows, cols = rows + (v0 - rv0), cols + (u0 - ru0)
        closer = t < buf.depth[rows, cols]
        if not closer.any():
            continue
        rows, cols = rows[closer], cols[closer]
        buf.depth[rows, cols] = t[closer]
        buf.normal[rows, cols] = normal[closer]
        buf.material[rows, cols] = prim.material
    return buf
