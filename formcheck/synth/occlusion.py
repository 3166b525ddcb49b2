"""Whether the arms form part of the back's silhouette edge: ground truth for "the back is not visible".

formcheck reads the lumbar curve off the dorsal (back) edge of BlazePose's person mask. An arm that
hangs behind the trunk can become that edge: its outline fills the lumbar hollow, and the arch is
then simply not in the image. The honest answer there is "unmeasurable", and the benchmark needs to
know, from geometry alone, when that is the case. So the studio renders the figure's silhouette
twice, with and without its arms, and compares where the dorsal edge lies on lines across the true
shoulder->hip chord, from the thoracic bulge down to the buttock.

``arm_edge_shift_px`` is the largest outward shift of that edge caused by the arms, in pixels of the
output frame: 0 when the back forms its own edge everywhere (an arm in front of the trunk, or
inside its outline, changes nothing), >= 1 when an arm's outline reaches past the back somewhere
along it. Both silhouettes come from the same rays, so the comparison is exact to the pixel; the
truth never uses formcheck's own contour code.
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.camera import Camera
from formcheck.synth.raster import MISS, Primitive, rasterise

# Chord fractions (0 = mid-shoulder, 1 = mid-hip) of the lines: the thoracic bulge down to the
# buttock, which lies below the hip joint. The span formcheck's back contour reads its dip from.
EDGE_BAND_T = (0.1, 1.2)
N_LINES = 23
STEP_PX = 0.25  # sampling step along each line
MAX_DEPTH_CHORDS = 0.7  # how far behind the chord the edge is searched for


def silhouette(
    camera: Camera, rays: np.ndarray, prims: list[Primitive], region: tuple[int, int, int, int] | None = None
) -> np.ndarray:
    """Boolean image of the whole frame: True where any of ``prims`` is hit (only inside ``region``,
    (u0, u1, v0, v1), when given: primitives that cannot reach it are not even tested)."""
    if region is None:
        return rasterise(camera, prims, rays).depth < MISS
    u0, u1, v0, v1 = region
    mask = np.zeros((camera.height_px, camera.width_px), dtype=bool)
    mask[v0:v1, u0:u1] = rasterise(camera, prims, rays, region).depth < MISS
    return mask


def _line_pixels(
    shoulder_px: np.ndarray, hip_px: np.ndarray, dorsal: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pixel (col, row) of every sample on every line, and the samples' distances from the chord."""
    chord = hip_px - shoulder_px
    length = float(np.hypot(*chord))
    t = np.linspace(*EDGE_BAND_T, N_LINES)
    steps = np.arange(0.0, MAX_DEPTH_CHORDS * length, STEP_PX)
    base = shoulder_px[None, :] + np.outer(t, chord)
    points = base[:, None, :] + steps[None, :, None] * dorsal[None, None, :]
    # pixel i spans [i, i + 1) (its centre, where its ray goes, is at i + 0.5: Camera.pixel_rays)
    return np.floor(points[..., 0]).astype(int), np.floor(points[..., 1]).astype(int), steps


def dorsal_edge_px(
    mask: np.ndarray, shoulder_px: np.ndarray, hip_px: np.ndarray, dorsal: np.ndarray
) -> np.ndarray:
    """Per line across the chord: distance (px) from the chord to the first pixel outside ``mask``
    going towards the back; NaN where the chord point itself is outside. A line still inside the
    mask at the search depth gets that depth: the edge lies at least that far out."""
    cols, rows, steps = _line_pixels(shoulder_px, hip_px, dorsal)
    height, width = mask.shape
    in_image = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)
    inside = np.zeros(cols.shape, dtype=bool)
    inside[in_image] = mask[rows[in_image], cols[in_image]]
    leaves = ~inside
    first_out = np.where(leaves.any(axis=1), steps[np.argmax(leaves, axis=1)], steps[-1] + STEP_PX)
    return np.where(inside[:, 0], first_out, np.nan)


def dorsal_direction(shoulder_px: np.ndarray, hip_px: np.ndarray, nose_px: np.ndarray) -> np.ndarray:
    """Unit normal of the chord pointing away from the face (the face is anterior in every pose)."""
    chord = hip_px - shoulder_px
    normal = np.array([-chord[1], chord[0]]) / float(np.hypot(*chord))
    return -normal if float(np.dot(nose_px - shoulder_px, normal)) > 0 else normal


def arm_edge_shift_px(
    camera: Camera,
    rays: np.ndarray,
    body: list[Primitive],
    arms: list[Primitive],
    joints_px: dict[str, list[float]],
) -> float | None:
    """How far (px) the arms push the back's silhouette edge outwards; None if no line finds the back."""
    shoulder = (np.array(joints_px["left_shoulder"]) + np.array(joints_px["right_shoulder"])) / 2
    hip = (np.array(joints_px["left_hip"]) + np.array(joints_px["right_hip"])) / 2
    if float(np.hypot(*(hip - shoulder))) < 1.0:
        return None
    dorsal = dorsal_direction(shoulder, hip, np.array(joints_px["nose"]))
    # Only the lines' pixels matter: rasterise their bounding box, the body and the arms apart (a
    # silhouette is a union, so body | arms is the figure's; half the work of rendering both whole).
    cols, rows, _ = _line_pixels(shoulder, hip, dorsal)
    region = (
        int(np.clip(cols.min(), 0, camera.width_px)),
        int(np.clip(cols.max() + 1, 0, camera.width_px)),
        int(np.clip(rows.min(), 0, camera.height_px)),
        int(np.clip(rows.max() + 1, 0, camera.height_px)),
    )
    if region[0] >= region[1] or region[2] >= region[3]:
        return None
    body_mask = silhouette(camera, rays, body, region)
    without = dorsal_edge_px(body_mask, shoulder, hip, dorsal)
    with_arms = dorsal_edge_px(body_mask | silhouette(camera, rays, arms, region), shoulder, hip, dorsal)
    shift = with_arms - without
    if not np.isfinite(shift).any():
        return None
    return float(max(0.0, np.nanmax(shift)))
