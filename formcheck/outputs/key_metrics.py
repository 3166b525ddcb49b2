"""The handful of numbers a person tracks from one analysed clip, read from a ``Report``.

The HTML report, the batch summary and the history all show the same figures, so they are computed
once, here. The exercise analyzers may already put a figure in ``report.summary`` under one of the
keys below; the summary wins (it knows phases and sides), and the per-frame curves are the fallback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from formcheck.exercises.registry import spec_for
from formcheck.types import FrameRecord, Report, Side

# Keys the exercise analyzers may use in ``report.summary`` for the same figures.
PEAK_HIP_KEYS = ("peak_hip_extension_deg", "hip_extension_peak_deg", "max_hip_extension_deg")
MAX_ARCH_KEYS = ("max_lumbar_arch_deg", "max_arch_deg", "lumbar_arch_max_deg", "peak_lumbar_arch_deg")
HOLD_KEYS = ("hold_s", "hold_times_s", "holds_s", "hold_durations_s")
VERDICT_KEYS = ("verdict", "verdict_text")


@dataclass(frozen=True, slots=True)
class KeyMetrics:
    """One clip's figures; ``None`` = not measured in this clip."""

    peak_hip_extension_deg: float | None
    peak_hip_extension_t_s: float | None
    max_lumbar_arch_deg: float | None
    max_lumbar_arch_t_s: float | None
    lowest_thigh_to_horizontal_deg: float | None  # most negative = thigh furthest below horizontal
    # A clinical test's angle and result (the exercise spec's ``reporting.test``), else None.
    test_angle_deg: float | None  # e.g. the Thomas test's thigh to horizontal, + = floats above
    test_result: str | None
    hold_times_s: tuple[float, ...]
    verdict: str | None
    mistake_codes: tuple[str, ...]


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


_MISSING = object()


def _lookup(sources: Sequence[dict], keys: Iterable[str]) -> object:
    """The first of ``keys`` present in the first source that has one (None counts: "not measured")."""
    for source in sources:
        for key in keys:
            if key in source:
                return source[key]
    return _MISSING


def _number(sources: Sequence[dict], keys: Iterable[str], fallback: float | None = None) -> float | None:
    value = _lookup(sources, keys)
    return fallback if value is _MISSING else _finite(value)


def _text(sources: Sequence[dict], keys: Iterable[str]) -> str | None:
    value = _lookup(sources, keys)
    if isinstance(value, Enum):
        value = value.value
    return value if isinstance(value, str) and value else None


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


def _hold_times(sources: Sequence[dict]) -> tuple[float, ...]:
    value = _lookup(sources, HOLD_KEYS)
    if not isinstance(value, (list, tuple)):
        return ()
    holds = (_finite(item.get("duration_s") if isinstance(item, dict) else item) for item in value)
    return tuple(h for h in holds if h is not None)


# The phase analyzers give frames where the person is not (yet) in the exercise position.
SETUP_PHASE = "setup"


def in_position_frames(report: Report) -> list[FrameRecord]:
    """Frames in the exercise position (any phase but set-up); all frames without an exercise or
    when no frame has a phase, so an angles-only report still has its extremes."""
    if report.exercise is None:
        return report.frames
    placed = [f for f in report.frames if f.phase is not None and f.phase != SETUP_PHASE]
    return placed or report.frames


def per_side_summary(report: Report, side: Side | None) -> dict:
    """``summary["per_side"][side]`` when the analyzer gave one, else {}."""
    per_side = (report.summary or {}).get("per_side")
    if side is None or not isinstance(per_side, dict):
        return {}
    entry = per_side.get(side.value)
    return entry if isinstance(entry, dict) else {}


def measured_sides(report: Report) -> list[Side]:
    """The sides the clip measured: those in ``summary["per_side"]``, else the working side."""
    per_side = (report.summary or {}).get("per_side")
    sides = [s for s in Side if isinstance(per_side, dict) and isinstance(per_side.get(s.value), dict)]
    if not sides and report.side is not None:
        sides = [report.side]
    return sides


def _mistake_codes(report: Report, side: Side | None, is_working: bool) -> tuple[str, ...]:
    """A side's mistakes: those tagged with it or with no side; the working side also takes those
    tagged with a side the clip did not measure (a hugged leg that spoils the test of the other
    one)."""
    other_measured = {s for s in measured_sides(report) if s != side}
    codes = {
        m.code.value
        for m in report.mistakes
        if m.side is None or m.side == side or (is_working and m.side not in other_measured)
    }
    return tuple(sorted(codes))


def key_metrics(report: Report, side: Side | None = None) -> KeyMetrics:
    """The figures of ``report`` for ``side`` (default: the working side).

    The side's own summary entry comes first, then the clip-wide summary (only for the working
    side: it mixes sides otherwise); the per-frame curves, which carry the working side, are the
    fallback when the summary does not have the figure at all.
    """
    side = side or report.side
    is_working = side == report.side
    own = per_side_summary(report, side)
    sources = [own, report.summary or {}] if is_working else [own]
    frames = in_position_frames(report) if is_working else []
    peak_hip = extreme_frame(frames, lambda f: f.hip_extension_deg)
    worst_arch = extreme_frame(frames, lambda f: f.lumbar_arch_deg)
    lowest_thigh = extreme_frame(frames, lambda f: f.thigh_to_horizontal_deg, largest=False)
    test = spec_for(report.exercise).reporting.test if report.exercise is not None else None
    return KeyMetrics(
        peak_hip_extension_deg=_number(sources, PEAK_HIP_KEYS, peak_hip[0] if peak_hip else None),
        peak_hip_extension_t_s=peak_hip[1] if peak_hip else None,
        max_lumbar_arch_deg=_number(sources, MAX_ARCH_KEYS, worst_arch[0] if worst_arch else None),
        max_lumbar_arch_t_s=worst_arch[1] if worst_arch else None,
        lowest_thigh_to_horizontal_deg=lowest_thigh[0] if lowest_thigh else None,
        test_angle_deg=_number([own] if own else sources, test.angle_keys) if test else None,
        test_result=_text(sources, test.result_keys) if test else None,
        hold_times_s=_hold_times(sources),
        verdict=_text([report.summary or {}], VERDICT_KEYS),
        mistake_codes=_mistake_codes(report, side, is_working),
    )
