"""Couch stretch on hand-built angle streams that follow the studio's choreography."""

from __future__ import annotations

from dataclasses import replace

import pytest

from formcheck.exercises.base import UNMEASURED_THIGH_GRACE_S
from formcheck.exercises.couch_stretch.rules import CouchStretchAnalyzer, lower_quartile
from formcheck.pipeline import frame_records
from formcheck.types import Exercise, LumbarArch, MistakeCode, Side
from tests.exercises.choreography import (
    couch_frames,
    couch_timeline,
    overlaps,
    run_analyzer,
    with_swapped_legs,
)

COUCH = Exercise.COUCH_STRETCH


def test_a_correct_couch_stretch_counts_presses_and_reps_and_flags_nothing():
    # given: 22 s reset, 3 presses of 6 s, 12 lock-in reps with 2-s holds, thigh at -11..-20 deg
    result, _ = run_analyzer(COUCH, couch_frames(couch_timeline(presses=3, reps=12)))
    summary = result.summary
    assert result.mistakes == []
    assert summary["presses"] == 3
    assert summary["lock_in_reps"] == 12
    assert summary["press_durations_s"] == pytest.approx([6.0] * 3, abs=0.5)
    # each rep: 2.0 s at the top, plus the ramp frames within 5 deg of it
    assert summary["lock_in_hold_s"] == pytest.approx([2.0] * 12, abs=0.3)
    assert summary["lock_in_holds_reaching_target"] == 12
    assert summary["exhale_reset_s"] == pytest.approx(22.0, abs=1.0)
    assert result.side is Side.RIGHT
    assert "good form" in summary["verdict"]


@pytest.mark.parametrize("settle_deg", [2.0, 4.0])
def test_each_relax_reports_the_hip_extension_gained(settle_deg):
    # given: the thigh sinks settle_deg further during each relax, arch flat: hip extension grows as much
    result, _ = run_analyzer(COUCH, couch_frames(couch_timeline(presses=4, reps=10, settle_deg=settle_deg)))
    gains = result.summary["extension_gain_per_cycle_deg"]
    assert len(gains) == 4
    assert gains == pytest.approx([settle_deg] * 4, abs=1.0)
    assert result.summary["thigh_settle_per_cycle_deg"] == pytest.approx([settle_deg] * 4, abs=1.0)


def test_a_lumbar_arch_of_18_deg_for_6_s_is_flagged_over_its_time_range():
    timeline = couch_timeline()
    timeline.wobble(30.0, 36.0, "arch", 16.0, 1 / 12)  # half a sine: 2 -> 18 -> 2 deg over 30..36 s
    result, _ = run_analyzer(COUCH, couch_frames(timeline))
    (mistake,) = result.mistakes
    assert mistake.code is MistakeCode.BACK_ARCH
    assert overlaps(mistake, 31.0, 35.0)
    assert mistake.start_s >= 30.0 and mistake.end_s <= 36.0
    assert mistake.peak == pytest.approx(18.0, abs=2.5)
    assert mistake.message == "Ribs down, tailbone tucked"


def test_a_thigh_that_never_sinks_below_the_couch_line_is_shallow_range():
    result, _ = run_analyzer(COUCH, couch_frames(couch_timeline(thigh_deg=8.0, settle_deg=0.5)))
    codes = {m.code for m in result.mistakes}
    assert codes == {MistakeCode.SHALLOW_RANGE}
    (mistake,) = result.mistakes
    assert mistake.end_s - mistake.start_s > 100.0  # the whole stretch
    assert mistake.message == "Let the thigh settle further behind you"


def test_a_thigh_below_the_couch_line_on_an_arched_back_is_shallow_range():
    # given: the thigh 14-23 deg below the couch line (the landmark proxy's "deep"), but a 22-deg arch
    # with the trunk-thigh angle unchanged: the arch tipped the pelvis, and the hip sits in
    # -t2h - 2 (trunk) - 22 = -8..+1 deg of extension, never the 5 deg the label calls clean
    result, _ = run_analyzer(COUCH, couch_frames(couch_timeline(thigh_deg=-14.0, settle_deg=2.0, arch=22.0)))
    assert MistakeCode.SHALLOW_RANGE in {m.code for m in result.mistakes}
    proxy = result.summary["range"]["landmark_proxy"]
    assert proxy["angle"] == "thigh_to_horizontal_deg"
    assert proxy["would_call_shallow"] is False
    assert proxy["median_deg"] < -10.0


def test_a_deep_couch_stretch_reports_its_range_and_the_proxy_beside_it():
    result, _ = run_analyzer(COUCH, couch_frames(couch_timeline()))
    assert result.mistakes == []
    reading = result.summary["range"]
    assert reading["hip_extension_measured_fraction"] == 1.0
    assert reading["not_judged_spans_s"] == []
    # the choreography's hip extension is -thigh - 2 (trunk) - 2 (arch): the thigh at -11..-20
    assert 7.0 <= reading["median_hip_extension_deg"] <= 16.0
    assert reading["landmark_proxy"]["would_call_shallow"] is False


def test_the_live_event_stream_counts_each_press_and_rep_as_it_ends():
    result, emitted = run_analyzer(COUCH, couch_frames(couch_timeline(presses=3, reps=11)))
    counts = [(e.code, e.value) for e in emitted if e.kind == "count"]
    assert counts == [("press", 1), ("press", 2), ("press", 3)] + [("lock_in_rep", n) for n in range(1, 12)]
    assert emitted == result.events[: len(emitted)]
    phases = [e.code for e in emitted if e.kind == "phase"]
    assert phases[:4] == ["exhale_reset", "press", "relax", "press"]
    assert "lock_in" in phases and "lock_in_rest" in phases


def test_a_left_right_label_swap_mid_stretch_does_not_lose_the_working_leg():
    # given: BlazePose swaps the leg labels for 10 s during the lock-in reps
    frames = with_swapped_legs(couch_frames(couch_timeline(presses=3, reps=12)), 62.0, 72.0)
    result, _ = run_analyzer(COUCH, frames)
    assert result.summary["lock_in_reps"] == 12
    assert result.side is Side.RIGHT


def test_the_working_leg_is_the_hanging_one_whichever_side_it_is():
    for side in Side:
        frames = couch_frames(couch_timeline(), side=side)
        assert CouchStretchAnalyzer.choose_side(frames, None) is side


def test_an_impossible_arch_reading_is_treated_as_unmeasurable_not_as_a_huge_arch():
    # given: the mask artefact seen on rendered lock-in reps: readings of ~120 deg during each heel pull
    frames = [
        replace(f, lumbar=LumbarArch(120.0, 0.6)) if 60.0 <= f.timestamp_s <= 100.0 else f
        for f in couch_frames(couch_timeline(presses=3, reps=10))
    ]
    result, _ = run_analyzer(COUCH, frames)
    assert result.mistakes == []
    assert result.summary["max_lumbar_arch_deg"] < 10.0
    assert "mask artefacts" in result.summary["arch_note"]


def test_an_arch_hovering_around_the_line_gives_one_cue_not_a_flicker():
    # given: from 30 to 40 s the arch swings 12..18 deg at 1 Hz (crossing the on-line every half second)
    timeline = couch_timeline()
    timeline.wobble(30.0, 40.0, "arch", 3.0, 1.0)
    frames = [
        replace(f, lumbar=LumbarArch(f.lumbar.arch_deg + 13.0, 0.9)) if 30.0 <= f.timestamp_s <= 40.0 else f
        for f in couch_frames(timeline)
    ]
    result, emitted = run_analyzer(COUCH, frames)
    assert [m.code for m in result.mistakes] == [MistakeCode.BACK_ARCH]
    assert sum(1 for e in emitted if e.kind == "cue" and e.code == "back_arch") == 1
    assert overlaps(result.mistakes[0], 31.0, 39.0)


def test_the_thigh_level_is_the_lower_quartile_with_linear_interpolation():
    # position 0.25 * (n - 1) in the sorted values, interpolated: by hand
    assert lower_quartile([5.0, 1.0, 3.0, 2.0, 4.0]) == pytest.approx(2.0)  # index 1
    assert lower_quartile([4.0, 1.0, 3.0, 2.0]) == pytest.approx(1.75)  # index 0.75
    assert lower_quartile([7.0]) == pytest.approx(7.0)


def _thigh_lost(frame, side: Side):
    """The frame with the working thigh's angles unmeasurable (a knee landmark found off the knee)."""
    leg = replace(
        frame.leg(side),
        trunk_thigh_deg=None,
        thigh_inclination_deg=None,
        thigh_to_horizontal_deg=None,
        hip_extension_deg=None,
    )
    return replace(frame, **{side.value: leg})


def test_frames_that_only_lose_the_working_thigh_keep_the_position_for_a_short_while():
    frames = couch_frames(couch_timeline())
    # the exhale reset is under way at 8 s; lose the thigh for 1 s there, and for 5 s later on
    short = [i for i, f in enumerate(frames) if 8.0 <= f.timestamp_s < 9.0]
    long = [i for i, f in enumerate(frames) if 12.0 <= f.timestamp_s < 17.0]
    for i in short + long:
        frames[i] = _thigh_lost(frames[i], Side.RIGHT)
    result, _ = run_analyzer(Exercise.COUCH_STRETCH, frames, side=Side.RIGHT)
    assert all(result.phases[i] != "setup" for i in short)
    held = [i for i in long if frames[i].timestamp_s - 12.0 < UNMEASURED_THIGH_GRACE_S - 0.1]
    dropped = [i for i in long if frames[i].timestamp_s - 12.0 > UNMEASURED_THIGH_GRACE_S + 0.1]
    assert all(result.phases[i] != "setup" for i in held)
    assert all(result.phases[i] == "setup" for i in dropped)


def test_a_clean_back_is_not_claimed_when_it_went_unseen():
    frames = [
        replace(f, lumbar=LumbarArch(None, 0.0, "arm over the back")) for f in couch_frames(couch_timeline())
    ]
    result, _ = run_analyzer(COUCH, frames)
    assert result.mistakes == []
    verdict = result.summary["verdict"]
    assert "ribs down" not in verdict
    assert verdict.endswith("good form: the hip in true extension; back arch not judged (arm over the back).")


def test_where_the_labels_stay_exchanged_the_rows_follow_the_hanging_leg_not_the_label():
    # given: the mechanism behind couch-stretch_correct_right at 30 deg yaw: the leg identity could not
    # undo an exchange of BlazePose's labels, so from 60 s on "right" is the raised leg and "left" the
    # hanging one, while the label that hung longest (right) is the clip's working side
    frames = with_swapped_legs(couch_frames(couch_timeline(presses=3, reps=12)), 60.0, 10_000.0)
    swapped = [f.timestamp_s >= 60.0 for f in frames]
    # when
    result, _ = run_analyzer(COUCH, frames)
    rows = frame_records(frames, result.side, result.phases, result.frame_sides)
    # then: one working side for the set; the rules judged the hanging leg in every frame in position,
    # and the report's rows show that leg's thigh (below the couch line), never the raised thigh
    assert result.side is Side.RIGHT
    judged = [(side, exchanged) for side, exchanged in zip(result.frame_sides, swapped, strict=True) if side]
    assert judged and all(side is (Side.LEFT if exchanged else Side.RIGHT) for side, exchanged in judged)
    assert any(exchanged for _, exchanged in judged)
    in_position = [row for row, side in zip(rows, result.frame_sides, strict=True) if side is not None]
    assert all(row.thigh_to_horizontal_deg < 0.0 for row in in_position)


def test_without_the_judged_sides_the_rows_read_the_one_label_whatever_leg_it_is_on():
    # (what the report did before: the raised thigh under the working side's label)
    frames = with_swapped_legs(couch_frames(couch_timeline(presses=3, reps=12)), 60.0, 10_000.0)
    result, _ = run_analyzer(COUCH, frames)
    rows = frame_records(frames, result.side, result.phases)
    assert any(row.thigh_to_horizontal_deg > 0.0 for row in rows if row.t >= 60.0)
