"""What every exercise counted in reps shares: closing the last rep and the set's mistakes.

A rep exercise (the bridges, the prone hip extension) counts reps with a ``HoldDetector`` over its
own rep signal, judges each rep as it ends (``_on_rep``) and the back throughout (``arch``). When the
clip or the session ends, a rep still up is closed on the leg doing it, the back's open flag is
closed, and the summary is the position statistics plus the exercise's own rep figures and verdict.
"""

from __future__ import annotations

import statistics
from abc import abstractmethod
from collections import deque

from formcheck.exercises.base import ExerciseAnalyzer
from formcheck.exercises.signals import Change, HoldDetector
from formcheck.exercises.stats import PositionStats
from formcheck.types import Mistake, Side


class RestLevel:
    """One angle's level at rest: the median of its latest ``frames`` samples taken down (however
    long ago: a rep in between does not empty it, and a single fresh sample does not rule it)."""

    def __init__(self, frames: int):
        self._values: deque[float] = deque(maxlen=max(frames, 1))

    def observe(self, value: float) -> None:
        self._values.append(value)

    @property
    def value(self) -> float | None:
        return statistics.median(self._values) if self._values else None


class RepAnalyzer(ExerciseAnalyzer):
    """An ``ExerciseAnalyzer`` whose set is reps; subclasses set ``reps``, ``arch`` and ``stats``."""

    reps: HoldDetector
    stats: PositionStats
    rep_mistakes: list[Mistake]

    @property
    @abstractmethod
    def rep_side(self) -> Side | None:
        """The leg doing the rep under way (None: not known)."""

    @abstractmethod
    def _on_rep(self, t: float, change: Change | None, side: Side | None) -> None: ...

    @abstractmethod
    def _rep_summary(self) -> dict: ...

    @abstractmethod
    def _verdict(self, summary: dict) -> str: ...

    def _close(self) -> dict:
        t = self.last_t
        self._on_rep(t, self.reps.finish(), self.rep_side)
        self.emit_all(self.arch.finish(t))
        summary = self.stats.overall()
        summary.update(self._rep_summary())
        summary["per_side"] = {side.value: self.stats.side_summary(side) for side in self.stats.sides}
        summary["verdict"] = self._verdict(summary)
        return summary

    def mistakes(self) -> list[Mistake]:
        return self.arch.mistakes + self.rep_mistakes
