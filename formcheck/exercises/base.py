"""The contract every exercise analyzer obeys, and the parts they share.

An analyzer is fed one ``FrameAngles`` at a time (``update``: the same code serves the live coach and
offline analysis), says what happens as it happens (``CueEvent``s), and sums up at the end
(``finish`` -> ``ExerciseResult``).

Which leg is the working leg is decided per frame from the geometry of the exercise's role (the
hanging leg, the rear leg, the non-hugged leg): the preferred side (given by the user, or decided
after the first second in position) is kept unless the other leg clearly fits the role better. That
survives BlazePose's left/right label swaps and clips where both sides are done one after the other.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar, Protocol

from formcheck.exercises.cues import BACK_ARCH as BACK_ARCH_CUE
from formcheck.exercises.cues import Cue
from formcheck.exercises.profile import Profile
from formcheck.exercises.signals import Change, HysteresisFlag, rounded
from formcheck.exercises.stats import judged_arch_deg
from formcheck.exercises.still_check import StillCheck
from formcheck.kinematics.lumbar import arch_to_flag
from formcheck.types import CueEvent, Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side

# How long frames whose working thigh is unmeasurable keep the previous in-position state: a
# misplaced knee landmark is not a step out of position (which shows a measured thigh elsewhere). On
# the sample clips 2 s brings the flicker into set-up back below where it was before the thigh check.
UNMEASURED_THIGH_GRACE_S = 2.0


class RequiredView(str, Enum):
    SIDE = "side"  # sagittal angles need the camera at the body's side


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    side: Side | None
    mistakes: list[Mistake]
    summary: dict
    phases: list[str | None]  # one per frame given to ``update``
    events: list[CueEvent] = field(default_factory=list)
    # One per frame given to ``update``: the labelled leg the rules judged as the working leg in that
    # frame (None: not in position). Mostly ``side``; the other label where BlazePose's labels were
    # exchanged and the leg identity could not undo it, so the report's rows follow the leg judged.
    frame_sides: list[Side | None] = field(default_factory=list)


class MistakeTracker:
    """One mistake rule: a hysteresis flag that emits cue / cue_clear events and records Mistakes."""

    def __init__(self, code: MistakeCode, cue: Cue, flag: HysteresisFlag):
        self.code, self.cue, self.flag = code, cue, flag
        self.mistakes: list[Mistake] = []
        self._sides: Counter[Side] = Counter()

    def update(self, t: float, value: float | None, side: Side | None) -> list[CueEvent]:
        if value is not None and side is not None and self.flag.is_open:
            self._sides[side] += 1
        return self._events(t, self.flag.update(t, value))

    def finish(self, t: float) -> list[CueEvent]:
        return self._events(t, self.flag.finish())

    def _events(self, t: float, change: Change | None) -> list[CueEvent]:
        if change is Change.ON:
            peak = self.flag.samples[-1][1] if self.flag.samples else None
            return [CueEvent(t, "cue", self.code.value, self.cue.live, rounded(peak))]
        if change is Change.OFF:
            interval = self.flag.intervals[-1]
            side = self._sides.most_common(1)[0][0] if self._sides else None
            self._sides.clear()
            self.mistakes.append(
                Mistake(
                    self.code, interval.start_s, interval.end_s, rounded(interval.peak), self.cue.text, side
                )
            )
            return [CueEvent(t, "cue_clear", self.code.value, self.cue.live, rounded(interval.peak))]
        if not self.flag.is_open:
            self._sides.clear()
        return []


def mistake_tracker(
    code: MistakeCode,
    cue: Cue,
    *,
    on: float,
    off: float,
    min_s: float,
    gap_s: float,
    unmeasured_gap_s: float | None = None,
) -> MistakeTracker:
    above = off <= on
    flag = HysteresisFlag(
        on=on, off=off, min_duration_s=min_s, max_gap_s=gap_s, above=above, max_unmeasured_s=unmeasured_gap_s
    )
    return MistakeTracker(code, cue, flag)


class SideResolver:
    """Which labelled leg plays the working role in each frame."""

    def __init__(self, preferred: Side | None, role_score, margin_deg: float, decide_after_s: float):
        self.preferred = preferred
        self.role_score = role_score  # LegAngles -> float | None, higher = fits the role better
        self.margin_deg = margin_deg
        self.decide_after_s = decide_after_s
        self._votes_s: Counter[Side] = Counter()

    def best(self, angles: FrameAngles) -> Side | None:
        scores = {side: self.role_score(angles.leg(side)) for side in Side}
        measured = {side: s for side, s in scores.items() if s is not None}
        if self.preferred is not None:
            own, other = scores[self.preferred], scores[self.preferred.other]
            if own is not None and other is not None and other - own > self.margin_deg:
                return self.preferred.other
            if own is None and other is not None:
                return None  # the preferred leg is unmeasurable: analysing the other would mislead
            return self.preferred
        if not measured:
            return None
        return max(measured, key=lambda side: measured[side])

    def vote(self, side: Side, dt_s: float) -> None:
        """Live: after ``decide_after_s`` in position the majority side becomes the preferred one."""
        if self.preferred is not None:
            return
        self._votes_s[side] += dt_s
        if sum(self._votes_s.values()) >= self.decide_after_s:
            self.preferred = self._votes_s.most_common(1)[0][0]


class BackArchRules(Protocol):
    """The back-arch thresholds each exercise's rules carry."""

    back_arch_on_deg: float
    back_arch_off_deg: float
    back_arch_min_s: float


class ExerciseAnalyzer(ABC):
    """Streaming rules for one exercise."""

    exercise: ClassVar[Exercise]
    required_view: ClassVar[RequiredView] = RequiredView.SIDE
    setup_cue: ClassVar[Cue]
    rules: BackArchRules  # the exercise's section of the profile

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        self.profile = profile
        self.fps = float(fps) if fps and fps > 0 else 30.0
        general = profile.general
        self._resolver = SideResolver(
            side, self.role_score, general.side_swap_margin_deg, general.side_decision_s
        )
        self.events: list[CueEvent] = []
        self._now: list[CueEvent] = []
        self.phases: list[str | None] = []
        self.frame_sides: list[Side | None] = []
        self.times_s: list[float] = []
        self._phase: Enum | None = None
        self._worked: Counter[Side] = Counter()
        self._last_t: float | None = None
        self._out_of_position_since: float | None = None
        self._setup_cue_shown = False
        self._last_in_position: tuple[float, Side] | None = None  # (time, working side)

    # --- what each exercise defines ---------------------------------------------------------------

    @staticmethod
    @abstractmethod
    def role_score(leg: LegAngles) -> float | None:
        """How well a leg fits the working role (hanging / rear / non-hugged leg): higher = better."""

    @abstractmethod
    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        """Whether the body is set up for the exercise with ``side`` as the working leg."""

    @abstractmethod
    def _step(self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool) -> Enum:
        """Run the rules on one frame and return the phase."""

    @abstractmethod
    def _close(self) -> dict:
        """Close every open interval (emitting its events) and return the summary."""

    def back_arch_tracker(self, rules: BackArchRules) -> MistakeTracker:
        """The back-arch flag every exercise shares ("gently pull ribs down (no back arch)"), with the
        exercise's own thresholds (``rules.back_arch_on_deg``/``_off_deg``/``_min_s``)."""
        general = self.profile.general
        return mistake_tracker(
            MistakeCode.BACK_ARCH,
            BACK_ARCH_CUE,
            on=rules.back_arch_on_deg,
            off=rules.back_arch_off_deg,
            min_s=rules.back_arch_min_s,
            gap_s=general.flag_gap_s,
            unmeasured_gap_s=general.arch_unmeasured_gap_s,
        )

    # --- the shared loop --------------------------------------------------------------------------

    @property
    def side(self) -> Side | None:
        """The preferred working side: given, or decided after the first second in position."""
        return self._resolver.preferred

    @side.setter
    def side(self, value: Side | None) -> None:
        self._resolver.preferred = value

    def working_side(self, angles: FrameAngles) -> Side | None:
        """The labelled leg that plays the working role in this frame (None: cannot tell)."""
        return self._resolver.best(angles) if angles.has_pose else None

    @classmethod
    def choose_side(
        cls, frames: Sequence[FrameAngles], poses: Sequence[Pose | None] | None = None
    ) -> Side | None:
        """Offline: the leg that plays the working role in most frames in position."""
        probe = cls(Profile(), None, 30.0)
        votes: Counter[Side] = Counter()
        for angles in frames:
            side = probe.working_side(angles)
            if side is not None and probe.in_position(angles, side):
                votes[side] += 1
        return votes.most_common(1)[0][0] if votes else None

    def update(self, angles: FrameAngles, pose: Pose | None = None) -> list[CueEvent]:
        self._now = []
        t = angles.timestamp_s
        dt = 1.0 / self.fps if self._last_t is None else max(0.0, t - self._last_t)
        self._last_t = t
        side = self.working_side(angles)
        in_position = side is not None and self.in_position(angles, side)
        if in_position:
            assert side is not None
            self._last_in_position = (t, side)
        elif (held := self._held_side(angles, t)) is not None:
            side, in_position = held, True
        if in_position:
            assert side is not None
            self._resolver.vote(side, dt)
            self._worked[side] += 1
        self._watch_setup(t, angles.has_pose, in_position)
        phase = self._step(angles, pose, side, in_position)
        if phase is not self._phase:
            self._phase = phase
            self.emit(t, "phase", phase.value, phase.value.replace("_", " "))
        self.phases.append(phase.value)
        self.frame_sides.append(side if in_position else None)
        self.times_s.append(t)
        return list(self._now)

    def _held_side(self, angles: FrameAngles, t: float) -> Side | None:
        """The working side, when a frame only lost the working thigh's angles shortly after being in
        position: a knee landmark found off the knee makes the thigh unmeasurable, not the person
        out of position, so the position (and its phase, hold and counters) carries over for up to
        ``UNMEASURED_THIGH_GRACE_S``. Anything the frame does measure still counts."""
        if self._last_in_position is None or not angles.has_pose:
            return None
        since, side = self._last_in_position
        leg = angles.leg(side)
        unmeasured = leg.thigh_to_horizontal_deg is None and leg.trunk_thigh_deg is None
        return side if unmeasured and t - since <= UNMEASURED_THIGH_GRACE_S else None

    def finish(self) -> ExerciseResult:
        self._now = []
        summary = self._close()
        summary.setdefault("exercise", self.exercise.value)
        summary.setdefault("side", self.worked_side.value if self.worked_side else None)
        mistakes = sorted(self.mistakes(), key=lambda m: (m.start_s, m.code.value))
        return ExerciseResult(
            self.worked_side, mistakes, summary, list(self.phases), list(self.events), list(self.frame_sides)
        )

    @abstractmethod
    def mistakes(self) -> list[Mistake]:
        """Every mistake recorded (after ``_close``)."""

    def booked_sides(self) -> Counter[Side]:
        """Seconds the exercise's own counters (holds, tests) booked to each leg; empty = none yet.

        The reported working side comes from these when there are any, so that the side a report
        names and the per-side counts in its summary are one decision, never two that can disagree.
        """
        return Counter()

    @property
    def worked_side(self) -> Side | None:
        """The leg the exercise's counters booked most time to; without any, the leg that played the
        working role in most frames in position (else the preferred one)."""
        booked = self.booked_sides()
        if booked:
            return booked.most_common(1)[0][0]
        if self._worked:
            return self._worked.most_common(1)[0][0]
        return self.side

    def judged_arch_deg(self, angles: FrameAngles) -> float | None:
        """The lumbar arch to judge: measured and physically possible, else None (never guessed)."""
        return judged_arch_deg(angles, self.profile.general.arch_plausible_max_deg)

    def arch_to_flag_deg(self, angles: FrameAngles) -> float | None:
        """What the back-arch flag judges: a plausible arch less its neutral reference's uncertainty
        (``kinematics.lumbar.arch_to_flag``), so a clean back on an unusual body is not flagged."""
        return None if self.judged_arch_deg(angles) is None else arch_to_flag(angles.lumbar)

    def emit(self, t: float, kind: str, code: str, message: str, value: float | None = None) -> None:
        event = CueEvent(t, kind, code, message, rounded(value, 2))
        self._now.append(event)
        self.events.append(event)

    def emit_all(self, events: list[CueEvent]) -> None:
        self._now.extend(events)
        self.events.extend(events)

    @property
    def last_t(self) -> float:
        return self._last_t if self._last_t is not None else 0.0

    def _watch_setup(self, t: float, has_pose: bool, in_position: bool) -> None:
        """A set-up cue once the person has been out of position for a while (never when in it)."""
        if in_position:
            self._out_of_position_since = None
            self._setup_cue_shown = False
            return
        if self._out_of_position_since is None:
            self._out_of_position_since = t
        waited = t - self._out_of_position_since
        if not self._setup_cue_shown and waited >= self.profile.general.setup_cue_after_s:
            self._setup_cue_shown = True
            code = "not_in_position" if has_pose else "no_person"
            self.emit(t, "setup", code, self.setup_cue.live)

    # --- a photo (see ``formcheck.exercises.still``) ------------------------------------------------

    def still_checks(self, angles: FrameAngles, side: Side) -> list[StillCheck]:
        """The mistake rules that one moment can decide (besides the back arch, which is shared)."""
        return []

    def still_summary(
        self, angles: FrameAngles, side: Side | None, in_position: bool, flagged: set[MistakeCode],
        *, unjudged: list[str],
    ) -> dict:  # fmt: skip
        """What the exercise itself concludes from one photo (merged into the summary)."""
        return {}


def describe_mistakes(mistakes: list[Mistake]) -> str:
    """ "back_arch at 12.0–15.5 s (Ribs down, tailbone tucked)", one per code, first occurrence."""
    seen: dict[MistakeCode, Mistake] = {}
    for mistake in sorted(mistakes, key=lambda m: m.start_s):
        seen.setdefault(mistake.code, mistake)
    return "; ".join(
        f"{m.code.value} at {m.start_s:.1f}–{m.end_s:.1f} s ({m.message})" for m in seen.values()
    )


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 hold", "2 holds", "0 presses": a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
