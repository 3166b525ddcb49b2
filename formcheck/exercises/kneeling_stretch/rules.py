"""Kneeling hip-flexor stretch: kneel on the stretched leg, front foot planted in front, hold.

The guide: "It’s commonly done incorrectly (huge back arch). If you keep ribs down + slight posterior
tilt, it’s fine". Both variants count: half-kneeling (the rear shin on the floor) and the kneeling
couch stretch (the rear shin up a wall or couch, the knee on the floor at its foot).

- Working side: the kneeling (rear) leg, the thigh that points furthest back.
- In position: trunk upright, the rear knee on the floor (``knee_height_thighs``) under the hip, the
  front thigh reaching forward over a bent front knee. A split squat's rear knee hovers above the
  floor with the foot on a bench, so its frames are not kneeling.
- A hold is a stretch of time in position (``hold_min_s``); it is timed as such and booked to the
  kneeling leg. The guide's hold ("5–8 sec isometric presses with equal relax time, for 3–4 cycles")
  is 30–64 s in position; a hold that ends under 30 s is ``short_hold`` (one the recording cut is not).
- Mistakes: ``back_arch`` (the huge back arch), and once a hold has settled ``shallow_range``: the
  kneeling hip's true extension (pelvis-relative, the lumbar arch taken out) not behind neutral.
"""

from __future__ import annotations

import statistics
from collections import Counter
from enum import Enum

from formcheck.exercises.base import MistakeTracker, counted, describe_mistakes, mistake_tracker
from formcheck.exercises.holds import HoldAnalyzer
from formcheck.exercises.kneeling_stretch import cues
from formcheck.exercises.kneeling_stretch.thresholds import (
    PROXY_KNEE_BEHIND_DEG,
    REAR_KNEE_CLEARLY_DOWN_THIGHS,
    REAR_KNEE_DOWN_MAX_THIGHS,
    REAR_SHIN_FLOOR_MAX_DEG,
    REAR_SHIN_WALL_MIN_DEG,
)
from formcheck.exercises.profile import Profile
from formcheck.exercises.range_reading import LandmarkProxy, RangeReading
from formcheck.exercises.signals import Change, HoldDetector, HysteresisFlag, rounded
from formcheck.exercises.stats import PositionStats
from formcheck.exercises.still_check import StillCheck
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side

IN_POSITION = 1.0  # the value the hold flag sees in a frame in position


class KneelingPhase(str, Enum):
    SETUP = "setup"
    KNEELING = "kneeling"  # in position, the hold not yet confirmed
    HOLD = "hold"


class KneelingStretchAnalyzer(HoldAnalyzer):
    exercise = Exercise.KNEELING_STRETCH
    setup_cue = cues.SETUP

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.kneeling_stretch
        gap = profile.general.flag_gap_s
        self.arch = self.back_arch_tracker(rules)
        self.shallow = mistake_tracker(
            MistakeCode.SHALLOW_RANGE, cues.KNEELING_SHALLOW, on=rules.shallow_on_deg,
            off=rules.shallow_off_deg, min_s=rules.shallow_min_s, gap_s=gap,
        )  # fmt: skip
        self.holds = HoldDetector(
            HysteresisFlag(
                on=IN_POSITION,
                off=IN_POSITION,
                min_duration_s=rules.hold_min_s,
                max_gap_s=rules.hold_break_max_s,
            ),
            plateau_tolerance=0.0,  # the value is constant: the whole time in position is the hold
        )
        self.short_holds: list[Mistake] = []
        self.hold_sides: list[Side | None] = []
        self.hold_hip_deg: list[float | None] = []  # median rear hip extension per hold
        self.hold_shin_deg: list[float | None] = []  # median rear shin inclination per hold
        self._votes: Counter[Side] = Counter()
        self._hip: list[float] = []
        self._shin: list[float] = []
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)
        self.range = RangeReading(
            LandmarkProxy(
                "thigh_inclination_deg",
                "the kneeling knee against the hip line (thigh from straight down, + = knee behind)",
                PROXY_KNEE_BEHIND_DEG,
                shallow_above=False,
            )
        )

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """The kneeling leg's thigh points further back than the front one."""
        return leg.thigh_inclination_deg

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        """Upright, the rear knee on the floor under the hip with the shin along the floor or up a wall,
        the front foot planted in front."""
        rules = self.rules
        trunk = angles.trunk_inclination_deg
        if trunk is None or abs(trunk) > min(rules.trunk_max_deg, self.profile.general.upright_trunk_max_deg):
            return False
        rear, front = angles.leg(side), angles.leg(side.other)
        height, incl = rear.knee_height_thighs, rear.thigh_inclination_deg
        if height is None or incl is None or height > REAR_KNEE_DOWN_MAX_THIGHS:
            return False
        if not rules.rear_thigh_min_deg <= incl <= rules.rear_thigh_max_deg:
            return False
        shin = rear.shin_inclination_deg
        near_the_line = height > REAR_KNEE_CLEARLY_DOWN_THIGHS
        if near_the_line and (shin is None or REAR_SHIN_FLOOR_MAX_DEG < shin < REAR_SHIN_WALL_MIN_DEG):
            return False  # a knee hovering near the floor, the foot on a bench: a split squat
        if front.thigh_inclination_deg is None:  # the far leg lost: the kneeling leg alone tells
            return True
        front_bent = front.knee_flexion_deg is None or front.knee_flexion_deg >= rules.front_knee_min_deg
        return front.thigh_inclination_deg <= rules.front_thigh_max_deg and front_bent

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> KneelingPhase:
        t = angles.timestamp_s
        rear = angles.leg(side) if side is not None and in_position else LegAngles()
        self._on_hold(t, self.holds.update(t, IN_POSITION if in_position else None))
        self.emit_all(self.arch.update(t, self.arch_to_flag_deg(angles) if in_position else None, side))
        settled = in_position and self._settled_since_start(t)
        hip = rear.hip_extension_deg if settled else None
        if settled:
            self.range.observe(
                t, hip, rear.thigh_inclination_deg, back_seen=angles.lumbar.arch_deg is not None
            )
        self.emit_all(self.shallow.update(t, hip, side))
        if not in_position:
            return KneelingPhase.SETUP
        assert side is not None
        self.stats.observe(angles, side)
        if not self.holds.is_on:
            return KneelingPhase.KNEELING
        self._votes[side] += 1
        if hip is not None:
            self._hip.append(hip)
        if rear.shin_inclination_deg is not None:
            self._shin.append(rear.shin_inclination_deg)
        return KneelingPhase.HOLD

    def _settled_since_start(self, t: float) -> bool:
        """``settle_s`` into the time in position (the hips shift forward into the stretch first), or a
        hold the recording began in (no shift seen: judge it from the start)."""
        start = self.holds.flag.open_since_s
        if start is None:
            return False
        began_with_recording = bool(self.times_s) and start == self.times_s[0]
        return began_with_recording or t - start >= self.rules.settle_s

    def _on_hold(self, t: float, change: Change | None, *, recording_ended: bool = False) -> None:
        if change is Change.ON:
            self._votes.clear()
            self._hip.clear()
            self._shin.clear()
            self.emit(t, "hold_start", "hold", cues.RIBS_DOWN_TILT.live)
        elif change is Change.OFF:
            hold = self.holds.holds[-1]
            side = self._votes.most_common(1)[0][0] if self._votes else self.side
            self.hold_sides.append(side)
            self.hold_hip_deg.append(statistics.median(self._hip) if self._hip else None)
            self.hold_shin_deg.append(statistics.median(self._shin) if self._shin else None)
            self.emit(t, "hold_end", "hold", f"Held {hold.hold_s:.0f} s", hold.hold_s)
            self.emit(t, "count", "hold", f"Hold {len(self.holds.holds)}", len(self.holds.holds))
            # A hold the recording cut (at its start or end) lasted longer than what was seen.
            cut = recording_ended or (bool(self.times_s) and hold.flag_start_s == self.times_s[0])
            if hold.hold_s < self.rules.hold_target_min_s and not cut:
                cue = cues.SHORT_HOLD
                self.short_holds.append(
                    Mistake(
                        MistakeCode.SHORT_HOLD, hold.start_s, hold.end_s, rounded(hold.hold_s), cue.text, side
                    )
                )
                self.emit(t, "cue", MistakeCode.SHORT_HOLD.value, cue.live, hold.hold_s)

    @property
    def trackers(self) -> tuple[MistakeTracker, ...]:
        return (self.arch, self.shallow)

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
            "hold_hip_extension_deg": [rounded(v) for v in self.hold_hip_deg],
            "variant": [_variant(shin) for shin in self.hold_shin_deg],
            "targets": {"hold_s": [rules.hold_target_min_s, rules.hold_target_max_s]},
        }

    def still_checks(self, angles: FrameAngles, side: Side) -> list[StillCheck]:
        """Where the kneeling hip is: a position, readable at any moment of the stretch."""
        hip = angles.leg(side).hip_extension_deg
        return [
            StillCheck(
                MistakeCode.SHALLOW_RANGE, hip, self.rules.shallow_on_deg, False, cues.KNEELING_SHALLOW
            )
        ]

    def _verdict(self, summary: dict) -> str:
        if not summary["holds"]:
            return "Kneeling hip-flexor stretch: no hold found — " + self.setup_cue.text.lower() + "."
        times = ", ".join(f"{h:.0f}" for h in summary["hold_s"] if h is not None)
        low, high = summary["targets"]["hold_s"]
        head = f"Kneeling hip-flexor stretch: {counted(summary['holds'], 'hold')} of {times} s (target {low:.0f}–{high:.0f} s in position)"
        problems = describe_mistakes(self.mistakes())
        back = self.stats.unjudged_back() or "ribs down"
        range_note = self.range.unjudged_note()
        kneeling_hip = range_note or "kneeling hip in true extension"
        tail = (
            f"fix: {problems}" + (f"; {range_note}" if range_note else "")
            if problems
            else f"good form: {kneeling_hip}, {back}"
        )
        return f"{head}; {tail}."


def _variant(shin_deg: float | None) -> str | None:
    """ "half-kneeling" (rear shin on the floor) or "couch" (rear shin up a wall or couch)."""
    if shin_deg is None:
        return None
    # Up a wall or couch the rear shin points up and back; half-kneeling it lies along the floor.
    return "couch" if shin_deg >= REAR_SHIN_WALL_MIN_DEG else "half-kneeling"
