"""One live coaching session, frame by frame, without any I/O (testable with fakes).

Per frame: set-up checks -> (once the set-up is right) causal kinematics with the neutral-back
calibration -> the exercise analyzer (the same class ``analyze`` uses) -> cue events -> the coach
state -> an ``OverlayView``. Frames before the set-up is right reach the analyzer as "no person",
so nothing is scored while the person is still getting into place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from formcheck.exercises.profile import Profile
from formcheck.feedback.overlay import OverlayView
from formcheck.live import coach_view
from formcheck.live.back_view import HIDDEN_BACK_HINT, HiddenBackWatch
from formcheck.live.coach import CoachState, EventKind, guided_step
from formcheck.live.guidance import SETUP_MESSAGES, SetupGate, SetupProblem, setup_problems
from formcheck.live.measure import LiveMeasurer, calibration_prompt
from formcheck.types import CueEvent, Exercise, FrameAngles, LegAngles, PoseFrame, Side, ViewEstimate

AnalyzerFactory = Callable[[Side | None], object]  # side -> ExerciseAnalyzer


@dataclass(slots=True)
class FrameInputs:
    """What the I/O loop measured about one frame besides its pose."""

    pose_frame: PoseFrame
    mean_luma: float
    other_person_share: float | None = None


@dataclass(slots=True)
class FrameOutcome:
    events: list[CueEvent]
    angles: FrameAngles
    view: OverlayView | None  # None when the step was asked for no view (nothing is drawn)


@dataclass(slots=True)
class SetRecord:
    """One set (between restarts / side switches): its analyzer's result and frame range."""

    side: Side | None
    result: object  # ExerciseResult
    first_frame: int
    frame_count: int


def _unscored(angles: FrameAngles) -> FrameAngles:
    """The frame as the analyzer sees it before the set-up is right: no person."""
    return dataclasses.replace(angles, has_pose=False, left=LegAngles(), right=LegAngles())


@dataclass(slots=True)
class LiveCoach:
    """Holds everything a live session remembers; ``step`` runs one frame."""

    exercise: Exercise
    make_analyzer: AnalyzerFactory
    measurer: LiveMeasurer
    profile: Profile | None = None
    side: Side | None = None
    gate: SetupGate = field(default_factory=SetupGate)
    state: CoachState = field(default_factory=CoachState)
    back_watch: HiddenBackWatch = field(default_factory=HiddenBackWatch)
    analyzer: object = None
    sets: list[SetRecord] = field(default_factory=list)
    angles: list[FrameAngles] = field(default_factory=list)  # every processed frame, for the report
    _set_first_frame: int = 0
    _last_problems: tuple[SetupProblem, ...] | None = None
    _was_calibrated: bool = False

    def __post_init__(self) -> None:
        if self.analyzer is None:
            self.analyzer = self.make_analyzer(self.side)

    @property
    def working_side(self) -> Side | None:
        return getattr(self.analyzer, "side", None) or self.side

    def step(self, inputs: FrameInputs, *, with_view: bool = True) -> FrameOutcome:
        """One frame. ``with_view=False`` skips building the overlay's view (a headless session
        draws nothing), which changes nothing else: the view only reads the state."""
        frame = inputs.pose_frame
        t = frame.timestamp_s
        angles = self.measurer.measure(frame, calibrate=self.gate.ready)
        events = self._setup_events(inputs, angles.view if angles.has_pose else None)
        scoring = self.gate.ready
        events += self._calibration_events(t)
        events += self._hidden_back_events(t, angles, scoring)
        pose = frame.pose if scoring else None
        events += list(self.analyzer.update(angles if scoring else _unscored(angles), pose))
        for event in events:
            self.state.apply(event)
        self.state.expire(t)
        self.angles.append(angles)
        return FrameOutcome(events, angles, self._view(frame, angles) if with_view else None)

    def _setup_events(self, inputs: FrameInputs, view: ViewEstimate | None) -> list[CueEvent]:
        frame = inputs.pose_frame
        problems = setup_problems(inputs.mean_luma, frame.pose, view, inputs.other_person_share)
        was_ready = self.gate.ready
        ready = self.gate.update(frame.timestamp_s, problems)
        events: list[CueEvent] = []
        if ready != was_ready:
            code, message = ("ready", "Set-up OK — scoring starts") if ready else ("lost", "Set-up lost")
            events.append(CueEvent(frame.timestamp_s, EventKind.SETUP, code, message))
        if not ready and problems != self._last_problems:
            events += [
                CueEvent(frame.timestamp_s, EventKind.SETUP, p.value, SETUP_MESSAGES[p]) for p in problems
            ]
        self._last_problems = problems if not ready else None
        return events

    def _calibration_events(self, t: float) -> list[CueEvent]:
        if self.measurer.calibrated and not self._was_calibrated:
            self._was_calibrated = True
            reference = self.measurer.reference
            message = f"Neutral back recorded ({getattr(reference, 'source', 'calibration')})"
            return [CueEvent(t, EventKind.SETUP, "calibrated", message)]
        return []

    def _hidden_back_events(self, t: float, angles: FrameAngles, scoring: bool) -> list[CueEvent]:
        change = self.back_watch.update(t, angles.lumbar if angles.has_pose else None, scoring)
        if change is None:
            return []
        if change:
            return [CueEvent(t, EventKind.SETUP, "back_hidden", HIDDEN_BACK_HINT)]
        return [CueEvent(t, EventKind.SETUP, "back_visible", "Back in view again")]

    def restart(self, side: Side | None = None) -> None:
        """End the current set ('r' restarts it, 's' switches side) and start a fresh analyzer."""
        self._close_set()
        if side is not None:
            self.side = side
        self.analyzer = self.make_analyzer(self.side)
        self.state = CoachState()
        self.back_watch.reset()

    def switch_side(self) -> None:
        current = self.working_side
        self.restart(current.other if current is not None else Side.LEFT)

    def finish(self) -> list[SetRecord]:
        self._close_set()
        return self.sets

    def _close_set(self) -> None:
        count = len(self.angles) - self._set_first_frame
        if self.analyzer is not None and count > 0:
            result = self.analyzer.finish()
            self.sets.append(SetRecord(self.working_side, result, self._set_first_frame, count))
        self._set_first_frame = len(self.angles)
        self.analyzer = None

    def _view(self, frame: PoseFrame, angles: FrameAngles) -> OverlayView:
        t = frame.timestamp_s
        side = self.working_side
        scoring = self.gate.ready
        codes = set(self.state.active_cues)
        cue, is_mistake = self.state.active_cue, True
        if cue is None:
            is_mistake = False
            if scoring and self.back_watch.showing:  # before calibrating: it cannot finish unseen
                cue = HIDDEN_BACK_HINT
            elif scoring and not self.measurer.calibrated:
                cue = calibration_prompt(self.exercise)
            elif scoring:
                cue = coach_view.guidance_cue(self.exercise, self.state)
        return OverlayView(
            pose=frame.pose,
            side=side,
            title=coach_view.title(self.exercise, side),
            joint_labels=coach_view.joint_labels(angles, side),
            gauges=coach_view.gauges(angles, side, self.exercise, self.profile, codes),
            cue=cue,
            cue_is_mistake=is_mistake,
            step=guided_step(self.exercise, self.state, t) if scoring else "Set-up",
            hold=coach_view.hold_timer(self.exercise, self.state, t) if scoring else None,
            rest_s=self.state.rest_elapsed_s(t) if scoring else None,
            counters=coach_view.counters(self.exercise, self.state) if scoring else (),
            setup_messages=self.gate.messages(),
            result=_result_line(self.state),
        )


def _result_line(state: CoachState) -> str | None:
    """The test verdict for the panel ("Result: POSITIVE"); the cue box carries the words."""
    if state.result_code is None:
        return None
    return f"Result: {state.result_code.upper()}"
