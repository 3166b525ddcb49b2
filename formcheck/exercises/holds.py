"""What every exercise timed in holds shares: closing the last hold, booking holds to legs, and the
set's mistakes.

A hold exercise (the split-squat isometric, the kneeling stretch) times holds with a
``HoldDetector``, books each to the leg that held it (``hold_sides``), judges range on true hip
extension (``range``) and runs one mistake tracker per rule. When the clip or the session ends, a
hold still running is closed as cut by the recording (never a short hold), every tracker's open flag
is closed, and the summary is the position statistics, the exercise's own hold figures, the hold
times per leg, the range reading and the verdict.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter

from formcheck.exercises.base import ExerciseAnalyzer, MistakeTracker
from formcheck.exercises.range_reading import RangeReading
from formcheck.exercises.signals import Change, HoldDetector
from formcheck.exercises.stats import PositionStats
from formcheck.types import Mistake, Side


class HoldAnalyzer(ExerciseAnalyzer):
    """An ``ExerciseAnalyzer`` whose set is holds; subclasses set ``holds``, ``hold_sides``,
    ``short_holds``, ``stats`` and ``range``."""

    holds: HoldDetector
    hold_sides: list[Side | None]
    short_holds: list[Mistake]
    stats: PositionStats
    range: RangeReading

    @property
    @abstractmethod
    def trackers(self) -> tuple[MistakeTracker, ...]:
        """Every mistake tracker of the exercise, the back's first."""

    @abstractmethod
    def _on_hold(self, t: float, change: Change | None, *, recording_ended: bool = False) -> None: ...

    @abstractmethod
    def _hold_summary(self) -> dict: ...

    @abstractmethod
    def _verdict(self, summary: dict) -> str: ...

    def _close(self) -> dict:
        t = self.last_t
        self._on_hold(t, self.holds.finish(), recording_ended=True)
        for tracker in self.trackers:
            self.emit_all(tracker.finish(t))
        summary = self.stats.overall()
        summary.update(self._hold_summary())
        per_side = {side.value: self.stats.side_summary(side) for side in self.stats.sides}
        for side_name, entry in per_side.items():
            entry["hold_s"] = summary["holds_by_side"].get(side_name, [])
        summary["per_side"] = per_side
        summary["range"] = self.range.summary()
        summary["verdict"] = self._verdict(summary)
        return summary

    def booked_sides(self) -> Counter[Side]:
        """Hold seconds per leg: the leg each hold was booked to (``holds_by_side``)."""
        booked: Counter[Side] = Counter()
        for hold, side in zip(self.holds.holds, self.hold_sides, strict=False):
            if side is not None:
                booked[side] += hold.hold_s
        return booked

    def mistakes(self) -> list[Mistake]:
        return [m for tracker in self.trackers for m in tracker.mistakes] + self.short_holds
