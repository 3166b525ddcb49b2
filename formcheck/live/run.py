"""``formcheck live``: the capture -> pose -> coach -> overlay -> window/recording loop.

Two threads: the capture thread reads the camera or file (``NewestFrameGrabber``); this thread
poses the newest frame and does everything after it in turn (``PoseStage`` says why in one).

Ends cleanly however the session ends (q, Ctrl-C or SIGTERM, end of file, a file damaged part-way,
a camera unplugged, a reader that closed the event stream): the report, the recording and the
snapshot are written from whatever was processed, and the report's ``stopped_early`` says where a
file stopped (damage, or an interruption) exactly as ``analyze`` would.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from formcheck.exercises import create_analyzer
from formcheck.exercises.profile import Profile, load_profile
from formcheck.feedback.audio import AudioCues
from formcheck.feedback.overlay import draw_overlay
from formcheck.feedback.window import Key, LiveWindow, write_png
from formcheck.live.event_stream import EventStream
from formcheck.live.grabber import GrabberStats, NewestFrameGrabber
from formcheck.live.guidance import mean_luma
from formcheck.live.inspect import MaskInspectingEstimator
from formcheck.live.interrupts import FrameBoundary
from formcheck.live.measure import LiveMeasurer
from formcheck.live.outputs import FpsMeter, PacedRecorder, event_json, play_event
from formcheck.live.pose_stage import PosedFrame, PoseStage
from formcheck.live.report import build_live_report
from formcheck.live.session import FrameInputs, LiveCoach
from formcheck.live.snapshot import SnapshotPicker
from formcheck.observation import observe_frame
from formcheck.outputs.writer import ExtraOutput, OutputRequest, write_outputs
from formcheck.pipeline import INTERRUPTED
from formcheck.pose import create_estimator
from formcheck.sources import open_source
from formcheck.sources.base import FrameSource
from formcheck.types import CueEvent, Exercise, Frame, Pose, PoseFrame, Report, Side, StoppedEarly

CPU_MARK_FRAME = 5  # the model's warm-up is over by then
# A camera frame that waited longer than this share of a frame interval for the loop is dropped for
# the next one (``NewestFrameGrabber``): the frame-to-overlay latency stays about one model run.
STALE_FRAME_SHARE = 0.25
LUMA_EVERY_FRAMES = 10


class EndedBy:
    QUIT = "quit"
    INTERRUPT = "interrupt"
    END_OF_FILE = "end_of_file"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True, slots=True)
class LiveOptions:
    exercise: Exercise
    source: str | int | Path = 0
    side: Side | None = None
    profile_path: Path | None = None
    record_path: Path | None = None
    json_path: Path | None = None
    snapshot_path: Path | None = None
    snapshot_at_s: float | None = None
    headless: bool = False
    realtime: bool = False
    audio: bool = True
    speak: bool = True
    model: str = "blazepose-full"
    resize: int | None = None
    # None: draw only when someone looks (window, recording, snapshot); True: always (benchmark).
    draw: bool | None = None

    @property
    def needs_overlay(self) -> bool:
        if self.draw is not None:
            return self.draw
        return not self.headless or self.record_path is not None or self.snapshot_path is not None


@dataclass(slots=True)
class LiveOutcome:
    report: Report
    ended_by: str
    grabber: GrabberStats
    latencies_s: list[float]
    wall_s: float
    events: list[CueEvent]
    stage_s: dict[str, list[float]] = dataclasses.field(default_factory=dict)  # wall seconds per frame
    completed_s: list[float] = dataclasses.field(default_factory=list)
    steady_cpu_ms_per_frame: float | None = None  # process CPU per frame after the warm-up
    pose_cpu_ms_per_frame: float | None = None  # the loop thread's CPU in the pose stage (Python side)
    events_closed_by_reader: bool = False  # stdout's reader went away (``| head -1``)
    stage_cpu_s: dict[str, list[float]] = dataclasses.field(default_factory=dict)  # the loop thread's CPU

    @property
    def processed_fps(self) -> float:
        return self.report.frames_total / self.wall_s if self.wall_s > 0 else 0.0


def run_live(
    options: LiveOptions,
    *,
    out: TextIO = sys.stdout,
    profile: Profile | None = None,
    estimator_factory=None,
    window_factory=LiveWindow,
    source: FrameSource | None = None,
    observe: Callable[[Frame], PoseFrame] | None = None,
) -> LiveOutcome:
    """Run one live session to its end and write its outputs; returns what happened.

    ``source`` (already open) replaces ``options.source``: the speed benchmark feeds frames from
    memory that way; ``estimator_factory`` and ``window_factory`` are the other seams, and
    ``observe`` (frame -> PoseFrame) replaces the pose stage entirely (tests replay a recorded
    track through it, back contours included).
    """
    profile = profile or load_profile(options.profile_path)
    with ExitStack() as stack:
        # The window first: no display is a one-line error before the camera and model are opened.
        window = None if options.headless else window_factory()
        if window is not None:
            stack.callback(window.close)
        if source is None:
            source = stack.enter_context(open_source(options.source, resize=options.resize))
        estimator = MaskInspectingEstimator(
            stack.enter_context(_make_estimator(options, estimator_factory, observe))
        )
        lossless = not source.is_live and not options.realtime
        paced = not source.is_live and options.realtime
        max_age_s = STALE_FRAME_SHARE / source.fps if source.fps and source.fps > 0 else None
        grabber = stack.enter_context(
            NewestFrameGrabber(source, lossless=lossless, paced=paced, max_age_s=max_age_s)
        )
        poser = PoseStage(
            grabber, observe or estimator.estimate, model_seconds=lambda: estimator.last_estimate_s
        )
        recorder = PacedRecorder.opened(options.record_path, source.fps, source.size)
        stack.callback(recorder.close)  # a failed recording is kept, raised after the other outputs
        audio = AudioCues(enabled=options.audio, speak=options.speak)
        stack.callback(audio.close)
        coach = LiveCoach(
            exercise=options.exercise,
            make_analyzer=lambda side: create_analyzer(
                options.exercise, profile=profile, side=side, fps=source.fps
            ),
            measurer=LiveMeasurer(source.fps),
            profile=profile,
            side=options.side,
        )
        events = EventStream(out)
        loop = _Loop(options, coach, grabber, poser, estimator, recorder, audio, window, events)
        with FrameBoundary().installed() as boundary:
            ended_by = loop.run(is_live=source.is_live, boundary=boundary)
        outcome = loop.finish(source, ended_by)
    write_outputs(outcome.report, _output_request(options, loop.snapshots, recorder))
    return outcome


class _GivenPose:
    """An "estimator" that returns a pose the pose stage already estimated, so that
    ``observe_frame`` (the pipeline's one place that builds PoseFrames and measures the back from
    the mask) measures the back as its own, separately timed stage."""

    def __init__(self, pose: Pose | None) -> None:
        self.pose = pose

    def estimate(self, frame: Frame) -> Pose | None:
        return self.pose


def _as_pose_frame(frame: Frame, result: Pose | PoseFrame | None) -> PoseFrame:
    if isinstance(result, PoseFrame):  # a replayed track: already measured
        return result
    return observe_frame(frame, _GivenPose(result))


class _NoEstimator:
    """Stands in for the model when ``observe`` replays recorded poses."""

    name = "replay"

    def estimate(self, frame: Frame) -> None:
        return None

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _make_estimator(options: LiveOptions, factory, observe):
    if factory is not None:
        return factory()
    if observe is not None:
        return _NoEstimator()
    return create_estimator(options.model, mode="video", segmentation=True)


@dataclass(slots=True)
class _Loop:
    options: LiveOptions
    coach: LiveCoach
    grabber: NewestFrameGrabber
    poser: PoseStage
    estimator: MaskInspectingEstimator
    recorder: PacedRecorder
    audio: AudioCues
    window: LiveWindow | None
    events_out: EventStream
    snapshots: SnapshotPicker = dataclasses.field(default_factory=SnapshotPicker)
    fps_meter: FpsMeter = dataclasses.field(default_factory=FpsMeter)
    latencies_s: list[float] = dataclasses.field(default_factory=list)
    events: list[CueEvent] = dataclasses.field(default_factory=list)
    stage_s: dict[str, list[float]] = dataclasses.field(default_factory=dict)  # wall seconds
    stage_cpu_s: dict[str, list[float]] = dataclasses.field(default_factory=dict)  # this thread's CPU
    completed_s: list[float] = dataclasses.field(default_factory=list)  # monotonic, overlay drawn
    cpu_mark: tuple[int, float] | None = None  # (frames done, process CPU s) after the warm-up
    started_s: float = 0.0
    paused: bool = False
    _last_image: object = None
    _luma: float | None = None
    _last_frame: Frame | None = None  # the last frame processed (where an interruption stops)

    def run(self, *, is_live: bool, boundary: FrameBoundary | None = None) -> str:
        self.started_s = time.monotonic()
        self.snapshots.at_s = self.options.snapshot_at_s
        boundary = boundary or FrameBoundary()
        try:
            while True:
                if self.paused:
                    if self._handle_key(self.window.show(self._last_image, wait_ms=30)) == EndedBy.QUIT:
                        return EndedBy.QUIT
                    self.poser.skip()  # discard what came in meanwhile: resume on the newest
                    continue
                posed = self.poser.next(timeout_s=5.0 if is_live else None)
                if posed is None:
                    if self.poser.finished or not is_live:
                        return EndedBy.DISCONNECTED if is_live else EndedBy.END_OF_FILE
                    return EndedBy.DISCONNECTED  # a camera silent for 5 s counts as gone
                with boundary.inside():  # a signal now is raised once this frame is complete
                    key = self._process(posed)
                if key == EndedBy.QUIT:
                    return EndedBy.QUIT
        except KeyboardInterrupt:
            return EndedBy.INTERRUPT

    def _timed(self, stage: str, started: tuple[float, float]) -> tuple[float, float]:
        """Records the stage's wall and CPU seconds since ``started``; returns now."""
        now = (time.perf_counter(), time.thread_time())
        self._record(stage, started, now)
        return now

    def _record(self, stage: str, started: tuple[float, float], ended: tuple[float, float]) -> None:
        self.stage_s.setdefault(stage, []).append(ended[0] - started[0])
        self.stage_cpu_s.setdefault(stage, []).append(ended[1] - started[1])

    def _process(self, posed: PosedFrame) -> str | None:
        grabbed, frame = posed.grabbed, posed.grabbed.frame
        self.stage_s.setdefault("pose", []).append(posed.pose_s)
        self.stage_cpu_s.setdefault("pose", []).append(posed.pose_cpu_s)
        if posed.model_s is not None:
            self.stage_s.setdefault("model", []).append(posed.model_s)
        mark = started = (time.perf_counter(), time.thread_time())
        pose_frame = _as_pose_frame(frame, posed.result)
        mark = self._timed("back contour", mark)
        if self._luma is None or len(self.completed_s) % LUMA_EVERY_FRAMES == 0:
            self._luma = mean_luma(frame.image, step_px=16)  # light changes slowly: sample it
        inputs = FrameInputs(pose_frame, self._luma, self.estimator.other_person_share)
        outcome = self.coach.step(inputs, with_view=self.options.needs_overlay)
        mark = self._timed("kinematics+rules", mark)
        for event in outcome.events:
            self.events.append(event)
            if self.options.headless:
                self.events_out.write_line(event_json(event))
            play_event(self.audio, event)
        mark = self._timed("events", mark)
        view, image = outcome.view, frame.image
        if self.options.needs_overlay:  # headless without a recording or snapshot: nobody sees it
            view = dataclasses.replace(
                view, fps=self.fps_meter.tick(time.monotonic()), dropped_frames=self.grabber.stats.dropped
            )
            image = draw_overlay(frame.image, view)
        mark = self._timed("overlay", mark)
        self._record("after the model", started, mark)  # the stages back to back: no clock read more
        done = time.monotonic()
        self.completed_s.append(done)
        if len(self.completed_s) == CPU_MARK_FRAME:  # process_time is costly with many threads
            self.cpu_mark = (len(self.completed_s), time.process_time())
        self.latencies_s.append(done - grabbed.captured_at_s)
        self.recorder.write(image, grabbed.sequence)
        if self.options.snapshot_path is not None and view is not None:
            self.snapshots.consider(image, view, frame.timestamp_s)
        self._last_image = image
        self._last_frame = frame
        if self.window is not None:
            return self._handle_key(self.window.show(image))
        return None

    def _handle_key(self, key: Key | None) -> str | None:
        if key is Key.QUIT:
            return EndedBy.QUIT
        if key is Key.PAUSE:
            self.paused = not self.paused
        elif key is Key.SWITCH_SIDE:
            self.coach.switch_side()
        elif key is Key.RESTART:
            self.coach.restart()
        return None

    def stopped_early(self, source: FrameSource, ended_by: str) -> StoppedEarly | None:
        """Where a file stopped before its end: damage (as the source saw it) or an interruption.

        A camera or a stream has no end to stop before: only the damage the source noted counts.
        """
        if source.stopped_early is not None:
            return source.stopped_early
        if source.is_live or self._last_frame is None:
            return None
        last = self._last_frame
        at_s = round(last.timestamp_s + 1.0 / source.fps, 3)
        next_index = last.index + 1  # live reads every frame of a file (no stride)
        if ended_by == EndedBy.INTERRUPT:
            return StoppedEarly(at_s=at_s, frame_index=next_index, reason=INTERRUPTED)
        if self.grabber.error is not None:  # reading the file raised: the frames before still count
            reason = f"reading the file failed: {self.grabber.error}".splitlines()[0]
            return StoppedEarly(at_s=at_s, frame_index=next_index, reason=reason)
        return None

    def finish(self, source: FrameSource, ended_by: str) -> LiveOutcome:
        source_name, fps = source.name, source.fps
        stopped_early = self.stopped_early(source, ended_by)
        sets = self.coach.finish()
        stats = self.grabber.stats
        warnings = []
        if ended_by == EndedBy.DISCONNECTED:
            reason = f": {self.grabber.error}" if self.grabber.error else ""
            warnings.append(
                f"live: the camera stopped delivering frames{reason}; report covers what was seen"
            )
        report = build_live_report(
            source_name=source_name,
            exercise=self.coach.exercise,
            fps=fps,
            angles=self.coach.angles,
            sets=sets,
            dropped_frames=stats.dropped,
            ended_by=ended_by,
            warnings=warnings,
            stopped_early=stopped_early,
        )
        wall = time.monotonic() - self.started_s
        if self.options.headless:
            self.events_out.write_line(
                json.dumps(
                    {
                        "kind": "end",
                        "ended_by": ended_by,
                        "frames": report.frames_total,
                        "dropped": stats.dropped,
                        "fps": round(report.frames_total / wall, 2) if wall else None,
                    }
                )
            )
        return LiveOutcome(
            report,
            ended_by,
            stats,
            self.latencies_s,
            wall,
            self.events,
            stage_s=self.stage_s,
            stage_cpu_s=self.stage_cpu_s,
            completed_s=self.completed_s,
            steady_cpu_ms_per_frame=self._steady_cpu_ms(),
            pose_cpu_ms_per_frame=1000.0 * self.poser.thread_cpu_s / max(1, len(self.completed_s)),
            events_closed_by_reader=self.events_out.closed_by_reader,
        )

    def _steady_cpu_ms(self) -> float | None:
        if self.cpu_mark is None or len(self.completed_s) <= self.cpu_mark[0]:
            return None
        frames, cpu_s = self.cpu_mark
        return 1000.0 * (time.process_time() - cpu_s) / (len(self.completed_s) - frames)


def _output_request(
    options: LiveOptions, snapshots: SnapshotPicker, recorder: PacedRecorder
) -> OutputRequest:
    """The report and the snapshot; the recording was written during the session (a failure there
    is reported after them)."""
    extras = ()
    if options.snapshot_path is not None and snapshots.best is not None:
        best = snapshots.best
        extras = (
            ExtraOutput(
                "snapshot", options.snapshot_path, lambda path: write_png(path, best), "the snapshot"
            ),
        )
    return OutputRequest(
        json=options.json_path,
        extras=extras,
        failed_before=(recorder.failure,) if recorder.failure is not None else (),
    )
