"""What the studio's figure wears: colours, the cut of its clothes, and its hair."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outfit:
    skin: tuple[float, float, float] = (0.86, 0.64, 0.52)
    hair: tuple[float, float, float] = (0.18, 0.12, 0.08)
    shirt: tuple[float, float, float] = (0.2, 0.35, 0.7)
    pants: tuple[float, float, float] = (0.15, 0.15, 0.17)
    shoes: tuple[float, float, float] = (0.92, 0.92, 0.92)
    long_pants: bool = True
    long_sleeves: bool = False
    # Cut and hair (the defaults are the studio's original fitted clothes and short hair):
    top_style: str = "fitted"  # fitted | loose (a loose tee) | hoodie (hides the back's curve)
    bottom_style: str = "fitted"  # fitted (leggings or tight shorts) | loose_shorts | trousers
    hair_style: str = "short"  # short | ponytail | bun | long
