"""Glute bridge with end-range bias: lying on the back, knees bent, feet flat near the glutes; lift the
hips to the shoulder-knee line, squeeze 3 s at the top, lower; 8–12 reps (6–8 in the daily routine).

- Working side: the leg whose hip is the more extended (trunk-thigh); with both feet down the two
  legs do the same thing, so the preferred (near) leg is kept unless the other clearly fits better.
- In position: trunk lying, the knee bent with the thigh rising towards it (knees up, feet on the
  floor), the hip not hugged, and both legs alike where the other one is seen.
- A rep is the working trunk-thigh angle (0 = shoulder, hip and knee in one line) rising above a
  line: a fixed one (``rep_on_deg``), or, once the hips' rest on the floor is known,
  ``rep_rise_on_deg`` above that rest where this is lower (never below the off line), so a shallow
  rep counts wherever the heels put the rest; its squeeze is timed on its plateau at the top, not the
  lift and lowering.
- Mistakes: ``back_arch`` (lumbar arch while the hips are up: the top reached by arching instead of
  extending the hip), ``shallow_range`` (a rep's top short of the shoulder-knee line) and
  ``short_squeeze`` (a top held under ~3 s), one per rep.
- Set-up: the knee flexion while resting between reps says how close the heels are to the glutes.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from enum import Enum

from formcheck.exercises.base import counted, describe_mistakes
from formcheck.exercises.glute_bridge import cues
from formcheck.exercises.profile import Profile
from formcheck.exercises.reps import RepAnalyzer, RestLevel
from formcheck.exercises.signals import (
    Change,
    FlagInterval,
    Hold,
    HoldDetector,
    HysteresisFlag,
    hold_from_interval,
    rounded,
)
from formcheck.exercises.stats import PositionStats
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side


class BridgePhase(str, Enum):
    SETUP = "setup"
    REST = "rest"  # lying, hips down between reps
    SQUEEZE = "squeeze"  # hips up


def heel_to_hip_fraction(knee_flexion_deg: float) -> float:
    """Hip-to-ankle distance as a share of the leg's length, from the knee angle alone (thigh and shin
    taken as equally long): 1 = straight leg, cos(45°) = 0.71 at a right angle, 0 = heel at the hip."""
    return math.cos(math.radians(knee_flexion_deg) / 2.0)


class GluteBridgeAnalyzer(RepAnalyzer):
    exercise = Exercise.GLUTE_BRIDGE
    setup_cue = cues.SETUP
    title = "Glute bridge"  # the verdict's first words

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.rules_for(self.exercise)
        self.arch = self.back_arch_tracker(rules)
        self.reps = HoldDetector(
            HysteresisFlag(
                on=rules.rep_on_deg,
                off=rules.rep_off_deg,
                min_duration_s=rules.rep_min_s,
                max_gap_s=profile.general.flag_gap_s,
            ),
            plateau_tolerance=rules.squeeze_plateau_tolerance_deg,
        )
        self.rep_mistakes: list[Mistake] = []
        self.rep_sides: list[Side | None] = []
        self._rest_knee: list[tuple[float, float]] = []  # (trunk-thigh, knee flexion) with the hips down
        self._rep_side: Side | None = None
        self._rest = RestLevel(round(rules.rest_window_s * self.fps))
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """Both feet are down: the more extended hip (a lifted leg would read as folded)."""
        return leg.trunk_thigh_deg

    def working_side(self, angles: FrameAngles) -> Side | None:
        """Both legs do the same thing: when the preferred one is not measured, the other one is as
        good (BlazePose often loses the far leg while the near one stays clear)."""
        side = super().working_side(angles)
        if side is not None or not angles.has_pose:
            return side
        seen = [leg_side for leg_side in Side if angles.leg(leg_side).trunk_thigh_deg is not None]
        return seen[0] if len(seen) == 1 else None

    @classmethod
    def choose_side(
        cls, frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
    ) -> Side | None:
        """Offline: the leg measured in position in most frames, i.e. the one the camera sees best
        (both legs do the same thing, so no role tells them apart)."""
        probe = cls(Profile(), None, 30.0)
        votes: Counter[Side] = Counter()
        for angles in frames:
            for side in Side:
                if angles.leg(side).trunk_thigh_deg is not None and probe.in_position(angles, side):
                    votes[side] += 1
        return votes.most_common(1)[0][0] if votes else None

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        """Both feet down: this leg planted and the other alike (knee bent too) where it is seen."""
        leg, other = angles.leg(side), angles.leg(side.other)
        rules = self.rules
        if leg.trunk_thigh_deg is None:
            return False
        other_planted = (
            other.trunk_thigh_deg is None
            or abs(other.trunk_thigh_deg - leg.trunk_thigh_deg) <= rules.legs_alike_max_deg
        ) and (other.knee_flexion_deg is None or other.knee_flexion_deg >= rules.knee_bent_min_deg)
        return self.planted(angles, side) and other_planted

    def planted(self, angles: FrameAngles, side: Side) -> bool:
        """Lying, this leg's knee up and its foot down (hip not hugged)."""
        trunk = angles.trunk_inclination_deg
        leg = angles.leg(side)
        rules = self.rules
        if trunk is None or leg.trunk_thigh_deg is None or leg.thigh_to_horizontal_deg is None:
            return False
        knee_bent = leg.knee_flexion_deg is None or leg.knee_flexion_deg >= rules.knee_bent_min_deg
        return (
            abs(trunk) >= self.profile.general.lying_trunk_min_deg
            and knee_bent
            and leg.thigh_to_horizontal_deg >= rules.thigh_up_min_deg
            and -leg.trunk_thigh_deg <= rules.hip_flexion_max_deg
        )

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> BridgePhase:
        t = angles.timestamp_s
        leg = angles.leg(side) if side is not None else LegAngles()
        lift = leg.trunk_thigh_deg if in_position else None
        self._on_rep(t, self.reps.update(t, lift), side)
        if lift is not None and not self.reps.is_open:
            self._observe_rest(lift)
        # "ribs down": the arch is judged while the hips are up, where a bridge reaches for it
        hips_up = in_position and self.reps.is_open
        self.emit_all(self.arch.update(t, self.judged_arch_deg(angles) if hips_up else None, side))
        if not in_position:
            return BridgePhase.SETUP
        assert side is not None
        self.stats.observe(angles, side)
        if self.reps.is_open:
            self._rep_side = side
            return BridgePhase.SQUEEZE
        if leg.knee_flexion_deg is not None and leg.trunk_thigh_deg is not None:
            self._rest_knee.append((leg.trunk_thigh_deg, leg.knee_flexion_deg))
        return BridgePhase.REST

    def _observe_rest(self, trunk_thigh_deg: float) -> None:
        """Hips down (below the rep's off line): the rest level, and the rep's on line from it. It
        moves only between reps, so a rep under way is judged against the line it started on."""
        rules, flag = self.rules, self.reps.flag
        if trunk_thigh_deg >= flag.off:
            return
        self._rest.observe(trunk_thigh_deg)
        rest = self._rest.value
        assert rest is not None
        # never below the off line: there the hips count as down whatever the rest, so a rest whose
        # landmarks spike for a few frames (seen on single-leg bridges) still ends a rep as before
        flag.on = min(rules.rep_on_deg, max(rest + rules.rep_rise_on_deg, rules.rep_off_deg))

    def _rep_on_fixed_line(self, rep: Hold) -> Hold:
        """A rep that reached the fixed line is timed and its top read over the stretch the fixed
        lines bound (first frame past ``rep_on_deg`` to the last past ``rep_off_deg``), as without a
        rest-relative line: the top is the median over the interval, which a lower line would fill
        with more of the lift and lowering. A shallow rep keeps its whole interval."""
        rules, interval = self.rules, self.reps.flag.intervals[-1]
        samples = interval.samples
        first = next((i for i, (_, v) in enumerate(samples) if v >= rules.rep_on_deg), None)
        if first is None:
            return rep
        last = max(i for i, (_, v) in enumerate(samples) if v >= rules.rep_off_deg)
        kept = samples[first : last + 1]
        fixed = FlagInterval(kept[0][0], kept[-1][0], max(v for _, v in kept), kept)
        return hold_from_interval(fixed, self.reps.plateau_tolerance)

    def _on_rep(self, t: float, change: Change | None, side: Side | None) -> None:
        if change is Change.ON:
            self.emit(t, "hold_start", "rep", cues.SQUEEZE.live)
        elif change is Change.OFF:
            rep = self.reps.holds[-1] = self._rep_on_fixed_line(self.reps.holds[-1])
            self.rep_sides.append(self._rep_side or side)
            self.emit(t, "hold_end", "rep", f"Squeezed {rep.hold_s:.1f} s", rep.hold_s)
            self.emit(t, "count", "rep", f"Rep {len(self.reps.holds)}", len(self.reps.holds))
            self._judge_rep(t, rep, self.rep_sides[-1])

    def _judge_rep(self, t: float, rep: Hold, side: Side | None) -> None:
        """One rep's top: reached the shoulder-knee line, and held for the squeeze."""
        rules = self.rules
        if rep.plateau < rules.shallow_on_deg:
            cue = cues.BRIDGE_SHALLOW
            self.rep_mistakes.append(
                Mistake(
                    MistakeCode.SHALLOW_RANGE,
                    rep.flag_start_s,
                    rep.flag_end_s,
                    rounded(rep.plateau),
                    cue.text,
                    side,
                )
            )
            self.emit(t, "cue", MistakeCode.SHALLOW_RANGE.value, cue.live, rep.plateau)
        if rep.hold_s < rules.short_squeeze_max_s:
            cue = cues.SHORT_SQUEEZE
            self.rep_mistakes.append(
                Mistake(
                    MistakeCode.SHORT_SQUEEZE, rep.start_s, rep.end_s, rounded(rep.hold_s), cue.text, side
                )
            )
            self.emit(t, "cue", MistakeCode.SHORT_SQUEEZE.value, cue.live, rep.hold_s)

    @property
    def rep_side(self) -> Side | None:
        return self._rep_side

    def _rep_summary(self) -> dict:
        rules = self.rules
        reps = self.reps.holds
        knee = self._setup_knee_deg()
        return {
            "reps": len(reps),
            "squeeze_s": [rounded(r.hold_s) for r in reps],
            "rep_ranges_s": [[rounded(r.flag_start_s), rounded(r.flag_end_s)] for r in reps],
            "top_trunk_thigh_deg": [rounded(r.plateau) for r in reps],
            "squeezes_reaching_target": sum(1 for r in reps if r.hold_s >= rules.short_squeeze_max_s),
            "setup_knee_flexion_deg": rounded(knee),
            "setup_heel_to_hip_leg_fraction": rounded(heel_to_hip_fraction(knee), 2)
            if knee is not None
            else None,
            "targets": {
                "reps": [rules.reps_target_min, rules.reps_target_max],
                "squeeze_s": rules.squeeze_target_s,
                "top_trunk_thigh_deg": 0.0,
            },
        }

    def _setup_knee_deg(self) -> float | None:
        """The knee while the hips rest on the floor (within a few degrees of the lowest hip), not
        while they rise or lower: where the heels were put."""
        if not self._rest_knee:
            return None
        floor = min(lift for lift, _ in self._rest_knee) + self.rules.squeeze_plateau_tolerance_deg
        return statistics.median(knee for lift, knee in self._rest_knee if lift <= floor)

    def _verdict(self, summary: dict) -> str:
        side = f" ({self.worked_side.value} leg)" if self.worked_side else ""
        if not summary["frames_in_position"]:
            return f"{self.title}{side}: never in position — {self.setup_cue.text.lower()}."
        parts = [f"{counted(summary['reps'], 'rep')} (target 8–12)"]
        if summary["reps"]:
            times = ", ".join(f"{s:.1f}" for s in summary["squeeze_s"] if s is not None)
            parts.append(f"squeezes of {times} s (target 3 s)")
        knee = summary["setup_knee_flexion_deg"]
        if knee is not None and knee < self.rules.heels_close_min_knee_deg:
            parts.append(f"knees bent only {knee:.0f}° at rest — {cues.HEELS_CLOSER.text.lower()}")
        problems = describe_mistakes(self.mistakes())
        back = self.stats.unjudged_back() or "ribs down"
        if problems:
            tail = f"fix: {problems}"
        elif summary["reps"]:
            tail = f"good form: hips up to the shoulder-knee line, 3-s squeezes, {back}"
        else:
            tail = "no rep found — lift the hips until they line up with the shoulders and knees"
        return f"{self.title}{side}: " + ", ".join(parts) + f"; {tail}."
