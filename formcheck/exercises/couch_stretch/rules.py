"""Supine couch stretch: working leg hanging off the couch edge into hip extension.

Seed sequence: long exhale reset (20–30 s) -> 3–4 floor presses (contract 5–8 s, relax 5–8 s, "let
the thigh settle further behind you") -> 10–15 extensor lock-in reps (heel toward butt, 2-s hold).

- Working side: the hanging leg, i.e. the leg whose thigh is lowest (the other knee is bent with the
  foot on the couch, its thigh pointing up).
- In position: trunk lying (far from vertical) and the working leg hanging: knee bent toward the
  floor, thigh not raised.
- Presses and reps are read from the working knee against its resting level (median of recent
  relaxed frames): a press extends the knee (the foot pushes into the floor with the thigh steady),
  a lock-in rep flexes it (heel toward the butt).
- Mistakes: ``back_arch`` (lumbar arch), ``shallow_range`` (no true hip extension: the resting hip
  extension relative to the pelvis, the arch removed, ``kinematics.hip``). The thigh against the
  couch line, the landmark proxy range was once judged on, is reported beside it
  (``summary["range"]``) and never flags: an arch tips the pelvis and drops the thigh below the
  line with no hip extension. Where hip extension is unmeasurable, range is not judged.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from enum import Enum

from formcheck.exercises.base import ExerciseAnalyzer, counted, describe_mistakes, mistake_tracker
from formcheck.exercises.couch_stretch import cues
from formcheck.exercises.profile import Profile
from formcheck.exercises.range_reading import LandmarkProxy, RangeReading
from formcheck.exercises.signals import Change, HoldDetector, HysteresisFlag, rounded
from formcheck.exercises.stats import PositionStats
from formcheck.exercises.still_check import StillCheck
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side


class CouchPhase(str, Enum):
    SETUP = "setup"
    EXHALE_RESET = "exhale_reset"
    PRESS = "press"
    RELAX = "relax"
    LOCK_IN = "lock_in"
    LOCK_IN_REST = "lock_in_rest"


def lower_quartile(values: list[float]) -> float:
    """``np.percentile(values, 25)`` (linear interpolation), the same arithmetic without numpy's
    ~60 us of overhead per call: this runs on every live frame over a window of ~100 readings."""
    ordered = sorted(values)
    index = 0.25 * len(ordered) + 0.75 - 1  # numpy's virtual index for the "linear" method
    below = math.floor(index)
    gamma = index - below
    low = ordered[below]
    high = ordered[min(below + 1, len(ordered) - 1)]
    diff = high - low
    return float(high - diff * (1 - gamma)) if gamma >= 0.5 else float(low + diff * gamma)


def upper_quartile(values: list[float]) -> float:
    """``np.percentile(values, 75)``, by symmetry with ``lower_quartile``."""
    return -lower_quartile([-v for v in values])


class CouchStretchAnalyzer(ExerciseAnalyzer):
    exercise = Exercise.COUCH_STRETCH
    setup_cue = cues.SETUP

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.couch_stretch
        gap = profile.general.flag_gap_s
        self.arch = self.back_arch_tracker(rules)
        self.shallow = mistake_tracker(
            MistakeCode.SHALLOW_RANGE,
            cues.COUCH_SHALLOW,
            on=rules.range_shallow_on_deg,
            off=rules.range_shallow_off_deg,
            min_s=rules.shallow_min_s,
            gap_s=gap,
        )
        self.presses = HoldDetector(
            HysteresisFlag(
                on=rules.press_knee_drop_on_deg,
                off=rules.press_knee_drop_off_deg,
                min_duration_s=rules.press_min_s,
                max_gap_s=gap,
            ),
            plateau_tolerance=rules.press_knee_drop_on_deg,
        )
        self.reps = HoldDetector(
            HysteresisFlag(
                on=rules.lock_in_knee_rise_on_deg,
                off=rules.lock_in_knee_rise_off_deg,
                min_duration_s=rules.lock_in_min_s,
                max_gap_s=gap,
            ),
            plateau_tolerance=rules.lock_in_plateau_tolerance_deg,
        )
        self._rest_knee: deque[tuple[float, float]] = deque()
        self._thigh_recent: deque[tuple[float, float]] = deque()
        self._hip_recent: deque[tuple[float, float]] = deque()
        self.range = RangeReading(
            LandmarkProxy(
                "thigh_to_horizontal_deg",
                "the hanging thigh's level against the couch line (+ = above it)",
                rules.proxy_shallow_deg,
                shallow_above=True,
            )
        )
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)
        self._first_in_position_s: float | None = None
        self._last_in_position_s: float | None = None

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """The hanging leg has the lowest thigh."""
        t2h = leg.thigh_to_horizontal_deg
        return None if t2h is None else -t2h

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        trunk = angles.trunk_inclination_deg
        leg = angles.leg(side)
        if trunk is None or leg.thigh_to_horizontal_deg is None:
            return False
        # The knee is often lost where the shin hangs past the couch edge: the thigh then decides alone.
        knee_bent = leg.knee_flexion_deg is None or leg.knee_flexion_deg >= self.rules.hanging_knee_min_deg
        return (
            abs(trunk) >= self.profile.general.lying_trunk_min_deg
            and knee_bent
            and leg.thigh_to_horizontal_deg <= self.rules.hanging_thigh_max_deg
        )

    def _thigh_level_deg(self, t: float, thigh_deg: float | None) -> float | None:
        """Where the hanging thigh rests: the lower quartile of its readings over the recent window.

        The thigh only settles slowly, and BlazePose's errors here pull the hanging knee up toward the
        other (raised) leg for seconds at a time, so the lower part of the recent readings is the
        level. Every frame in position feeds it, so a real change is followed within the window."""
        if thigh_deg is None:
            return None
        self._thigh_recent.append((t, thigh_deg))
        while self._thigh_recent and self._thigh_recent[0][0] < t - self.rules.steady_window_s:
            self._thigh_recent.popleft()
        return lower_quartile([v for _, v in self._thigh_recent])

    def _hip_level_deg(self, t: float, hip_deg: float | None) -> float | None:
        """Where the hip rests: the upper quartile of its hip extension over the recent window.

        The mirror of the thigh's lower quartile: the landmark errors that pull the hanging knee up
        (and an arch over-read) make hip extension read *less*, so the upper part is the level."""
        if hip_deg is not None:
            self._hip_recent.append((t, hip_deg))
        while self._hip_recent and self._hip_recent[0][0] < t - self.rules.steady_window_s:
            self._hip_recent.popleft()
        if hip_deg is None or not self._hip_recent:
            return None
        if self._hip_recent[-1][0] - self._hip_recent[0][0] < self.rules.level_min_span_s:
            return None
        return upper_quartile([v for _, v in self._hip_recent])

    def _level_span_s(self) -> float:
        """Time from the oldest to the newest thigh reading behind the level (gaps included: the
        readings are kept for ``steady_window_s`` across a short step out of position)."""
        if not self._thigh_recent:
            return 0.0
        return self._thigh_recent[-1][0] - self._thigh_recent[0][0]

    def _near_level(self, thigh_deg: float | None, level: float) -> bool:
        """A reading far from the level is a landmark jump: that frame's angles are not judged."""
        return thigh_deg is not None and abs(thigh_deg - level) <= self.rules.steady_tolerance_deg

    def _resting_knee_deg(self) -> float | None:
        if len(self._rest_knee) < 3:
            return None
        return float(statistics.median(v for _, v in self._rest_knee))

    def _remember_rest(self, t: float, knee: float) -> None:
        self._rest_knee.append((t, knee))
        while self._rest_knee and self._rest_knee[0][0] < t - self.rules.baseline_window_s:
            self._rest_knee.popleft()

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> CouchPhase:
        t = angles.timestamp_s
        leg = angles.leg(side) if side is not None else LegAngles()
        level = self._thigh_level_deg(t, leg.thigh_to_horizontal_deg) if in_position else None
        judged = level is not None and self._near_level(leg.thigh_to_horizontal_deg, level)
        arch = self.arch_to_flag_deg(angles) if judged else None
        # shallow range is about where the hip rests, not a moment; frames whose thigh jumped off its
        # level are landmark errors and judge nothing, and an unmeasurable hip judges nothing either
        hip = leg.hip_extension_deg if judged else None
        hip_level = self._hip_level_deg(t, hip)
        # A measured hip whose own window is still too short to give a level is not yet judged; it
        # is not a frame where hip extension was unmeasurable.
        hip_window_young = hip is not None and hip_level is None
        if judged and self._level_span_s() >= self.rules.level_min_span_s and not hip_window_young:
            self.range.observe(t, hip_level, level, back_seen=angles.lumbar.arch_deg is not None)
        self.emit_all(self.arch.update(t, arch, side))
        self.emit_all(self.shallow.update(t, hip_level, side))
        knee = leg.knee_flexion_deg if judged else None
        rest = self._resting_knee_deg()
        drop = rest - knee if knee is not None and rest is not None else None
        rise = knee - rest if knee is not None and rest is not None else None
        self._on_press(t, self.presses.update(t, drop))
        self._on_rep(t, self.reps.update(t, rise))
        if knee is not None and not self.presses.is_open and not self.reps.is_open:
            self._remember_rest(t, knee)
        if in_position:
            assert side is not None
            self.stats.observe(angles, side)
            self._first_in_position_s = (
                self._first_in_position_s if self._first_in_position_s is not None else t
            )
            self._last_in_position_s = t
            return self._phase_now()
        return CouchPhase.SETUP

    def _phase_now(self) -> CouchPhase:
        if self.presses.is_on:
            return CouchPhase.PRESS
        if self.reps.is_on:
            return CouchPhase.LOCK_IN
        if self.reps.holds:
            return CouchPhase.LOCK_IN_REST
        if self.presses.holds:
            return CouchPhase.RELAX
        return CouchPhase.EXHALE_RESET

    def _on_press(self, t: float, change: Change | None) -> None:
        if change is Change.ON:
            self.emit(t, "hold_start", "press", cues.FLOOR_PRESS.live)
        elif change is Change.OFF:
            press = self.presses.holds[-1]
            duration = press.flag_end_s - press.flag_start_s
            self.emit(t, "hold_end", "press", cues.RELAX.live, duration)
            self.emit(t, "count", "press", f"Press {len(self.presses.holds)}", len(self.presses.holds))

    def _on_rep(self, t: float, change: Change | None) -> None:
        if change is Change.ON:
            self.emit(t, "hold_start", "lock_in_rep", cues.LOCK_IN.live)
        elif change is Change.OFF:
            rep = self.reps.holds[-1]
            self.emit(t, "hold_end", "lock_in_rep", "Relax", rep.hold_s)
            self.emit(t, "count", "lock_in_rep", f"Rep {len(self.reps.holds)}", len(self.reps.holds))

    def _close(self) -> dict:
        t = self.last_t
        self.emit_all(self.arch.finish(t))
        self.emit_all(self.shallow.finish(t))
        self._on_press(t, self.presses.finish())
        self._on_rep(t, self.reps.finish())
        self._backfill_phases()
        summary = self.stats.overall()
        summary.update(self._sequence_summary())
        summary["per_side"] = {side.value: self.stats.side_summary(side) for side in self.stats.sides}
        summary["range"] = self.range.summary()
        summary["verdict"] = self._verdict(summary)
        return summary

    def mistakes(self) -> list[Mistake]:
        return self.arch.mistakes + self.shallow.mistakes

    def _backfill_phases(self) -> None:
        """Offline, a press or rep covers its whole interval, not only the part after confirmation."""
        for holds, phase in ((self.presses.holds, CouchPhase.PRESS), (self.reps.holds, CouchPhase.LOCK_IN)):
            for hold in holds:
                for i, t in enumerate(self.times_s):
                    if hold.flag_start_s <= t <= hold.flag_end_s and self.phases[i] != CouchPhase.SETUP.value:
                        self.phases[i] = phase.value

    def _sequence_summary(self) -> dict:
        rules = self.rules
        presses, reps = self.presses.holds, self.reps.holds
        reset_end = (
            presses[0].flag_start_s
            if presses
            else (reps[0].flag_start_s if reps else self._last_in_position_s)
        )
        reset_s = reset_end - self._first_in_position_s if self._first_in_position_s is not None else None
        gains, settles = self._gains_per_cycle()
        rep_holds = [rep.hold_s for rep in reps]
        return {
            "exhale_reset_s": rounded(reset_s),
            "presses": len(presses),
            "press_durations_s": [rounded(p.flag_end_s - p.flag_start_s) for p in presses],
            "relax_durations_s": [rounded(d) for d in self._relax_durations()],
            "extension_gain_per_cycle_deg": gains,
            "thigh_settle_per_cycle_deg": settles,
            "lock_in_reps": len(reps),
            "lock_in_hold_s": [rounded(h) for h in rep_holds],
            "lock_in_holds_reaching_target": sum(
                1 for h in rep_holds if h >= 0.8 * rules.lock_in_hold_target_s
            ),
            "targets": {
                "exhale_reset_s": rules.reset_target_s,
                "presses": [rules.presses_target_min, rules.presses_target_max],
                "press_s": [rules.press_target_min_s, rules.press_target_max_s],
                "lock_in_reps": [rules.lock_in_reps_min, rules.lock_in_reps_max],
                "lock_in_hold_s": rules.lock_in_hold_target_s,
            },
        }

    def _relax_ends_s(self) -> list[float]:
        """Where each press's relax ends: the next press, the first lock-in rep, or the stretch's end."""
        presses, reps = self.presses.holds, self.reps.holds
        ends = [p.flag_start_s for p in presses[1:]]
        if presses:
            last = presses[-1].flag_end_s + self.rules.press_target_max_s
            if reps and reps[0].flag_start_s > presses[-1].flag_end_s:
                last = min(last, reps[0].flag_start_s)
            ends.append(min(last, self._last_in_position_s or last))
        return ends

    def _relax_durations(self) -> list[float]:
        return [end - p.flag_end_s for p, end in zip(self.presses.holds, self._relax_ends_s(), strict=True)]

    def _gains_per_cycle(self) -> tuple[list[float | None], list[float | None]]:
        """Per press: how much further the hip extended (and the thigh sank) by the end of its relax."""
        presses = self.presses.holds
        if not presses:
            return [], []
        window = self.rules.settle_window_s
        ends = [presses[0].flag_start_s] + self._relax_ends_s()
        hip = [self.stats.window_median(end - window, end, "hip_extension_deg") for end in ends]
        thigh = [self.stats.window_median(end - window, end, "thigh_to_horizontal_deg") for end in ends]
        gains = [_difference(hip[i + 1], hip[i]) for i in range(len(presses))]
        settles = [_difference(thigh[i], thigh[i + 1]) for i in range(len(presses))]
        return gains, settles

    def still_checks(self, angles: FrameAngles, side: Side) -> list[StillCheck]:
        """The hip extension at that moment (a clip reads its resting level instead)."""
        hip = angles.leg(side).hip_extension_deg
        return [
            StillCheck(
                MistakeCode.SHALLOW_RANGE, hip, self.rules.range_shallow_on_deg, False, cues.COUCH_SHALLOW
            )
        ]

    def _verdict(self, summary: dict) -> str:
        side = f" ({self.worked_side.value} leg)" if self.worked_side else ""
        if not summary["frames_in_position"]:
            return f"Couch stretch{side}: never in position — {self.setup_cue.text.lower()}."
        parts = [
            f"{counted(summary['presses'], 'press', 'presses')} (target 3–4)",
            f"{counted(summary['lock_in_reps'], 'lock-in rep')} (target 10–15)",
        ]
        gains = [g for g in summary["extension_gain_per_cycle_deg"] if g is not None]
        if gains:
            parts.append(f"hip extension gained {statistics.mean(gains):+.1f}° per press")
        problems = describe_mistakes(self.mistakes())
        back_note = self.stats.unjudged_back()
        range_note = self.range.unjudged_note()
        notes = "".join(f"; {note}" for note in (back_note, range_note) if note)
        claims = [
            c for c, note in (("ribs down", back_note), ("the hip in true extension", range_note)) if not note
        ]
        good = " and ".join(claims) or "nothing flagged"
        tail = f"fix: {problems}{notes}" if problems else f"good form: {good}{notes}"
        return f"Couch stretch{side}: " + ", ".join(parts) + f"; {tail}."


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else round(later - earlier, 1)
