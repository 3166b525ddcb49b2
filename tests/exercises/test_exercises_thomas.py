"""Thomas test on hand-built angle streams: sit 2 s, hug 1 s, lie back 2 s, hold 8 s (at 5..13 s)."""

from __future__ import annotations

import pytest

from formcheck.exercises.thomas_test import ThomasTestAnalyzer
from formcheck.types import Exercise, FrameAngles, MistakeCode, Side
from tests.exercises.choreography import overlaps, run_analyzer, thomas_frames, thomas_timeline

THOMAS = Exercise.THOMAS_TEST


@pytest.mark.parametrize(
    ("thigh_deg", "expected"),
    [
        pytest.param(-10.0, "negative", id="flat-thigh"),
        pytest.param(-5.0, "negative", id="flat-thigh-high-end"),
        pytest.param(10.0, "positive", id="floating-thigh"),
    ],
)
def test_the_test_thigh_angle_decides_positive_or_negative(thigh_deg, expected):
    result, emitted = run_analyzer(THOMAS, thomas_frames(thomas_timeline(test_thigh=thigh_deg)))
    assert result.summary["thomas_result"] == expected
    assert result.mistakes == []
    (test,) = result.summary["tests"]
    assert test["thigh_to_horizontal_deg"] == pytest.approx(thigh_deg, abs=1.0)
    assert test["knee_flexion_deg"] == pytest.approx(75.0, abs=1.0)
    assert test["hugged_hip_flexion_deg"] == pytest.approx(120.0, abs=1.0)
    assert test["test_leg"] == "right"
    results = [e for e in emitted if e.kind == "result"]
    assert results and results[0].code == expected
    assert 5.0 <= results[0].t <= 9.0  # given once the position has been held a few seconds
    assert "Harvey 1998" in result.summary["clinical_context"]


def test_a_loose_hug_with_an_arched_back_is_invalid_with_both_codes():
    result, _ = run_analyzer(
        THOMAS, thomas_frames(thomas_timeline(hug_flexion=80.0, arch=18.0, test_thigh=10.0))
    )
    assert result.summary["thomas_result"] == "invalid"
    assert {m.code for m in result.mistakes} == {MistakeCode.KNEE_NOT_HUGGED, MistakeCode.BACK_ARCH}
    for mistake in result.mistakes:
        assert overlaps(mistake, 6.0, 13.0)
    hug = next(m for m in result.mistakes if m.code is MistakeCode.KNEE_NOT_HUGGED)
    assert hug.message == "Hug one knee tight to your chest"
    assert hug.peak == pytest.approx(80.0, abs=3.0)


def test_an_unmeasurable_back_is_said_in_the_summary_and_never_guessed():
    frames = thomas_frames(thomas_timeline(hug_flexion=80.0, arch=18.0), arch_measurable=False)
    result, _ = run_analyzer(THOMAS, frames)
    assert {m.code for m in result.mistakes} == {MistakeCode.KNEE_NOT_HUGGED}
    assert result.summary["arch_measured_fraction"] == 0.0
    assert "could not be judged" in result.summary["arch_note"]
    assert result.summary["thomas_result"] == "invalid"


def test_a_short_knee_bend_on_the_test_leg_points_at_the_rectus_femoris():
    timeline = thomas_timeline(test_thigh=-10.0)
    timeline.keys[-2][1]["test_knee"] = 55.0
    timeline.keys[-1][1]["test_knee"] = 55.0
    result, _ = run_analyzer(THOMAS, thomas_frames(timeline))
    (test,) = result.summary["tests"]
    assert test["rectus_femoris_short"] is True
    assert "rectus femoris" in result.summary["verdict"]


def _shift(frames: list[FrameAngles], offset_s: float, first_index: int) -> list[FrameAngles]:
    return [
        FrameAngles(
            first_index + f.index,
            f.timestamp_s + offset_s,
            f.has_pose,
            f.view,
            f.trunk_inclination_deg,
            f.left,
            f.right,
            f.lumbar,
        )
        for f in frames
    ]


def test_both_legs_tested_in_one_clip_are_compared():
    right = thomas_frames(thomas_timeline(test_thigh=-12.0), side=Side.RIGHT)
    left = thomas_frames(thomas_timeline(test_thigh=9.0), side=Side.LEFT)
    frames = right + _shift(left, right[-1].timestamp_s + 1 / 15, len(right))
    result, _ = run_analyzer(THOMAS, frames)
    per_side = result.summary["per_side"]
    assert per_side["right"]["result"] == "negative"
    assert per_side["left"]["result"] == "positive"
    assert result.summary["thomas_result"] == "positive"
    assert result.summary["side_difference_deg"] == pytest.approx(21.0, abs=1.5)


def test_the_non_hugged_leg_is_the_test_leg():
    for side in Side:
        assert ThomasTestAnalyzer.choose_side(thomas_frames(thomas_timeline(), side=side), None) is side


def test_sitting_on_the_bed_never_gives_a_result():
    frames = [f for f in thomas_frames(thomas_timeline()) if f.timestamp_s < 3.0]
    result, emitted = run_analyzer(THOMAS, frames)
    assert result.summary["thomas_result"] is None
    assert not [e for e in emitted if e.kind == "result"]
    assert set(result.phases) == {"setup"}
