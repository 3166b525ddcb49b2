"""Scenario timelines: named phases that hold or move a handful of scalar pose parameters.

A timeline is built phase by phase (``hold`` keeps the values, ``move`` eases them to new targets) and
then sampled at any time. Small deterministic wobbles (breathing, sway) are added by the caller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def smoothstep(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


@dataclass(frozen=True)
class Phase:
    name: str
    start_s: float
    end_s: float
    start_values: dict[str, float]
    end_values: dict[str, float]
    ease_s: float | None = None  # None: ease over the whole phase; else only the first ease_s seconds


@dataclass
class Timeline:
    values: dict[str, float]
    phases: list[Phase] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.phases[-1].end_s if self.phases else 0.0

    def hold(self, name: str, duration_s: float, **changes: float) -> Timeline:
        """Keep the current values (or ease into ``changes`` in the first 40 % of the phase)."""
        return self._add(name, duration_s, changes, ease_s=0.4 * duration_s if changes else None)

    def move(self, name: str, duration_s: float, **targets: float) -> Timeline:
        return self._add(name, duration_s, targets, ease_s=None)

    def _add(self, name: str, duration_s: float, changes: dict[str, float], ease_s: float | None) -> Timeline:
        start = self.duration_s
        before = dict(self.values)
        unknown = set(changes) - set(before)
        if unknown:
            raise KeyError(f"unknown timeline parameters: {sorted(unknown)}")
        self.values = {**before, **changes}
        self.phases.append(Phase(name, start, start + duration_s, before, dict(self.values), ease_s))
        return self

    def event(self, name: str, start_s: float, end_s: float, **extra: object) -> None:
        self.events.append({"name": name, "start_s": round(start_s, 3), "end_s": round(end_s, 3), **extra})

    def phase_at(self, t_s: float) -> Phase:
        for phase in self.phases:
            if t_s < phase.end_s:
                return phase
        return self.phases[-1]

    def at(self, t_s: float) -> tuple[str, dict[str, float]]:
        phase = self.phase_at(t_s)
        span = (phase.ease_s if phase.ease_s is not None else phase.end_s - phase.start_s) or 1e-9
        w = smoothstep((t_s - phase.start_s) / span)
        values = {
            k: phase.start_values[k] + (phase.end_values[k] - v0) * w for k, v0 in phase.start_values.items()
        }
        return phase.name, values


def wobble(t_s: float, period_s: float, phase: float = 0.0) -> float:
    """A smooth deterministic -1..1 oscillation (breathing, sway)."""
    return math.sin(2.0 * math.pi * t_s / period_s + phase)
