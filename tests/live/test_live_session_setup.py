"""Nothing is scored until the set-up is right; set-up problems are announced as events."""

from __future__ import annotations

import dataclasses

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.live.measure import LiveMeasurer
from formcheck.live.session import FrameInputs, LiveCoach
from formcheck.types import Exercise, PoseFrame
from tests.feedback.helpers import standing_pose


class RecordingAnalyzer:
    """Remembers whether each frame reached it with a person."""

    side = None

    def __init__(self) -> None:
        self.saw_person: list[bool] = []

    def update(self, angles, pose):
        self.saw_person.append(angles.has_pose and pose is not None)
        return []

    def finish(self):
        return dataclasses.make_dataclass("R", ["phases", "mistakes", "summary"])([], [], {})


def frames(count: int, fps: float, *, cut_feet_until: int):
    good = standing_pose(640, 480)
    points = good.landmarks_px.copy()
    for landmark in (
        L.LEFT_ANKLE,
        L.RIGHT_ANKLE,
        L.LEFT_HEEL,
        L.RIGHT_HEEL,
        L.LEFT_FOOT_INDEX,
        L.RIGHT_FOOT_INDEX,
    ):
        points[int(landmark), 1] = 530.0  # feet below the bottom edge
    cut = dataclasses.replace(good, landmarks_px=points)
    for index in range(count):
        pose = cut if index < cut_feet_until else good
        yield PoseFrame(index, index / fps, (640, 480), pose, None)


def test_frames_reach_the_analyzer_as_no_person_until_one_good_second_has_passed():
    analyzer = RecordingAnalyzer()
    coach = LiveCoach(Exercise.SPLIT_SQUAT, lambda side: analyzer, LiveMeasurer(30.0))
    events = []
    for frame in frames(120, 30.0, cut_feet_until=30):
        events += coach.step(FrameInputs(frame, mean_luma=120.0)).events
    first_scored = analyzer.saw_person.index(True)
    # Feet back in frame at frame 30; the gate wants 1 s (30 frames) of good set-up.
    assert 58 <= first_scored <= 62
    setup = [(e.code, round(e.t, 2)) for e in events if e.kind == "setup"]
    assert setup[0] == ("not_in_frame", 0.0)
    assert ("ready", round(first_scored / 30.0, 2)) in setup


def test_set_up_guidance_is_on_the_overlay_until_scoring_starts():
    analyzer = RecordingAnalyzer()
    coach = LiveCoach(Exercise.SPLIT_SQUAT, lambda side: analyzer, LiveMeasurer(30.0))
    views = [coach.step(FrameInputs(f, mean_luma=120.0)).view for f in frames(90, 30.0, cut_feet_until=30)]
    assert views[0].setup_messages == ("Step back — hips, knees and ankles must be in frame",)
    assert views[-1].setup_messages == ()
    assert views[0].step == "Set-up"


def test_a_dark_room_is_named():
    analyzer = RecordingAnalyzer()
    coach = LiveCoach(Exercise.COUCH_STRETCH, lambda side: analyzer, LiveMeasurer(30.0))
    frame = next(frames(1, 30.0, cut_feet_until=0))
    view = coach.step(FrameInputs(frame, mean_luma=float(np.float32(12.0)))).view
    assert view.setup_messages[0].startswith("Too dark")
