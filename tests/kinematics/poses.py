"""Hand-built poses for the kinematics tests: every coordinate is chosen so angles can be checked by hand."""

from __future__ import annotations

import math

import numpy as np

from formcheck.landmarks import NUM_LANDMARKS, PoseLandmark
from formcheck.types import Pose

DEFAULT_SIZE = (1000, 1400)  # (width, height): deliberately not square


def make_pose(
    *,
    image_size: tuple[int, int] = DEFAULT_SIZE,
    visibility: dict[str, float] | None = None,
    depth: dict[str, float] | None = None,
    **points: tuple[float, float],
) -> Pose:
    """A Pose from named landmarks in pixels, e.g. ``make_pose(left_hip=(500, 700), ...)``.

    Named landmarks are fully visible unless ``visibility`` says otherwise; unnamed ones are NaN with
    visibility 0, so a function that silently used them would return NaN and fail its test.
    """
    landmarks = np.full((NUM_LANDMARKS, 2), np.nan)
    vis = np.zeros(NUM_LANDMARKS)
    dep = np.zeros(NUM_LANDMARKS)
    for name, xy in points.items():
        index = PoseLandmark[name.upper()]
        landmarks[index] = xy
        vis[index] = 1.0
    for name, value in (visibility or {}).items():
        vis[PoseLandmark[name.upper()]] = value
    for name, value in (depth or {}).items():
        dep[PoseLandmark[name.upper()]] = value
    return Pose(landmarks_px=landmarks, visibility=vis, depth_px=dep, image_size=image_size)


def polar(
    origin: tuple[float, float], length: float, deg_from_down_toward_right: float
) -> tuple[float, float]:
    """The point ``length`` px from ``origin`` along a direction given from image-down, turning toward image-right."""
    rad = math.radians(deg_from_down_toward_right)
    return (origin[0] + length * math.sin(rad), origin[1] + length * math.cos(rad))


def both_sides(name: str, xy: tuple[float, float], spread: float = 0.0) -> dict[str, tuple[float, float]]:
    """The left and right copies of a landmark, ``spread`` px apart horizontally (0 in a pure side view)."""
    return {f"left_{name}": (xy[0] - spread / 2, xy[1]), f"right_{name}": (xy[0] + spread / 2, xy[1])}


def side_view_depth(facing: int, gap: float = 80.0) -> dict[str, float]:
    """Depths of a pure side view: the camera sees the right side when facing is +1 (smaller = nearer)."""
    near, far = ("right", "left") if facing > 0 else ("left", "right")
    out = {}
    for joint in ("shoulder", "hip", "knee", "ankle"):
        out[f"{near}_{joint}"] = -gap / 2
        out[f"{far}_{joint}"] = gap / 2
    return out


def standing_side_pose(facing: int = 1, *, x: float = 500.0, knee_bend_deg: float = 0.0) -> Pose:
    """A person standing tall seen from the side, facing image-right (+1) or image-left (-1).

    Shoulders 300 px above the hips, thigh and shin 300 px each; with ``knee_bend_deg`` the shin
    swings backwards (a bent knee points forward).
    """
    hip, shoulder = (x, 700.0), (x, 400.0)
    knee = (x, 1000.0)
    ankle = polar(knee, 300.0, -facing * knee_bend_deg)
    points: dict[str, tuple[float, float]] = {}
    for name, xy in (("shoulder", shoulder), ("hip", hip), ("knee", knee), ("ankle", ankle)):
        points.update(both_sides(name, xy))
    points.update(both_sides("heel", (ankle[0] - facing * 20, ankle[1] + 20)))
    points.update(both_sides("foot_index", (ankle[0] + facing * 60, ankle[1] + 20)))
    points.update(both_sides("ear", (x, 320.0)))
    points["nose"] = (x + facing * 40, 330.0)
    return make_pose(depth=side_view_depth(facing), **points)


def mirrored(pose: Pose) -> Pose:
    """The same pose seen in a mirror: x -> width - x, the same labels (so facing flips)."""
    width = pose.image_size[0]
    flipped = pose.landmarks_px.copy()
    flipped[:, 0] = width - flipped[:, 0]
    return Pose(flipped, pose.visibility.copy(), pose.depth_px.copy(), pose.image_size)
