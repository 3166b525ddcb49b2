"""The coach state folded from cue events, and the couch stretch's guided sequence."""

from __future__ import annotations

from formcheck.live.coach import CoachState, guided_step
from formcheck.types import CueEvent, Exercise


def fold(*events: CueEvent) -> CoachState:
    state = CoachState()
    for event in events:
        state.apply(event)
    return state


def test_the_newest_active_cue_is_shown_and_a_cleared_one_disappears():
    state = fold(
        CueEvent(1.0, "cue", "back_arch", "Ribs down — tuck your tailbone"),
        CueEvent(2.0, "cue", "shallow_range", "Let the thigh settle further behind you"),
    )
    assert state.active_cue == "Let the thigh settle further behind you"
    state.apply(CueEvent(3.0, "cue_clear", "shallow_range", ""))
    assert state.active_cue == "Ribs down — tuck your tailbone"
    state.apply(CueEvent(4.0, "cue_clear", "back_arch", ""))
    assert state.active_cue is None


def test_hold_and_rest_timers_run_from_the_events():
    state = fold(CueEvent(10.0, "hold_start", "press", "Press"))
    assert state.hold_elapsed_s(13.5) == 3.5 and state.rest_elapsed_s(13.5) is None
    state.apply(CueEvent(16.0, "hold_end", "press", "Relax", 6.0))
    assert state.hold_elapsed_s(17.0) is None and state.rest_elapsed_s(17.0) == 1.0


def test_the_couch_stretch_sequence_advances_exhale_then_presses_then_lock_in_reps():
    state = fold(CueEvent(0.0, "phase", "exhale_reset", "exhale reset"))
    assert guided_step(Exercise.COUCH_STRETCH, state, 12.0) == "Exhale reset 20–30 s"
    state.apply(CueEvent(25.0, "phase", "press", "press"))
    assert guided_step(Exercise.COUCH_STRETCH, state, 26.0) == "Floor press 1/4"
    state.apply(CueEvent(31.0, "count", "press", "Press 1", 1))
    state.apply(CueEvent(31.0, "phase", "relax", "relax"))
    assert guided_step(Exercise.COUCH_STRETCH, state, 32.0) == "Floor press 1/4"
    state.apply(CueEvent(37.0, "phase", "press", "press"))
    assert guided_step(Exercise.COUCH_STRETCH, state, 38.0) == "Floor press 2/4"
    state.apply(CueEvent(60.0, "phase", "lock_in", "lock in"))
    state.apply(CueEvent(61.0, "count", "lock_in_rep", "Rep 2", 2))
    assert guided_step(Exercise.COUCH_STRETCH, state, 62.0) == "Lock-in rep 3/10"


def test_the_thomas_test_shows_its_result_once_given():
    state = fold(CueEvent(9.0, "result", "negative", "Thigh stays flat — no tightness shown"))
    assert state.result == "Thigh stays flat — no tightness shown"
    assert guided_step(Exercise.THOMAS_TEST, state, 10.0) == "Test done"


def test_the_analyzers_set_up_cue_shows_until_a_phase_starts():
    state = fold(
        CueEvent(2.0, "setup", "not_in_position", "Lie back, working leg hanging off the couch edge")
    )
    assert state.setup_cue == "Lie back, working leg hanging off the couch edge"
    state.apply(CueEvent(3.0, "phase", "exhale_reset", "exhale reset"))
    assert state.setup_cue is None


def test_a_one_shot_cue_without_a_clear_leaves_the_screen_after_a_few_seconds():
    state = fold(CueEvent(7.0, "cue", "short_hold", "Hold 20–30 seconds"))
    state.expire(9.0)
    assert state.active_cue == "Hold 20–30 seconds"
    state.expire(12.5)
    assert state.active_cue is None


def test_a_lasting_mistake_cue_stays_until_cleared():
    state = fold(CueEvent(7.0, "cue", "back_arch", "Ribs down — tuck your tailbone"))
    state.expire(60.0)
    assert state.active_cue == "Ribs down — tuck your tailbone"


def _legs_apart_pose():
    import dataclasses

    from formcheck.landmarks import PoseLandmark as L
    from tests.feedback.helpers import standing_pose

    base = standing_pose(640, 480)
    points = base.landmarks_px.copy()
    points[int(L.LEFT_KNEE)] += (-60, 0)  # legs apart, so a label swap shows as a jump
    points[int(L.LEFT_ANKLE)] += (-90, 0)
    return dataclasses.replace(base, landmarks_px=points)


def _live_poses(raw):
    """The poses the live measurer hands to smoothing: its leg-identity stage, frame by frame."""
    from formcheck.kinematics.view import exchange_leg_labels
    from formcheck.live.measure import LiveMeasurer

    measurer = LiveMeasurer(30.0)
    out = []
    for pose in raw:
        identity = measurer.leg_identity.update(pose, 0)
        out.append(exchange_leg_labels(pose) if pose is not None and identity.exchanged else pose)
    return out


def test_the_live_leg_identity_undoes_a_short_swap_from_the_frame_it_happens_like_offline():
    import numpy as np

    from formcheck.kinematics.leg_identity import apply_leg_identity, track_leg_identity
    from formcheck.kinematics.view import exchange_leg_labels

    apart = _legs_apart_pose()
    # BlazePose swaps the labels at frame 3 and back at frame 7.
    raw = [apart] * 3 + [exchange_leg_labels(apart)] * 4 + [apart] * 3
    offline = apply_leg_identity(raw, track_leg_identity(raw, fps=30.0))
    for a, b in zip(offline, _live_poses(raw), strict=True):
        assert np.allclose(a.landmarks_px, apart.landmarks_px)  # offline: the swap is undone...
        assert np.allclose(b.landmarks_px, apart.landmarks_px)  # ...and live, without the future


def test_a_long_swap_stays_undone_live_as_offline():
    import numpy as np

    from formcheck.kinematics.leg_identity import apply_leg_identity, track_leg_identity
    from formcheck.kinematics.view import exchange_leg_labels

    apart = _legs_apart_pose()
    raw = [apart] * 3 + [exchange_leg_labels(apart)] * 300
    offline = apply_leg_identity(raw, track_leg_identity(raw, fps=30.0))
    live = _live_poses(raw)
    assert np.allclose(offline[-1].landmarks_px, apart.landmarks_px)  # the legs did not move
    assert np.allclose(live[-1].landmarks_px, apart.landmarks_px)


def test_the_cue_box_shows_the_phase_in_the_seeds_words_and_the_thomas_result_once_known():
    from formcheck.exercises.split_squat import cues as split_cues
    from formcheck.exercises.thomas_test import cues
    from formcheck.live.coach_view import guidance_cue

    state = fold(CueEvent(5.0, "phase", "hold", "hold"))
    assert guidance_cue(Exercise.SPLIT_SQUAT, state) == split_cues.PRESS_BACK_FOOT.live
    state = fold(CueEvent(5.0, "phase", "test", "test"))
    assert guidance_cue(Exercise.THOMAS_TEST, state) == "Look at the opposite leg (the one NOT hugged)"
    state.apply(CueEvent(8.0, "result", "positive", cues.THOMAS_POSITIVE.live))
    assert guidance_cue(Exercise.THOMAS_TEST, state) == cues.THOMAS_POSITIVE.live
