"""The arch hip extension takes where the back is not seen: bridged, held, or neutral."""

from __future__ import annotations

import pytest

from formcheck.kinematics.unseen_back import (
    BRIDGED_REASON,
    HELD_REASON,
    MAX_BRIDGED_GAP_S,
    NEUTRAL_REASON,
    CausalBackForHip,
    backs_for_hip,
)
from formcheck.types import LumbarArch


def arches(values: list[float | None]) -> list[LumbarArch]:
    return [
        LumbarArch(
            arch_deg=v, confidence=0.9 if v is not None else 0.0, reason=None if v is not None else "arm"
        )
        for v in values
    ]


def test_measured_frames_are_left_as_they_are() -> None:
    given = arches([2.0, 5.0, 8.0])
    assert backs_for_hip(given, [0.0, 0.1, 0.2]) == given


def test_a_short_gap_is_interpolated_in_time_between_the_frames_around_it() -> None:
    times = [0.0, 0.5, 1.0, 1.5]
    out = backs_for_hip(arches([4.0, None, None, 10.0]), times)
    assert out[1].arch_deg == pytest.approx(6.0) and out[2].arch_deg == pytest.approx(8.0)
    assert out[1].reason == BRIDGED_REASON and out[1].confidence == 0.0


def test_a_long_gap_holds_the_nearest_seen_back() -> None:
    step = MAX_BRIDGED_GAP_S / 2
    times = [i * step for i in range(6)]  # the gap spans 5 steps: longer than the bridge
    out = backs_for_hip(arches([12.0, None, None, None, None, 2.0]), times)
    assert [a.arch_deg for a in out[1:5]] == [12.0, 12.0, 2.0, 2.0]
    assert {a.reason for a in out[1:5]} == {HELD_REASON}


def test_the_ends_of_a_clip_take_the_first_or_last_seen_back() -> None:
    out = backs_for_hip(arches([None, 7.0, None]), [0.0, 0.1, 0.2])
    assert out[0].arch_deg == 7.0 and out[2].arch_deg == 7.0


def test_a_back_never_seen_is_taken_as_neutral_and_says_so() -> None:
    out = backs_for_hip(arches([None, None]), [0.0, 0.1])
    assert [a.arch_deg for a in out] == [0.0, 0.0]
    assert out[0].reason == NEUTRAL_REASON


def test_live_takes_a_hidden_back_as_neutral_until_seen_then_as_last_seen():
    live = CausalBackForHip()
    hidden = LumbarArch(None, 0.0, "arm over the back")
    first = live.update(hidden)
    assert (first.arch_deg, first.reason) == (0.0, NEUTRAL_REASON)
    assert live.update(LumbarArch(18.0, 0.9)).arch_deg == 18.0
    held = live.update(hidden)
    assert (held.arch_deg, held.reason) == (18.0, HELD_REASON)
