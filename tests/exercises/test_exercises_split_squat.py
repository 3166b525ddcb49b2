"""Split-squat isometric on hand-built angle streams that follow the studio's choreography."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.exercises.split_squat import SplitSquatAnalyzer
from formcheck.types import Exercise, MistakeCode, Side
from tests.exercises.choreography import overlaps, run_analyzer, split_frames, split_timeline

SPLIT = Exercise.SPLIT_SQUAT
# split_timeline: stand 2 s, lower 2 s, hold, rise 2 s, rest 4 s; hold k (0-based) starts at
# 4 + k * (hold_s + 8) and ends hold_s later.


def _hold_windows(holds: int, hold_s: float) -> list[tuple[float, float]]:
    return [(4.0 + k * (hold_s + 8.0), 4.0 + k * (hold_s + 8.0) + hold_s) for k in range(holds)]


def test_three_still_25_s_holds_are_timed_counted_per_side_and_flag_nothing():
    result, _ = run_analyzer(SPLIT, split_frames(split_timeline(holds=3, hold_s=25.0), side=Side.LEFT))
    summary = result.summary
    assert result.mistakes == []
    assert summary["holds"] == 3
    # the plateau is 25 s; frames of the last 0.33 s of lowering / first of rising lie within 15 deg
    assert summary["hold_s"] == pytest.approx([25.0] * 3, abs=1.0)
    assert summary["holds_by_side"] == {"left": pytest.approx([25.0] * 3, abs=1.0)}
    for (start, end), (got_start, got_end) in zip(
        _hold_windows(3, 25.0), summary["hold_ranges_s"], strict=True
    ):
        assert got_start == pytest.approx(start, abs=0.5)
        assert got_end == pytest.approx(end, abs=0.5)
    assert result.side is Side.LEFT


def test_holds_under_20_s_are_short_hold_each_with_its_own_time_range():
    result, emitted = run_analyzer(SPLIT, split_frames(split_timeline(holds=2, hold_s=12.0)))
    short = [m for m in result.mistakes if m.code is MistakeCode.SHORT_HOLD]
    assert [m.code for m in result.mistakes] == [MistakeCode.SHORT_HOLD] * 2
    for mistake, (start, end) in zip(short, _hold_windows(2, 12.0), strict=True):
        assert overlaps(mistake, start, end)
        assert mistake.peak == pytest.approx(12.0, abs=1.0)
        assert mistake.message == "Hold this position for 20–30 seconds"
    assert sum(1 for e in emitted if e.kind == "cue" and e.code == "short_hold") == 2


def test_bouncing_during_one_hold_is_flagged_only_there():
    # given: the second hold (37..62 s) bounces +-9 deg at 1 Hz between 40 and 52 s
    timeline = split_timeline(holds=3, hold_s=25.0).wobble(40.0, 52.0, "front_knee", 9.0, 1.0)
    result, _ = run_analyzer(SPLIT, split_frames(timeline))
    (mistake,) = result.mistakes
    assert mistake.code is MistakeCode.BOUNCING
    assert overlaps(mistake, 41.0, 51.0)
    assert mistake.start_s >= 39.0 and mistake.end_s <= 54.0
    assert mistake.message == "No bouncing or movement — this is a static tension hold"


def test_a_bounce_smaller_than_the_noise_band_is_not_bouncing():
    timeline = split_timeline(holds=1, hold_s=25.0).wobble(8.0, 20.0, "front_knee", 2.0, 1.0)
    result, _ = run_analyzer(SPLIT, split_frames(timeline))
    assert result.mistakes == []


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        pytest.param(
            {"front_shin": 35.0},
            MistakeCode.KNEE_PAST_ANKLE,
            "Front knee stays roughly over your ankle",
            id="knee",
        ),
        pytest.param(
            {"rear_incl": -8.0},
            MistakeCode.SHALLOW_RANGE,
            "The back knee should be slightly behind your hip line",
            id="shallow",
        ),
        # the knee goes back with the arch (rear_incl 15 + 18), so the hip keeps its extension
        pytest.param(
            {"arch": 18.0, "rear_incl": 33.0}, MistakeCode.BACK_ARCH, "Ribs down, tailbone tucked", id="arch"
        ),
    ],
)
def test_a_form_fault_held_through_every_hold_is_flagged_in_every_hold(options, code, message):
    result, _ = run_analyzer(SPLIT, split_frames(split_timeline(holds=2, hold_s=25.0, **options)))
    assert {m.code for m in result.mistakes} == {code}
    assert len(result.mistakes) == 2
    for mistake, (start, end) in zip(result.mistakes, _hold_windows(2, 25.0), strict=True):
        assert overlaps(mistake, start + 2.0, end - 2.0)
        assert mistake.message == message


def _after(first, then):
    """``then``'s frames renumbered and retimed to follow ``first`` at 15 fps."""
    offset = first[-1].timestamp_s + 1 / 15
    return [
        dataclasses.replace(f, index=len(first) + f.index, timestamp_s=f.timestamp_s + offset) for f in then
    ]


def test_holds_on_both_legs_are_booked_to_each_side():
    left = split_frames(split_timeline(holds=2, hold_s=22.0), side=Side.LEFT)
    right = split_frames(split_timeline(holds=2, hold_s=22.0), side=Side.RIGHT)
    shifted = _after(left, right)
    result, _ = run_analyzer(SPLIT, left + shifted)
    assert {side: len(holds) for side, holds in result.summary["holds_by_side"].items()} == {
        "left": 2,
        "right": 2,
    }
    assert result.mistakes == []


def test_the_rear_leg_is_chosen_as_the_working_side():
    for side in Side:
        assert SplitSquatAnalyzer.choose_side(split_frames(split_timeline(holds=1), side=side), None) is side


def test_a_clean_back_is_not_claimed_when_an_arm_hid_it_for_most_of_the_holds():
    import dataclasses

    from formcheck.types import LumbarArch

    frames = split_frames(split_timeline(holds=3, hold_s=25.0), side=Side.LEFT)
    seen, _ = run_analyzer(SPLIT, frames)
    assert seen.summary["verdict"].endswith("rear hip in true extension, ribs down.")
    hidden = [dataclasses.replace(f, lumbar=LumbarArch(None, 0.0, "arm over the back")) for f in frames]
    unseen, _ = run_analyzer(SPLIT, hidden)
    assert unseen.mistakes == []
    assert "ribs down" not in unseen.summary["verdict"]
    assert unseen.summary["verdict"].endswith("back arch not judged (arm over the back).")
    assert "crossed over the chest" in unseen.summary["arch_note"]


def test_the_reported_side_is_the_side_the_holds_were_booked_to():
    # given: 40 s in split stance with the left leg behind but never holding still, then one hold on
    # the right leg: more frames in position on the left, all the hold time on the right
    stance = split_timeline(holds=0)
    stance.hold(40.0)
    left = split_frames(stance, side=Side.LEFT)
    right = split_frames(split_timeline(holds=1, hold_s=22.0), side=Side.RIGHT)
    shifted = _after(left, right)
    # when
    result, _ = run_analyzer(SPLIT, left + shifted)
    # then: the working side and the hold count name the same leg
    assert result.summary["holds_by_side"] == {"right": [pytest.approx(22.0, abs=1.0)]}
    assert result.side is Side.RIGHT
    assert result.summary["side"] == "right"


def test_an_arch_that_puts_the_knee_behind_the_hip_line_with_no_hip_extension_is_shallow_range():
    # given: an 18-deg arch with the rear knee 15 deg behind the hip line (the landmark proxy's "good");
    # in the choreography the trunk-thigh angle holds, so the arch tipped the pelvis and the hip is in
    # 15 - 5 (trunk) - 18 = -8 deg of extension: flexed, the cheat the rule exists to catch
    result, _ = run_analyzer(SPLIT, split_frames(split_timeline(holds=1, hold_s=25.0, arch=18.0)))
    assert {m.code for m in result.mistakes} == {MistakeCode.BACK_ARCH, MistakeCode.SHALLOW_RANGE}
    reading = result.summary["range"]
    assert reading["landmark_proxy"]["angle"] == "thigh_inclination_deg"
    assert reading["landmark_proxy"]["would_call_shallow"] is False
    assert reading["median_hip_extension_deg"] == pytest.approx(-8.0, abs=1.0)


def test_range_is_not_judged_where_hip_extension_is_unmeasurable_and_the_report_says_so():
    import dataclasses

    from formcheck.types import LumbarArch

    # given: the knee in front of the hip line (proxy: shallow) but no lumbar reading, so no hip extension
    frames = split_frames(split_timeline(holds=1, hold_s=25.0, rear_incl=-8.0), side=Side.LEFT)
    hidden = [
        dataclasses.replace(
            f,
            lumbar=LumbarArch(None, 0.0, "arm over the back"),
            left=dataclasses.replace(f.left, hip_extension_deg=None),
            right=dataclasses.replace(f.right, hip_extension_deg=None),
        )
        for f in frames
    ]
    result, _ = run_analyzer(SPLIT, hidden)
    assert MistakeCode.SHALLOW_RANGE not in {m.code for m in result.mistakes}  # no fallback to the proxy
    reading = result.summary["range"]
    assert reading["hip_extension_measured_fraction"] == 0.0
    assert reading["landmark_proxy"]["would_call_shallow"] is True
    assert reading["not_judged_spans_s"]
    assert "range not judged in 100% of the position" in result.summary["verdict"]
