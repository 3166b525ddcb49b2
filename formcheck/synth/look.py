"""Seeded variety: body proportions, clothes, room, light and camera finish for one clip."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from formcheck.synth.body import BodyShape
from formcheck.synth.outfit import Outfit
from formcheck.synth.render import Backdrop, Finish, Lighting

SKINS = ((0.92, 0.74, 0.62), (0.86, 0.64, 0.52), (0.72, 0.52, 0.38), (0.55, 0.38, 0.27), (0.4, 0.27, 0.2))
HAIRS = ((0.12, 0.09, 0.07), (0.3, 0.2, 0.12), (0.55, 0.4, 0.22), (0.08, 0.08, 0.08), (0.6, 0.58, 0.55))
SHIRTS = (
    (0.2, 0.35, 0.7),
    (0.75, 0.2, 0.2),
    (0.9, 0.9, 0.88),
    (0.25, 0.55, 0.35),
    (0.95, 0.6, 0.15),
    (0.55, 0.3, 0.6),
)
PANTS = ((0.12, 0.12, 0.14), (0.2, 0.25, 0.4), (0.35, 0.35, 0.38), (0.45, 0.3, 0.2), (0.1, 0.2, 0.15))
SHOES = ((0.92, 0.92, 0.92), (0.15, 0.15, 0.15), (0.8, 0.3, 0.25), (0.3, 0.4, 0.75))
WALLS = ((0.85, 0.84, 0.8), (0.78, 0.82, 0.86), (0.88, 0.82, 0.72), (0.7, 0.72, 0.68), (0.93, 0.93, 0.93))
FLOORS = ((0.55, 0.42, 0.3), (0.65, 0.55, 0.42), (0.4, 0.38, 0.36), (0.5, 0.5, 0.52), (0.35, 0.25, 0.18))
PROPS = ((0.45, 0.5, 0.4), (0.55, 0.42, 0.35), (0.35, 0.38, 0.45), (0.6, 0.58, 0.52), (0.3, 0.3, 0.32))


@dataclass(frozen=True)
class Look:
    shape: BodyShape
    outfit: Outfit
    lighting: Lighting
    backdrop: Backdrop
    finish: Finish
    prop_rgb: tuple[float, float, float]
    family: str | None = None  # the body family it was drawn from (None: the original single family)
    prop_style: str | None = None  # None: the exercise's original prop (couch, bench, bed)
    spine: dict | None = None  # clinical lordosis / kyphosis the neutral spine was built from


def _pick(rng: np.random.Generator, options: tuple) -> tuple:
    return tuple(options[int(rng.integers(len(options)))])


def _distinct(rng: np.random.Generator, options: tuple, avoid: tuple, min_distance: float = 0.25) -> tuple:
    """A colour at least ``min_distance`` (RGB) away from ``avoid``, so limbs stand out from props."""
    for _ in range(20):
        c = _pick(rng, options)
        if np.linalg.norm(np.subtract(c, avoid)) >= min_distance:
            return c
    return c


def random_look(rng: np.random.Generator) -> Look:
    shape = replace(
        BodyShape(),
        height_m=float(rng.uniform(1.58, 1.9)),
        girth=float(rng.uniform(0.9, 1.15)),
        breadth=float(rng.uniform(0.92, 1.08)),
        thigh=float(0.245 * rng.uniform(0.96, 1.04)),
        shin=float(0.246 * rng.uniform(0.96, 1.04)),
        lumbar=float(0.095 * rng.uniform(0.92, 1.08)),
        lumbar_neutral_deg=float(rng.uniform(3.0, 9.0)),
    )
    prop = _pick(rng, PROPS)
    pants = _distinct(rng, PANTS, prop)
    outfit = Outfit(
        skin=_pick(rng, SKINS),
        hair=_pick(rng, HAIRS),
        shirt=_distinct(rng, SHIRTS, pants),
        pants=pants,
        shoes=_pick(rng, SHOES),
        long_pants=bool(rng.random() < 0.6),
        long_sleeves=bool(rng.random() < 0.3),
    )
    # camera-relative (image-right, up, towards the camera): rooms are lit from the camera's side
    light_dir = (float(rng.uniform(-0.8, 0.8)), float(rng.uniform(0.5, 1.0)), float(rng.uniform(0.4, 1.0)))
    lighting = Lighting(
        light_dir,
        key=float(rng.uniform(0.65, 0.85)),
        ambient=float(rng.uniform(0.4, 0.5)),
        warmth=float(rng.uniform(-1, 1)),
    )
    backdrop = Backdrop(
        floor_rgb=_pick(rng, FLOORS),
        wall_rgb=_pick(rng, WALLS),
        floor_planks_m=float(rng.choice([0.0, 0.15, 0.2])),
        wall_stripes_m=float(rng.choice([0.0, 0.0, 0.12])),
        wall_distance_m=float(rng.uniform(1.2, 2.2)),
    )
    finish = Finish(
        noise_sigma=float(rng.uniform(1.0, 3.0)),
        blur_sigma_px=float(rng.uniform(0.4, 0.8)),
        jpeg_quality=int(rng.integers(70, 92)),
    )
    return Look(shape, outfit, lighting, backdrop, finish, prop)
