"""Furniture beyond each exercise's original prop: beds, tables, gym benches, boxes, chairs, couches.

Every builder returns axis-aligned boxes (``raster.box``) whose top surface sits where the scenario
needs it; the material is the scenario's first prop material (``PROP_BASE``), a second one
(``PROP_BASE + 1``) is the light cushion/sheet colour.
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.raster import Primitive, box
from formcheck.synth.slots import PROP_BASE

LEG_HALF_M = 0.025


def _legs(x0: float, x1: float, z0: float, z1: float, top_y: float) -> list[Primitive]:
    """Four square legs from the floor to ``top_y`` at the corners of a rectangle."""
    half_h = top_y / 2
    return [
        box(np.array([x, half_h, z]), np.array([LEG_HALF_M, half_h, LEG_HALF_M]), PROP_BASE)
        for x in (x0 + LEG_HALF_M, x1 - LEG_HALF_M)
        for z in (z0 + LEG_HALF_M, z1 - LEG_HALF_M)
    ]


def slab_on_legs(
    x_mid: float, z_mid: float, half_x: float, half_z: float, top_y: float, thick: float
) -> list[Primitive]:
    """A table or gym bench: a top ``thick`` metres deep on four legs."""
    top = box(np.array([x_mid, top_y - thick / 2, z_mid]), np.array([half_x, thick / 2, half_z]), PROP_BASE)
    return [top] + _legs(x_mid - half_x, x_mid + half_x, z_mid - half_z, z_mid + half_z, top_y - thick)


def bed(
    x_mid: float, z_mid: float, half_x: float, half_z: float, top_y: float, head_x: float
) -> list[Primitive]:
    """A mattress on a base, with a headboard at ``head_x`` (the end the head lies at)."""
    mattress = box(np.array([x_mid, top_y - 0.09, z_mid]), np.array([half_x, 0.09, half_z]), PROP_BASE + 1)
    base = box(
        np.array([x_mid, (top_y - 0.18) / 2, z_mid]),
        np.array([half_x, (top_y - 0.18) / 2, half_z]),
        PROP_BASE,
    )
    side = 1.0 if head_x > x_mid else -1.0
    board = box(
        np.array([head_x + side * 0.03, top_y / 2 + 0.25, z_mid]),
        np.array([0.03, top_y / 2 + 0.25, half_z]),
        PROP_BASE,
    )
    return [mattress, base, board]


def foot_rest(style: str, x_mid: float, z_mid: float, top_y: float, back_x_sign: float) -> list[Primitive]:
    """What the split squat's rear foot rests on, its top at ``top_y``; ``back_x_sign`` points away
    from the person (where a chair's or couch's back goes)."""
    if style == "box":
        return [
            box(
                np.array([x_mid + back_x_sign * 0.05, top_y / 2, z_mid]),
                np.array([0.25, top_y / 2, 0.3]),
                PROP_BASE,
            )
        ]
    if style == "chair":
        seat = slab_on_legs(x_mid, z_mid, 0.21, 0.21, top_y, 0.04)
        back_x = x_mid + back_x_sign * 0.2
        backrest = box(np.array([back_x, top_y + 0.24, z_mid]), np.array([0.02, 0.24, 0.2]), PROP_BASE)
        return seat + [backrest]
    if style == "couch":
        seat = box(
            np.array([x_mid + back_x_sign * 0.12, top_y / 2, z_mid]),
            np.array([0.36, top_y / 2, 0.6]),
            PROP_BASE,
        )
        back_x = x_mid + back_x_sign * 0.52
        back = box(np.array([back_x, top_y + 0.2, z_mid]), np.array([0.1, 0.2 + top_y / 2, 0.6]), PROP_BASE)
        return [seat, back]
    raise ValueError(f"unknown foot rest {style!r}")
