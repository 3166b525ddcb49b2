"""The handful of numbers a person tracks from one analysed clip, read from a ``Report``.

The HTML report, the batch summary and the history all show the same figures, so they are computed
once, here. The exercise analyzers may already put a figure in ``report.summary`` under one of the
keys below; the summary wins (it knows phases and sides), and the per-frame curves are the fallback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from formcheck.types import Exercise, FrameRecord, Report

# Keys the exercise analyzers may use in ``report.summary`` for the same figures.
PEAK_HIP_KEYS = ("peak_hip_extension_deg", "hip_extension_peak_deg", "max_hip_extension_deg")
MAX_ARCH_KEYS = ("max_lumbar_arch_deg", "max_arch_deg", "lumbar_arch_max_deg", "peak_lumbar_arch_deg")
THOMAS_ANGLE_KEYS = (
    "thomas_angle_deg",
    "test_thigh_to_horizontal_deg",
    "thigh_to_horizontal_deg",
    "thomas_thigh_to_horizontal_deg",
)
THOMAS_RESULT_KEYS = ("thomas_result", "result")
HOLD_KEYS = ("hold_times_s", "holds_s", "hold_durations_s", "holds")
VERDICT_KEYS = ("verdict", "verdict_text")


@dataclass(frozen=True, slots=True)
class KeyMetrics:
    """One clip's figures; ``None`` = not measured in this clip."""

    peak_hip_extension_deg: float | None
    peak_hip_extension_t_s: float | None
    max_lumbar_arch_deg: float | None
    max_lumbar_arch_t_s: float | None
    lowest_thigh_to_horizontal_deg: float | None  # most negative = thigh furthest below the couch line
    thomas_angle_deg: float | None  # test thigh to horizontal, + = floats above horizontal
    thomas_result: str | None
    hold_times_s: tuple[float, ...]
    verdict: str | None
    mistake_codes: tuple[str, ...]


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _first_number(summary: dict, keys: Iterable[str]) -> float | None:
    for key in keys:
        number = _finite(summary.get(key))
        if number is not None:
            return number
    return None


def _first_text(summary: dict, keys: Iterable[str]) -> str | None:
    for key in keys:
        value = summary.get(key)
        if isinstance(value, str) and value:
            return value
        if hasattr(value, "value") and isinstance(value.value, str):  # an Enum member
            return value.value
    return None


def extreme_frame(
    frames: list[FrameRecord], value_of: Callable[[FrameRecord], float | None], *, largest: bool = True
) -> tuple[float, float] | None:
    """(value, t) of the frame with the largest (or smallest) measurable value, or None."""
    best: tuple[float, float] | None = None
    for frame in frames:
        value = _finite(value_of(frame))
        if value is None:
            continue
        if best is None or (value > best[0] if largest else value < best[0]):
            best = (value, frame.t)
    return best


def _hold_times(summary: dict) -> tuple[float, ...]:
    for key in HOLD_KEYS:
        value = summary.get(key)
        if isinstance(value, (list, tuple)):
            holds = []
            for item in value:
                number = _finite(item.get("duration_s") if isinstance(item, dict) else item)
                if number is not None:
                    holds.append(number)
            return tuple(holds)
    return ()


def key_metrics(report: Report) -> KeyMetrics:
    """The figures of ``report`` (summary values first, per-frame curves as the fallback)."""
    summary = report.summary or {}
    peak_hip = extreme_frame(report.frames, lambda f: f.hip_extension_deg)
    worst_arch = extreme_frame(report.frames, lambda f: f.lumbar_arch_deg)
    lowest_thigh = extreme_frame(report.frames, lambda f: f.thigh_to_horizontal_deg, largest=False)
    peak_hip_deg = _first_number(summary, PEAK_HIP_KEYS)
    max_arch_deg = _first_number(summary, MAX_ARCH_KEYS)
    is_thomas = report.exercise is Exercise.THOMAS_TEST
    return KeyMetrics(
        peak_hip_extension_deg=peak_hip_deg if peak_hip_deg is not None else (peak_hip and peak_hip[0]),
        peak_hip_extension_t_s=peak_hip[1] if peak_hip else None,
        max_lumbar_arch_deg=max_arch_deg if max_arch_deg is not None else (worst_arch and worst_arch[0]),
        max_lumbar_arch_t_s=worst_arch[1] if worst_arch else None,
        lowest_thigh_to_horizontal_deg=lowest_thigh[0] if lowest_thigh else None,
        thomas_angle_deg=_first_number(summary, THOMAS_ANGLE_KEYS) if is_thomas else None,
        thomas_result=_first_text(summary, THOMAS_RESULT_KEYS) if is_thomas else None,
        hold_times_s=_hold_times(summary),
        verdict=_first_text(summary, VERDICT_KEYS),
        mistake_codes=tuple(sorted({m.code.value for m in report.mistakes})),
    )
