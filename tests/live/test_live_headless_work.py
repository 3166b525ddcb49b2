"""A headless session skips the drawing and the overlay's view, and nothing else changes."""

from __future__ import annotations

import io

from formcheck.exercises import create_analyzer
from formcheck.live.measure import LiveMeasurer
from formcheck.live.run import LiveOptions, run_live
from formcheck.live.session import FrameInputs, LiveCoach
from formcheck.outputs.json_report import read_report_json
from formcheck.types import Exercise
from tests.live.fakes import FakeEstimator, FakeSource
from tests.live.test_live_session_setup import frames


def coach() -> LiveCoach:
    return LiveCoach(
        exercise=Exercise.SPLIT_SQUAT,
        make_analyzer=lambda side: create_analyzer(Exercise.SPLIT_SQUAT, side=side, fps=30.0),
        measurer=LiveMeasurer(30.0),
    )


def test_a_step_without_the_view_gives_the_same_events_and_angles():
    with_view, without_view = coach(), coach()
    events_seen = 0
    for frame in frames(90, 30.0, cut_feet_until=30):  # set-up problems, then scoring
        drawn = with_view.step(FrameInputs(frame, mean_luma=120.0))
        headless = without_view.step(FrameInputs(frame, mean_luma=120.0), with_view=False)
        assert headless.view is None and drawn.view is not None
        assert headless.events == drawn.events and headless.angles == drawn.angles
        events_seen += len(drawn.events)
    assert events_seen > 0  # the comparison covered frames that produced events
    assert with_view.state == without_view.state


def run(tmp_path, name: str, draw: bool | None):
    out = io.StringIO()
    options = LiveOptions(
        exercise=Exercise.SPLIT_SQUAT, headless=True, audio=False, json_path=tmp_path / name, draw=draw
    )
    outcome = run_live(options, out=out, source=FakeSource(60), estimator_factory=FakeEstimator)
    return outcome, out.getvalue().splitlines()


def test_a_headless_session_reports_the_same_whether_the_overlay_is_drawn_or_not(tmp_path):
    drawn, drawn_lines = run(tmp_path, "drawn.json", draw=True)
    headless, headless_lines = run(tmp_path, "headless.json", draw=None)
    assert headless.events == drawn.events and len(drawn.events) > 0
    assert headless_lines[:-1] == drawn_lines[:-1]  # the last line carries the measured fps
    assert read_report_json(tmp_path / "headless.json") == read_report_json(tmp_path / "drawn.json")
    # the CPU each loop spent drawing: real work when drawn, next to nothing when not
    assert sum(headless.stage_cpu_s["overlay"]) < 0.2 * sum(drawn.stage_cpu_s["overlay"])
