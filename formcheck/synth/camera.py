"""A pinhole camera: where it stands, what a world point projects to, and the ray behind each pixel.

World frame (shared by the whole studio): metres, ``x`` = the body's sagittal horizontal axis,
``y`` = up, ``z`` = the body's right side (``x`` forward x ``y`` up = ``z`` right). The sagittal plane
is ``x``-``y``. Camera frame: ``x`` image-right, ``y`` image-down, ``z`` forward (optical axis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Camera:
    position_m: np.ndarray  # (3,) world position of the optical centre
    rotation: np.ndarray  # (3, 3) rows = camera x (right), y (down), z (forward) in world coordinates
    focal_px: float
    width_px: int
    height_px: int

    @property
    def principal_px(self) -> tuple[float, float]:
        return self.width_px / 2.0, self.height_px / 2.0

    def to_camera(self, points_m: np.ndarray) -> np.ndarray:
        """World points (..., 3) in camera coordinates (..., 3)."""
        return (np.asarray(points_m, dtype=float) - self.position_m) @ self.rotation.T

    def project(self, points_m: np.ndarray) -> np.ndarray:
        """World points (..., 3) to pixel coordinates (..., 2): u = f*X/Z + cx, v = f*Y/Z + cy."""
        cam = self.to_camera(points_m)
        cx, cy = self.principal_px
        z = np.maximum(cam[..., 2], 1e-6)
        return np.stack([self.focal_px * cam[..., 0] / z + cx, self.focal_px * cam[..., 1] / z + cy], axis=-1)

    def pixel_rays(self) -> np.ndarray:
        """Unit world directions (H, W, 3) through every pixel centre."""
        cx, cy = self.principal_px
        us = (np.arange(self.width_px) + 0.5 - cx) / self.focal_px
        vs = (np.arange(self.height_px) + 0.5 - cy) / self.focal_px
        grid = np.empty((self.height_px, self.width_px, 3))
        grid[..., 0] = us[None, :]
        grid[..., 1] = vs[:, None]
        grid[..., 2] = 1.0
        grid /= np.linalg.norm(grid, axis=-1, keepdims=True)
        return grid @ self.rotation


def look_at(position_m: np.ndarray, target_m: np.ndarray, world_up: np.ndarray | None = None) -> np.ndarray:
    """Rotation rows (right, down, forward) of a camera at ``position_m`` looking at ``target_m``."""
    up = np.array([0.0, 1.0, 0.0]) if world_up is None else np.asarray(world_up, dtype=float)
    forward = np.asarray(target_m, dtype=float) - np.asarray(position_m, dtype=float)
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, up)
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    return np.stack([right, down, forward])


@dataclass(frozen=True)
class CameraSpec:
    """How the camera is set up relative to the body, in the words the truth JSON uses.

    ``yaw_deg`` turns the camera around the vertical axis through ``target``: 0 = pure side view
    from ``view_side`` (the camera looks along the body's left-right axis), +-30 = a quarter-oblique
    view (positive yaw moves the camera towards the body's +x side). ``pitch_deg`` > 0 looks down.
    """

    view_side_sign: int  # +1: camera on the body's right (+z), -1: on its left (-z)
    yaw_deg: float
    pitch_deg: float
    distance_m: float
    focal_px: float
    width_px: int
    height_px: int

    def build(self, target_m: np.ndarray) -> Camera:
        yaw = math.radians(self.yaw_deg)
        pitch = math.radians(self.pitch_deg)
        horizontal = np.array([math.sin(yaw), 0.0, self.view_side_sign * math.cos(yaw)])
        offset = (
            horizontal * math.cos(pitch) * self.distance_m
            + np.array([0.0, 1.0, 0.0]) * math.sin(pitch) * self.distance_m
        )
        position = np.asarray(target_m, dtype=float) + offset
        return Camera(position, look_at(position, target_m), self.focal_px, self.width_px, self.height_px)

    def to_dict(self) -> dict:
        return {
            "view_side": "right" if self.view_side_sign > 0 else "left",
            "yaw_deg": self.yaw_deg,
            "pitch_deg": self.pitch_deg,
            "distance_m": self.distance_m,
            "focal_px": self.focal_px,
            "width_px": self.width_px,
            "height_px": self.height_px,
        }
