"""Horizontal gauges for hip extension and lumbar arch, coloured by the profile's targets."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import cv2
import numpy as np

from formcheck.feedback import style

BAR_COLOUR = (70, 70, 70)  # the bar's background (opaque)
BAND_ALPHA = 0.45  # how strongly the target band tints the bar


class GaugeState(str, Enum):
    GOOD = "good"  # inside the target band
    BAD = "bad"  # a mistake on this quantity is active
    OFF_TARGET = "off_target"  # measured, outside the band, but no mistake (yet)
    UNKNOWN = "unknown"  # not measurable in this frame


STATE_COLOURS = {
    GaugeState.GOOD: style.GOOD,
    GaugeState.BAD: style.BAD,
    GaugeState.OFF_TARGET: style.WARN,
    GaugeState.UNKNOWN: style.NEUTRAL,
}


@dataclass(frozen=True, slots=True)
class Gauge:
    """One angle shown against its target band. ``target_*_deg`` None = open-ended on that side."""

    label: str
    value_deg: float | None
    min_deg: float
    max_deg: float
    target_min_deg: float | None = None
    target_max_deg: float | None = None
    mistake: bool = False
    # When the exercise judges range on another quantity (e.g. the thigh below the couch line),
    # the caller says whether that rule's target is met; None = judge by the band above.
    in_target: bool | None = None

    @property
    def state(self) -> GaugeState:
        if self.value_deg is None:
            return GaugeState.UNKNOWN
        if self.mistake:
            return GaugeState.BAD
        if self.in_target is not None:
            return GaugeState.GOOD if self.in_target else GaugeState.OFF_TARGET
        low_ok = self.target_min_deg is None or self.value_deg >= self.target_min_deg
        high_ok = self.target_max_deg is None or self.value_deg <= self.target_max_deg
        return GaugeState.GOOD if low_ok and high_ok else GaugeState.OFF_TARGET

    def position(self, value_deg: float) -> float:
        """0..1 along the bar, clamped."""
        span = self.max_deg - self.min_deg
        # Plain min/max: np.clip on a scalar costs ~5 us, and this runs several times per frame.
        return min(max(float((value_deg - self.min_deg) / span), 0.0), 1.0) if span > 0 else 0.0


def gauge_height_px(scale: style.Scale) -> int:
    """Height one gauge row takes (label line + bar + gap)."""
    return scale.px(44)


def draw_gauge(
    image: np.ndarray, gauge: Gauge, left: int, top: int, width_px: int, scale: style.Scale
) -> None:
    """Label and value on one line, the bar below: target band green, fill in the state's colour."""
    font_scale, thickness = scale.font(0.55), scale.thickness(1)
    colour = STATE_COLOURS[gauge.state]
    _, text_h, _ = style.text_size("Hg", font_scale, thickness)
    baseline_y = top + text_h
    style.put_text(image, gauge.label, (left, baseline_y), font_scale, style.WHITE, thickness)
    value_text = "--" if gauge.value_deg is None else f"{gauge.value_deg:+.0f} deg"
    value_w, _, _ = style.text_size(value_text, font_scale, thickness)
    style.put_text(image, value_text, (left + width_px - value_w, baseline_y), font_scale, colour, thickness)

    bar_top = baseline_y + scale.px(6)
    bar_h = scale.px(14)
    bar_bottom = bar_top + bar_h
    right = left + width_px
    cv2.rectangle(image, (left, bar_top), (right, bar_bottom), BAR_COLOUR, -1)
    _draw_target_band(image, gauge, left, width_px, bar_top, bar_bottom)
    if gauge.value_deg is not None:
        zero_x = left + int(gauge.position(0.0) * width_px)
        value_x = left + int(gauge.position(gauge.value_deg) * width_px)
        inset = max(1, bar_h // 5)
        cv2.rectangle(
            image,
            (min(zero_x, value_x), bar_top + inset),
            (max(zero_x, value_x), bar_bottom - inset),
            colour,
            -1,
        )
        cv2.line(
            image,
            (value_x, bar_top - scale.px(3)),
            (value_x, bar_bottom + scale.px(3)),
            style.WHITE,
            scale.thickness(2),
        )
    zero_x = left + int(gauge.position(0.0) * width_px)
    cv2.line(image, (zero_x, bar_top), (zero_x, bar_bottom), style.BLACK, 1)
    cv2.rectangle(image, (left, bar_top), (right, bar_bottom), style.WHITE, 1)


def _draw_target_band(
    image: np.ndarray, gauge: Gauge, left: int, width_px: int, top: int, bottom: int
) -> None:
    low = gauge.min_deg if gauge.target_min_deg is None else gauge.target_min_deg
    high = gauge.max_deg if gauge.target_max_deg is None else gauge.target_max_deg
    if gauge.target_min_deg is None and gauge.target_max_deg is None:
        return
    x0 = left + int(gauge.position(low) * width_px)
    x1 = left + int(gauge.position(high) * width_px)
    if x1 > x0:
        # The band lies on the opaque bar, so blending it in gives one known colour: fill it.
        style.fill_rect(image, (x0, top), (x1, bottom), _shaded_colour(BAR_COLOUR, style.GOOD, BAND_ALPHA))


@lru_cache(maxsize=32)
def _shaded_colour(
    base: tuple[int, int, int], colour: tuple[int, int, int], alpha: float
) -> tuple[int, int, int]:
    """What ``style.shade_rect`` turns a pixel of ``base`` into (the same OpenCV arithmetic)."""
    pixel = np.full((1, 1, 3), base, np.uint8)
    style.shade_rect(pixel, (0, 0), (1, 1), colour, alpha)
    return tuple(int(c) for c in pixel[0, 0])
