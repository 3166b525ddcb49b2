"""Colours, sizes and text drawing shared by every overlay element.

Everything is sized from the frame's shorter side so the same overlay reads on a 640x360 laptop
camera and on a 1080x1920 phone video. OpenCV's Hershey fonts only draw ASCII, so typographic
dashes from the seed's cues ("Ribs down — tuck your tailbone", "20–30 s") are mapped to ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

# BGR colours.
GOOD = (80, 200, 60)
BAD = (40, 40, 230)
WARN = (0, 190, 255)
NEUTRAL = (185, 185, 185)
WORKING_SIDE = (0, 160, 255)
OTHER_SIDE = (200, 200, 200)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
PANEL = (30, 30, 30)
CUE_BOX = (25, 25, 170)
GUIDE_BOX = (120, 60, 0)

FONT = cv2.FONT_HERSHEY_DUPLEX
# The reference shorter side: at 480 px, scale = 1.
REFERENCE_SIDE_PX = 480.0

_ASCII_MAP = str.maketrans(
    {"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "°": " deg", "…": "..."}
)


@dataclass(frozen=True, slots=True)
class Scale:
    """Pixel sizes for one frame size."""

    factor: float
    width_px: int
    height_px: int

    @classmethod
    def for_image(cls, image: np.ndarray) -> Scale:
        height, width = image.shape[:2]
        return cls(max(0.5, min(width, height) / REFERENCE_SIDE_PX), int(width), int(height))

    def px(self, base_px: float) -> int:
        return max(1, round(base_px * self.factor))

    def font(self, base: float) -> float:
        return base * self.factor

    def thickness(self, base: float) -> int:
        return max(1, round(base * self.factor))


def to_ascii(text: str) -> str:
    """Text OpenCV can draw: seed dashes and quotes become ASCII, anything else left becomes '?'."""
    mapped = text.translate(_ASCII_MAP)
    return mapped.encode("ascii", "replace").decode("ascii")


@lru_cache(maxsize=1024)
def text_size(text: str, font_scale: float, thickness: int) -> tuple[int, int, int]:
    """(width, height above baseline, baseline) in pixels."""
    (width, height), baseline = cv2.getTextSize(to_ascii(text), FONT, font_scale, thickness)
    return width, height, baseline


def wrap_to_width(text: str, font_scale: float, thickness: int, max_width_px: int) -> list[str]:
    """Greedy word wrap so each line fits ``max_width_px`` (a single over-long word stays whole)."""
    lines: list[str] = []
    current = ""
    for word in to_ascii(text).split():
        candidate = f"{current} {word}".strip()
        if current and text_size(candidate, font_scale, thickness)[0] > max_width_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


@lru_cache(maxsize=512)
def fit_lines(
    text: str, font_scale: float, thickness: int, max_width_px: int, max_lines: int = 2
) -> tuple[tuple[str, ...], float]:
    """Wrap ``text`` into at most ``max_lines`` lines, shrinking the font until every line fits."""
    scale = font_scale
    while True:
        lines = wrap_to_width(text, scale, thickness, max_width_px)
        widest = max((text_size(line, scale, thickness)[0] for line in lines), default=0)
        if (len(lines) <= max_lines and widest <= max_width_px) or scale <= 0.3:
            return tuple(lines), scale
        scale *= 0.9


def shade_rect(
    image: np.ndarray, top_left: tuple[int, int], bottom_right: tuple[int, int], colour, alpha: float
) -> None:
    """Blend a filled rectangle into ``image`` in place (clipped to the image)."""
    height, width = image.shape[:2]
    x0, y0 = max(0, top_left[0]), max(0, top_left[1])
    x1, y1 = min(width, bottom_right[0]), min(height, bottom_right[1])
    if x1 <= x0 or y1 <= y0:
        return
    roi = image[y0:y1, x0:x1]
    # Two in-place OpenCV passes (scale, then add the tinted colour): no temporary image per call.
    cv2.addWeighted(roi, 1.0 - alpha, roi, 0.0, 0.0, dst=roi)
    cv2.add(roi, (colour[0] * alpha, colour[1] * alpha, colour[2] * alpha, 0.0), dst=roi)


def fill_rect(image: np.ndarray, top_left: tuple[int, int], bottom_right: tuple[int, int], colour) -> None:
    """An opaque rectangle over exactly the pixels ``shade_rect`` would blend (clipped the same way)."""
    height, width = image.shape[:2]
    x0, y0 = max(0, top_left[0]), max(0, top_left[1])
    x1, y1 = min(width, bottom_right[0]), min(height, bottom_right[1])
    if x1 > x0 and y1 > y0:
        image[y0:y1, x0:x1] = colour


@dataclass(frozen=True, slots=True)
class TextSprite:
    """A rendered piece of text: ``out = roi * keep / 255 + add`` blends it onto any background."""

    keep: np.ndarray  # (h, w, 3) uint8: how much of the background survives, 0..255
    add: np.ndarray  # (h, w, 3) uint8: the text's colour times its coverage
    baseline_offset: tuple[int, int]  # (x, y) of the text origin inside the sprite


@lru_cache(maxsize=512)
def text_sprite(
    text: str, font_scale: float, colour: tuple[int, int, int], thickness: int, outline: bool
) -> TextSprite:
    """Rendering anti-aliased text costs ~0.35 ms; most overlay texts repeat, so render once."""
    border = thickness + 2 if outline else thickness
    (width, height), baseline = cv2.getTextSize(text, FONT, font_scale, border)
    pad = border + 1
    size = (height + baseline + 2 * pad, width + 2 * pad)
    origin = (pad, pad + height)
    fill = np.zeros(size, np.uint8)
    cv2.putText(fill, text, origin, FONT, font_scale, 255, thickness, cv2.LINE_AA)
    fill_alpha = fill.astype(np.float32)[..., None] / 255.0
    keep = 1.0 - fill_alpha
    if outline:
        edge = np.zeros(size, np.uint8)
        cv2.putText(edge, text, origin, FONT, font_scale, 255, thickness + 2, cv2.LINE_AA)
        keep = keep * (1.0 - edge.astype(np.float32)[..., None] / 255.0)
    add = fill_alpha * np.asarray(colour, np.float32)[None, None, :]
    keep_u8 = np.repeat(np.round(keep * 255.0), 3, axis=2).astype(np.uint8)
    return TextSprite(keep_u8, np.round(add).astype(np.uint8), origin)


@lru_cache(maxsize=1024)
def _sprite_for(text: str, font_scale: float, colour: tuple, thickness: int, outline: bool) -> TextSprite:
    """``text_sprite`` keyed by the caller's own arguments: the ASCII mapping, rounding and colour
    conversion run once per distinct text instead of on every frame."""
    return text_sprite(
        to_ascii(text), round(font_scale, 3), tuple(int(c) for c in colour), thickness, outline
    )


def _sprite(text: str, font_scale: float, colour, thickness: int, outline: bool) -> TextSprite:
    try:
        return _sprite_for(text, font_scale, colour, thickness, outline)
    except TypeError:  # an unhashable colour (a list or an array)
        return _sprite_for(text, font_scale, tuple(int(c) for c in colour), thickness, outline)


def _blend(image: np.ndarray, keep: np.ndarray, add: np.ndarray, left: int, top: int) -> None:
    """``image = image * keep / 255 + add`` over the sprite's box at (left, top), clipped to the image."""
    height, width = image.shape[:2]
    sprite_h, sprite_w = keep.shape[:2]
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(width, left + sprite_w), min(height, top + sprite_h)
    if x1 <= x0 or y1 <= y0:
        return
    sx, sy = x0 - left, y0 - top
    keep = keep[sy : sy + y1 - y0, sx : sx + x1 - x0]
    add = add[sy : sy + y1 - y0, sx : sx + x1 - x0]
    roi = image[y0:y1, x0:x1]
    # uint8 OpenCV arithmetic in place: ~10x cheaper than float numpy on every frame.
    cv2.multiply(roi, keep, dst=roi, scale=1.0 / 255.0)
    cv2.add(roi, add, dst=roi)


def put_text(
    image: np.ndarray,
    text: str,
    origin: tuple[int, int],
    font_scale: float,
    colour,
    thickness: int,
    outline: bool = True,
) -> None:
    """Text with a dark outline so it reads on any background. ``origin`` is the baseline start."""
    sprite = _sprite(text, font_scale, colour, thickness, outline)
    offset_x, offset_y = sprite.baseline_offset
    _blend(image, sprite.keep, sprite.add, origin[0] - offset_x, origin[1] - offset_y)


@dataclass(frozen=True, slots=True)
class TextItem:
    """One ``put_text`` call, as data (hashable, so a block of them can be cached)."""

    text: str
    origin: tuple[int, int]
    font_scale: float
    colour: tuple[int, int, int]
    thickness: int
    outline: bool = True


@dataclass(frozen=True, slots=True)
class _TextBlock:
    keep: np.ndarray
    add: np.ndarray
    left: int
    top: int


@lru_cache(maxsize=64)
def _text_block(items: tuple[TextItem, ...]) -> _TextBlock | None:
    """The items' sprites merged into one (None when two texts' inked pixels overlap).

    Pixels a sprite leaves untouched have keep = 255 and add = 0, which blend to exactly the
    background, so texts whose inked pixels do not overlap give the same result in one pass
    as one after the other.
    """
    placed = []
    for item in items:
        sprite = _sprite(item.text, item.font_scale, item.colour, item.thickness, item.outline)
        placed.append(
            (sprite, item.origin[0] - sprite.baseline_offset[0], item.origin[1] - sprite.baseline_offset[1])
        )
    left = min(x for _, x, _ in placed)
    top = min(y for _, _, y in placed)
    right = max(x + sprite.keep.shape[1] for sprite, x, _ in placed)
    bottom = max(y + sprite.keep.shape[0] for sprite, _, y in placed)
    keep = np.full((bottom - top, right - left, 3), 255, np.uint8)
    add = np.zeros_like(keep)
    for sprite, x, y in placed:
        h, w = sprite.keep.shape[:2]
        region_keep = keep[y - top : y - top + h, x - left : x - left + w]
        region_add = add[y - top : y - top + h, x - left : x - left + w]
        inked = (sprite.keep != 255) | (sprite.add != 0)
        if np.any(inked & ((region_keep != 255) | (region_add != 0))):
            return None
        np.copyto(region_keep, sprite.keep, where=inked)
        np.copyto(region_add, sprite.add, where=inked)
    keep.setflags(write=False)
    add.setflags(write=False)
    return _TextBlock(keep, add, left, top)


def put_texts(image: np.ndarray, items: tuple[TextItem, ...]) -> None:
    """Several texts at once: the same pixels as ``put_text`` for each in turn, in one blend.

    For texts that stay the same from frame to frame (a panel's lines, a cue): the merged sprite
    is cached, so a panel costs one blend instead of one per line.
    """
    if not items:
        return
    try:
        block = _text_block(items)
    except TypeError:  # an unhashable colour: no caching
        block = None
    if block is None:  # overlapping texts (the order matters) or uncacheable: one by one
        for item in items:
            put_text(
                image, item.text, item.origin, item.font_scale, item.colour, item.thickness, item.outline
            )
        return
    _blend(image, block.keep, block.add, block.left, block.top)


def clamp_point(x: float, y: float, width: int, height: int, margin_px: int = 0) -> tuple[int, int]:
    return (
        int(min(max(x, margin_px), width - 1 - margin_px)),
        int(min(max(y, margin_px), height - 1 - margin_px)),
    )
