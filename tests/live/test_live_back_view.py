"""Live: the coach asks the person to move an arm that hides their back, and only then."""

from __future__ import annotations

from formcheck.live.back_view import ARM_OVER_BACK, HIDDEN_BACK_HINT, HiddenBackWatch
from formcheck.live.measure import LiveMeasurer
from formcheck.live.session import FrameInputs, LiveCoach
from formcheck.types import BackContour, Exercise, LumbarArch, PoseFrame
from tests.feedback.helpers import standing_pose
from tests.live.test_live_session_setup import RecordingAnalyzer

HIDDEN = LumbarArch(None, 0.0, ARM_OVER_BACK)
SEEN = LumbarArch(4.0, 0.9)


def feed(watch: HiddenBackWatch, lumbars, fps: float = 10.0, scoring: bool = True):
    return [
        (round(i / fps, 1), c)
        for i, a in enumerate(lumbars)
        if (c := watch.update(i / fps, a, scoring)) is not None
    ]


def test_the_hint_comes_after_two_hidden_seconds_and_goes_once_the_back_is_seen_again():
    watch = HiddenBackWatch()
    changes = feed(watch, [HIDDEN] * 25 + [SEEN] * 15)
    assert changes[0] == (2.0, True)  # a full 2-s window, all hidden
    # seen from 2.5 s: the last second is at most 30 % hidden from 3.2 s on (3 of 11 frames)
    assert changes[1] == (3.2, False) and len(changes) == 2


def test_an_arm_caught_in_most_frames_but_not_all_still_brings_the_hint():
    watch = HiddenBackWatch()
    flicker = ([HIDDEN] * 4 + [SEEN]) * 6  # 80 % hidden: the limb check misses some frames
    assert feed(watch, flicker)[0][1] is True


def test_half_hidden_backs_and_other_reasons_stay_silent():
    watch = HiddenBackWatch()
    half = [HIDDEN, SEEN] * 20
    heel = [LumbarArch(None, 0.0, "foot or shin against the back or buttock")] * 40  # the lock-in
    assert feed(watch, half + heel) == []


def test_set_up_guidance_takes_over_silently_and_the_wait_starts_afresh():
    watch = HiddenBackWatch()
    feed(watch, [HIDDEN] * 25)
    assert watch.showing
    assert watch.update(3.0, HIDDEN, scoring=False) is None and not watch.showing
    assert feed(watch, [HIDDEN] * 15) == []  # 1.5 s of scoring again: not yet


def test_the_cue_box_asks_to_move_the_arm_while_scoring_and_the_event_is_recorded():
    pose = standing_pose(640, 480)
    coach = LiveCoach(Exercise.SPLIT_SQUAT, lambda side: RecordingAnalyzer(), LiveMeasurer(30.0))
    hidden_back = BackContour(None, 0.0, ARM_OVER_BACK)
    outcomes = [
        coach.step(FrameInputs(PoseFrame(i, i / 30.0, (640, 480), pose, hidden_back), mean_luma=120.0))
        for i in range(150)
    ]
    hint_events = [e for o in outcomes for e in o.events if e.code == "back_hidden"]
    assert [e.message for e in hint_events] == [HIDDEN_BACK_HINT]
    # scoring starts after 1 s of good set-up, the hint 2 s later
    assert 2.9 <= hint_events[0].t <= 3.1
    assert outcomes[-1].view.cue == HIDDEN_BACK_HINT and not outcomes[-1].view.cue_is_mistake
    assert outcomes[60].view.cue != HIDDEN_BACK_HINT
