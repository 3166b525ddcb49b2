"""What the coach shows right now, folded from the analyzer's cue events.

The analyzer speaks in ``CueEvent``s (cue / cue_clear / phase / count / hold_start / hold_end /
result); the overlay needs a state: the active cue, the phase and how long it has run, the counts,
the hold and rest timers, the test result. ``CoachState.apply`` folds events into that state and
``guided_step`` turns it into the exercise's guided-sequence line (its spec's ``coaching.guided_step``,
e.g. "Exhale reset 20–30 s" -> "Floor press 2/4" -> "Lock-in rep 3/12").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formcheck.exercises.registry import spec_for
from formcheck.types import CueEvent, Exercise

# Mistakes an analyzer reports once, at a moment (a hold that ended too soon), with no cue_clear
# to follow: their cue stays on screen this long.
ONE_SHOT_CUE_CODES = frozenset({"short_hold"})
ONE_SHOT_CUE_S = 5.0


class EventKind:
    """The ``CueEvent.kind`` values (the contract in formcheck/types.py)."""

    CUE = "cue"
    CUE_CLEAR = "cue_clear"
    PHASE = "phase"
    COUNT = "count"
    HOLD_START = "hold_start"
    HOLD_END = "hold_end"
    SETUP = "setup"
    RESULT = "result"


@dataclass(slots=True)
class CoachState:
    """The live coach's memory of the events so far."""

    active_cues: dict[str, str] = field(default_factory=dict)  # code -> message, newest last
    cue_started_s: dict[str, float] = field(default_factory=dict)
    phase: str | None = None
    phase_message: str | None = None
    phase_started_s: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    hold_started_s: float | None = None
    hold_code: str | None = None
    rest_started_s: float | None = None
    result: str | None = None
    result_code: str | None = None  # "positive" / "negative" / "invalid"
    setup_cue: str | None = None  # the analyzer's "get into position" cue, until a phase starts

    def apply(self, event: CueEvent) -> None:
        kind = event.kind
        if kind == EventKind.CUE:
            self.active_cues.pop(event.code, None)
            self.active_cues[event.code] = event.message
            self.cue_started_s[event.code] = event.t
        elif kind == EventKind.CUE_CLEAR:
            self.active_cues.pop(event.code, None)
        elif kind == EventKind.PHASE:
            self.phase, self.phase_message, self.phase_started_s = event.code, event.message, event.t
            if event.code != "setup":
                self.setup_cue = None
            else:  # out of position: a hold that was running is over, whatever the analyzer said
                self.hold_started_s = None
        elif kind == EventKind.SETUP and event.code in ("not_in_position", "no_person"):
            self.setup_cue = event.message
        elif kind == EventKind.COUNT:
            self.counts[event.code] = (
                int(event.value) if event.value is not None else self.counts.get(event.code, 0) + 1
            )
        elif kind == EventKind.HOLD_START:
            self.hold_started_s, self.hold_code, self.rest_started_s = event.t, event.code, None
        elif kind == EventKind.HOLD_END:
            self.hold_started_s, self.rest_started_s = None, event.t
        elif kind == EventKind.RESULT:
            self.result, self.result_code = event.message, event.code

    def expire(self, now_s: float) -> None:
        """Drop one-shot cues that have been shown long enough."""
        for code in [c for c in self.active_cues if c in ONE_SHOT_CUE_CODES]:
            if now_s - self.cue_started_s.get(code, now_s) >= ONE_SHOT_CUE_S:
                del self.active_cues[code]

    @property
    def active_cue(self) -> str | None:
        """The newest cue still active (the one the person should act on now)."""
        return next(reversed(self.active_cues.values()), None) if self.active_cues else None

    def hold_elapsed_s(self, now_s: float) -> float | None:
        return None if self.hold_started_s is None else max(0.0, now_s - self.hold_started_s)

    def rest_elapsed_s(self, now_s: float) -> float | None:
        return None if self.rest_started_s is None else max(0.0, now_s - self.rest_started_s)

    def phase_elapsed_s(self, now_s: float) -> float | None:
        return None if self.phase_started_s is None else max(0.0, now_s - self.phase_started_s)

    def count_matching(self, *words: str) -> int | None:
        """The counter whose code contains any of ``words`` (analyzers name them e.g. "presses")."""
        for code, value in self.counts.items():
            if any(word in code for word in words):
                return value
        return None


def guided_step(exercise: Exercise, state: CoachState, now_s: float) -> str:
    """The exercise's guided-sequence line for now (its spec's ``coaching.guided_step``)."""
    return spec_for(exercise).coaching.guided_step(state, now_s)
