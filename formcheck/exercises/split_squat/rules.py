"""Rear-foot-elevated split-squat isometric: lower, hold 20–30 s still, rise; 2–3 holds per side.

- Working side: the rear leg (its thigh points furthest back; the hip flexor being lengthened).
- In position: trunk upright, rear foot up behind (rear knee bent), rear thigh behind the front one.
- A hold is the front knee bent past a threshold for a while; it is timed on its plateau (not the
  lowering and rising), and each hold is booked to the rear leg's side.
- Mistakes: ``back_arch``; and, once a hold has settled, ``shallow_range`` (no true hip extension:
  the rear hip's extension relative to the pelvis, the arch removed, ``kinematics.hip``; the knee
  against the hip line, the landmark proxy it was once judged on, is reported beside it in
  ``summary["range"]`` and never flags, since an arch tips the pelvis and puts the knee behind the
  line with no hip extension; where hip extension is unmeasurable, range is not judged),
  ``knee_past_ankle`` (front shin inclined forward), ``bouncing`` (front knee moving around its
  trend); ``short_hold`` when a hold ends under 20 s.
"""

from __future__ import annotations

import statistics
from collections import Counter, deque
from enum import Enum

from formcheck.exercises.base import MistakeTracker, counted, describe_mistakes, mistake_tracker
from formcheck.exercises.holds import HoldAnalyzer
from formcheck.exercises.profile import Profile
from formcheck.exercises.range_reading import LandmarkProxy, RangeReading
from formcheck.exercises.signals import Change, Hold, HoldDetector, HysteresisFlag, detrended_std, rounded
from formcheck.exercises.split_squat import cues
from formcheck.exercises.stats import PositionStats
from formcheck.exercises.still_check import StillCheck
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side


class SplitPhase(str, Enum):
    SETUP = "setup"
    STANCE = "stance"  # standing tall, lowering, rising or resting with the rear foot up
    HOLD = "hold"


class SplitSquatAnalyzer(HoldAnalyzer):
    exercise = Exercise.SPLIT_SQUAT
    setup_cue = cues.SETUP

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.split_squat
        gap = profile.general.flag_gap_s
        self.arch = self.back_arch_tracker(rules)
        self.shallow = mistake_tracker(
            MistakeCode.SHALLOW_RANGE, cues.SPLIT_SHALLOW, on=rules.range_shallow_on_deg,
            off=rules.range_shallow_off_deg, min_s=rules.shallow_min_s, gap_s=gap,
        )  # fmt: skip
        self.knee_past_ankle = mistake_tracker(
            MistakeCode.KNEE_PAST_ANKLE, cues.KNEE_PAST_ANKLE, on=rules.front_shin_on_deg,
            off=rules.front_shin_off_deg, min_s=rules.knee_past_ankle_min_s, gap_s=gap,
        )  # fmt: skip
        self.bouncing = mistake_tracker(
            MistakeCode.BOUNCING, cues.BOUNCING, on=rules.bounce_on_deg, off=rules.bounce_off_deg,
            min_s=rules.bounce_min_s, gap_s=gap,
        )  # fmt: skip
        self.holds = HoldDetector(
            HysteresisFlag(
                on=rules.hold_knee_on_deg,
                off=rules.hold_knee_off_deg,
                min_duration_s=rules.hold_min_s,
                max_gap_s=gap,
            ),
            plateau_tolerance=rules.hold_plateau_tolerance_deg,
        )
        self.short_holds: list[Mistake] = []
        self.hold_sides: list[Side | None] = []
        self._hold_votes: Counter[Side] = Counter()
        self._hold_confirmed_s: float | None = None
        self._plateau_deg: float | None = None
        self._settled_knee: deque[tuple[float, float]] = deque()
        self._settled_rear_knee: deque[tuple[float, float]] = deque()
        self._max_movement_deg: float | None = None
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)
        self.range = RangeReading(
            LandmarkProxy(
                "thigh_inclination_deg",
                "the rear knee against the hip line (rear thigh from straight down, + = knee behind)",
                rules.proxy_knee_behind_deg,
                shallow_above=False,
            )
        )

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """The rear leg's thigh points furthest back."""
        return leg.thigh_inclination_deg

    def working_side(self, angles: FrameAngles) -> Side | None:
        """The rear leg; when only one thigh is seen and it reaches forward, it is the front leg."""
        if not angles.has_pose:
            return None
        seen = [side for side in Side if angles.leg(side).thigh_inclination_deg is not None]
        if len(seen) == 1:
            inclination = angles.leg(seen[0]).thigh_inclination_deg
            assert inclination is not None
            if inclination <= self.rules.front_thigh_alone_max_deg:
                return seen[0].other
        return super().working_side(angles)

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        """Upright, rear foot up behind and the legs split; with one leg hidden, what the other shows."""
        rear, front = angles.leg(side), angles.leg(side.other)
        trunk = angles.trunk_inclination_deg
        if trunk is None or abs(trunk) > self.profile.general.upright_trunk_max_deg:
            return False
        rear_incl, front_incl = rear.thigh_inclination_deg, front.thigh_inclination_deg
        if rear_incl is None:
            return front_incl is not None and front_incl <= self.rules.front_thigh_alone_max_deg
        rear_up_behind = (
            rear.knee_flexion_deg is not None
            and rear.knee_flexion_deg >= self.rules.rear_knee_min_deg
            and rear_incl >= self.rules.rear_thigh_min_deg
        )
        if front_incl is None:
            return rear_up_behind
        return rear_up_behind and rear_incl - front_incl >= self.rules.split_min_deg

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> SplitPhase:
        t = angles.timestamp_s
        rear = angles.leg(side) if side is not None else LegAngles()
        front = angles.leg(side.other) if side is not None else LegAngles()
        front_knee = front.knee_flexion_deg if in_position else None
        self._on_hold(t, self.holds.update(t, front_knee))
        self.emit_all(self.arch.update(t, self.arch_to_flag_deg(angles) if in_position else None, side))
        settled = in_position and self._is_settled(t, front_knee)
        hip = rear.hip_extension_deg if settled else None
        if settled:
            self.range.observe(
                t, hip, rear.thigh_inclination_deg, back_seen=angles.lumbar.arch_deg is not None
            )
        self.emit_all(self.shallow.update(t, hip, side))
        self.emit_all(self.knee_past_ankle.update(t, front.shin_inclination_deg if settled else None, side))
        if not self._in_settled_hold(t):
            self._settled_knee.clear()
            self._settled_rear_knee.clear()
        movement = self._movement_deg(t, front_knee, rear.knee_flexion_deg) if settled else None
        self.emit_all(self.bouncing.update(t, movement, side))
        if not in_position:
            return SplitPhase.SETUP
        assert side is not None
        self.stats.observe(angles, side)
        if self.holds.is_on:
            self._hold_votes[side] += 1
            return SplitPhase.HOLD
        return SplitPhase.STANCE

    def _is_settled(self, t: float, front_knee: float | None) -> bool:
        """In a hold past its lowering, and the knee still on the hold's plateau."""
        if front_knee is None or not self._in_settled_hold(t):
            return False
        samples = self.holds.flag.samples
        if self._plateau_deg is None or len(samples) % 15 == 0:  # a median per frame would cost O(n) each
            self._plateau_deg = statistics.median(v for _, v in samples)
        return abs(front_knee - self._plateau_deg) <= self.rules.hold_plateau_tolerance_deg

    def _in_settled_hold(self, t: float) -> bool:
        """A confirmed hold ``settle_s`` after its confirmation, or a hold the recording began in.

        ``hold_min_s`` and ``settle_s`` wait for the lowering to end; a clip that starts mid-hold
        shows no lowering, and waiting 3 s would leave a short clip unjudged."""
        if self._hold_began_with_the_recording():
            return True
        confirmed = self._hold_confirmed_s
        return self.holds.is_on and confirmed is not None and t - confirmed >= self.rules.settle_s

    def _hold_began_with_the_recording(self) -> bool:
        return self.holds.is_open and bool(self.times_s) and self.holds.flag.open_since_s == self.times_s[0]

    def _movement_deg(self, t: float, front_knee: float | None, rear_knee: float | None) -> float | None:
        """Knee wobble around its trend over the trailing window, the larger of the two knees.

        A bounce moves the hips up and down, which bends and straightens both knees; either one can
        be the better measured (None until the window fills)."""
        movements = []
        for knee, samples in ((front_knee, self._settled_knee), (rear_knee, self._settled_rear_knee)):
            if knee is None:
                continue
            samples.append((t, knee))
            while samples and samples[0][0] < t - self.rules.bounce_window_s:
                samples.popleft()
            if samples[-1][0] - samples[0][0] >= 0.8 * self.rules.bounce_window_s:
                movement = detrended_std(list(samples))
                if movement is not None:
                    movements.append(movement)
        if not movements:
            return None
        self._max_movement_deg = max(movements + [self._max_movement_deg or 0.0])
        return max(movements)

    def _on_hold(self, t: float, change: Change | None, *, recording_ended: bool = False) -> None:
        """``recording_ended``: the hold was still going when the recording stopped."""
        if change is Change.ON:
            self._hold_confirmed_s = t
            self._hold_votes.clear()
            self.emit(t, "hold_start", "hold", cues.PRESS_BACK_FOOT.live)
        elif change is Change.OFF:
            hold = self.holds.holds[-1]
            side = self._hold_votes.most_common(1)[0][0] if self._hold_votes else self.side
            self.hold_sides.append(side)
            self._hold_confirmed_s = None
            self._plateau_deg = None
            self.emit(t, "hold_end", "hold", f"Held {hold.hold_s:.0f} s", hold.hold_s)
            self.emit(t, "count", "hold", f"Hold {len(self.holds.holds)}", len(self.holds.holds))
            # A hold the recording cut (at its start or end) lasted longer than what was seen.
            cut = recording_ended or (bool(self.times_s) and hold.flag_start_s == self.times_s[0])
            if hold.hold_s < self.rules.hold_target_min_s and not cut:
                self._short_hold(t, hold, side)

    def _short_hold(self, t: float, hold: Hold, side: Side | None) -> None:
        cue = cues.SHORT_HOLD
        self.short_holds.append(
            Mistake(MistakeCode.SHORT_HOLD, hold.start_s, hold.end_s, rounded(hold.hold_s), cue.text, side)
        )
        self.emit(t, "cue", MistakeCode.SHORT_HOLD.value, cue.live, hold.hold_s)

    @property
    def trackers(self) -> tuple[MistakeTracker, ...]:
        return (self.arch, self.shallow, self.knee_past_ankle, self.bouncing)

    def _hold_summary(self) -> dict:
        rules = self.rules
        by_side: dict[str, list[float | None]] = {}
        for hold, side in zip(self.holds.holds, self.hold_sides, strict=True):
            by_side.setdefault(side.value if side else "unknown", []).append(rounded(hold.hold_s))
        return {
            "holds": len(self.holds.holds),
            "hold_s": [rounded(h.hold_s) for h in self.holds.holds],
            "hold_ranges_s": [[rounded(h.start_s), rounded(h.end_s)] for h in self.holds.holds],
            "holds_by_side": by_side,
            "front_knee_flexion_deg": [rounded(h.plateau) for h in self.holds.holds],
            "max_movement_deg": rounded(self._max_movement_deg),
            "targets": {
                "hold_s": [rules.hold_target_min_s, rules.hold_target_max_s],
                "holds_per_side": [rules.holds_per_side_min, rules.holds_per_side_max],
            },
        }

    def still_checks(self, angles: FrameAngles, side: Side) -> list[StillCheck]:
        """Where the rear hip and the front knee are: a position, readable at any moment of a hold."""
        rear, front = angles.leg(side), angles.leg(side.other)
        rules = self.rules
        return [
            StillCheck(
                MistakeCode.SHALLOW_RANGE, rear.hip_extension_deg, rules.range_shallow_on_deg, False,
                cues.SPLIT_SHALLOW,
            ),
            StillCheck(
                MistakeCode.KNEE_PAST_ANKLE, front.shin_inclination_deg, rules.front_shin_on_deg, True,
                cues.KNEE_PAST_ANKLE,
            ),
        ]  # fmt: skip

    def _verdict(self, summary: dict) -> str:
        if not summary["holds"]:
            return "Split-squat isometric: no hold found — " + self.setup_cue.text.lower() + "."
        counts = ", ".join(f"{n} on the {side} leg" for side, n in _counts(summary["holds_by_side"]).items())
        times = ", ".join(f"{h:.0f}" for h in summary["hold_s"] if h is not None)
        head = f"Split-squat isometric: {counted(summary['holds'], 'hold')} ({counts}; target 2–3 per side) of {times} s"
        problems = describe_mistakes(self.mistakes())
        back = self.stats.unjudged_back() or "ribs down"
        range_note = self.range.unjudged_note()
        rear_hip = range_note or "rear hip in true extension"
        tail = (
            f"fix: {problems}" + (f"; {range_note}" if range_note else "")
            if problems
            else f"good form: still, {rear_hip}, {back}"
        )
        return f"{head} (target 20–30 s); {tail}."


def _counts(by_side: dict[str, list]) -> dict[str, int]:
    return {side: len(holds) for side, holds in by_side.items()}
