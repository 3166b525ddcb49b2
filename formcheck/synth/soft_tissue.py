"""Soft tissue, loose clothes and hair hung on a ``Skeleton``: what makes one body unlike another.

Every primitive here is added only when its ``BodyShape`` / ``Outfit`` parameter departs from the
studio's original lean body in fitted clothes with short hair, so that body renders exactly as before.
Sizes are fractions of standing height (``shape.m``), like the rest of the figure. None of this moves a
joint: the truth (joint centres, hip extension, arch) comes from the skeleton alone.
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import BodyShape, Skeleton, side_sign
from formcheck.synth.outfit import Outfit
from formcheck.synth.raster import Primitive, ellipsoid, round_cone
from formcheck.synth.slots import HAIR, PANTS, SHIRT
from formcheck.types import Side

Z = np.array([0.0, 0.0, 1.0])
DOWN = np.array([0.0, -1.0, 0.0])


def _frame(up: np.ndarray, a_up: float, a_front: float, a_side: float) -> np.ndarray:
    return np.stack([up * a_up, Skeleton.anterior(up) * a_front, Z * a_side], axis=1)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def soft_tissue(sk: Skeleton, shape: BodyShape) -> list[Primitive]:
    """Buttocks, wider hips, belly, breasts and a deeper chest, by the shape's soft-tissue amounts."""
    j, g, br, r = sk.joints, shape.girth, shape.breadth, shape.m
    hip = j["hip_center"]
    pf, lf, tf = (
        Skeleton.anterior(sk.pelvis_up),
        Skeleton.anterior(sk.lumbar_up),
        Skeleton.anterior(sk.thorax_up),
    )
    prims: list[Primitive] = []
    if shape.hip_flare:
        prims.append(
            ellipsoid(
                hip + sk.pelvis_up * r(0.015) - pf * r(0.015),
                _frame(sk.pelvis_up, r(0.066), r(0.06) * g, r(0.092) * g * br * (1 + 0.25 * shape.hip_flare)),
                PANTS,
            )
        )
    if shape.buttocks:
        b, flare = shape.buttocks, shape.hip_flare
        for side in (Side.LEFT, Side.RIGHT):
            c = hip - pf * r(0.03 + 0.012 * b) + Z * side_sign(side) * r(0.045) * br * (1 + 0.2 * flare)
            axes = _frame(
                sk.pelvis_up,
                r(0.06 * (1 + 0.12 * b)),
                r(0.045 * (1 + 0.45 * b)) * g,
                r(0.052 * (1 + 0.2 * b + 0.2 * flare)) * g,
            )
            prims.append(ellipsoid(c, axes, PANTS))
    if shape.belly:
        be = shape.belly
        c = j["sacrum"] + (j["t12"] - j["sacrum"]) * 0.45 + lf * r(0.065)
        prims.append(
            ellipsoid(
                c,
                _frame(sk.lumbar_up, r(0.07 + 0.012 * be), r(0.03 + 0.045 * be) * g, r(0.085) * g * br),
                SHIRT,
            )
        )
    if shape.chest:
        c = shape.chest
        mid = j["t12"] + sk.thorax_up * r(0.1)
        prims.append(
            ellipsoid(
                mid + tf * r(0.055),
                _frame(sk.thorax_up, r(0.06), r(0.055 + 0.012 * c) * g, r(0.095) * g * br),
                SHIRT,
            )
        )
        prims.append(
            ellipsoid(
                mid - tf * r(0.005),
                _frame(sk.thorax_up, r(0.065), r(0.03 + 0.008 * c) * g, r(0.095 + 0.01 * c) * g * br),
                SHIRT,
            )
        )
    if shape.breasts:
        b = shape.breasts
        lying = max(float(tf @ -DOWN), 0.0)  # facing up: the breasts flatten and spread
        for side in (Side.LEFT, Side.RIGHT):
            c = (
                j["t12"]
                + sk.thorax_up * r(0.075 - 0.008 * b * (1 - lying))
                + tf * r(0.09 * g)
                + Z * side_sign(side) * r(0.042 + 0.01 * lying) * br
            )
            axes = _frame(
                sk.thorax_up,
                r(0.035 + 0.012 * b),
                r((0.015 + 0.025 * b) * (1 - 0.35 * lying)),
                r(0.035 + 0.01 * b + 0.008 * lying),
            )
            prims.append(ellipsoid(c, axes, SHIRT))
    return prims


def clothing_shell(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    """Loose tops drape straight from the shoulder blades to the hips, bridging the lumbar dip (a
    hoodie also adds its hood over the upper back); loose shorts round the seat."""
    j, g, br, r = sk.joints, shape.girth, shape.breadth, shape.m
    hip = j["hip_center"]
    pf, tf = Skeleton.anterior(sk.pelvis_up), Skeleton.anterior(sk.thorax_up)
    prims: list[Primitive] = []
    soft = 1 + 0.08 * shape.belly + 0.05 * shape.breasts  # the belly and chest push the fabric out
    if outfit.top_style in ("loose", "hoodie"):
        hoodie = outfit.top_style == "hoodie"
        low = hip + sk.pelvis_up * r(0.035 if hoodie else 0.06) + pf * r(0.005)
        high = j["t12"] + sk.thorax_up * r(0.12) + tf * r(0.03)
        radius = r(0.082 if hoodie else 0.074) * g * soft
        prims.append(round_cone(low, high, radius, radius * 0.94, SHIRT, lateral=Z, width_scale=1.45 * br))
        if hoodie:
            hood = j["neck_base"] - tf * r(0.045) - sk.thorax_up * r(0.01)
            prims.append(ellipsoid(hood, _frame(sk.thorax_up, r(0.045), r(0.035), r(0.075)), SHIRT))
    if outfit.bottom_style == "loose_shorts":
        seat = hip + sk.pelvis_up * r(0.01) - pf * r(0.02)
        back = 0.07 * (1 + 0.3 * shape.buttocks)
        prims.append(
            ellipsoid(
                seat,
                _frame(sk.pelvis_up, r(0.075), r(back) * g, r(0.1 * (1 + 0.2 * shape.hip_flare)) * g * br),
                PANTS,
            )
        )
    return prims


def loose_leg(
    hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, shape: BodyShape, outfit: Outfit
) -> list[Primitive]:
    """Loose shorts to mid-thigh, or loose trousers to the ankle, over one leg."""
    g, r = shape.girth * shape.limb_girth, shape.m
    if outfit.bottom_style == "loose_shorts":
        end = hip + (knee - hip) * 0.5
        return [round_cone(hip - (knee - hip) * 0.05, end, r(0.064) * g, r(0.06) * g, PANTS)]
    if outfit.bottom_style == "trousers":
        return [
            round_cone(hip, knee, r(0.06) * g, r(0.043) * g, PANTS),
            round_cone(knee, ankle - (ankle - knee) * 0.03, r(0.043) * g, r(0.04) * g, PANTS),
        ]
    return []


def hair_primitives(sk: Skeleton, shape: BodyShape, outfit: Outfit) -> list[Primitive]:
    """A ponytail, a bun or long hair on top of the short-hair cap; long hair falls with gravity."""
    j = sk.joints
    rad = shape.m(shape.head_radius)
    up, front = sk.head_up, Skeleton.anterior(sk.head_up)
    c = j["head_center"]
    if outfit.hair_style == "ponytail":
        base = c - front * rad * 0.95 + up * rad * 0.25
        tail = base + _unit(-front * 0.6 - up * 0.5 + DOWN * 0.9) * rad * 1.7
        return [round_cone(base, tail, rad * 0.22, rad * 0.12, HAIR)]
    if outfit.hair_style == "bun":
        return [ellipsoid(c - front * rad * 0.85 + up * rad * 0.55, np.eye(3) * rad * 0.36, HAIR)]
    if outfit.hair_style == "long":
        top = c - front * rad * 0.5 + up * rad * 0.3
        end = c + _unit(-up * 1.0 - front * 0.35 + DOWN * 0.8) * rad * 2.1
        return [round_cone(top, end, rad * 0.78, rad * 0.4, HAIR, lateral=Z, width_scale=1.25)]
    return []
