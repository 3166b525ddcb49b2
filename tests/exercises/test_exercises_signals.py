"""The hysteresis flag and the hold detector: no flicker, minimum durations, gaps, plateau timing."""

from __future__ import annotations

import math

import pytest

from formcheck.exercises.signals import Change, HoldDetector, HysteresisFlag, detrended_std


def _run(flag: HysteresisFlag, values: list[float | None], fps: float = 10.0) -> list[tuple[float, Change]]:
    changes = []
    for i, value in enumerate(values):
        change = flag.update(i / fps, value)
        if change is not None:
            changes.append((i / fps, change))
    end = flag.finish()
    if end is not None:
        changes.append((len(values) / fps, end))
    return changes


def test_a_value_chattering_around_the_threshold_gives_one_interval_not_many():
    # given: 10.5, 8.5, 10.5, 8.5 ... for 3 s — above "on" (10) every other frame, never below "off" (7)
    flag = HysteresisFlag(on=10.0, off=7.0, min_duration_s=1.0, max_gap_s=0.5)
    values = [10.5 if i % 2 == 0 else 8.5 for i in range(30)] + [2.0] * 20
    # when
    changes = _run(flag, values)
    # then: one on, one off, one interval covering the chatter
    assert [c for _, c in changes] == [Change.ON, Change.OFF]
    assert len(flag.intervals) == 1
    assert flag.intervals[0].start_s == 0.0
    assert flag.intervals[0].end_s == pytest.approx(2.9)
    assert flag.intervals[0].peak == 10.5


def test_a_blip_shorter_than_the_minimum_duration_leaves_no_trace():
    flag = HysteresisFlag(on=10.0, off=7.0, min_duration_s=1.0, max_gap_s=0.2)
    changes = _run(flag, [0.0] * 5 + [15.0] * 5 + [0.0] * 10)  # 0.4 s above
    assert changes == []
    assert flag.intervals == []


def test_a_short_gap_and_unmeasurable_frames_do_not_split_an_interval():
    flag = HysteresisFlag(on=10.0, off=7.0, min_duration_s=1.0, max_gap_s=0.5)
    values = [12.0] * 15 + [3.0, 3.0, None, None] + [12.0] * 15 + [0.0] * 10
    _run(flag, values)
    assert len(flag.intervals) == 1
    assert flag.intervals[0].duration_s == pytest.approx(3.3)


def test_a_gap_longer_than_the_tolerance_splits_into_two_intervals():
    flag = HysteresisFlag(on=10.0, off=7.0, min_duration_s=1.0, max_gap_s=0.5)
    values = [12.0] * 15 + [0.0] * 10 + [12.0] * 15 + [0.0] * 10
    _run(flag, values)
    assert len(flag.intervals) == 2


def test_a_low_flag_tracks_values_below_its_threshold_and_reports_the_minimum():
    flag = HysteresisFlag(on=100.0, off=105.0, min_duration_s=0.5, max_gap_s=0.2, above=False)
    _run(flag, [120.0] * 5 + [80.0, 78.0, 82.0, 79.0, 81.0, 80.0, 80.0] + [120.0] * 5)
    assert len(flag.intervals) == 1
    assert flag.intervals[0].peak == 78.0


def test_an_inverted_band_is_refused():
    with pytest.raises(ValueError):
        HysteresisFlag(on=10.0, off=12.0, min_duration_s=1.0, max_gap_s=0.5)


def test_a_hold_is_timed_on_its_plateau_not_on_the_ramps():
    # given: knee ramps 0 -> 90 over 2 s, holds 10 s, ramps back over 2 s (10 fps)
    ramp_up = [90.0 * i / 20 for i in range(20)]
    values = ramp_up + [90.0] * 100 + ramp_up[::-1] + [0.0] * 10
    detector = HoldDetector(HysteresisFlag(on=45.0, off=35.0, min_duration_s=2.0, max_gap_s=0.5), 10.0)
    for i, value in enumerate(values):
        detector.update(i / 10, value)
    detector.finish()
    # then: the flag spans from 45 deg going up (t=1.0) to the last frame >= 35 going down (36 deg,
    # t=13.1), but the hold is the plateau (t=2.0..11.9) plus the ramp frames within 10 deg of 90
    # (81 and 85.5 on each side: t=1.8 and t=12.1)
    (hold,) = detector.holds
    assert hold.flag_end_s - hold.flag_start_s == pytest.approx(12.1)
    assert hold.hold_s == pytest.approx(10.3)
    assert hold.plateau == 90.0


def test_detrended_movement_sees_a_bounce_but_not_a_slow_drift():
    drift = [(i / 15, 90.0 + 0.5 * i / 15) for i in range(30)]
    bounce = [(t, v + 8.0 * math.sin(2 * math.pi * t)) for t, v in drift]
    assert detrended_std(drift) == pytest.approx(0.0, abs=1e-6)
    assert detrended_std(bounce) > 4.0  # a +-8 deg sine has std 5.7
