"""A 3-s clip that starts already in position gets the verdict the middle of a long clip gets."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.types import Exercise, FrameAngles, MistakeCode
from tests.exercises.choreography import (
    run_analyzer,
    split_frames,
    split_timeline,
    thomas_frames,
    thomas_timeline,
)

CUT_S = 3.0


def cut(frames: list[FrameAngles], start_s: float, length_s: float = CUT_S) -> list[FrameAngles]:
    """The frames of [start_s, start_s + length_s), re-timed from 0 like a clip cut with ffmpeg."""
    inside = [f for f in frames if start_s <= f.timestamp_s < start_s + length_s - 1e-9]
    return [
        dataclasses.replace(f, index=i, timestamp_s=round(f.timestamp_s - start_s, 6))
        for i, f in enumerate(inside)
    ]


@pytest.mark.parametrize(
    "timeline_options",
    [
        pytest.param({"test_thigh": 10.0}, id="positive"),
        pytest.param({"test_thigh": -10.0}, id="negative"),
        pytest.param({"hug_flexion": 70.0, "arch": 18.0, "test_thigh": 10.0}, id="invalid"),
    ],
)
def test_a_thomas_clip_that_begins_in_the_test_gets_the_long_clips_result(timeline_options: dict) -> None:
    # Given a long clip (lying in the test from 5 s to 13 s) and 3 s cut from its middle
    frames = thomas_frames(thomas_timeline(**timeline_options))
    whole, _ = run_analyzer(Exercise.THOMAS_TEST, frames)
    short, _ = run_analyzer(Exercise.THOMAS_TEST, cut(frames, 8.0))
    # Then the short clip gives the same result and the same reasons, and says it was short
    assert short.summary["thomas_result"] == whole.summary["thomas_result"]
    (test,) = short.summary["tests"]
    assert test["invalid_because"] == whole.summary["tests"][0]["invalid_because"]
    assert test["thigh_to_horizontal_deg"] == pytest.approx(
        whole.summary["tests"][0]["thigh_to_horizontal_deg"], abs=1.0
    )
    assert "began in the test position" in test["note"]
    assert [e.code for e in short.events if e.kind == "result"] == [short.summary["thomas_result"]]


def test_a_test_that_starts_late_in_a_clip_and_is_cut_short_is_still_not_judged() -> None:
    # Given a clip that shows the set-up, and ends 2 s after lying back (under result_after_s)
    frames = thomas_frames(thomas_timeline(test_thigh=10.0, hold_s=1.5))
    result, _ = run_analyzer(Exercise.THOMAS_TEST, frames)
    # Then the passing moment in position gives no result
    assert result.summary["thomas_result"] is None and result.summary["tests"] == []


@pytest.mark.parametrize(
    ("timeline_options", "codes"),
    [
        pytest.param({}, set(), id="good-form"),
        pytest.param({"front_shin": 32.0}, {MistakeCode.KNEE_PAST_ANKLE}, id="knee-past-ankle"),
        pytest.param({"rear_incl": -8.0}, {MistakeCode.SHALLOW_RANGE}, id="shallow-range"),
    ],
)
def test_a_split_squat_clip_cut_from_a_hold_is_judged_like_the_hold(
    timeline_options: dict, codes: set
) -> None:
    # Given one 25-s hold (4 s to 29 s) and 3 s cut from its middle
    frames = split_frames(split_timeline(holds=1, **timeline_options))
    whole, _ = run_analyzer(Exercise.SPLIT_SQUAT, frames)
    short, _ = run_analyzer(Exercise.SPLIT_SQUAT, cut(frames, 15.0))
    # Then the same mistakes are found, and the hold the recording cut is not called short
    assert {m.code for m in whole.mistakes} == codes
    assert {m.code for m in short.mistakes} == codes
    assert short.summary["holds"] <= 1


def test_a_hold_the_recording_ends_in_is_not_a_short_hold() -> None:
    frames = split_frames(split_timeline(holds=1, hold_s=25.0))
    result, _ = run_analyzer(Exercise.SPLIT_SQUAT, [f for f in frames if f.timestamp_s <= 12.0])
    assert result.summary["holds"] == 1
    assert MistakeCode.SHORT_HOLD not in {m.code for m in result.mistakes}
