"""Shading a rasterised frame: lights, floor and wall, camera noise and compression."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from formcheck.synth.camera import Camera
from formcheck.synth.raster import MISS, GBuffer, Material, Primitive, covered_region, rasterise


@dataclass(frozen=True)
class Lighting:
    direction: tuple[float, float, float] = (0.4, 0.8, 0.45)  # towards the key light (world)
    key: float = 0.75
    ambient: float = 0.35
    warmth: float = 0.0  # + tints the key light warm, - cool


@dataclass(frozen=True)
class Backdrop:
    """A floor (y = 0) and a wall beyond the body, seen behind it from the camera."""

    floor_rgb: tuple[float, float, float] = (0.55, 0.42, 0.3)
    wall_rgb: tuple[float, float, float] = (0.85, 0.84, 0.8)
    floor_planks_m: float = 0.18  # plank width; 0 = carpet (plain noise)
    wall_stripes_m: float = 0.0  # vertical wallpaper stripes; 0 = plain
    wall_distance_m: float = 1.6  # beyond the body, along the viewing direction
    skirting_rgb: tuple[float, float, float] = (0.95, 0.95, 0.95)


@dataclass(frozen=True)
class Finish:
    """What the camera does to the picture."""

    noise_sigma: float = 2.0  # grey levels
    blur_sigma_px: float = 0.6
    jpeg_quality: int = 80  # 0 = no compression round trip


def _planes(
    camera: Camera, rays: np.ndarray, target: np.ndarray, backdrop: Backdrop
) -> tuple[np.ndarray, np.ndarray]:
    """Distance and colour of the floor / wall behind every pixel."""
    o = camera.position_m
    h, w = rays.shape[:2]
    depth = np.full((h, w), MISS)
    colour = np.zeros((h, w, 3))
    view = target - o
    view[1] = 0.0
    view /= np.linalg.norm(view)
    wall_point = target + view * backdrop.wall_distance_m
    denom = rays @ view
    with np.errstate(divide="ignore", invalid="ignore"):
        t_wall = np.where(denom > 1e-6, ((wall_point - o) @ view) / denom, MISS)
        t_floor = np.where(rays[..., 1] < -1e-6, -o[1] / rays[..., 1], MISS)
    floor = t_floor < t_wall
    depth = np.where(floor, t_floor, t_wall)
    hit = o + rays * np.where(np.isfinite(depth), depth, 0.0)[..., None]
    along = np.cross(view, [0.0, 1.0, 0.0])
    s_wall = hit @ along
    wall = np.array(backdrop.wall_rgb) * (0.92 + 0.08 * np.clip(hit[..., 1] / 2.5, 0, 1))[..., None]
    if backdrop.wall_stripes_m > 0:
        stripe = (np.floor(s_wall / backdrop.wall_stripes_m) % 2)[..., None]
        wall = wall * (0.94 + 0.06 * stripe)
    skirting = (hit[..., 1] < 0.08)[..., None]
    wall = np.where(skirting, np.array(backdrop.skirting_rgb) * 0.9, wall)
    floor_c = np.array(backdrop.floor_rgb) * np.ones((h, w, 1))
    if backdrop.floor_planks_m > 0:
        plank = np.floor((hit @ view) / backdrop.floor_planks_m)
        tone = 0.88 + 0.12 * np.sin(plank * 12.9898) ** 2
        grain = 0.97 + 0.03 * np.sin(s_wall * 40.0 + plank * 3.0)
        seam = np.abs(((hit @ view) / backdrop.floor_planks_m) % 1.0 - 0.5) > 0.48
        floor_c = floor_c * (tone * grain * np.where(seam, 0.8, 1.0))[..., None]
    distance_fade = np.clip(1.0 - 0.04 * depth, 0.75, 1.0)[..., None]
    colour = np.where(floor[..., None], floor_c, wall) * np.where(floor[..., None], distance_fade, 1.0)
    return depth, colour


def _shade(
    buf: GBuffer, rays: np.ndarray, camera: Camera, materials: list[Material], light: Lighting
) -> np.ndarray:
    lit = buf.material >= 0
    mats = buf.material[lit]
    n = buf.normal[lit]
    d = rays[lit]
    base = np.array([m.rgb for m in materials])[mats]
    spec_k = np.array([m.specular for m in materials])[mats]
    tex_k = np.array([m.texture for m in materials])[mats]
    ldir = np.array(light.direction, dtype=float)
    ldir /= np.linalg.norm(ldir)
    lambert = np.clip(n @ ldir, 0.0, 1.0)
    sky = 0.75 + 0.25 * n[:, 1]
    refl = d - 2.0 * (d * n).sum(-1, keepdims=True) * n
    spec = spec_k * np.clip(refl @ ldir, 0.0, 1.0) ** 24
    p = camera.position_m + d * buf.depth[lit][:, None]
    weave = 1.0 - tex_k * 0.5 * (1.0 + np.sin(p[:, 0] * 260.0) * np.sin(p[:, 1] * 260.0 + p[:, 2] * 190.0))
    rim = 0.12 * np.clip(1.0 + (d * n).sum(-1), 0.0, 1.0) ** 3  # soft edge darkening reads as roundness
    tint = np.array([1.0 + light.warmth * 0.08, 1.0, 1.0 - light.warmth * 0.08])
    colour = (
        base * weave[:, None] * (light.ambient * sky[:, None] + light.key * lambert[:, None] * tint)
        - rim[:, None]
    )
    out = np.zeros(buf.normal.shape)
    out[lit] = colour + spec[:, None]
    return out


@dataclass
class StaticLayer:
    """The parts of the picture that never move within a clip (room and props), rendered once."""

    depth: np.ndarray
    colour: np.ndarray


def render_static(
    camera: Camera,
    rays: np.ndarray,
    props: list[Primitive],
    materials: list[Material],
    light: Lighting,
    backdrop: Backdrop,
    target_m: np.ndarray,
) -> StaticLayer:
    plane_depth, plane_colour = _planes(camera, rays, np.asarray(target_m, float), backdrop)
    buf = rasterise(camera, props, rays)
    shaded = _shade(buf, rays, camera, materials, light)
    nearer = buf.depth < plane_depth
    return StaticLayer(
        np.where(nearer, buf.depth, plane_depth), np.where(nearer[..., None], shaded, plane_colour)
    )


_NOISE_BANK: dict[tuple, np.ndarray] = {}
NOISE_BANK_FRAMES = 8


def _noise_frame(shape: tuple, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Sensor noise: mostly a fixed pattern plus a little that changes from frame to frame.

    Drawing fresh full-strength noise for every frame would dominate both render time and the
    H.264 bitrate, so frames cycle through a small bank of temporal noise on top of a fixed pattern.
    """
    key = (shape, round(sigma, 3))
    if key not in _NOISE_BANK:
        seeded = np.random.default_rng(abs(hash(key)) % (2**32))
        fixed = seeded.normal(0.0, sigma * 0.8, shape).astype(np.float32)
        temporal = seeded.normal(0.0, sigma * 0.35, (NOISE_BANK_FRAMES, *shape)).astype(np.float32)
        _NOISE_BANK.clear()
        _NOISE_BANK[key] = fixed[None] + temporal
    return _NOISE_BANK[key][int(rng.integers(NOISE_BANK_FRAMES))]


def finish_image(rgb: np.ndarray, finish: Finish, rng: np.random.Generator) -> np.ndarray:
    """Float RGB 0..1 -> BGR uint8 with lens blur, sensor noise and a JPEG round trip."""
    img = np.clip(rgb * 255.0, 0, 255).astype(np.float32)
    if finish.blur_sigma_px > 0:
        img = cv2.GaussianBlur(img, (0, 0), finish.blur_sigma_px)
    if finish.noise_sigma > 0:
        img = img + _noise_frame(img.shape, finish.noise_sigma, rng)
    bgr = np.clip(img[..., ::-1], 0, 255).astype(np.uint8)
    if finish.jpeg_quality > 0:
        ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, finish.jpeg_quality])
        if ok:
            bgr = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return np.ascontiguousarray(bgr)


def render_over(
    camera: Camera,
    rays: np.ndarray,
    static: StaticLayer,
    prims: list[Primitive],
    materials: list[Material],
    light: Lighting,
) -> np.ndarray:
    """Float RGB of the moving primitives composited over the static layer by depth.

    Only the box the primitives can cover is ray-cast and shaded; the rest is the static layer.
    """
    out = static.colour.copy()
    region = covered_region(camera, prims)
    if region is None:
        return out
    u0, u1, v0, v1 = region
    sub_rays = rays[v0:v1, u0:u1]
    buf = rasterise(camera, prims, rays, region)
    shaded = _shade(buf, sub_rays, camera, materials, light)
    nearer = buf.depth < static.depth[v0:v1, u0:u1]
    out[v0:v1, u0:u1][nearer] = shaded[nearer]
    return out
