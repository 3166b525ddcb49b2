"""Prone hip extension (pillow under ASIS): lying face down, legs long; lightly tuck, lift one thigh
off the mat 1–2 inches without lumbar extension, lower; 8–12 reps.

- Lift: each thigh's trunk-thigh angle above its own rest on the mat (the median of its latest
  frames down), so the pillow's hip flexion and the body's landmark offsets cancel. A rep is that
  lift rising past a few degrees (1 inch is ~3 deg, see ``thresholds``).
- Working side: the leg that lifts. The other leg must rise clearly more above its own rest to take
  over, so the legs can alternate between reps while resting legs do not flicker.
- Lift height: the hip extension (the trunk-thigh angle with the lumbar arch removed,
  ``LegAngles.hip_extension_deg``) above its rest, at the rep's top: what the hip itself did. A thigh
  raised by arching the back rises more than the hip extends; the arch is what the back-arch rule sees.
- Mistakes: ``back_arch`` (lumbar arch while the thigh is up: the lift taken from the low back) and
  ``lift_too_high`` (a rep's hip extension above rest beyond what 1–2 inches allow), one per rep.
"""

from __future__ import annotations

import statistics
from collections import Counter, deque
from collections.abc import Sequence
from enum import Enum

import numpy as np

from formcheck.exercises.base import counted, describe_mistakes
from formcheck.exercises.profile import Profile
from formcheck.exercises.prone_hip_extension import cues
from formcheck.exercises.prone_hip_extension.thresholds import lift_inches
from formcheck.exercises.reps import RepAnalyzer, RestLevel
from formcheck.exercises.signals import Change, Hold, HoldDetector, HysteresisFlag, rounded
from formcheck.exercises.stats import PositionStats
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side

# The lift is a few degrees against BlazePose's ~1 deg of frame-to-frame jitter: each leg's lift is
# the median of its last 0.2 s (3-4 frames at 15 fps), which cuts the jitter for ~0.1 s of lag (a
# brisk lift takes ~0.2 s).
LIFT_MEDIAN_S = 0.2


class PronePhase(str, Enum):
    SETUP = "setup"
    REST = "rest"  # both thighs on the mat
    LIFT = "lift"  # a thigh lifted


class ProneHipExtensionAnalyzer(RepAnalyzer):
    exercise = Exercise.PRONE_HIP_EXTENSION
    setup_cue = cues.SETUP
    title = "Prone hip extension"  # the verdict's first words

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.rules_for(self.exercise)
        self.arch = self.back_arch_tracker(rules)
        self.reps = HoldDetector(
            HysteresisFlag(
                on=rules.rep_on_deg,
                off=rules.rep_off_deg,
                min_duration_s=rules.rep_min_s,
                max_gap_s=rules.rep_gap_s,
            ),
            plateau_tolerance=rules.lift_plateau_tolerance_deg,
        )
        rest_frames = round(rules.rest_window_s * self.fps)
        self._thigh_rest = {s: RestLevel(rest_frames) for s in Side}
        self._hip_rest = {s: RestLevel(rest_frames) for s in Side}
        self._lifted_side: Side | None = None
        self._recent: dict[Side, deque[tuple[float, float]]] = {s: deque() for s in Side}
        self._rep_peak = 0.0  # the open rep's highest lift so far
        self._hip_lifts: list[tuple[float, float]] = []  # (t, hip extension above rest) of the open rep
        self.rep_sides: list[Side | None] = []
        self.rep_hip_lifts: list[float | None] = []
        self.rep_mistakes: list[Mistake] = []
        self._booked: Counter[Side] = Counter()
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)

    # --- which leg, and is the body set up ------------------------------------------------------

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """Before any rest is known: the higher thigh (the lifted one reads the more extended)."""
        return leg.trunk_thigh_deg

    def thigh_lift(self, angles: FrameAngles, side: Side) -> float | None:
        """This thigh's trunk-thigh angle above its own rest, over the last ``LIFT_MEDIAN_S`` (None
        until its rest is known, or when this frame does not measure it)."""
        rest, now = self._thigh_rest[side].value, angles.leg(side).trunk_thigh_deg
        if rest is None or now is None:
            return None
        t = angles.timestamp_s
        recent = [v for s, v in self._recent[side] if t - s < LIFT_MEDIAN_S and s < t]
        return statistics.median([*recent, now]) - rest

    def _remember(self, angles: FrameAngles) -> None:
        t = angles.timestamp_s
        for side in Side:
            recent, value = self._recent[side], angles.leg(side).trunk_thigh_deg
            if value is not None:
                recent.append((t, value))
            while recent and recent[0][0] <= t - LIFT_MEDIAN_S:
                recent.popleft()

    def hip_lift(self, angles: FrameAngles, side: Side) -> float | None:
        """This hip's extension above its own rest (None where the hip extension is not measured)."""
        rest, now = self._hip_rest[side].value, angles.leg(side).hip_extension_deg
        return None if rest is None or now is None else now - rest

    def working_side(self, angles: FrameAngles) -> Side | None:
        """The leg that lifts: the current one, unless it is down and the other one is lifted (two
        legs at rest never swap on jitter, nor two legs lifted together)."""
        if not angles.has_pose:
            return None
        lifts = {s: lift for s in Side if (lift := self.thigh_lift(angles, s)) is not None}
        if not lifts:
            return super().working_side(angles)
        current = self._lifted_side or self.side
        best = max(lifts, key=lambda s: lifts[s])
        if current not in lifts:
            return best
        on = self.rules.rep_on_deg
        if best is not current and lifts[current] < on <= lifts[best]:
            return best
        return current

    @classmethod
    def choose_side(
        cls, frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
    ) -> Side | None:
        """Offline: the leg whose thigh moves most (5th-95th percentile of trunk-thigh) in position."""
        probe = cls(Profile(), None, 30.0)
        seen: dict[Side, list[float]] = {s: [] for s in Side}
        for angles in frames:
            for side in Side:
                value = angles.leg(side).trunk_thigh_deg
                if value is not None and probe.in_position(angles, side):
                    seen[side].append(value)
        spreads = {s: float(np.ptp(np.percentile(v, [5, 95]))) for s, v in seen.items() if len(v) >= 3}
        return max(spreads, key=lambda s: spreads[s]) if spreads else None

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        """Face down (trunk leaning forward to horizontal) with both thighs along the trunk line."""
        trunk = angles.trunk_inclination_deg
        leg, other = angles.leg(side), angles.leg(side.other)
        limit = self.rules.legs_long_max_deg
        if trunk is None or leg.trunk_thigh_deg is None or trunk < self.rules.prone_trunk_min_deg:
            return False
        return abs(leg.trunk_thigh_deg) <= limit and (
            other.trunk_thigh_deg is None or abs(other.trunk_thigh_deg) <= limit
        )

    # --- the rules --------------------------------------------------------------------------------

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> PronePhase:
        t = angles.timestamp_s
        lift = self.thigh_lift(angles, side) if in_position and side is not None else None
        self._remember(angles)
        self._on_rep(t, self.reps.update(t, self._rep_signal(lift)), side)
        lifting = in_position and self.reps.is_open
        self.emit_all(self.arch.update(t, self._arch_to_judge(angles, lifting), side))
        if not in_position:
            return PronePhase.SETUP
        assert side is not None
        self._lifted_side = side
        self.stats.observe(angles, side)
        if lifting:
            if (hip := self.hip_lift(angles, side)) is not None:
                self._hip_lifts.append((t, hip))
            return PronePhase.LIFT
        self._hip_lifts = []  # a lift too short to be a rep leaves nothing behind
        self._observe_rest(angles)
        return PronePhase.REST

    def _arch_to_judge(self, angles: FrameAngles, lifting: bool) -> float | None:
        """ "Without lumbar extension": the arch is judged while the thigh is up, where the lift asks
        for it. Down on the mat, a back under the off line still ends a flag (the arch came down
        with the thigh); a higher one there is not judged (the rule is about the lift)."""
        arch = self.judged_arch_deg(angles)
        if lifting or arch is None:
            return arch
        return arch if arch < self.rules.back_arch_off_deg else None

    def _rep_signal(self, lift: float | None) -> float | None:
        """The lift as the rep flag sees it: back down (under the off line) once it has fallen below
        ``rep_release_share`` of the open rep's top, however far above the first rest that is."""
        rules = self.rules
        if not self.reps.is_open:
            self._rep_peak = 0.0
        if lift is None:
            return None
        self._rep_peak = max(self._rep_peak, lift)
        if self.reps.is_open and lift < rules.rep_release_share * self._rep_peak:
            return min(lift, rules.rep_off_deg / 2.0)
        return lift

    def _observe_rest(self, angles: FrameAngles) -> None:
        """Both thighs are down: their angles now are their rest (a thigh still rising is left out)."""
        for side in Side:
            leg = angles.leg(side)
            if leg.trunk_thigh_deg is None:
                continue
            lift = self.thigh_lift(angles, side)
            if lift is not None and lift > self.rules.rep_off_deg:
                continue
            self._thigh_rest[side].observe(leg.trunk_thigh_deg)
            if leg.hip_extension_deg is not None:
                self._hip_rest[side].observe(leg.hip_extension_deg)

    def _on_rep(self, t: float, change: Change | None, side: Side | None) -> None:
        if change is Change.ON:
            self.emit(t, "hold_start", "rep", cues.LIFT.live)
        elif change is Change.OFF:
            rep = self.reps.holds[-1]
            rep_side = self._lifted_side or side
            self.rep_sides.append(rep_side)
            if rep_side is not None:
                self._booked[rep_side] += rep.flag_end_s - rep.flag_start_s
            self.emit(t, "hold_end", "rep", f"Lifted {rep.plateau:.0f}°", rep.plateau)
            self.emit(t, "count", "rep", f"Rep {len(self.reps.holds)}", len(self.reps.holds))
            self._judge_rep(t, rep, rep_side)
            self._hip_lifts = []

    def _judge_rep(self, t: float, rep: Hold, side: Side | None) -> None:
        """The rep's lift height: the hip's extension above rest over the rep's top (None when the
        hip was not measured there: the rise and fall alone would read the lift low)."""
        top = [v for s, v in self._hip_lifts if rep.start_s <= s <= rep.end_s]
        hip = statistics.median(top) if top else None
        self.rep_hip_lifts.append(hip)
        if hip is not None and hip >= self.rules.lift_too_high_deg:
            cue = cues.LIFT_TOO_HIGH
            self.rep_mistakes.append(
                Mistake(
                    MistakeCode.LIFT_TOO_HIGH, rep.flag_start_s, rep.flag_end_s, rounded(hip), cue.text, side
                )
            )
            self.emit(t, "cue", MistakeCode.LIFT_TOO_HIGH.value, cue.live, hip)

    def booked_sides(self) -> Counter[Side]:
        """Seconds of lifting per leg: the reported side is the leg that did the reps."""
        return Counter(self._booked)

    @property
    def rep_side(self) -> Side | None:
        return self._lifted_side

    def _rep_summary(self) -> dict:
        rules = self.rules
        reps = self.reps.holds
        lifts = self.rep_hip_lifts
        band = (rules.lift_target_min_deg, rules.lift_target_max_deg)
        return {
            "reps": len(reps),
            "rep_ranges_s": [[rounded(r.flag_start_s), rounded(r.flag_end_s)] for r in reps],
            "rep_sides": [s.value if s is not None else None for s in self.rep_sides],
            "thigh_lift_deg": [rounded(r.plateau) for r in reps],
            "lift_hip_extension_deg": [rounded(v) for v in lifts],
            "lift_inches_average_thigh": [
                rounded(lift_inches(v), 1) if v is not None else None for v in lifts
            ],
            "lifts_in_band": sum(1 for v in lifts if v is not None and band[0] <= v <= band[1]),
            "lifts_unmeasured": sum(1 for v in lifts if v is None),
            "targets": {
                "reps": [rules.reps_target_min, rules.reps_target_max],
                "lift_hip_extension_deg": list(band),
                "lift_too_high_deg": rules.lift_too_high_deg,
            },
        }

    def _verdict(self, summary: dict) -> str:
        side = f" ({self.worked_side.value} leg)" if self.worked_side else ""
        if not summary["frames_in_position"]:
            return f"{self.title}{side}: never in position — {self.setup_cue.text.lower()}."
        rules = self.rules
        parts = [
            f"{counted(summary['reps'], 'rep')} (target {rules.reps_target_min}–{rules.reps_target_max})"
        ]
        measured = [v for v in summary["lift_hip_extension_deg"] if v is not None]
        if measured:
            lifts = ", ".join(f"{v:+.0f}" for v in measured)
            band = f"{rules.lift_target_min_deg:.0f}–{rules.lift_target_max_deg:.0f}°"
            parts.append(f"hip extension at each top {lifts}° from rest (1–2 inches is about {band})")
        elif summary["reps"]:
            parts.append("lift height not judged: the hip extension was not measured (the low back unseen)")
        problems = describe_mistakes(self.mistakes())
        back = self.stats.unjudged_back() or "no lumbar extension"
        if problems:
            tail = f"fix: {problems}"
        elif summary["reps"]:
            tail = f"good form: small lifts from the hip, {back}"
        else:
            tail = f"no rep found — {cues.LIFT.text.lower()}"
        return f"{self.title}{side}: " + ", ".join(parts) + f"; {tail}."
