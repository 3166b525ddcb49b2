"""Streaming building blocks every exercise reuses: a hysteresis flag and a hold/rep detector.

Both take one value per frame (``None`` = not judged in this frame) and work the same live and
offline: they only ever look at the past.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import Enum

import numpy as np


class Change(str, Enum):
    ON = "on"  # a flag or hold has lasted its minimum duration: it is now real
    OFF = "off"  # a confirmed flag or hold has ended


@dataclass(frozen=True, slots=True)
class FlagInterval:
    """A stretch of time where a value stayed beyond its threshold, with the worst value reached."""

    start_s: float
    end_s: float
    peak: float
    samples: tuple[tuple[float, float], ...]  # (t, value) of the frames that held the flag

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


class HysteresisFlag:
    """Turns a noisy per-frame value into intervals that do not flicker.

    The flag opens when the value passes ``on`` and stays open while it stays beyond ``off`` (on the
    same side as ``on``, nearer the good side). Dips back over ``off`` or unmeasurable frames
    (``None``) shorter than ``max_gap_s`` are tolerated (unmeasurable stretches up to
    ``max_unmeasured_s`` when given). An open flag only counts (``Change.ON``)
    once it has lasted ``min_duration_s``; shorter ones vanish without a trace.
    ``above=True`` flags high values (arch), ``above=False`` low ones (hug too loose).
    """

    def __init__(
        self,
        *,
        on: float,
        off: float,
        min_duration_s: float,
        max_gap_s: float,
        above: bool = True,
        max_unmeasured_s: float | None = None,
    ):
        if (above and off > on) or (not above and off < on):
            raise ValueError(f"hysteresis band is inverted: on={on}, off={off}, above={above}")
        self.on, self.off = on, off
        self.min_duration_s, self.max_gap_s = min_duration_s, max_gap_s
        # Unmeasurable frames are no evidence either way: they may be bridged for longer than good ones.
        self.max_unmeasured_s = max_gap_s if max_unmeasured_s is None else max(max_gap_s, max_unmeasured_s)
        self.above = above
        self.intervals: list[FlagInterval] = []
        self._reset()

    def _reset(self) -> None:
        self._start_s: float | None = None
        self._last_active_s: float | None = None
        self._samples: list[tuple[float, float]] = []
        self._confirmed = False

    def _beyond(self, value: float, threshold: float) -> bool:
        return value >= threshold if self.above else value <= threshold

    @property
    def is_open(self) -> bool:
        """A candidate or confirmed interval is running."""
        return self._start_s is not None

    @property
    def is_on(self) -> bool:
        """A confirmed interval is running."""
        return self._confirmed

    @property
    def open_since_s(self) -> float | None:
        return self._start_s

    @property
    def samples(self) -> list[tuple[float, float]]:
        """The running interval's samples so far."""
        return self._samples

    def update(self, t: float, value: float | None) -> Change | None:
        if self._start_s is None:
            if value is not None and self._beyond(value, self.on):
                self._start_s = self._last_active_s = t
                self._samples = [(t, value)]
                return self._confirm_if_long_enough()
            return None
        if value is not None and self._beyond(value, self.off):
            self._last_active_s = t
            self._samples.append((t, value))
            return self._confirm_if_long_enough()
        assert self._last_active_s is not None
        allowed_s = self.max_unmeasured_s if value is None else self.max_gap_s
        if t - self._last_active_s > allowed_s:
            return self._close()
        return None

    def finish(self) -> Change | None:
        """Close a running interval at the end of the stream."""
        return self._close() if self._start_s is not None else None

    def _confirm_if_long_enough(self) -> Change | None:
        assert self._start_s is not None and self._last_active_s is not None
        if not self._confirmed and self._last_active_s - self._start_s >= self.min_duration_s:
            self._confirmed = True
            return Change.ON
        return None

    def _close(self) -> Change | None:
        confirmed = self._confirmed
        if confirmed:
            values = [v for _, v in self._samples]
            peak = max(values) if self.above else min(values)
            assert self._start_s is not None and self._last_active_s is not None
            self.intervals.append(
                FlagInterval(self._start_s, self._last_active_s, peak, tuple(self._samples))
            )
        self._reset()
        return Change.OFF if confirmed else None


@dataclass(frozen=True, slots=True)
class Hold:
    """A held position (a split-squat hold, a press, a lock-in rep) and how long it was really held."""

    start_s: float  # first frame within the plateau tolerance
    end_s: float  # last frame within it
    peak: float
    plateau: float  # median value over the interval
    flag_start_s: float  # when the value first passed the threshold
    flag_end_s: float

    @property
    def hold_s(self) -> float:
        return self.end_s - self.start_s


def hold_from_interval(interval: FlagInterval, tolerance: float) -> Hold:
    """The part of an interval spent on its plateau (within ``tolerance`` of its median).

    Lowering into and rising out of a hold pass the threshold before the plateau is reached, so the
    flag's own duration over-counts: the plateau span is what a stopwatch would time.
    """
    values = [v for _, v in interval.samples]
    plateau = statistics.median(values)
    on_plateau = [t for t, v in interval.samples if abs(v - plateau) <= tolerance]
    start, end = (on_plateau[0], on_plateau[-1]) if on_plateau else (interval.start_s, interval.end_s)
    return Hold(start, end, interval.peak, plateau, interval.start_s, interval.end_s)


class HoldDetector:
    """Counts holds or reps of a signal (knee flexion, knee flexion change) and times each one."""

    def __init__(self, flag: HysteresisFlag, plateau_tolerance: float):
        self.flag = flag
        self.plateau_tolerance = plateau_tolerance
        self.holds: list[Hold] = []

    @property
    def is_on(self) -> bool:
        return self.flag.is_on

    @property
    def is_open(self) -> bool:
        return self.flag.is_open

    def update(self, t: float, value: float | None) -> Change | None:
        return self._record(self.flag.update(t, value))

    def finish(self) -> Change | None:
        return self._record(self.flag.finish())

    def _record(self, change: Change | None) -> Change | None:
        if change is Change.OFF:
            self.holds.append(hold_from_interval(self.flag.intervals[-1], self.plateau_tolerance))
        return change


def detrended_std(samples: list[tuple[float, float]], degree: int = 2) -> float | None:
    """Standard deviation of values around a low-order trend: oscillation, not drift or a slow bend."""
    if len(samples) < degree + 3:
        return None
    t = np.fromiter((s[0] for s in samples), float, len(samples))
    v = np.fromiter((s[1] for s in samples), float, len(samples))
    if np.ptp(t) <= 0:
        return None
    x = (t - t.mean()) / np.ptp(t)  # centred and scaled: a well-conditioned least-squares problem
    basis = np.vander(x, degree + 1)
    coefficients = np.linalg.solve(basis.T @ basis, basis.T @ v)  # normal equations: 3x3, fast
    residual = v - basis @ coefficients
    return float(np.sqrt(np.mean(residual * residual)))


def mean_or_none(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)
